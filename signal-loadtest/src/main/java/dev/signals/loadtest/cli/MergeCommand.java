package dev.signals.loadtest.cli;

import dev.signals.loadtest.report.ReportWriter;
import dev.signals.loadtest.report.Reports;
import dev.signals.loadtest.report.RunReport;
import dev.signals.loadtest.report.ShardMerge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code merge}: one report from the output directories of a run's shards. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Adds up the reports of a run split with --shard i/n (from this host or others: copy their output "
                + "directories here) and writes one report.md, report.json, latency log and charts.",
            "Latency percentiles come from the sum of the shards' histograms (latency.hlog), never from their percentiles."})
public final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the merged report goes")
    Path out;

    @Option(names = "--label", paramLabel = "NAME", description = "label of the merged run (default: the shards' label)")
    String label;

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "output directories of the shards (each with report.json and latency.hlog)")
    List<Path> shards;

    @Override
    public Integer call() throws Exception {
        List<ShardMerge.Part> parts = new ArrayList<>();
        for (Path dir : shards) {
            parts.add(new ShardMerge.Part(ReportWriter.read(dir.resolve(ReportWriter.JSON)), ReportWriter.readLatency(dir),
                    ReportWriter.readLatency(dir, ReportWriter.FROM_SEND_TAG)));
        }
        RunReport merged = ShardMerge.merge(parts, label);
        ReportWriter.write(out, merged, ShardMerge.latency(parts), ShardMerge.latencyFromSend(parts));
        System.out.println(Reports.summaryLine(merged, out));
        return ExitCodes.of(merged);
    }
}

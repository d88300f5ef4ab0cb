package dev.signals.loadtest.cli;

import dev.signals.loadtest.report.Comparison;
import dev.signals.loadtest.report.ReportWriter;
import dev.signals.loadtest.report.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compare}: several runs' reports side by side, with ratios against a baseline and a limit. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Reads report.json files (or directories holding one) and writes compare.md and latency-compare.png.")
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where compare.md and the chart go")
    Path out;

    @Option(names = "--baseline", paramLabel = "LABEL", description = "label of the run the others are compared with")
    String baseline;

    @Option(names = "--limit", paramLabel = "LABEL", description = "label of the run that marks the ceiling (e.g. bare-relay)")
    String limit;

    @Parameters(arity = "1..*", paramLabel = "REPORT", description = "report.json files or their directories")
    List<Path> reports;

    @Override
    public Integer call() throws Exception {
        List<RunReport> runs = new ArrayList<>();
        for (Path p : reports) {
            runs.add(ReportWriter.read(p.toFile().isDirectory() ? p.resolve(ReportWriter.JSON) : p));
        }
        Comparison.write(out, runs, find(runs, baseline), find(runs, limit));
        System.out.println("wrote " + out.resolve(Comparison.MARKDOWN).toAbsolutePath());
        return ExitCodes.OK;
    }

    private static RunReport find(List<RunReport> runs, String label) {
        if (label == null) {
            return null;
        }
        return runs.stream().filter(r -> r.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no report labelled " + label));
    }
}

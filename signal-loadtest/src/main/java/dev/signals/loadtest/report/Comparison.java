package dev.signals.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Several runs side by side: a Markdown table of each run's figures with ratios against a
 * baseline run and a limit run (ratios stay meaningful on a noisy machine where absolute
 * numbers do not), and one chart with every run's latency percentile curve.
 */
public final class Comparison {
    public static final String MARKDOWN = "compare.md";
    public static final String LATENCY_PNG = "latency-compare.png";

    private Comparison() {
    }

    /** Writes {@code compare.md} and {@code latency-compare.png}; baseline and limit may be null. */
    public static void write(Path dir, List<RunReport> runs, RunReport baseline, RunReport limit) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKDOWN), markdown(runs, baseline, limit), StandardCharsets.UTF_8);
        Charts.latency(runs, "latency by percentile", dir.resolve(LATENCY_PNG));
    }

    static String markdown(List<RunReport> runs, RunReport baseline, RunReport limit) {
        StringBuilder md = new StringBuilder();
        md.append("| server | scenario | max sustainable rate (/s) | offered (/s) | throughput (/s) | p50 (ms) | p99 (ms) "
                + "| p99.9 (ms) | completed per server CPU-s | errors | generator-limited |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunReport r : runs) {
            md.append("| ").append(r.label()).append(" | ").append(r.scenario()).append(" | ")
                    .append(r.maxSustainableRate() == null ? "-" : ReportWriter.num(r.maxSustainableRate())).append(" | ")
                    .append(ReportWriter.num(r.offeredRate())).append(" | ")
                    .append(ReportWriter.num(r.throughputPerSecond())).append(" | ")
                    .append(ReportWriter.num(r.latency().p50())).append(" | ")
                    .append(ReportWriter.num(r.latency().p99())).append(" | ")
                    .append(ReportWriter.num(r.latency().p999())).append(" | ")
                    .append(r.server().unitsPerCpuSecond() < 0 ? "-" : ReportWriter.num(Math.round(r.server().unitsPerCpuSecond())))
                    .append(" | ").append(r.errors()).append(" | ").append(r.schedule().behind() ? "yes" : "no").append(" |\n");
        }
        ratios(md, runs, baseline, "baseline");
        ratios(md, runs, limit, "limit");
        md.append("\n![latency](").append(LATENCY_PNG).append(")\n");
        return md.toString();
    }

    private static void ratios(StringBuilder md, List<RunReport> runs, RunReport reference, String name) {
        if (reference == null) {
            return;
        }
        md.append("\nRatios against the ").append(name).append(" (").append(reference.label())
                .append("); above 1 is better for rate and CPU efficiency, below 1 is better for latency:\n\n");
        md.append("| server | max rate × | completed per CPU-s × | p50 × | p99 × |\n|---|---|---|---|---|\n");
        for (RunReport r : runs) {
            md.append("| ").append(r.label()).append(" | ")
                    .append(ratio(r.maxSustainableRate(), reference.maxSustainableRate())).append(" | ")
                    .append(ratio(r.server().unitsPerCpuSecond(), reference.server().unitsPerCpuSecond())).append(" | ")
                    .append(ratio(r.latency().p50(), reference.latency().p50())).append(" | ")
                    .append(ratio(r.latency().p99(), reference.latency().p99())).append(" |\n");
        }
    }

    static String ratio(Double value, Double reference) {
        if (value == null || reference == null || value < 0 || reference <= 0) {
            return "-";
        }
        return ReportWriter.num(Math.round(value / reference * 100) / 100.0);
    }
}

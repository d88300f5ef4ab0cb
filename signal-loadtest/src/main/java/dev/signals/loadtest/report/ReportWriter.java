package dev.signals.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.signals.loadtest.engine.LatencyRecorder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes a run's results under its output directory: {@code report.json} (everything),
 * {@code report.md} (a Markdown table), {@code latency.png}, {@code throughput.png} and
 * {@code latency.hgrm} (HdrHistogram's percentile distribution, in milliseconds) and
 * {@code latency.hlog} (the measured histogram itself, in microseconds, as an HdrHistogram log,
 * which {@code merge} adds up across shards; latency from the actual sends, where a run has it, is
 * a second histogram in that log tagged {@value #FROM_SEND_TAG}).
 */
public final class ReportWriter {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";
    public static final String LATENCY_PNG = "latency.png";
    public static final String THROUGHPUT_PNG = "throughput.png";
    public static final String HGRM = "latency.hgrm";
    public static final String HLOG = "latency.hlog";
    public static final String FROM_SEND_TAG = "from-send";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes every file; {@code latencyMicros} may be null when the run recorded no latencies. */
    public static void write(Path dir, RunReport report, Histogram latencyMicros) throws IOException {
        write(dir, report, latencyMicros, null);
    }

    /** The same, with latency from the actual sends (null or empty when the run has none). */
    public static void write(Path dir, RunReport report, Histogram latencyMicros, Histogram fromSendMicros) throws IOException {
        Files.createDirectories(dir);
        MAPPER.writeValue(dir.resolve(JSON).toFile(), report);
        Files.writeString(dir.resolve(MARKDOWN), markdown(report), StandardCharsets.UTF_8);
        Charts.latency(List.of(report), report.scenario() + " — " + report.label() + ": latency by percentile",
                dir.resolve(LATENCY_PNG));
        Charts.throughput(report, dir.resolve(THROUGHPUT_PNG));
        if (latencyMicros != null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                latencyMicros.outputPercentileDistribution(ps, 1000.0);
            }
            Files.write(dir.resolve(HGRM), bytes.toByteArray());
            try (PrintStream log = new PrintStream(dir.resolve(HLOG).toFile(), StandardCharsets.UTF_8)) {
                HistogramLogWriter writer = new HistogramLogWriter(log);
                writer.outputLogFormatVersion();
                writer.outputLegend();
                writer.outputIntervalHistogram(0, 1, latencyMicros, 1.0);
                if (fromSendMicros != null && fromSendMicros.getTotalCount() > 0) {
                    Histogram tagged = fromSendMicros.copy();
                    tagged.setTag(FROM_SEND_TAG);
                    writer.outputIntervalHistogram(0, 1, tagged, 1.0);
                }
            }
        }
    }

    /** The measured histogram (µs) a run wrote to {@code dir/latency.hlog}, all its intervals added up. */
    public static Histogram readLatency(Path dir) throws IOException {
        return readLatency(dir, null);
    }

    /** The same for the histogram tagged {@code tag} ({@link #FROM_SEND_TAG}); empty when the log has none. */
    public static Histogram readLatency(Path dir, String tag) throws IOException {
        Histogram total = new Histogram(LatencyRecorder.HIGHEST_MICROS, 3);
        try (HistogramLogReader reader = new HistogramLogReader(dir.resolve(HLOG).toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (Objects.equals(tag, h.getTag())) {
                    total.add((Histogram) h);
                }
            }
        }
        return total;
    }

    public static RunReport read(Path json) throws IOException {
        return MAPPER.readValue(json.toFile(), RunReport.class);
    }

    /** The run as a Markdown document: parameters, one results table, errors, search steps. */
    public static String markdown(RunReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(r.scenario()).append(" — ").append(r.label()).append("\n\n");
        md.append("Target `").append(r.target()).append("`, started ").append(r.startedAt()).append(".\n\n");
        md.append("| parameter | value |\n|---|---|\n");
        r.parameters().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| metric | value |\n|---|---|\n");
        row(md, "offered rate (/s)", r.offeredRate() > 0 ? num(r.offeredRate()) : "closed loop");
        row(md, "measured (s)", num(r.measuredSeconds()));
        row(md, "sent", Long.toString(r.sent()));
        row(md, "completed", Long.toString(r.received()));
        row(md, "throughput (/s)", num(r.throughputPerSecond()));
        row(md, "errors", Long.toString(r.errors()));
        RunReport.Latency l = r.latency();
        row(md, "latency p50 / p90 / p99 / p99.9 / max (ms)",
                num(l.p50()) + " / " + num(l.p90()) + " / " + num(l.p99()) + " / " + num(l.p999()) + " / " + num(l.max()));
        row(md, "latency mean (ms)", num(l.mean()));
        RunReport.Latency s = r.latencyFromSend();
        if (s != null) {
            row(md, "from the actual send: p50 / p90 / p99 / p99.9 / max (ms)",
                    num(s.p50()) + " / " + num(s.p90()) + " / " + num(s.p99()) + " / " + num(s.p999()) + " / " + num(s.max()));
        }
        RunReport.Latency own = r.serverRelay();
        if (own != null) {
            row(md, "server's own time per message, arrival to write: p50 / p90 / p99 / p99.9 / max (ms, its buckets)",
                    num(own.p50()) + " / " + num(own.p90()) + " / " + num(own.p99()) + " / " + num(own.p999()) + " / " + num(own.max()));
        }
        row(md, "generator late sends (>10 ms)", Long.toString(r.schedule().lateSends()));
        row(md, "generator max behind (ms)", num(r.schedule().maxBehindMs()) + (r.schedule().behind() ? " **generator-limited**" : ""));
        if (r.schedule().cpuSeconds() > 0) {
            row(md, "generator CPU seconds", num(r.schedule().cpuSeconds()));
            row(md, "sent per generator CPU second", num(r.sent() / r.schedule().cpuSeconds()));
        }
        processes(md, "server", r.server());
        if (r.server().heapAfterBytes() >= 0) {
            row(md, "server heap used before / after (MiB)", mib(r.server().heapBeforeBytes()) + " / "
                    + mib(r.server().heapAfterBytes()));
        }
        if (r.backend() != null) {
            processes(md, "backend", r.backend());
        }
        if (r.maxSustainableRate() != null) {
            row(md, "max sustainable rate (/s)", num(r.maxSustainableRate()));
        }
        r.extras().forEach((k, v) -> row(md, k, v instanceof Number ? num(((Number) v).doubleValue()) : String.valueOf(v)));
        if (!r.errorsByReason().isEmpty()) {
            md.append("\n| error | count |\n|---|---|\n");
            for (Map.Entry<String, Long> e : r.errorsByReason().entrySet()) {
                md.append("| ").append(e.getKey().replace("|", "\\|")).append(" | ").append(e.getValue()).append(" |\n");
            }
        }
        if (r.steps() != null && !r.steps().isEmpty()) {
            md.append("\n| step rate (/s) | throughput (/s) | p50 (ms) | p99 (ms) | errors | generator behind | sustainable |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (RunReport.Step st : r.steps()) {
                md.append("| ").append(num(st.rate())).append(" | ").append(num(st.throughputPerSecond())).append(" | ")
                        .append(num(st.p50Ms())).append(" | ").append(num(st.p99Ms())).append(" | ").append(st.errors())
                        .append(" | ").append(st.behind() ? "yes" : "no").append(" | ").append(st.sustainable() ? "yes" : "no")
                        .append(" |\n");
            }
        }
        md.append("\n![latency](").append(LATENCY_PNG).append(")\n\n![throughput](").append(THROUGHPUT_PNG).append(")\n");
        return md.toString();
    }

    /** CPU and RSS rows of the server's or the backend's processes; one row per process when there are several. */
    private static void processes(StringBuilder md, String name, RunReport.Server s) {
        if (s.cpuSeconds() >= 0) {
            row(md, name + " CPU seconds", num(s.cpuSeconds()));
            row(md, "completed per " + name + " CPU second", num(s.unitsPerCpuSecond()));
        }
        if (!s.cpuSecondsByPid().isEmpty()) {
            StringBuilder each = new StringBuilder();
            s.cpuSecondsByPid().forEach((pid, cpu) -> each.append(each.length() == 0 ? "" : ", ")
                    .append(pid).append(": ").append(cpu < 0 ? "-" : num(cpu)));
            row(md, name + " CPU seconds by pid", each.toString());
        }
        if (s.rssAfterBytes() >= 0) {
            row(md, name + " RSS before / after (MiB)", mib(s.rssBeforeBytes()) + " / " + mib(s.rssAfterBytes()));
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    /** A number with at most three decimals and no trailing zeros. */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : num(Math.round(bytes / 1048576.0 * 10) / 10.0);
    }
}

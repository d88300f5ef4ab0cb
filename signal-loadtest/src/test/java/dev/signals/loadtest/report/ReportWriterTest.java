package dev.signals.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path dir;

    static Histogram histogram(long... micros) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (long v : micros) {
            h.recordValue(v);
        }
        return h;
    }

    static RunReport report(String label, Histogram h, Double maxRate, double perCpu) {
        List<TimelinePoint> timeline = new ArrayList<>();
        for (int t = 1; t <= 6; t++) {
            timeline.add(new TimelinePoint(t, t <= 2 ? "warmup" : "measure", 10, 1000, 990 + t, 0, 0.5, 2.0, 3.0, 0));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("rate", "1000.0");
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("server heap per connection (bytes)", 6144.5);
        return new RunReport("room-relay", label, "http://127.0.0.1:1", "2026-01-01T00:00:00Z", params, 1000, 4, 4000,
                4000, 1000, 2, Map.of("server error: invalid payload", 2L), 0, Reports.latency(h),
                new RunReport.Schedule(3, 12.5, false), new RunReport.Server(42, 2.0, perCpu, 100, 200, 300, 400),
                null, extras, maxRate, maxRate == null ? List.of() : List.of(new RunReport.Step(1000, 999, 0.5, 2, 0, false, true)),
                Charts.percentileCurve(h), timeline);
    }

    @Test
    void writesJsonMarkdownChartsAndHistogram() throws Exception {
        Histogram h = histogram(500, 800, 1_000, 1_200, 2_000, 50_000);
        RunReport r = report("signal", h, 12000.0, 2000);
        ReportWriter.write(dir, r, h);

        for (String png : List.of(ReportWriter.LATENCY_PNG, ReportWriter.THROUGHPUT_PNG)) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(image, png + " decodes as an image");
            assertEquals(960, image.getWidth());
            assertEquals(540, image.getHeight());
            assertTrue(hasColour(image), png + " has a coloured curve on it");
        }
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| throughput (/s) | 1000 |"), md);
        assertTrue(md.contains("| latency p50 / p90 / p99 / p99.9 / max (ms) | 1 / 50.015 / 50.015 / 50.015 / 50.015 |"), md);
        assertTrue(md.contains("| server error: invalid payload | 2 |"), md);
        assertTrue(md.contains("| max sustainable rate (/s) | 12000 |"), md);
        assertTrue(md.contains("| 1000 | 999 | 0.5 | 2 | 0 | no | yes |"), md);
        assertTrue(md.contains("| server heap per connection (bytes) | 6144.5 |"), md);
        String hgrm = Files.readString(dir.resolve(ReportWriter.HGRM));
        assertTrue(hgrm.contains("#[Max     =       50.015"), hgrm);

        RunReport back = ReportWriter.read(dir.resolve(ReportWriter.JSON));
        assertEquals(r.label(), back.label());
        assertEquals(r.latency(), back.latency());
        assertEquals(r.timeline(), back.timeline());
        assertEquals(r.steps(), back.steps());
        assertEquals(r.percentileCurve(), back.percentileCurve());
        assertEquals(6, back.latency().count());
    }

    @Test
    void oneServerPidWritesTheSameFieldsAsEverAndNoBackend() throws Exception {
        Histogram h = histogram(500, 800);
        ReportWriter.write(dir, report("signal", h, null, 2000), h);
        JsonNode json = ReportWriter.mapper().readTree(dir.resolve(ReportWriter.JSON).toFile());
        List<String> fields = new ArrayList<>();
        json.get("server").fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("pid", "cpuSeconds", "unitsPerCpuSecond", "rssBeforeBytes", "rssAfterBytes",
                "heapBeforeBytes", "heapAfterBytes"), fields);
        assertFalse(json.has("backend"));
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| server CPU seconds | 2 |\n| completed per server CPU second | 2000 |\n"
                + "| server RSS before / after (MiB) | 0 / 0 |\n"), md);
        assertFalse(md.contains("by pid"), md);
        assertFalse(md.contains("backend"), md);
    }

    @Test
    void severalPidsAreReportedOneByOneAndTheBackendApart() throws Exception {
        Histogram h = histogram(500, 800);
        Map<Long, Double> nodes = new LinkedHashMap<>();
        nodes.put(101L, 1.25);
        nodes.put(102L, 0.75);
        Map<Long, Double> redis = new LinkedHashMap<>();
        redis.put(201L, 0.5);
        redis.put(202L, -1.0);
        RunReport base = report("cluster", h, null, 2000);
        RunReport r = new RunReport(base.scenario(), base.label(), base.target(), base.startedAt(), base.parameters(),
                base.offeredRate(), base.measuredSeconds(), base.sent(), base.received(), base.throughputPerSecond(),
                base.errors(), base.errorsByReason(), base.warmupErrors(), base.latency(), base.schedule(),
                new RunReport.Server(101, 2.0, 2000, 1048576, 2097152, -1, -1, nodes),
                new RunReport.Server(201, -1, -1, 3145728, -1, -1, -1, redis),
                Map.of(), null, List.of(), base.percentileCurve(), base.timeline());
        ReportWriter.write(dir, r, h);
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| server CPU seconds | 2 |\n| completed per server CPU second | 2000 |\n"
                + "| server CPU seconds by pid | 101: 1.25, 102: 0.75 |\n| server RSS before / after (MiB) | 1 / 2 |\n"), md);
        assertTrue(md.contains("| backend CPU seconds by pid | 201: 0.5, 202: - |\n"), md);
        assertFalse(md.contains("backend CPU seconds |"), "a backend pid unread: no sum");
        RunReport back = ReportWriter.read(dir.resolve(ReportWriter.JSON));
        assertEquals(r.server(), back.server());
        assertEquals(r.backend(), back.backend());
        assertEquals(List.of(101L, 102L), List.copyOf(back.server().cpuSecondsByPid().keySet()));
    }

    @Test
    void latencyFromTheActualSendIsATaggedHistogramBesideTheMeasuredOneAndTheServersOwnTimeARow() throws Exception {
        Histogram h = histogram(5_000, 6_000, 40_000);
        Histogram fromSend = histogram(900, 1_000, 2_000);
        RunReport base = report("signal", h, null, 2000);
        RunReport r = new RunReport(base.scenario(), base.label(), base.target(), base.startedAt(), base.parameters(),
                base.offeredRate(), base.measuredSeconds(), base.sent(), base.received(), base.throughputPerSecond(),
                base.errors(), base.errorsByReason(), base.warmupErrors(), base.latency(), Reports.latencyIfAny(fromSend),
                new RunReport.Latency(4000, 0.01, 0.01, 0.033, 0.197, 20.133, 0.012), base.schedule(), base.server(), null, Map.of(), null, List.of(), base.percentileCurve(), base.timeline());
        ReportWriter.write(dir, r, h, fromSend);

        assertEquals(h, ReportWriter.readLatency(dir), "the measured histogram alone");
        assertEquals(fromSend, ReportWriter.readLatency(dir, ReportWriter.FROM_SEND_TAG));
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| from the actual send: p50 / p90 / p99 / p99.9 / max (ms) | 1 / 2 / 2 / 2 / 2 |"), md);
        assertTrue(md.contains("| server's own time per message, arrival to write: p50 / p90 / p99 / p99.9 / max (ms, its buckets)"
                + " | 0.01 / 0.01 / 0.033 / 0.197 / 20.133 |"), md);
        RunReport back = ReportWriter.read(dir.resolve(ReportWriter.JSON));
        assertEquals(r.latencyFromSend(), back.latencyFromSend());
        assertEquals(r.serverRelay(), back.serverRelay());
        assertTrue(Reports.summaryLine(r, dir).contains("p99 40.031ms (from send 2.000ms)"), Reports.summaryLine(r, dir));

        Path without = dir.resolve("without");
        ReportWriter.write(without, base, h);
        JsonNode json = ReportWriter.mapper().readTree(without.resolve(ReportWriter.JSON).toFile());
        assertFalse(json.has("latencyFromSend") || json.has("serverRelay"), json.toString());
        assertFalse(Files.readString(without.resolve(ReportWriter.MARKDOWN)).contains("from the actual send"));
        assertEquals(0, ReportWriter.readLatency(without, ReportWriter.FROM_SEND_TAG).getTotalCount());
    }

    @Test
    void aRunWithoutLatenciesStillWritesEveryFile() throws Exception {
        Histogram empty = histogram();
        ReportWriter.write(dir, report("empty", empty, null, -1), empty);
        for (String f : List.of(ReportWriter.JSON, ReportWriter.MARKDOWN, ReportWriter.LATENCY_PNG, ReportWriter.THROUGHPUT_PNG)) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertNotNull(ImageIO.read(dir.resolve(ReportWriter.LATENCY_PNG).toFile()));
    }

    @Test
    void comparisonGivesRatiosAgainstBaselineAndLimit() throws Exception {
        RunReport signal = report("signal", histogram(1_000, 2_000), 30000.0, 6000);
        RunReport singo = report("singo", histogram(2_000, 8_000), 10000.0, 3000);
        RunReport bare = report("bare-relay", histogram(500, 1_000), 40000.0, 12000);
        Comparison.write(dir, List.of(signal, singo, bare), singo, bare);
        String md = Files.readString(dir.resolve(Comparison.MARKDOWN));
        assertTrue(md.contains("Ratios against the baseline (singo)"), md);
        assertTrue(md.contains("| signal | 3 | 2 | 0.5 | 0.25 |"), md);
        assertTrue(md.contains("Ratios against the limit (bare-relay)"), md);
        assertTrue(md.contains("| signal | 0.75 | 0.5 | 2 | 2 |"), md);
        assertNotNull(ImageIO.read(dir.resolve(Comparison.LATENCY_PNG).toFile()));
    }

    @Test
    void percentileAxisLabelsCountTheNines() {
        assertEquals("0%", Charts.percentLabel(0));
        assertEquals("90%", Charts.percentLabel(1));
        assertEquals("99%", Charts.percentLabel(2));
        assertEquals("99.99%", Charts.percentLabel(4));
        assertEquals("68%", Charts.percentLabel(0.5));
        assertEquals("99.68%", Charts.percentLabel(2.5));
        assertEquals(2.0, Charts.nines(99), 1e-9);
    }

    private static boolean hasColour(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    return true;
                }
            }
        }
        return false;
    }
}

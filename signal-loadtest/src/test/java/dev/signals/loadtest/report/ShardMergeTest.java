package dev.signals.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.loadtest.engine.LatencyRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMergeTest {
    @TempDir
    Path dir;

    private static Histogram micros(long from, long to) {
        Histogram h = new Histogram(LatencyRecorder.HIGHEST_MICROS, 3);
        for (long v = from; v <= to; v++) {
            h.recordValue(v);
        }
        return h;
    }

    private static RunReport shard(String label, double rate, long sent, long received, long errors, Histogram h,
                                   double generatorCpu, double serverCpu) {
        return new RunReport("room-relay", label, "http://127.0.0.1:1/connect", "2026-12-06T05:00:0" + (int) rate % 10 + "Z",
                Map.of("rate", Double.toString(rate), "connections", "500"), rate, 10, sent, received, received / 10.0,
                errors, errors == 0 ? Map.of() : Map.of("send on a closed connection", errors), 0, Reports.latency(h),
                new RunReport.Schedule(sent / 50, errors + 3.5, false, generatorCpu),
                new RunReport.Server(7, serverCpu, serverCpu > 0 ? received / serverCpu : -1, 10, 20, -1, -1), null,
                Map.of(), null, List.of(), Charts.percentileCurve(h),
                List.of(new TimelinePoint(1, "measure", 500, sent, received, errors, 1, 2, 3, 0)));
    }

    @Test
    void countsAddUpAndPercentilesComeFromTheSummedHistograms() throws Exception {
        Histogram fast = micros(1, 1000);
        Histogram slow = micros(1001, 4000);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        ReportWriter.write(a, shard("x shard 0/2", 3001, 1000, 1000, 0, fast, 0.5, 4.0), fast);
        ReportWriter.write(b, shard("x shard 1/2", 3002, 3000, 2999, 1, slow, 1.5, 4.5), slow);

        List<ShardMerge.Part> parts = List.of(
                new ShardMerge.Part(ReportWriter.read(a.resolve(ReportWriter.JSON)), ReportWriter.readLatency(a)),
                new ShardMerge.Part(ReportWriter.read(b.resolve(ReportWriter.JSON)), ReportWriter.readLatency(b)));
        RunReport merged = ShardMerge.merge(parts, null);

        Histogram all = micros(1, 4000);
        assertEquals("x", merged.label());
        assertEquals(6003, merged.offeredRate(), 1e-9);
        assertEquals(4000, merged.sent());
        assertEquals(3999, merged.received());
        assertEquals(1, merged.errors());
        assertEquals(Map.of("send on a closed connection", 1L), merged.errorsByReason());
        assertEquals(Reports.latency(all), merged.latency(), "not an average of the shards' percentiles");
        assertEquals(80, merged.schedule().lateSends());
        assertEquals(4.5, merged.schedule().maxBehindMs());
        assertEquals(2.0, merged.schedule().cpuSeconds(), 1e-9);
        assertEquals(4.5, merged.server().cpuSeconds(), "the server seen by every shard over the same window");
        assertEquals(3999 / 4.5, merged.server().unitsPerCpuSecond(), 1e-9);
        assertEquals("2", merged.parameters().get("shards"));
        assertEquals("2026-12-06T05:00:01Z", merged.startedAt());
        assertEquals(1000, merged.timeline().get(0).connections());
        assertEquals(4000, merged.timeline().get(0).sent());

        ReportWriter.write(dir.resolve("merged"), merged, ShardMerge.latency(parts));
        assertEquals(all, ReportWriter.readLatency(dir.resolve("merged")));
        assertTrue(Files.readString(dir.resolve("merged").resolve(ReportWriter.MARKDOWN)).contains("| sent | 4000 |"));
    }

    @Test
    void latencyFromTheActualSendIsMergedFromTheShardsHistogramsWhenTheyHaveIt() throws Exception {
        List<ShardMerge.Part> parts = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Histogram h = micros(1 + 2000 * i, 2000 + 2000 * i);
            Histogram fromSend = micros(1 + 100 * i, 100 + 100 * i);
            Path d = dir.resolve("s" + i);
            ReportWriter.write(d, shard("x shard " + i + "/2", 10, 2000, 2000, 0, h, 1, 1), h, fromSend);
            parts.add(new ShardMerge.Part(ReportWriter.read(d.resolve(ReportWriter.JSON)), ReportWriter.readLatency(d),
                    ReportWriter.readLatency(d, ReportWriter.FROM_SEND_TAG)));
        }
        RunReport merged = ShardMerge.merge(parts, null);
        assertEquals(Reports.latency(micros(1, 4000)), merged.latency());
        assertEquals(Reports.latency(micros(1, 200)), merged.latencyFromSend());

        Histogram h = micros(1, 10);
        assertEquals(null, ShardMerge.merge(List.of(new ShardMerge.Part(shard("y", 1, 1, 1, 0, h, 1, 1), h)), null)
                .latencyFromSend(), "shards without it: none");
    }

    @Test
    void theNodesOwnTimeComesFromTheShardWhoseServerItKeeps() {
        Histogram h = micros(1, 10);
        List<ShardMerge.Part> parts = new java.util.ArrayList<>();
        double[] serverCpu = {2, 5, 3};
        for (int i = 0; i < serverCpu.length; i++) {
            RunReport s = shard("x shard " + i + "/3", 1, 1000, 1000, 0, h, 1, serverCpu[i]);
            RunReport.Latency own = new RunReport.Latency(1000, 0.01 * (i + 1), 0.02, 0.03, 0.04, 1.0 + i, 0.01);
            parts.add(new ShardMerge.Part(new RunReport(s.scenario(), s.label(), s.target(), s.startedAt(), s.parameters(),
                    s.offeredRate(), s.measuredSeconds(), s.sent(), s.received(), s.throughputPerSecond(), s.errors(),
                    s.errorsByReason(), s.warmupErrors(), s.latency(), null, own, s.schedule(), s.server(), null,
                    s.extras(), null, List.of(), s.percentileCurve(), s.timeline()), h));
        }
        RunReport merged = ShardMerge.merge(parts, null);
        assertEquals(5, merged.server().cpuSeconds());
        assertEquals(parts.get(1).report().serverRelay(), merged.serverRelay(), "the busiest shard's, with its server");
    }

    @Test
    void theBackendIsTheBusiestShardsRecountedOverEveryShard() throws Exception {
        Histogram h = micros(1, 10);
        List<ShardMerge.Part> parts = new java.util.ArrayList<>();
        for (double redisCpu : new double[] {0.5, 0.8}) {
            RunReport s = shard("x shard", 1, 1000, 1000, 0, h, 1, 2);
            parts.add(new ShardMerge.Part(new RunReport(s.scenario(), s.label(), s.target(), s.startedAt(), s.parameters(),
                    s.offeredRate(), s.measuredSeconds(), s.sent(), s.received(), s.throughputPerSecond(), s.errors(),
                    s.errorsByReason(), s.warmupErrors(), s.latency(), s.schedule(), s.server(),
                    new RunReport.Server(9, redisCpu, 1000 / redisCpu, 1, 2, -1, -1, Map.of(9L, redisCpu * 0.4, 10L, redisCpu * 0.6)),
                    s.extras(), null, List.of(), s.percentileCurve(), s.timeline()), h));
        }
        RunReport merged = ShardMerge.merge(parts, null);
        assertEquals(0.8, merged.backend().cpuSeconds(), 1e-9);
        assertEquals(2000 / 0.8, merged.backend().unitsPerCpuSecond(), 1e-9);
        assertEquals(Map.of(9L, 0.8 * 0.4, 10L, 0.8 * 0.6), merged.backend().cpuSecondsByPid());
        assertEquals(null, ShardMerge.merge(List.of(new ShardMerge.Part(shard("y", 1, 1, 1, 0, h, 1, 1), h)), null).backend());
    }

    @Test
    void wholeNumberExtrasAreCountsThatAddUpAndFractionalOnesAreLeftOut() throws Exception {
        Histogram h = micros(1, 10);
        RunReport base = shard("x shard 0/2", 0, 10, 10, 0, h, 1, 1);
        Map<String, Object> a = Map.of("pairs", 25, "pairs silent through the measured window", 1, "per connection", 0.5);
        Map<String, Object> b = Map.of("pairs", 25, "pairs silent through the measured window", 0, "per connection", 0.7);
        List<ShardMerge.Part> parts = new java.util.ArrayList<>();
        for (Map<String, Object> extras : List.of(a, b)) {
            RunReport r = new RunReport(base.scenario(), base.label(), base.target(), base.startedAt(), base.parameters(), 0,
                    10, 10, 10, 1, 0, Map.of(), 0, base.latency(), base.schedule(), base.server(), null, extras, null, List.of(),
                    List.of(), List.of());
            // Through report.json, as merge reads it: small whole numbers come back as Integer.
            Path d = dir.resolve("x" + parts.size());
            ReportWriter.write(d, r, h);
            parts.add(new ShardMerge.Part(ReportWriter.read(d.resolve(ReportWriter.JSON)), h));
        }
        RunReport merged = ShardMerge.merge(parts, null);
        assertEquals(50L, merged.extras().get("pairs"));
        assertEquals(1L, merged.extras().get("pairs silent through the measured window"));
        assertTrue(!merged.extras().containsKey("per connection"), merged.extras().toString());
        assertEquals(0, merged.offeredRate());
        assertTrue(ReportWriter.markdown(merged).contains("| offered rate (/s) | closed loop |"));
    }

    @Test
    void refusesToMergeDifferentScenarios() {
        Histogram h = micros(1, 10);
        RunReport relay = shard("x", 1, 1, 1, 0, h, 1, 1);
        RunReport churn = new RunReport("churn", "x", relay.target(), relay.startedAt(), relay.parameters(), 1, 1, 1, 1, 1, 0,
                Map.of(), 0, relay.latency(), relay.schedule(), relay.server(), null, Map.of(), null, List.of(), List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(
                List.of(new ShardMerge.Part(relay, h), new ShardMerge.Part(churn, h)), null));
    }
}

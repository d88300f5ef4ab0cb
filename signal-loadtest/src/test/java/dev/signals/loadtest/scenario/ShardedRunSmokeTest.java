package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.loadtest.Main;
import dev.signals.loadtest.report.ReportWriter;
import dev.signals.loadtest.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A room-relay run split in two shards run side by side, then merged, all through the command line. */
class ShardedRunSmokeTest extends SmokeTestBase {
    private int shard(int index, Path dir) {
        return Main.commandLine().execute("room-relay", "--target", "http://127.0.0.1:" + node.port(),
                "--connections", "20", "--rate", "200", "--warmup", "1s", "--duration", "2s", "--threads", "1",
                "--shard", index + "/2", "--label", "smoke", "--out", dir.toString());
    }

    private int closedShard(int index, Path dir) {
        return Main.commandLine().execute("room-relay", "--target", "http://127.0.0.1:" + node.port(),
                "--connections", "20", "--in-flight", "2", "--warmup", "1s", "--duration", "2s", "--threads", "1",
                "--shard", index + "/2", "--label", "closed", "--out", dir.toString());
    }

    @Test
    void aClosedLoopShardsIntoItsPairsAndMergesTheirCounts() throws Exception {
        Path a = out.resolve("closed-0");
        Path b = out.resolve("closed-1");
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> closedShard(0, a));
        assertEquals(0, closedShard(1, b));
        assertEquals(0, first.join());
        RunReport ra = ReportWriter.read(a.resolve(ReportWriter.JSON));
        assertEquals("10", ra.parameters().get("connections"));
        assertEquals(5, ((Number) ra.extras().get(RoomRelayScenario.PAIRS)).intValue());

        Path merged = out.resolve("closed-merged");
        assertEquals(0, Main.commandLine().execute("merge", "--out", merged.toString(), a.toString(), b.toString()));
        RunReport m = ReportWriter.read(merged.resolve(ReportWriter.JSON));
        assertEquals("2", m.parameters().get("in-flight"));
        assertEquals(0, m.offeredRate());
        assertEquals(10, ((Number) m.extras().get(RoomRelayScenario.PAIRS)).intValue());
        assertEquals(0, ((Number) m.extras().get(RoomRelayScenario.SILENT_PAIRS)).intValue());
        assertEquals(0, ((Number) m.extras().get(RoomRelayScenario.MISCOUNTED_PAIRS)).intValue());
        assertEquals(0, m.errors());
        assertTrue(m.received() > 0);
    }

    @Test
    void twoShardsMergeIntoOneReportOfTheWholeRun() throws Exception {
        Path a = out.resolve("shard-0");
        Path b = out.resolve("shard-1");
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> shard(0, a));
        assertEquals(0, shard(1, b));
        assertEquals(0, first.join());
        RunReport ra = ReportWriter.read(a.resolve(ReportWriter.JSON));
        RunReport rb = ReportWriter.read(b.resolve(ReportWriter.JSON));
        assertEquals("smoke shard 0/2", ra.label());
        assertEquals("10", ra.parameters().get("connections"));
        assertEquals(100, ra.offeredRate(), 1e-9);
        assertTrue(Files.size(a.resolve(ReportWriter.HLOG)) > 0);

        Path merged = out.resolve("merged");
        assertEquals(0, Main.commandLine().execute("merge", "--out", merged.toString(), a.toString(), b.toString()));
        RunReport m = ReportWriter.read(merged.resolve(ReportWriter.JSON));
        assertEquals("smoke", m.label());
        assertEquals(ra.sent() + rb.sent(), m.sent());
        assertEquals(ra.received() + rb.received(), m.received());
        assertEquals(ra.latency().count() + rb.latency().count(), m.latency().count());
        assertEquals(0, m.errors());
        for (String f : List.of(ReportWriter.MARKDOWN, ReportWriter.LATENCY_PNG, ReportWriter.THROUGHPUT_PNG, ReportWriter.HGRM)) {
            assertTrue(Files.size(merged.resolve(f)) > 0, f);
        }
        assertEquals(2, Main.commandLine().execute("room-relay", "--target", "http://127.0.0.1:" + node.port(),
                "--shard", "0/2", "--find-max-rate"), "a search cannot be sharded");
    }
}

package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerProbeTest {
    @Test
    void cpuTicksAreUtimePlusStimeEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0 100 0 0";
        assertEquals(1234 + 567, ServerProbe.parseCpuTicks(stat));
    }

    @Test
    void rssIsReadInBytesFromStatus() {
        String status = "Name:\tjava\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\nThreads:\t9\n";
        assertEquals(123456L * 1024, ServerProbe.parseVmRss(status));
        assertEquals(-1, ServerProbe.parseVmRss("Name:\tjava\n"));
    }

    @Test
    void heapUsedIsTheSumOfTheHeapPoolsOnly() {
        String scrape = String.join("\n",
                "# HELP jvm_memory_used_bytes The amount of used memory",
                "# TYPE jvm_memory_used_bytes gauge",
                "jvm_memory_used_bytes{area=\"heap\",id=\"PS Eden Space\"} 1.0E7",
                "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 5.0E7",
                "jvm_memory_used_bytes{area=\"heap\",id=\"PS Old Gen\"} 2500000.0",
                "jvm_memory_max_bytes{area=\"heap\",id=\"PS Old Gen\"} 9.9E9",
                "");
        assertEquals(12_500_000L, ServerProbe.parseHeapUsed(scrape));
        assertEquals(-1, ServerProbe.parseHeapUsed("signal_rooms 3\n"));
    }

    @Test
    void sampleOfThisProcessReadsProcAndMarksWhatItCannotRead() {
        ServerProbe probe = new ServerProbe(ProcessHandle.current().pid(), null, false);
        assertTrue(probe.enabled());
        ServerProbe.Sample s = probe.sample();
        assertTrue(s.cpuSeconds() > 0, "cpu " + s.cpuSeconds());
        assertTrue(s.rssBytes() > 1024 * 1024, "rss " + s.rssBytes());
        assertEquals(-1, s.heapUsedBytes(), "no admin URL given");
        assertFalse(new ServerProbe(0, null, false).enabled());
    }

    @Test
    void severalServerPidsAreReadBackToBackAndTheBackendApart() {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        ServerProbe probe = new ServerProbe(ProcessSet.of(self, parent), ProcessSet.of(parent), null, false);
        ServerProbe.Sample s = probe.sample();
        assertEquals(2, s.server().cpuSecondsByPid().size());
        assertEquals(s.server().cpuSecondsByPid().get(0) + s.server().cpuSecondsByPid().get(1), s.cpuSeconds(), 1e-9);
        assertTrue(s.server().cpuSecondsByPid().get(0) > 0, "this JVM has used CPU");
        assertTrue(s.rssBytes() > 1024 * 1024, "rss " + s.rssBytes());
        assertEquals(1, s.backend().cpuSecondsByPid().size());
        assertTrue(s.backend().cpuSeconds() >= 0 && s.backend().rssBytes() > 0, "backend read from /proc on its own");
        assertEquals(-1, new ServerProbe(ProcessSet.of(self, 4_194_305), ProcessSet.NONE, null, false)
                .sample().cpuSeconds(), "a pid above any pid_max makes the sum unknown");
        assertThrows(IllegalArgumentException.class, () -> new ServerProbe(ProcessSet.of(self, parent), ProcessSet.NONE, null, true),
                "--gc reads one JVM");
    }

    @Test
    void durationsReadLikeTheServerFlags() {
        assertEquals(500, Durations.parse("500ms").toMillis());
        assertEquals(5000, Durations.parse("5s").toMillis());
        assertEquals(1500, Durations.parse("1.5s").toMillis());
        assertEquals(120_000, Durations.parse("2m").toMillis());
        assertEquals(7000, Durations.parse("7").toMillis());
        assertEquals("2m", Durations.format(Durations.parse("120s")));
        assertEquals("1.5s", Durations.format(Durations.parse("1500ms")));
        assertEquals("250ms", Durations.format(Durations.parse("250ms")));
    }
}

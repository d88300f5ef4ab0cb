package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStatsTest {
    @Test
    void anUnexpectedErrorIsCountedAndTheFirstOfEachReasonKeepsItsStack() {
        RunStats stats = new RunStats();
        IllegalStateException first = new IllegalStateException("first");
        stats.error("IllegalStateException: boom", first);
        stats.error("IllegalStateException: boom", new IllegalStateException("second"));
        stats.error("server said no");

        assertEquals(3, stats.errorCount());
        assertEquals(Map.of("IllegalStateException: boom", 2L, "server said no", 1L), stats.errorsByReason());
        assertSame(first, stats.firstCause("IllegalStateException: boom"));
        assertNull(stats.firstCause("server said no"));
    }

    @Test
    void aLongReasonIsCutAndItsCauseIsFiledUnderTheCutReason() {
        RunStats stats = new RunStats();
        String reason = "x".repeat(200);
        RuntimeException cause = new RuntimeException();
        stats.error(reason, cause);
        String cut = "x".repeat(120) + "…";
        assertEquals(Map.of(cut, 1L), stats.errorsByReason());
        assertSame(cause, stats.firstCause(cut));
    }
}

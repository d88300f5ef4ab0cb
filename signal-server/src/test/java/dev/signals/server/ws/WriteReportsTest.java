package dev.signals.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** docs/production.md "Transport": on io_uring only what a whole turn left unreported counts. */
class WriteReportsTest {
    @Test
    void framesFlushedThisTurnOrTheLastAreInFlight() {
        WriteReports reports = new WriteReports();
        reports.flushed(5, 3, 300);
        assertEquals(0, reports.staleFrames(5));
        assertEquals(0, reports.staleFrames(6));
        assertEquals(3, reports.staleFrames(7));
        assertEquals(300, reports.staleBytes(7));
    }

    @Test
    void reportsTakeTheOldestFramesFirst() {
        WriteReports reports = new WriteReports();
        reports.flushed(1, 2, 200);            // frames 1-2
        reports.flushed(2, 4, 400);            // frames 3-4 join them
        reports.reported(100);                 // frame 1 written
        assertEquals(1, reports.staleFrames(3)); // frame 2, flushed in turn 1
        assertEquals(100, reports.staleBytes(3));
        assertEquals(3, reports.staleFrames(4)); // frames 2-4
        reports.reported(100);
        reports.reported(100);
        reports.reported(100);
        assertEquals(0, reports.staleFrames(4));
        assertEquals(0, reports.staleBytes(4));
    }

    @Test
    void theLastFlushOfEachTurnCounts() {
        WriteReports reports = new WriteReports();
        reports.flushed(1, 1, 10);
        reports.flushed(1, 5, 50);             // the same turn flushed again, with more
        reports.flushed(4, 9, 90);
        reports.flushed(5, 9, 90);
        assertEquals(5, reports.staleFrames(5)); // turn 4 is the last one, turn 1 the latest before it
        assertEquals(9, reports.staleFrames(6));
        assertEquals(50, reports.staleBytes(5));
    }

    @Test
    void nothingIsStaleBeforeAnyFlush() {
        WriteReports reports = new WriteReports();
        assertEquals(0, reports.staleFrames(0));
        assertEquals(0, reports.staleBytes(9));
    }
}

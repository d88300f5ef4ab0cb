package dev.signals.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What only the in-memory log of a resumable session does: turns of the flush and the mirror of a
 * shared log. Its bounds are {@link SessionLogContract}'s, kept by Redis too.
 */
class SessionLogTest {
    @Test
    void aTurnOfAtMostMaxFramesStartsRightAfterTheGivenSeq() {
        SessionLog log = new SessionLog(10, 10_000);
        for (int i = 1; i <= 6; i++) {
            log.append("{\"n\":" + i + "}");
        }
        log.ack(1);
        assertEquals(List.of(3L, 4L), log.after(2, 2).stream().map(SessionLog.Entry::seq).toList());
        assertEquals(List.of(5L, 6L), log.after(4, 16).stream().map(SessionLog.Entry::seq).toList());
        assertEquals(List.of(2L, 3L, 4L), log.after(0, 3).stream().map(SessionLog.Entry::seq).toList(), "from the oldest kept");
        assertEquals(List.of(), log.after(6, 16));
        assertEquals(List.of(6L), log.after(5, 1).stream().map(SessionLog.Entry::seq).toList());
    }

    @Test
    void aMirrorWhoseIssuedRunsAheadOfItsFramesGivesOnlyTheFramesAfterTheSeq() {
        SessionLog mirror = SessionLog.mirror(4, 10, List.of("{\"seq\":5}", "{\"seq\":6}", "{\"seq\":7}", "{\"seq\":8}"));
        assertEquals(List.of(7L, 8L), mirror.after(6, 16).stream().map(SessionLog.Entry::seq).toList());
        assertEquals(List.of(5L), mirror.after(4, 1).stream().map(SessionLog.Entry::seq).toList());
    }
}

package dev.signals.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The numbered, bounded log of a resumable session (docs/resume.md#bounded). */
class SessionLogTest {
    @Test
    void framesAreNumberedAndWrappedInOrder() {
        SessionLog log = new SessionLog(10, 10_000);
        assertEquals(1, log.append("{\"a\":1}"));
        assertEquals(2, log.append("{\"b\":2}"));
        assertEquals(List.of("{\"seq\":2,\"msg\":{\"b\":2}}"), log.after(1).stream().map(SessionLog.Entry::wire).toList());
        assertEquals(2, log.issued());
    }

    @Test
    void acknowledgedFramesLeaveAndAResumeMustStartAfterThem() {
        SessionLog log = new SessionLog(10, 10_000);
        for (int i = 0; i < 5; i++) {
            log.append("{}");
        }
        log.ack(3);
        assertEquals(2, log.after(0).size());
        assertFalse(log.canResumeAfter(2), "seq 3 is gone");
        assertTrue(log.canResumeAfter(3));
        assertTrue(log.canResumeAfter(5));
        assertFalse(log.canResumeAfter(6), "never issued");
    }

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

    @Test
    void aFullLogRefusesForGoodByCountAndByBytes() {
        SessionLog byCount = new SessionLog(2, 10_000);
        byCount.append("{}");
        byCount.append("{}");
        assertEquals(-1, byCount.append("{}"));
        byCount.ack(2);
        assertEquals(-1, byCount.append("{}"), "an overflowed session has ended");

        SessionLog byBytes = new SessionLog(100, 40);
        assertEquals(1, byBytes.append("{\"x\":\"é\"}")); // {"seq":1,"msg":{"x":"é"}} is 26 bytes
        assertEquals(-1, byBytes.append("{\"x\":\"é\"}"));
    }
}

package dev.signals.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bounds of a resumable session's log (docs/resume.md#bounded) that {@code SessionLog} and
 * {@code session-lib.lua} both keep, written once (docs/cluster.md "Contract suites"): frames are
 * numbered 1, 2, 3 … and wrapped; at most {@code --resume-buffer} frames and
 * {@code --resume-buffer-bytes} bytes of wrapped frames (UTF-8) are kept unacknowledged; a frame
 * beyond either ends the session for good; acknowledgements free space; a resume may start only
 * after what is still kept and not beyond what was issued.
 */
public abstract class SessionLogContract {

    /** One session's log as the session layer uses it. */
    public interface Log {
        /** Numbers and logs {@code frame} (a JSON object): its seq, or -1 when it does not fit (the session ends). */
        long append(String frame) throws Exception;

        /** The client has every frame up to {@code seq}. */
        void ack(long seq) throws Exception;

        /** The wrapped frames after {@code seq}, in order, or null when a resume after {@code seq} is refused. */
        List<String> after(long seq) throws Exception;
    }

    /** A fresh session's log keeping at most {@code maxFrames} frames and {@code maxBytes} bytes unacknowledged. */
    protected abstract Log log(int maxFrames, long maxBytes) throws Exception;

    private static String wrapped(long seq, String frame) {
        return "{\"seq\":" + seq + ",\"msg\":" + frame + "}";
    }

    @Test
    public void framesAreNumberedFromOneAndWrapped() throws Exception {
        Log log = log(10, 10_000);
        assertEquals(1, log.append("{\"a\":1}"));
        assertEquals(2, log.append("{\"b\":\"é\"}"));
        assertEquals(3, log.append("{}"));
        assertEquals(List.of(wrapped(1, "{\"a\":1}"), wrapped(2, "{\"b\":\"é\"}"), wrapped(3, "{}")), log.after(0));
        assertEquals(List.of(wrapped(3, "{}")), log.after(2));
        assertEquals(List.of(), log.after(3));
    }

    @Test
    public void aFrameBeyondTheFrameBoundEndsTheSessionForGood() throws Exception {
        Log log = log(3, 10_000);
        for (int i = 1; i <= 3; i++) {
            assertEquals(i, log.append("{}"));
        }
        assertEquals(-1, log.append("{}"));
        log.ack(3);
        assertEquals(-1, log.append("{}"), "an overflowed session has ended: acks do not revive it");
    }

    @Test
    public void theByteBoundCountsWrappedFramesInUtf8() throws Exception {
        String frame = "{\"x\":\"é\"}"; // wrapped as {"seq":n,"msg":{"x":"é"}}: 26 bytes for a one-digit n
        Log log = log(100, 52);
        assertEquals(1, log.append(frame));
        assertEquals(2, log.append(frame), "exactly at the bound fits");
        assertEquals(-1, log.append("{}"));
    }

    @Test
    public void acknowledgementsFreeFramesAndBytes() throws Exception {
        Log byCount = log(3, 10_000);
        for (int i = 0; i < 3; i++) {
            byCount.append("{}");
        }
        byCount.ack(2);
        assertEquals(4, byCount.append("{}"));
        assertEquals(5, byCount.append("{}"));
        assertEquals(-1, byCount.append("{}"), "3, 4 and 5 are unacknowledged");

        Log byBytes = log(100, 52);
        byBytes.append("{\"x\":\"é\"}");
        byBytes.append("{\"x\":\"é\"}");
        byBytes.ack(1);
        assertEquals(3, byBytes.append("{\"x\":\"é\"}"), "seq 1's bytes were given back");
        assertEquals(-1, byBytes.append("{}"));
    }

    @Test
    public void aResumeStartsOnlyAfterWhatIsKeptAndNotBeyondWhatWasIssued() throws Exception {
        Log log = log(10, 10_000);
        List<String> frames = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            log.append("{\"n\":" + i + "}");
            frames.add(wrapped(i, "{\"n\":" + i + "}"));
        }
        log.ack(3);
        assertNull(log.after(2), "seq 3 was acknowledged and is gone");
        assertEquals(frames.subList(3, 5), log.after(3));
        assertEquals(List.of(), log.after(5));
        assertNull(log.after(6), "never issued");
        log.ack(99);
        assertEquals(List.of(), log.after(5), "an acknowledgement beyond what was issued frees everything, no more");
        assertEquals(6, log.append("{}"));
    }
}

package dev.signals.server.redis;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.signals.server.config.SignalConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a room, call or domain script needs to keep a frame for a socket's resumable session in Redis
 * (docs/cluster.md "Resumable sessions"): the log's bounds and the session keys' TTL, as script
 * arguments; empty when sessions are off, so the scripts only publish, as before sessions.
 */
record SessionBounds(String maxFrames, String maxBytes, String ttl) {
    static final SessionBounds OFF = new SessionBounds("", "", "");
    /** A stand-in client id or call name: xid characters, which JSON writes as they are. */
    private static final String MARK = "0123456789abcdefghij";

    static SessionBounds of(RedisBackplane backplane, SignalConfig.Resume resume) {
        if (resume == null || !resume.enabled()) {
            return OFF;
        }
        // The same TTL as RedisSessionStore's: the window on top of the state TTL.
        return new SessionBounds(Integer.toString(resume.bufferMessages()), Long.toString(resume.bufferBytes()),
                Long.toString(backplane.lease().stateTtl().plus(resume.window()).toMillis()));
    }

    /** {@code frame} and the bounds as the last script arguments, or one empty argument when off. */
    String[] withFrame(String frame) {
        return maxFrames.isEmpty() ? new String[] {""} : new String[] {frame, maxFrames, maxBytes, ttl};
    }

    /**
     * The kept-frames argument of the room scripts (room-lib.lua) and of the call scripts that
     * publish for many calls (call-lib.lua templates_at): a JSON array of each frame split around
     * {@code MARK}, the stand-in for a client id or call name, then the bounds; '' when off.
     */
    @SafeVarargs
    final String keep(UnaryOperator<String>... frames) {
        if (maxFrames.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (UnaryOperator<String> frame : frames) {
            parts.addAll(around(frame));
        }
        parts.addAll(List.of(maxFrames, maxBytes, ttl));
        StringBuilder json = new StringBuilder("[");
        for (String part : parts) {
            json.append(json.length() > 1 ? ",\"" : "\"").append(JsonStringEncoder.getInstance().quoteAsString(part)).append('"');
        }
        return json.append(']').toString();
    }

    /** The frame {@code frame} makes for {@link #MARK}, split around it. */
    private static List<String> around(UnaryOperator<String> frame) {
        String whole = frame.apply(MARK);
        int at = whole.indexOf(MARK);
        if (at < 0 || whole.indexOf(MARK, at + 1) >= 0) {
            throw new IllegalStateException("the frame does not hold the stand-in once: " + whole);
        }
        return List.of(whole.substring(0, at), whole.substring(at + MARK.length()));
    }
}

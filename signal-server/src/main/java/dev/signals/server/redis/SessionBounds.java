package dev.signals.server.redis;

import dev.signals.server.config.SignalConfig;

/**
 * What a call or domain script needs to keep a frame for a socket's resumable session in Redis
 * (docs/cluster.md "Resumable sessions"): the log's bounds and the session keys' TTL, as script
 * arguments; empty when sessions are off, so the scripts only publish, as before sessions.
 */
record SessionBounds(String maxFrames, String maxBytes, String ttl) {
    static final SessionBounds OFF = new SessionBounds("", "", "");

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
}

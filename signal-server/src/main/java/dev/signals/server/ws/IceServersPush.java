package dev.signals.server.ws;

import java.time.Duration;

/**
 * TURN credentials for resumable sessions (docs/turn.md "Over a resumable session"): the
 * {@code {"iceServers":[…],"ttl":n}} object for a session's subject, and how often to send a fresh
 * one so that a session always holds credentials that have not expired.
 */
public interface IceServersPush {
    /** The credentials object for {@code subject} ({@code null} when auth is off: a random id). */
    String iceServersJson(String subject);

    /** The period of the fresh frames: about 80 % of the credentials' lifetime. */
    Duration refreshEvery();
}

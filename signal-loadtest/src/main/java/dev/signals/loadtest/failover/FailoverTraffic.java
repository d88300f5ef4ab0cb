package dev.signals.loadtest.failover;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One dialect's part of a failover run: what each client opens, how a pair is set up, how a
 * numbered message goes from a client to its partner and how one is recognised on arrival.
 * Everything else — sessions, schedule, kill, ledgers, resume times, report — is the run's and
 * the same for every dialect. Methods other than {@link #prepare} and {@link #setUp} run on the
 * client's lane.
 */
interface FailoverTraffic {
    /** The WebSocket path client {@code i} opens (without the session query). */
    String path(int client);

    /** Before any session opens, on the run's thread (may block): e.g. the call dialect's seats. */
    default void prepare() {
    }

    /** After every session was started, on the run's thread (may block): joins, registrations; returns when pairs can relay. */
    void setUp();

    /** Sends the next numbered message from {@code sender} to its partner, or nothing when that direction only replies. */
    void fire(int sender);

    /** A dialect frame, unwrapped from its {@code seq}, that arrived on {@code client}. */
    void onMessage(ResumableClient client, JsonNode frame);

    /** {@code client}'s session was resumed on a node (sends held back for it may go now). */
    default void onResumed(ResumableClient client) {
    }

    /** The report's first parameters: what was relayed and over which paths. */
    Map<String, String> parameters();

    /** How the report names the direction {@code sender} sends in. */
    default String direction(int sender) {
        return sender % 2 == 0 ? "first to second" : "second to first";
    }
}

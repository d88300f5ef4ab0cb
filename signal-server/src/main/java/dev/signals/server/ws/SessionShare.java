package dev.signals.server.ws;

import dev.signals.server.logging.ConnLog;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * One resumable session's side in {@link SharedSessions} (docs/cluster.md "Resumable sessions"):
 * whether it may be shared, the address it is shared under once its dialect remembered one, and
 * the writes that keep Redis current. A write that fails is logged; the session goes on.
 */
final class SessionShare {
    private final ConnLog log;
    /** The shared store (null: this session lives in this node's memory only). */
    private SharedSessions store;
    private volatile String address;

    SessionShare(ConnLog log) {
        this.log = log;
    }

    /** This session may be shared through {@code store} once its dialect remembers its address. */
    void through(SharedSessions store) {
        this.store = store;
    }

    /** Shared from the start (restored on this node, or just opened in Redis) under {@code address}. */
    void as(SharedSessions store, String address) {
        this.store = store;
        this.address = address;
    }

    boolean possible() {
        return store != null;
    }

    /** The address this session is shared under, or null while it lives in this node's memory only. */
    String address() {
        return address;
    }

    /** From now on the session is shared under {@code clientAddress}; {@link #open} stores it. */
    void name(String clientAddress) {
        address = clientAddress;
    }

    /** Stores the session: its {@code secret}, socket {@code conn} and the dialect's {@code state}. */
    void open(String secret, SessionKey key, String conn, String state) {
        quietly(store.open(address, secret, key, conn, state), "session not stored");
    }

    /**
     * Numbers {@code text} in Redis; it comes back to this node as delivered. {@code overflowed} on a
     * full log. {@code sender} (or null): a client frame's cseq recorded in the same script.
     */
    void append(String text, SharedSessions.Cseq sender, Runnable overflowed) {
        store.append(address, text, sender).subscribe(seq -> {
            if (seq < 0) {
                overflowed.run();
            }
        }, e -> log.debug("session frame not logged: {}", e.toString()));
    }

    void noteState(String state) {
        quietly(store.noteState(address, state), "session state not stored");
    }

    void ack(long upTo) {
        quietly(store.ack(address, upTo), "ack not stored");
    }

    /** Stored before the next frame is read, so a resume elsewhere knows it (docs/cluster.md). */
    void noteCseq(long cseq) {
        quietly(store.noteCseq(address, cseq), "cseq not stored");
    }

    void hold(String conn) {
        store.hold(address, conn).subscribe(null, e -> log.debug("hold not stored: {}", e.toString()));
    }

    void expire(Consumer<SharedSessions.Expired> answer, Consumer<Throwable> failed) {
        store.expire(address).subscribe(answer, failed);
    }

    void end() {
        quietly(store.end(address), "session end not stored");
    }

    private void quietly(Mono<Void> write, String what) {
        write.subscribe(null, e -> log.debug(what + ": {}", e.toString()));
    }
}

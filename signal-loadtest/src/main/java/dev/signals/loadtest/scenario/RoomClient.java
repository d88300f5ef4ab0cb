package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.WsConn;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One relay client's state: its connection, the id the server gave it, and its room peers. */
final class RoomClient {
    /** {@link #lastHeardNanos} before the first message. */
    static final long NEVER = Long.MIN_VALUE;
    final int index;
    volatile WsConn conn;
    volatile String clientId;
    final AtomicInteger newClientsSeen = new AtomicInteger();
    /** Ids of the other members of this client's room, fixed once the room is joined. */
    volatile String[] peers = new String[0];
    /** With sessions: the last {@code cseq} sent (the schedule's thread only). */
    long cseq;
    /** With sessions: the highest {@code seq} received and acknowledged (the connection's event loop only). */
    long lastSeq;
    long acked;
    /** Closed loop: when this client last received a relayed message (written by its event loop, release order). */
    final AtomicLong lastHeardNanos = new AtomicLong(NEVER);
    /** Closed loop: relayed messages received after the loop stopped, so not answered. */
    final AtomicInteger unanswered = new AtomicInteger();

    RoomClient(int index) {
        this.index = index;
    }
}

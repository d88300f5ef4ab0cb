package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.WsConn;
import java.util.concurrent.atomic.AtomicInteger;

/** One relay client's state: its connection, the id the server gave it, and its room peers. */
final class RoomClient {
    final int index;
    volatile WsConn conn;
    volatile String clientId;
    final AtomicInteger newClientsSeen = new AtomicInteger();
    /** Ids of the other members of this client's room, fixed once the room is joined. */
    volatile String[] peers = new String[0];

    RoomClient(int index) {
        this.index = index;
    }
}

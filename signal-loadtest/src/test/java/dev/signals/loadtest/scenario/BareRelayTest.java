package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.loadtest.bare.BareRelay;
import dev.signals.loadtest.net.Inbox;
import dev.signals.loadtest.net.Target;
import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BareRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private BareRelay relay;
    private WsConnector connector;

    @BeforeEach
    void start() {
        relay = BareRelay.start("127.0.0.1", 0, 1);
        connector = new WsConnector(Target.parse("http://127.0.0.1:" + relay.port()), List.of(), 1, 1 << 20, WAIT, 4);
    }

    @AfterEach
    void stop() {
        connector.close();
        relay.close();
    }

    private static String idOf(Inbox inbox) {
        String notify = inbox.expect(t -> RoomMessages.isType(t, "notify-client-id")).block(WAIT);
        return RoomMessages.parse(notify).text("client_id");
    }

    @Test
    void announcesJoinsAndRelaysOffersWithTheSenderWrittenIn() {
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        WsConn ca = connector.open(0, "/connect", a).block(WAIT);
        WsConn cb = connector.open(1, "/connect", b).block(WAIT);
        String idA = idOf(a);
        String idB = idOf(b);
        assertTrue(!idA.equals(idB));
        ca.send("{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"}}");
        cb.send("{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"}}");
        assertEquals("{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + idB + "\"}}",
                a.expect(t -> RoomMessages.isType(t, "new-client")).block(WAIT));

        ca.send("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + idB + "\",\"sdp\":\"v=0\\r\\n\\\"q\\\"\"}}");
        assertEquals("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + idA + "\",\"sdp\":\"v=0\\r\\n\\\"q\\\"\"}}",
                b.expect(t -> RoomMessages.isType(t, "offer")).block(WAIT));
        cb.send("{\"type\":\"answer\",\"payload\":{\"sdp\":\"v=1\",\"client_id\":\"" + idA + "\"}}");
        assertEquals("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + idB + "\",\"sdp\":\"v=1\"}}",
                a.expect(t -> RoomMessages.isType(t, "answer")).block(WAIT));
        ca.close(WAIT).block(WAIT);
        cb.close(WAIT).block(WAIT);
    }

    /** With several targets (nodes of one system), connection {@code id} goes to target {@code id mod n}, so a room spans them. */
    @Test
    void connectionsGoRoundRobinOverSeveralTargetsByTheirId() {
        try (BareRelay other = BareRelay.start("127.0.0.1", 0, 1);
             WsConnector spread = new WsConnector(List.of(Target.parse("http://127.0.0.1:" + relay.port()),
                     Target.parse("http://127.0.0.1:" + other.port())), List.of(), 1, 1 << 20, WAIT, 4)) {
            Inbox[] inboxes = new Inbox[4];
            WsConn[] conns = new WsConn[4];
            String[] ids = new String[4];
            for (int i = 0; i < 4; i++) {
                inboxes[i] = new Inbox();
                conns[i] = spread.open(i, "/connect", inboxes[i]).block(WAIT);
                ids[i] = idOf(inboxes[i]);
            }
            for (WsConn c : conns) {
                c.send("{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"}}");
            }
            // 0 and 2 share the first relay, 1 and 3 the second: each pair sees only its own.
            assertEquals("{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + ids[2] + "\"}}",
                    inboxes[0].expect(t -> RoomMessages.isType(t, "new-client")).block(WAIT));
            assertEquals("{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + ids[3] + "\"}}",
                    inboxes[1].expect(t -> RoomMessages.isType(t, "new-client")).block(WAIT));
            for (WsConn c : conns) {
                c.close(WAIT).block(WAIT);
            }
        }
    }
}

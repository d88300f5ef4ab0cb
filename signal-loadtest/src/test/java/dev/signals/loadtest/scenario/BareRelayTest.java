package dev.signals.loadtest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signals.loadtest.bare.BareRelay;
import dev.signals.loadtest.bare.BareTransport;
import dev.signals.loadtest.net.Inbox;
import dev.signals.loadtest.net.Target;
import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsConnector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

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

    /**
     * After both joined one room: the two sockets' joins may reach the relay in either order, and
     * the one already in hears {@code new-client} naming the other.
     */
    private static void assertOneHearsOfTheOther(Inbox a, String idA, Inbox b, String idB) {
        String heard = Mono.firstWithValue(
                a.expect(t -> RoomMessages.isType(t, "new-client")).map(t -> "a " + t),
                b.expect(t -> RoomMessages.isType(t, "new-client")).map(t -> "b " + t)).block(WAIT);
        assertTrue(heard.equals("a " + newClient(idB)) || heard.equals("b " + newClient(idA)), heard);
    }

    private static String newClient(String id) {
        return "{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + id + "\"}}";
    }

    /** The same bytes on every transport it can run on, so a server is compared with it on its own. */
    @ParameterizedTest
    @EnumSource(BareTransport.class)
    void announcesJoinsAndRelaysOffersWithTheSenderWrittenIn(BareTransport transport) {
        assumeTrue(transport.runsHere(), transport.flag() + " does not run here");
        relay.close();
        relay = BareRelay.start("127.0.0.1", 0, 1, transport);
        assertEquals(transport, relay.transport());
        connector.close();
        connector = new WsConnector(Target.parse("http://127.0.0.1:" + relay.port()), List.of(), 1, 1 << 20, WAIT, 4);
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        WsConn ca = connector.open(0, "/connect", a).block(WAIT);
        WsConn cb = connector.open(1, "/connect", b).block(WAIT);
        String idA = idOf(a);
        String idB = idOf(b);
        assertTrue(!idA.equals(idB));
        ca.send("{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"}}");
        cb.send("{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"}}");
        assertOneHearsOfTheOther(a, idA, b, idB);

        ca.send("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + idB + "\",\"sdp\":\"v=0\\r\\n\\\"q\\\"\"}}");
        assertEquals("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + idA + "\",\"sdp\":\"v=0\\r\\n\\\"q\\\"\"}}",
                b.expect(t -> RoomMessages.isType(t, "offer")).block(WAIT));
        cb.send("{\"type\":\"answer\",\"payload\":{\"sdp\":\"v=1\",\"client_id\":\"" + idA + "\"}}");
        assertEquals("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + idB + "\",\"sdp\":\"v=1\"}}",
                a.expect(t -> RoomMessages.isType(t, "answer")).block(WAIT));
        ca.close(WAIT).block(WAIT);
        cb.close(WAIT).block(WAIT);
    }

    @Test
    void namesItsTransportsAsTheNodeDoesAndRefusesOthers() {
        assertEquals(BareTransport.EPOLL, BareTransport.parse(" EPOLL "));
        assertEquals(BareTransport.IO_URING, BareTransport.parse("io_uring"));
        assertEquals(BareTransport.NIO, BareTransport.parse("nio"));
        assertTrue(BareTransport.parse("auto").runsHere());
        assertThrows(IllegalArgumentException.class, () -> BareTransport.parse("kqueue"));
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
            assertOneHearsOfTheOther(inboxes[0], ids[0], inboxes[2], ids[2]);
            assertOneHearsOfTheOther(inboxes[1], ids[1], inboxes[3], ids[3]);
            for (WsConn c : conns) {
                c.close(WAIT).block(WAIT);
            }
        }
    }
}

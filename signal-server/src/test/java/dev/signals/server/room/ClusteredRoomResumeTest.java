package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.join;
import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.newClient;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.CutProxy;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Resumable room sessions with nodes sharing Redis (docs/resume.md, docs/cluster.md): relays from
 * another node reach a held session's log and are replayed when it resumes on its own node; a
 * resume on another node is refused with 410, as sessions live in the memory of their node.
 */
class ClusteredRoomResumeTest extends ClusteredTest {
    @Test
    void relaysFromAnotherNodeAreReplayedOnResumeAndOtherNodesRefuseTheToken() throws Exception {
        TestNode one = node("n1");
        TestNode two = node("n2");
        try (CutProxy proxy = CutProxy.to(two.port()); RoomClients.Client a = RoomClients.connect(one.port())) {
            a.join("cr");
            assertEquals(joined("cr"), a.next());
            SessionClient b = SessionClient.open(proxy.port(), "/connect");
            String bId = b.next().replaceAll(".*\"client_id\":\"([0-9a-v]{20})\".*", "$1");
            b.send(join("cr"));
            assertEquals(joined("cr", a.id()), b.next());
            assertEquals(newClient(bId), a.next());
            proxy.cutAll();
            assertTrue(b.ws.awaitEof(Duration.ofSeconds(5)));
            for (int i = 0; i < 3; i++) {
                a.send(offer(bId, "x" + i));
            }
            try (WsTestClient elsewhere = one.ws("/connect?" + SessionClient.resumeQuery(b.token, b.lastSeq()))) {
                assertEquals(410, elsewhere.status());
            }
            // A's relays cross Redis asynchronously: some may arrive after the resume, live.
            SessionClient b2 = b.resumeAnyLastSeq(two.port(), "/connect", 0);
            for (int i = 0; i < 3; i++) {
                assertEquals(relayed("offer", a.id(), "x" + i), b2.next());
            }
            b2.send("{\"type\":\"answer\",\"payload\":{\"sdp\":\"ok\",\"client_id\":\"" + a.id() + "\"}}");
            assertEquals(relayed("answer", bId, "ok"), a.next(), "A saw no leave-client");
            b2.close();
        }
    }
}

package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An offer reaches its target as the same bytes whichever way the sender spelled it, relayed from
 * its bytes or decoded in full (docs/room.md "Relaying an offer or answer").
 */
class RoomRelaySpellingTest {
    /** One SDP with CRLFs, a quote and a slash, as JSON.stringify spells it. */
    private static final String SDP = "v=0\\r\\no=- 46117 2 IN IP4 127.0.0.1\\r\\na=msid-semantic: WMS \\\"s/1\\\"\\r\\n";

    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void everySpellingOfOneOfferReachesTheTargetAsTheSameBytes() throws Exception {
        try (Client a = connect(node); Client b = connect(node)) {
            RoomClients.joinTogether("spellings", a, b);
            String target = a.id();
            String[] spellings = {
                // the browsers' shape: relayed from its bytes
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"" + SDP + "\"}}",
                " {\n\"type\" : \"offer\",\t\"payload\":{ \"sdp\":\"" + SDP + "\" , \"client_id\":\"" + target + "\"}}\r\n",
                // other spellings of the same SDP, an escaped client id, another field: decoded in full
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"" + SDP.replace("/", "\\/") + "\"}}",
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"" + SDP.replace("v=0", "\\u0076=0") + "\"}}",
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"\\u00" + Integer.toHexString(target.charAt(0)) + target.substring(1)
                        + "\",\"sdp\":\"" + SDP + "\"}}",
                "{\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"" + SDP + "\"},\"type\":\"offer\"}",
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"" + SDP + "\",\"x\":1}}",
            };
            for (String spelling : spellings) {
                b.send(spelling);
            }
            // And the browsers' shape in two fragments, which the node reads as one message.
            String whole = spellings[0];
            b.ws().sendFrame(0x1, false, whole.substring(0, 40).getBytes(StandardCharsets.UTF_8));
            b.ws().sendFrame(0x0, true, whole.substring(40).getBytes(StandardCharsets.UTF_8));

            String expected = "{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + b.id() + "\",\"sdp\":\"" + SDP + "\"}}";
            for (int i = 0; i <= spellings.length; i++) {
                assertEquals(expected, a.next(), "spelling " + i);
            }
            // Nothing else came in between: the next frame is the answer sent after them all.
            b.send("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + target + "\",\"sdp\":\"x\"}}");
            assertEquals("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + b.id() + "\",\"sdp\":\"x\"}}", a.next());
        }
    }

    @Test
    void anSdpBeyondAsciiIsDecodedInFullAndRelayedIntact() throws Exception {
        try (Client a = connect(node); Client b = connect(node)) {
            RoomClients.joinTogether("accents", a, b);
            b.send("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + a.id() + "\",\"sdp\":\"s=caf\u00e9 \u2028\\r\\n\"}}");
            assertEquals("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + b.id() + "\",\"sdp\":\"s=caf\u00e9 \u2028\\r\\n\"}}",
                    a.next());
        }
    }
}

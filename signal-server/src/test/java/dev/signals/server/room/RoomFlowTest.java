package dev.signals.server.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomFlowTest {
    private static final Pattern NOTIFY = Pattern.compile("\\{\"type\":\"notify-client-id\",\"payload\":\\{\"client_id\":\"([0-9a-v]{20})\"}}");
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    static String clientId(WsTestClient c) throws InterruptedException {
        String text = c.nextText();
        Matcher m = NOTIFY.matcher(text);
        assertTrue(m.matches(), text);
        return m.group(1);
    }

    @Test
    void twoClientsJoinAndExchangeOfferAndAnswer() throws Exception {
        try (WsTestClient a = node.ws("/connect"); WsTestClient b = node.ws("/connect")) {
            String idA = clientId(a);
            String idB = clientId(b);
            a.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"r1\"}}");
            assertEquals("{\"type\":\"joined\",\"payload\":{\"client_ids\":[],\"room_id\":\"r1\"}}", a.nextText());
            b.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"r1\"}}");
            assertEquals("{\"type\":\"joined\",\"payload\":{\"client_ids\":[\"" + idA + "\"],\"room_id\":\"r1\"}}", b.nextText());
            assertEquals("{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + idB + "\"}}", a.nextText());
            a.sendText("{\"type\":\"offer\",\"payload\":{\"sdp\":\"v=0\\r\\n\",\"client_id\":\"" + idB + "\"}}");
            assertEquals("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + idA + "\",\"sdp\":\"v=0\\r\\n\"}}", b.nextText());
            b.sendText("{\"type\":\"answer\",\"payload\":{\"sdp\":\"v=1\",\"client_id\":\"" + idA + "\"}}");
            assertEquals("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + idB + "\",\"sdp\":\"v=1\"}}", a.nextText());
            b.abort();
            assertEquals("{\"type\":\"leave-client\",\"payload\":{\"client_id\":\"" + idB + "\"}}", a.nextText());
        }
    }
}

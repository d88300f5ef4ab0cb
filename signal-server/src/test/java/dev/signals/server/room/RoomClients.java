package dev.signals.server.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Room-dialect test helpers: connect and learn the id, join, and the exact frames we expect. */
final class RoomClients {
    private static final Pattern NOTIFY = Pattern.compile(
            "\\{\"type\":\"notify-client-id\",\"payload\":\\{\"client_id\":\"([0-9a-v]{20})\"}}");

    private RoomClients() {
    }

    /** A connected client and the id the server announced to it. */
    record Client(WsTestClient ws, String id) implements AutoCloseable {
        void send(String text) throws IOException {
            ws.sendText(text);
        }

        String next() throws InterruptedException {
            return ws.nextText();
        }

        void join(String room) throws IOException {
            ws.sendText(RoomClients.join(room));
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    static Client connect(TestNode node) throws IOException, InterruptedException {
        WsTestClient ws = node.ws("/connect");
        assertEquals(101, ws.status());
        String text = ws.nextText();
        Matcher m = NOTIFY.matcher(text);
        assertTrue(m.matches(), text);
        return new Client(ws, m.group(1));
    }

    static String join(String room) {
        return "{\"type\":\"join\",\"payload\":{\"room_id\":\"" + room + "\"}}";
    }

    static String joined(String room, String... ids) {
        StringBuilder sb = new StringBuilder("{\"type\":\"joined\",\"payload\":{\"client_ids\":[");
        for (int i = 0; i < ids.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(ids[i]).append('"');
        }
        return sb.append("],\"room_id\":\"").append(room).append("\"}}").toString();
    }

    static String newClient(String id) {
        return "{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + id + "\"}}";
    }

    static String leaveClient(String id) {
        return "{\"type\":\"leave-client\",\"payload\":{\"client_id\":\"" + id + "\"}}";
    }

    static String error(String reason) {
        return "{\"type\":\"error\",\"payload\":{\"error\":\"" + reason + "\"}}";
    }

    static String offer(String target, String sdp) {
        return "{\"type\":\"offer\",\"payload\":{\"sdp\":\"" + sdp + "\",\"client_id\":\"" + target + "\"}}";
    }

    static String relayed(String type, String sender, String sdp) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"client_id\":\"" + sender + "\",\"sdp\":\"" + sdp + "\"}}";
    }
}

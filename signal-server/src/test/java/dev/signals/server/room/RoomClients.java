package dev.signals.server.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Room-dialect test helpers: connect and learn the id, join, and the exact frames we expect. Public
 * so that tests of other layers (containers, clusters) run the same exchange.
 */
public final class RoomClients {
    private static final Pattern NOTIFY = Pattern.compile(
            "\\{\"type\":\"notify-client-id\",\"payload\":\\{\"client_id\":\"([0-9a-v]{20})\"}}");

    private RoomClients() {
    }

    /** A connected client and the id the server announced to it. */
    public record Client(WsTestClient ws, String id) implements AutoCloseable {
        public void send(String text) throws IOException {
            ws.sendText(text);
        }

        public String next() throws InterruptedException {
            return ws.nextText();
        }

        public void join(String room) throws IOException {
            ws.sendText(RoomClients.join(room));
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    static Client connect(TestNode node) throws IOException, InterruptedException {
        return connect(node.port());
    }

    /** Connects to {@code /connect} on a loopback port, e.g. one a container publishes. */
    public static Client connect(int port) throws IOException, InterruptedException {
        WsTestClient ws = WsTestClient.connect(port, "/connect");
        assertEquals(101, ws.status());
        String text = ws.nextText();
        Matcher m = NOTIFY.matcher(text);
        assertTrue(m.matches(), text);
        return new Client(ws, m.group(1));
    }

    /** {@code first} joins {@code room}, then {@code second}; asserts both answers and the new-client. */
    public static void joinTogether(String room, Client first, Client second) throws IOException, InterruptedException {
        first.join(room);
        assertEquals(joined(room), first.next());
        second.join(room);
        assertEquals(joined(room, first.id()), second.next(), "the second joiner sees the first");
        assertEquals(newClient(second.id()), first.next());
    }

    public static String join(String room) {
        return "{\"type\":\"join\",\"payload\":{\"room_id\":\"" + room + "\"}}";
    }

    public static String joined(String room, String... ids) {
        StringBuilder sb = new StringBuilder("{\"type\":\"joined\",\"payload\":{\"client_ids\":[");
        for (int i = 0; i < ids.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(ids[i]).append('"');
        }
        return sb.append("],\"room_id\":\"").append(room).append("\"}}").toString();
    }

    public static String newClient(String id) {
        return "{\"type\":\"new-client\",\"payload\":{\"client_id\":\"" + id + "\"}}";
    }

    public static String leaveClient(String id) {
        return "{\"type\":\"leave-client\",\"payload\":{\"client_id\":\"" + id + "\"}}";
    }

    public static String error(String reason) {
        return "{\"type\":\"error\",\"payload\":{\"error\":\"" + reason + "\"}}";
    }

    public static String offer(String target, String sdp) {
        return "{\"type\":\"offer\",\"payload\":{\"sdp\":\"" + sdp + "\",\"client_id\":\"" + target + "\"}}";
    }

    public static String relayed(String type, String sender, String sdp) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"client_id\":\"" + sender + "\",\"sdp\":\"" + sdp + "\"}}";
    }
}

package dev.signals.server.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.json.JsonText;
import dev.signals.server.testing.Await;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A call-dialect client of the seed's browser flow, over real sockets: takes a seat with
 * {@code GET /call/{call}}, presents the JOIN on {@code /ws}, posts to {@code /signal}.
 */
final class CallPeer implements AutoCloseable {
    private static final Pattern SESSION = Pattern.compile(",\"session\":\"([0-9A-Za-z]{27})\",\"kind\":\"JOIN\"}");

    final TestNode node;
    final String call;
    final String session;
    /** The GET /call answer, sent back verbatim as the /ws handshake, as the seed's client does. */
    final String joinMessage;
    WsTestClient ws;

    private CallPeer(TestNode node, String call, String session, String joinMessage) {
        this.node = node;
        this.call = call;
        this.session = session;
        this.joinMessage = joinMessage;
    }

    /** Takes a seat in {@code call} (percent-encoded into the path); fails unless 200. */
    static CallPeer seat(TestNode node, String call) throws IOException, InterruptedException {
        HttpResponse<String> res = node.get("/call/" + URLEncoder.encode(call, StandardCharsets.UTF_8).replace("+", "%20"));
        assertEquals(200, res.statusCode(), "GET /call/" + call + " body " + res.body());
        assertEquals("application/json", res.headers().firstValue("content-type").orElse(null));
        String prefix = "{\"call\":" + JsonText.quote(call);
        assertTrue(res.body().startsWith(prefix), res.body());
        Matcher m = SESSION.matcher(res.body().substring(prefix.length()));
        assertTrue(m.matches(), res.body());
        return new CallPeer(node, call, m.group(1), res.body());
    }

    /** Seats and completes the WebSocket handshake. */
    static CallPeer joined(TestNode node, String call) throws IOException, InterruptedException {
        CallPeer peer = seat(node, call);
        peer.connect();
        return peer;
    }

    /** Opens {@code /ws}, sends the JOIN and expects the exact WELCOME. */
    WsTestClient connect() throws IOException, InterruptedException {
        ws = openWs(node, joinMessage);
        assertEquals(welcome(call), ws.nextText());
        return ws;
    }

    static WsTestClient openWs(TestNode node, String firstMessage) throws IOException {
        WsTestClient client = node.ws("/ws");
        assertEquals(101, client.status());
        client.sendText(firstMessage);
        return client;
    }

    HttpResponse<String> post(String kind, String body) throws IOException, InterruptedException {
        return node.post("/signal", signalJson(call, session, kind, body), "Content-Type", "application/json");
    }

    /** Posts and expects 200 with an empty body. */
    void send(String kind, String body) throws IOException, InterruptedException {
        HttpResponse<String> res = post(kind, body);
        assertEquals(200, res.statusCode());
        assertEquals("", res.body());
    }

    String nextText() throws InterruptedException {
        return ws.nextText();
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.close();
        }
    }

    static String signalJson(String call, String session, String kind, String body) {
        return "{\"call\":" + JsonText.quote(call) + ",\"session\":" + JsonText.quote(session)
                + ",\"kind\":" + JsonText.quote(kind) + ",\"body\":" + JsonText.quote(body) + "}";
    }

    static String welcome(String call) {
        return "{\"call\":" + JsonText.quote(call) + ",\"kind\":\"WELCOME\"}";
    }

    static String peer(String call) {
        return "{\"call\":" + JsonText.quote(call) + ",\"kind\":\"PEER\"}";
    }

    static String leave(String call) {
        return "{\"call\":" + JsonText.quote(call) + ",\"kind\":\"LEAVE\"}";
    }

    static String event(String call, String kind, String body) {
        return "{\"call\":" + JsonText.quote(call) + ",\"body\":" + JsonText.quote(body) + ",\"kind\":\"" + kind + "\"}";
    }

    /** Repeats {@code attempt} until it returns true or {@code limit} passes; false if it never did. */
    static boolean eventually(Duration limit, Attempt attempt) throws Exception {
        try {
            Await.until("attempt succeeds", limit, attempt::succeeded);
            return true;
        } catch (AssertionError never) {
            return false;
        }
    }

    /** One try of {@link #eventually}. */
    interface Attempt {
        boolean succeeded() throws Exception;
    }
}

package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.peer;
import static dev.signals.server.call.CallPeer.signalJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /signal} answers of docs/call.md: 200, 400 and 409, always with an empty body. */
class CallSignalTest {
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri("/signal")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return node.send(b.build());
    }

    private HttpResponse<String> postBytes(byte[] body) throws Exception {
        return node.send(HttpRequest.newBuilder(node.uri("/signal")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static void assertStatus(int status, HttpResponse<String> res) {
        assertEquals(status, res.statusCode());
        assertEquals("", res.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\""})
    void aJsonContentTypeWithOrWithoutCharsetIsAccepted(String contentType) throws Exception {
        node = TestNode.start();
        try (CallPeer a = CallPeer.joined(node, "ct"); CallPeer b = CallPeer.joined(node, "ct")) {
            assertEquals(peer("ct"), a.nextText());
            assertStatus(200, post(signalJson("ct", b.session, "OFFER", "o"), contentType));
            assertEquals(event("ct", "OFFER", "o"), a.nextText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1",
        "application/jsonx", "application/json; nonsense"})
    void anyOtherContentTypeIs400(String contentType) throws Exception {
        node = TestNode.start();
        CallPeer a = CallPeer.seat(node, "ct");
        assertStatus(400, post(signalJson("ct", a.session, "OFFER", "o"), contentType.isEmpty() ? null : contentType));
        // The unread body of the refused request does not spill into the next one on the connection.
        assertStatus(200, post(signalJson("ct", a.session, "OFFER", "o"), "application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "not json", "[]", "{}", "{\"call\":\"c\"",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"JOIN\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"PEER\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"LEAVE\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"offer\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"OFFER\"}",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"OFFER\",\"body\":\"\"}",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"OFFER\",\"body\":42}",
        "{\"call\":\"\",\"session\":\"S\",\"kind\":\"OFFER\",\"body\":\"b\"}",
        "{\"session\":\"S\",\"kind\":\"OFFER\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"kind\":\"OFFER\",\"body\":\"b\"}",
        "{\"call\":[\"c\"],\"session\":\"S\",\"kind\":\"OFFER\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"OFFER\",\"body\":\"b\",\"kind\":\"OFFER\"}",
        "{\"call\":\"c\",\"session\":\"S\",\"kind\":\"OFFER\",\"body\":\"b\"}x",
    })
    void malformedOrWrongKindBodiesAre400(String body) throws Exception {
        node = TestNode.start();
        CallPeer seated = CallPeer.seat(node, "c");
        assertStatus(400, post(body.replace("\"S\"", "\"" + seated.session + "\""), "application/json"));
    }

    @Test
    void aBodyThatIsNotUtf8Is400() throws Exception {
        node = TestNode.start();
        CallPeer seated = CallPeer.seat(node, "c");
        byte[] latin1 = signalJson("c", seated.session, "OFFER", "caf\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertStatus(400, postBytes(latin1));
    }

    @Test
    void aBodyOverMaxMessageBytesIs400() throws Exception {
        node = TestNode.start("--max-message-bytes", "1KiB");
        try (CallPeer a = CallPeer.joined(node, "cap"); CallPeer b = CallPeer.joined(node, "cap")) {
            assertEquals(peer("cap"), a.nextText());
            String fits = "x".repeat(1024 - signalJson("cap", b.session, "OFFER", "").length());
            assertStatus(200, b.post("OFFER", fits));
            assertEquals(event("cap", "OFFER", fits), a.nextText());
            assertStatus(400, b.post("OFFER", fits + "x"));
        }
    }

    @Test
    void maxSignalBytesRestoresTheSeedsCap() throws Exception {
        node = TestNode.start("--max-signal-bytes", "512");
        CallPeer a = CallPeer.seat(node, "seed");
        String fits = "x".repeat(512 - signalJson("seed", a.session, "OFFER", "").length());
        assertStatus(200, a.post("OFFER", fits));
        assertStatus(400, a.post("OFFER", fits + "x"));
    }

    @Test
    void aSessionWithoutASeatIs409() throws Exception {
        node = TestNode.start();
        CallPeer a = CallPeer.seat(node, "mine");
        assertStatus(409, post(signalJson("mine", "2aAbcdefghijklmnopqrstuvwxy", "OFFER", "o"), "application/json"));
        assertStatus(409, post(signalJson("theirs", a.session, "OFFER", "o"), "application/json"));
    }

    @Test
    void postingDoesNotRenewTheSeat() throws Exception {
        node = TestNode.start("--seat-timeout", "1s");
        CallPeer a = CallPeer.seat(node, "np");
        assertStatus(200, a.post("OFFER", "first"));
        // If posting renewed the seat, posting every 50 ms would keep it forever.
        assertTrue(CallPeer.eventually(Duration.ofSeconds(5), () -> a.post("OFFER", "again").statusCode() == 409));
    }

    @Test
    void postingIsCountedInMetrics() throws Exception {
        node = TestNode.start();
        CallPeer a = CallPeer.seat(node, "m");
        a.post("ANSWER", "x");
        post("{}", "application/json");
        String metrics = node.adminGet("/metrics").body();
        assertTrue(metrics.contains("signal_messages_total{dialect=\"call\",direction=\"in\",type=\"ANSWER\"} 1.0"), metrics);
        assertTrue(metrics.contains("signal_errors_total{dialect=\"call\",reason=\"invalid\"} 1.0"), metrics);
    }
}

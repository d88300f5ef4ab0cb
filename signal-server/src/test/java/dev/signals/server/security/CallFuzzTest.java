package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile JOIN frames on the call dialect's {@code /ws} and hostile {@code POST /signal} bodies
 * (docs/call.md, SECURITY.md "Limits and their defaults", docs/security.md "On a WebSocket"). The call dialect's answers are fully decided by the input, so
 * the expected outcome is computed exactly: {@code bad handshake}, {@code bad seat} or WELCOME;
 * 400, 409 or 200 — and a 200 reaches the call's listener, byte for byte. Nothing leaks.
 */
class CallFuzzTest {
    private static final int CAP = 64 * 1024;
    private static final int TRIES = 200;
    private static final String CALL = "fuzz";
    private static final Pattern SESSION = Pattern.compile("\\{\"call\":\"fuzz\",\"session\":\"([0-9A-Za-z]{27})\",\"kind\":\"JOIN\"}");
    private static final String WELCOME = "{\"call\":\"fuzz\",\"kind\":\"WELCOME\"}";

    private static TestNode node;

    @BeforeAll
    static void start() {
        // Short seats renewed by frequent pings: seats lapse soon after the run, so the leak check can see them go.
        node = TestNode.start("--rate-limit", "0", "--conn-rate-limit", "0", "--http-rate-limit", "0",
                "--seat-count", "1000", "--seat-timeout", "2s", "--ws-ping-interval", "300ms");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void leaveNothingBehind() throws Exception {
        NodeChecks.awaitEmpty(node);
        assertEquals(0, NodeChecks.internalErrors(node), "no handler failed");
        NodeChecks.assertMetricLabelsBounded(node);
    }

    @Test
    void joinFramesGetExactlyTheDocumentedOutcome() throws Exception {
        String[] session = {null};
        Property.forAll("call /ws JOIN frames", TRIES, in -> {
            session[0] = seat();
            String join = "{\"kind\":\"JOIN\",\"call\":\"fuzz\",\"session\":\"" + session[0] + "\"}";
            return in.variantOf(in.pick(List.of(join, join.replace("}", ",\"body\":\"\"}"))), CAP);
        }, input -> {
            try (WsTestClient ws = node.ws("/ws")) {
                WsSync.SentFrame sent = WsSync.sendHostile(ws, input, CAP);
                WsTestClient.Frame answer = ws.next(Duration.ofSeconds(5));
                String expected = sent.closes() ? sent.closeCode() + " " + sent.closeReason()
                        : sent.binary() ? "1000 bad handshake"
                        : expectedJoin(input.text(), session[0]);
                String actual = answer.isClose() ? answer.closeCode() + " " + answer.closeReason() : answer.text();
                assertEquals(expected, actual);
            }
        });
    }

    @Test
    void signalBodiesGetExactlyTheDocumentedStatus() throws Exception {
        String listenerSession = seat();
        try (WsTestClient listener = node.ws("/ws")) {
            listener.sendText("{\"kind\":\"JOIN\",\"call\":\"fuzz\",\"session\":\"" + listenerSession + "\"}");
            assertEquals(WELCOME, listener.nextText());
            String[] session = {null};
            int[] sync = {0};
            Property.forAll("POST /signal bodies", TRIES, in -> {
                session[0] = seat();
                return in.variantOf("{\"call\":\"fuzz\",\"session\":\"" + session[0] + "\",\"kind\":\"OFFER\",\"body\":\"v=0\"}", CAP);
            }, input -> {
                boolean json = input.bytes().length % 13 != 0;
                HttpResponse<String> res = node.send(HttpRequest.newBuilder(node.uri("/signal"))
                        .header("Content-Type", json ? "application/json; charset=utf-8" : "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(input.bytes())).build());
                JsonNode signal = json && input.bytes().length <= CAP && input.validUtf8()
                        ? WsSync.strictObject(input.text()) : null;
                int expected = expectedSignalStatus(signal, session[0]);
                assertEquals(expected, res.statusCode());
                assertEquals("", res.body());
                List<WsTestClient.Frame> frames = new ArrayList<>(WsSync.framesBefore(listener, "l" + sync[0]++));
                if (expected == 200 && frames.stream().noneMatch(CallFuzzTest::isSignal)) {
                    // The signal is written to the listener from the request's event loop, so the
                    // listener's own PONG may overtake it: wait for it, then for anything after it.
                    WsTestClient.Frame late;
                    do {
                        late = listener.next(Duration.ofSeconds(5));
                        if (late.opcode() != 0xA) {
                            frames.add(late);
                        }
                    } while (!isSignal(late));
                    frames.addAll(WsSync.framesBefore(listener, "l" + sync[0]++));
                }
                long relayed = 0;
                for (WsTestClient.Frame f : frames) {
                    JsonNode event = WsSync.parse(f.text());
                    String kind = event.path("kind").asText();
                    if (kind.equals("PEER") || kind.equals("LEAVE")) {
                        assertEquals("call,kind", WsSync.keys(event), f.text()); // other fuzz sessions coming and going
                        continue;
                    }
                    relayed++;
                    assertEquals("call,body,kind", WsSync.keys(event), f.text());
                    assertEquals(signal.get("body").textValue(), event.get("body").textValue());
                    assertEquals(signal.get("kind").textValue(), kind);
                }
                assertEquals(expected == 200 ? 1 : 0, relayed, "a published signal reaches the listener once");
            });
        }
    }

    /** A relayed signal, not a pong or a PEER/LEAVE of other fuzz sessions. */
    private static boolean isSignal(WsTestClient.Frame f) {
        if (f.opcode() != 0x1) {
            return false;
        }
        String kind = WsSync.parse(f.text()).path("kind").asText();
        return !kind.equals("PEER") && !kind.equals("LEAVE");
    }

    /** docs/call.md handshake rules: kind JOIN, non-empty call of at most 256 code points and session, no body; then the seat. */
    private static String expectedJoin(String text, String seatedSession) {
        JsonNode root = WsSync.strictObject(text);
        if (root == null || !"JOIN".equals(root.path("kind").textValue())) {
            return "1000 bad handshake";
        }
        String call = nonEmptyString(root, "call");
        String session = nonEmptyString(root, "session");
        JsonNode body = root.get("body");
        boolean bodyOk = body == null || body.isNull() || (body.isTextual() && body.textValue().isEmpty());
        if (call == null || call.codePointCount(0, call.length()) > 256 || session == null || !bodyOk) {
            return "1000 bad handshake";
        }
        return call.equals(CALL) && session.equals(seatedSession) ? WELCOME : "1000 bad seat";
    }

    /** docs/call.md POST /signal: 400 unless four non-empty strings with kind OFFER or ANSWER; then 409 unless seated. */
    private static int expectedSignalStatus(JsonNode root, String seatedSession) {
        if (root == null) {
            return 400;
        }
        String kind = root.path("kind").textValue();
        String call = nonEmptyString(root, "call");
        String session = nonEmptyString(root, "session");
        if (!"OFFER".equals(kind) && !"ANSWER".equals(kind) || call == null || call.codePointCount(0, call.length()) > 256
                || session == null || nonEmptyString(root, "body") == null) {
            return 400;
        }
        return call.equals(CALL) && session.equals(seatedSession) ? 200 : 409;
    }

    private static String nonEmptyString(JsonNode root, String field) {
        JsonNode v = root.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? v.textValue() : null;
    }

    /** Takes a fresh seat in the fuzz call and returns its session. */
    private static String seat() {
        try {
            HttpResponse<String> res = node.get("/call/" + CALL);
            Matcher m = SESSION.matcher(res.body());
            assertTrue(res.statusCode() == 200 && m.matches(), res.statusCode() + " " + res.body());
            return m.group(1);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

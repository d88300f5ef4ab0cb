package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile frames on {@code /ws/{domain}} and hostile bodies on {@code POST /offer} (docs/domain.md,
 * docs/domain.md, SECURITY.md "Limits and their defaults", docs/security.md "On a WebSocket"): every answer is a documented {@code Resp} or error frame, sockets stay open
 * unless a frame was over the cap or not UTF-8, the target socket receives only re-serialised
 * offers and answers, no handler fails, and no domain or connection outlives its client.
 */
class DomainFuzzTest {
    private static final int CAP = 64 * 1024;
    private static final int TRIES = 250;
    private static final Pattern SOCKET_ERROR = Pattern.compile(
            "\\{\"ty\":\"error\",\"code\":-1,\"msg\":\"(invalid message|offer domain not connected|answer domain not connected)\"}");
    private static final Pattern BAD_OFFER = Pattern.compile("invalid JSON|empty document|not a JSON object"
            + "|(offer_sdp|answer_domain|offer_domain) (must be a string|is required|must not be empty)"
            + "|candidate must be an array of strings");
    private static final String INVALID_MESSAGE = "{\"ty\":\"error\",\"code\":-1,\"msg\":\"invalid message\"}";
    private static final String OFFER_REQ = "{\"offer_sdp\":\"eyJ0eXBlIjoib2ZmZXIifQ==\",\"candidate\":[\"candidate:1 1 udp\"],"
            + "\"answer_domain\":\"fuzz-b\",\"offer_domain\":\"fuzz-a\"}";
    private static final List<String> SOCKET_TEMPLATES = List.of(
            "{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":" + OFFER_REQ + "}",
            "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"eyJ9\",\"offer_domain\":\"fuzz-b\",\"candidate\":[]},\"offer_req\":null}",
            "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"eyJ9\",\"offer_domain\":\"fuzz-b\",\"candidate\":[\"c\"]},"
                    + "\"offer_req\":" + OFFER_REQ + "}");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/x-www-form-urlencoded",
            "application/json; charset=utf-16", "multipart/form-data; boundary=x", "*/*");

    private static TestNode node;
    private WsTestClient sender;
    private WsTestClient target;
    private int sync;

    @BeforeAll
    static void start() {
        node = TestNode.start("--rate-limit", "0", "--conn-rate-limit", "0", "--http-rate-limit", "0");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void connect() throws IOException {
        target = node.ws("/ws/fuzz-b");
        sender = node.ws("/ws/fuzz-a");
        assertEquals(101, target.status());
        assertEquals(101, sender.status());
    }

    @AfterEach
    void leaveNothingBehind() throws Exception {
        sender.close();
        target.close();
        NodeChecks.awaitEmpty(node);
        assertEquals(0, NodeChecks.internalErrors(node), "no handler failed");
        NodeChecks.assertMetricLabelsBounded(node);
    }

    @Test
    void socketFramesGetADocumentedAnswer() throws Exception {
        Property.forAll("domain socket frames", TRIES, in -> in.variantOf(in.pick(SOCKET_TEMPLATES), CAP), input -> {
            WsSync.SentFrame sent = WsSync.sendHostile(sender, input, CAP);
            if (sent.closes()) {
                WsSync.assertClosedAsRequired(sender, sent);
                sender.close();
                sender = node.ws("/ws/fuzz-a");
                return;
            }
            List<WsTestClient.Frame> answers = WsSync.framesBefore(sender, "s" + sync++);
            assertTrue(answers.size() <= 1, "at most one answer: " + answers);
            JsonNode root = sent.binary() ? null : WsSync.strictObject(input.text());
            boolean knownTy = root != null && ("offer".equals(root.path("ty").textValue()) || "answer".equals(root.path("ty").textValue()));
            if (!knownTy) {
                assertEquals(List.of(INVALID_MESSAGE), texts(answers));
            } else if (!answers.isEmpty() && !SOCKET_ERROR.matcher(answers.get(0).text()).matches()) {
                assertForwarded(answers.get(0).text()); // an offer the sender addressed to itself
            }
            for (WsTestClient.Frame f : WsSync.framesBefore(target, "t" + sync)) {
                assertForwarded(f.text());
            }
        });
    }

    @Test
    void offerBodiesGetADocumentedResp() throws Exception {
        Property.forAll("POST /offer bodies", TRIES, in -> in.variantOf(OFFER_REQ, CAP), input -> {
            HttpResponse<String> res = node.send(HttpRequest.newBuilder(node.uri("/offer"))
                    .header("Content-Type", CONTENT_TYPES.get(input.bytes().length % CONTENT_TYPES.size()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(input.bytes())).build());
            assertEquals("application/json; charset=utf-8", res.headers().firstValue("content-type").orElse(""));
            JsonNode resp = WsSync.parse(res.body());
            assertEquals("code,msg,data", WsSync.keys(resp), res.body());
            assertTrue(resp.get("data").isNull());
            String msg = resp.get("msg").textValue();
            if (input.bytes().length > CAP) {
                assertEquals(413, res.statusCode());
                assertEquals("body too large", msg);
                return;
            }
            if (WsSync.strictObject(input.bytes()) == null) {
                assertEquals(400, res.statusCode(), res.body());
                assertTrue(msg.matches("invalid JSON|empty document|not a JSON object"), msg);
                return;
            }
            List<WsTestClient.Frame> pushed = WsSync.framesBefore(target, "t" + sync++);
            switch (res.statusCode()) {
                case 200:
                    assertEquals("{\"code\":0,\"msg\":\"success\",\"data\":null}", res.body());
                    assertEquals(1, pushed.size(), "the offer reached its target");
                    assertForwarded(pushed.get(0).text());
                    break;
                case 400:
                    assertTrue(BAD_OFFER.matcher(msg).matches(), msg);
                    assertEquals(List.of(), pushed);
                    break;
                case 404:
                    assertEquals("answer domain not connected", msg);
                    assertEquals(List.of(), pushed);
                    break;
                default:
                    throw new AssertionError("undocumented status " + res.statusCode() + " " + res.body());
            }
        });
    }

    /** What a domain socket may receive from another: an offer or answer re-serialised in docs/domain.md's key order. */
    private static void assertForwarded(String frame) {
        JsonNode root = WsSync.parse(frame);
        assertEquals("ty,answer_resp,offer_req", WsSync.keys(root), frame);
        String ty = root.get("ty").textValue();
        if (ty.equals("offer")) {
            assertTrue(root.get("answer_resp").isNull(), frame);
            assertOfferReq(root.get("offer_req"), frame);
        } else {
            assertEquals("answer", ty, frame);
            assertEquals("answer_sdp,offer_domain,candidate", WsSync.keys(root.get("answer_resp")), frame);
            if (!root.get("offer_req").isNull()) {
                assertOfferReq(root.get("offer_req"), frame);
            }
        }
    }

    private static void assertOfferReq(JsonNode req, String frame) {
        assertEquals("offer_sdp,candidate,answer_domain,offer_domain", WsSync.keys(req), frame);
        for (String field : List.of("offer_sdp", "answer_domain", "offer_domain")) {
            assertTrue(req.get(field).isTextual() && !req.get(field).textValue().isEmpty(), frame);
        }
        req.get("candidate").forEach(c -> assertTrue(c.isTextual(), frame));
    }

    private static List<String> texts(List<WsTestClient.Frame> frames) {
        return frames.stream().map(WsTestClient.Frame::text).toList();
    }
}

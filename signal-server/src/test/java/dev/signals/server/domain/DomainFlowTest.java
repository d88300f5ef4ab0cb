package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.INVALID_MESSAGE;
import static dev.signals.server.domain.DomainWire.SUCCESS;
import static dev.signals.server.domain.DomainWire.answerFrame;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.connect;
import static dev.signals.server.domain.DomainWire.error;
import static dev.signals.server.domain.DomainWire.offerFrame;
import static dev.signals.server.domain.DomainWire.offerReq;
import static dev.signals.server.domain.DomainWire.resp;
import static dev.signals.server.domain.DomainWire.sdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 002's clients against a real node: offers POSTed and pushed, answers relayed, replacement. */
class DomainFlowTest {
    private static final Duration QUIET = Duration.ofMillis(200);
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
    void seedTwoPeerExchangeHasExactBytes() throws Exception {
        try (WsTestClient a = connect(node, "A", 1); WsTestClient b = connect(node, "B", 2)) {
            String offerSdp = sdp("offer", "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\n");
            String cands = "[\"candidate:1 1 udp 2130706431 192.168.1.2 54321 typ host\",\"candidate:2 1 tcp 1 ::1 9 typ host\"]";
            // The seed's table order, an unknown field, and a text/plain content type: all accepted.
            String body = "{\"offer_sdp\":\"" + offerSdp + "\",\"candidate\":" + cands
                    + ",\"answer_domain\":\"B\",\"offer_domain\":\"A\",\"extra\":{\"x\":[1,2]}}";
            assertResp(node.post("/offer", body, "Content-Type", "text/plain"), 200, SUCCESS);
            String pushedReq = offerReq(offerSdp, cands, "B", "A");
            assertEquals(offerFrame(pushedReq), b.nextText());

            String answerSdp = sdp("answer", "v=0\\r\\no=- 1 2 IN IP4 10.0.0.1\\r\\n");
            String answerCands = "[\"candidate:3 1 udp 1 10.0.0.1 5000 typ host\"]";
            // Keys out of order and an unknown field: forwarded in docs/domain.md's order, the unknown one dropped.
            b.sendText("{\"offer_req\":{\"offer_domain\":\"A\",\"answer_domain\":\"B\",\"candidate\":" + cands
                    + ",\"offer_sdp\":\"" + offerSdp + "\"},\"answer_resp\":{\"candidate\":" + answerCands
                    + ",\"offer_domain\":\"A\",\"answer_sdp\":\"" + answerSdp + "\",\"answer_domain\":\"B\"},\"ty\":\"answer\"}");
            assertEquals(answerFrame(answerSdp, "A", answerCands, pushedReq), a.nextText());

            // offer_req is optional in an answer, and candidate defaults to [].
            b.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"c2Rw\",\"offer_domain\":\"A\"}}");
            assertEquals(answerFrame("c2Rw", "A", "[]", "null"), a.nextText());
            assertNull(a.poll(QUIET), "nothing else for the offerer");
            assertNull(b.poll(QUIET), "the answerer gets no echo");
        }
    }

    @Test
    void socketOfferExtensionIsRoutedLikePostOffer() throws Exception {
        try (WsTestClient a = connect(node, "A", 1); WsTestClient b = connect(node, "B", 2)) {
            String req = offerReq("b2ZmZXI=", "[]", "B", "A");
            a.sendText("{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":{\"offer_sdp\":\"b2ZmZXI=\","
                    + "\"answer_domain\":\"B\",\"offer_domain\":\"A\"}}");
            assertEquals(offerFrame(req), b.nextText());
            a.sendText("{\"ty\":\"offer\",\"offer_req\":" + offerReq("eA==", "[]", "Z", "A") + "}");
            assertEquals(error("answer domain not connected"), a.nextText());
        }
    }

    @Test
    void offerToUnknownDomainIs404() throws Exception {
        assertResp(node.post("/offer", offerReq("eA==", "[]", "nobody", "A")), 404, resp("answer domain not connected"));
    }

    @Test
    void secondSocketReplacesTheFirst() throws Exception {
        try (WsTestClient first = connect(node, "B", 1); WsTestClient second = node.ws("/ws/B")) {
            assertEquals(101, second.status());
            WsTestClient.Frame close = first.next();
            assertTrue(close.isClose(), "the replaced socket gets only a close frame, not " + close.text());
            assertEquals(4000, close.closeCode());
            assertEquals("replaced by a newer connection", close.closeReason());
            assertTrue(first.awaitEof(Duration.ofSeconds(5)), "the replaced socket is closed");

            // The first socket's cleanup has run by now; the second still holds B.
            node.awaitState(s -> s.contains("\"domain\":1,"));
            node.awaitState(s -> s.contains("\"domains\":1,"));
            String req = offerReq("eA==", "[]", "B", "A");
            assertResp(node.post("/offer", req), 200, SUCCESS);
            assertEquals(offerFrame(req), second.nextText());

            second.sendClose(1000, "bye");
            node.awaitState(s -> s.contains("\"domains\":0,"));
            assertResp(node.post("/offer", req), 404, resp("answer domain not connected"));
        }
    }

    @Test
    void abruptDisconnectUnregisters() throws Exception {
        WsTestClient b = connect(node, "B", 1);
        b.abort();
        node.awaitState(s -> s.contains("\"domains\":0,"));
        assertResp(node.post("/offer", offerReq("eA==", "[]", "B", "A")), 404, resp("answer domain not connected"));
    }

    @Test
    void malformedFramesGetErrorFramesAndTheSocketKeepsWorking() throws Exception {
        try (WsTestClient a = connect(node, "A", 1); WsTestClient b = connect(node, "B", 2)) {
            String req = offerReq("eA==", "[]", "A", "B");
            String[] bad = {
                "not json", "[]", "\"answer\"", "{}", "{\"ty\":5}", "{\"ty\":\"bogus\"}", "{\"ty\":\"answer\"}",
                "{\"ty\":\"answer\",\"answer_resp\":null}",
                "{\"ty\":\"answer\",\"answer_resp\":\"x\"}",
                "{\"ty\":\"answer\",\"answer_resp\":{\"offer_domain\":\"A\"}}",
                "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"\",\"offer_domain\":\"A\"}}",
                "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":1,\"offer_domain\":\"A\"}}",
                "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"A\",\"candidate\":\"c\"}}",
                "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"A\",\"candidate\":[1]}}",
                "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"A\"},\"offer_req\":{}}",
                "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"A\"},\"offer_req\":7}",
                "{\"ty\":\"answer\",\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"A\"}}",
                "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"A\"}} {}",
                "{\"ty\":\"offer\",\"answer_resp\":null}",
                "{\"ty\":\"offer\",\"offer_req\":{\"offer_sdp\":\"x\",\"answer_domain\":\"A\"}}",
            };
            for (String frame : bad) {
                b.sendText(frame);
                assertEquals(INVALID_MESSAGE, b.nextText(), frame);
            }
            b.sendBinary(new byte[] {1, 2, 3});
            assertEquals(INVALID_MESSAGE, b.nextText(), "binary frame");
            b.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"gone\"}}");
            assertEquals(error("offer domain not connected"), b.nextText());
            assertNull(a.poll(QUIET), "nothing bad reached the other peer");

            b.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"eA==\",\"offer_domain\":\"A\",\"candidate\":[]},"
                    + "\"offer_req\":" + req + "}");
            assertEquals(answerFrame("eA==", "A", "[]", req), a.nextText());
        }
    }

    @Test
    void postOfferNamesTheBadField() throws Exception {
        String[][] cases = {
            {"", "empty document"},
            {" \n", "empty document"},
            {"not json", "invalid JSON"},
            {"[]", "not a JSON object"},
            {"{\"a\":1,\"a\":2}", "invalid JSON"},
            {offerReq("eA==", "[]", "B", "A") + "x", "invalid JSON"},
            {"{\"candidate\":[],\"answer_domain\":\"B\",\"offer_domain\":\"A\"}", "offer_sdp is required"},
            {"{\"offer_sdp\":null,\"answer_domain\":\"B\",\"offer_domain\":\"A\"}", "offer_sdp is required"},
            {"{\"offer_sdp\":5,\"answer_domain\":\"B\",\"offer_domain\":\"A\"}", "offer_sdp must be a string"},
            {"{\"offer_sdp\":\"\",\"answer_domain\":\"B\",\"offer_domain\":\"A\"}", "offer_sdp must not be empty"},
            {"{\"offer_sdp\":\"x\",\"candidate\":\"c\",\"answer_domain\":\"B\",\"offer_domain\":\"A\"}", "candidate must be an array of strings"},
            {"{\"offer_sdp\":\"x\",\"candidate\":[true],\"answer_domain\":\"B\",\"offer_domain\":\"A\"}", "candidate must be an array of strings"},
            {"{\"offer_sdp\":\"x\",\"offer_domain\":\"A\"}", "answer_domain is required"},
            {"{\"offer_sdp\":\"x\",\"answer_domain\":[\"B\"],\"offer_domain\":\"A\"}", "answer_domain must be a string"},
            {"{\"offer_sdp\":\"x\",\"answer_domain\":\"B\"}", "offer_domain is required"},
            {"{\"offer_sdp\":\"x\",\"answer_domain\":\"B\",\"offer_domain\":1.5}", "offer_domain must be a string"},
        };
        for (String[] c : cases) {
            assertResp(node.post("/offer", c[0], "Content-Type", "application/json"), 400, resp(c[1]));
        }
        byte[] invalidUtf8 = {'{', '"', 'o', (byte) 0xC3, '"', ':', '1', '}'};
        assertResp(node.send(java.net.http.HttpRequest.newBuilder(node.uri("/offer"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(invalidUtf8)).build()), 400, resp("invalid JSON"));
    }

    @Test
    void candidateMayBeMissing() throws Exception {
        try (WsTestClient b = connect(node, "B", 1)) {
            assertResp(node.post("/offer", "{\"offer_sdp\":\"eA==\",\"answer_domain\":\"B\",\"offer_domain\":\"A\"}"), 200, SUCCESS);
            assertEquals(offerFrame(offerReq("eA==", "[]", "B", "A")), b.nextText());
        }
    }

    @Test
    void debugStateAndMetricsCountDomains() throws Exception {
        try (WsTestClient a = connect(node, "A", 1); WsTestClient b = connect(node, "B", 2)) {
            assertResp(node.post("/offer", offerReq("eA==", "[]", "B", "A")), 200, SUCCESS);
            b.nextText();
            String metrics = node.adminGet("/metrics").body();
            assertTrue(metrics.contains("\nsignal_domains 2.0\n"), metrics);
            assertTrue(metrics.contains("signal_messages_total{dialect=\"domain\",direction=\"in\",type=\"offer\"} 1.0"), metrics);
            assertTrue(metrics.contains("signal_messages_total{dialect=\"domain\",direction=\"out\",type=\"offer\"} 1.0"), metrics);
            assertTrue(metrics.contains("signal_connections{dialect=\"domain\"} 2.0"), metrics);
        }
    }
}

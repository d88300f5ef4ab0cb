package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.INVALID_MESSAGE;
import static dev.signals.server.domain.DomainWire.SUCCESS;
import static dev.signals.server.domain.DomainWire.answerFrame;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.error;
import static dev.signals.server.domain.DomainWire.offerFrame;
import static dev.signals.server.domain.DomainWire.offerReq;
import static dev.signals.server.domain.DomainWire.resp;
import static dev.signals.server.domain.DomainWire.sdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.DeployedTest;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's clients against real nodes: offers POSTed and pushed, answers relayed, replacement,
 * on every {@link dev.signals.server.testing.Deployment}. Clustered, the offerer (client 0) and the
 * answerer (client 1) are on different nodes, so every frame crosses the backplane.
 */
class DomainFlowTest extends DeployedTest {
    private static final Duration QUIET = Duration.ofMillis(200);
    /** This test's offerer and answerer domains. */
    private String a;
    private String b;

    @BeforeEach
    void names() {
        a = unique("A");
        b = unique("B");
    }

    /**
     * Opens {@code /ws/{domain}} on {@code nodes.node(i)} and waits until the other node reaches it:
     * a probe offer posted there succeeds (docs/domain.md), and the socket's copy of it is read.
     */
    static WsTestClient connect(Nodes nodes, int i, String domain) throws Exception {
        WsTestClient c = nodes.node(i).ws("/ws/" + domain);
        assertEquals(101, c.status(), c.body());
        String probe = offerReq("cHJvYmU=", "[]", domain, "probe");
        Await.until(domain + " is reachable from every node", Duration.ofSeconds(10),
                () -> nodes.node(i + 1).post("/offer", probe).statusCode() == 200);
        assertEquals(offerFrame(probe), c.nextText());
        return c;
    }

    private WsTestClient connect(int i, String domain) throws Exception {
        return track(connect(this::node, i, domain));
    }

    /** Waits until no node reaches {@code domain}. */
    private void awaitUnreachable(Nodes nodes, String domain) throws Exception {
        String req = offerReq("eA==", "[]", domain, a);
        for (int i = 0; i < 2; i++) {
            TestNode node = nodes.node(i);
            Await.until(domain + " is gone from " + node.server().nodeId(), Duration.ofSeconds(10),
                    () -> node.post("/offer", req).statusCode() == 404);
            assertResp(node.post("/offer", req), 404, resp("answer domain not connected"));
        }
    }

    @Test
    void seedTwoPeerExchangeHasExactBytes() throws Exception {
        WsTestClient offerer = connect(0, a);
        WsTestClient answerer = connect(1, b);
        String offerSdp = sdp("offer", "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\n");
        String cands = "[\"candidate:1 1 udp 2130706431 192.168.1.2 54321 typ host\",\"candidate:2 1 tcp 1 ::1 9 typ host\"]";
        // The seed's table order, an unknown field, and a text/plain content type: all accepted.
        String body = "{\"offer_sdp\":\"" + offerSdp + "\",\"candidate\":" + cands
                + ",\"answer_domain\":\"" + b + "\",\"offer_domain\":\"" + a + "\",\"extra\":{\"x\":[1,2]}}";
        assertResp(node(0).post("/offer", body, "Content-Type", "text/plain"), 200, SUCCESS);
        String pushedReq = offerReq(offerSdp, cands, b, a);
        assertEquals(offerFrame(pushedReq), answerer.nextText());

        String answerSdp = sdp("answer", "v=0\\r\\no=- 1 2 IN IP4 10.0.0.1\\r\\n");
        String answerCands = "[\"candidate:3 1 udp 1 10.0.0.1 5000 typ host\"]";
        // Keys out of order and an unknown field: forwarded in docs/domain.md's order, the unknown one dropped.
        answerer.sendText("{\"offer_req\":{\"offer_domain\":\"" + a + "\",\"answer_domain\":\"" + b + "\",\"candidate\":" + cands
                + ",\"offer_sdp\":\"" + offerSdp + "\"},\"answer_resp\":{\"candidate\":" + answerCands
                + ",\"offer_domain\":\"" + a + "\",\"answer_sdp\":\"" + answerSdp + "\",\"answer_domain\":\"" + b + "\"},\"ty\":\"answer\"}");
        assertEquals(answerFrame(answerSdp, a, answerCands, pushedReq), offerer.nextText());

        // offer_req is optional in an answer, and candidate defaults to [].
        answerer.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"c2Rw\",\"offer_domain\":\"" + a + "\"}}");
        assertEquals(answerFrame("c2Rw", a, "[]", "null"), offerer.nextText());
        assertNull(offerer.poll(QUIET), "nothing else for the offerer");
        assertNull(answerer.poll(QUIET), "the answerer gets no echo");
    }

    @Test
    void socketOfferExtensionIsRoutedLikePostOfferAndKeepsEachSendersOrder() throws Exception {
        WsTestClient offerer = connect(0, a);
        WsTestClient answerer = connect(1, b);
        String req = offerReq("b2ZmZXI=", "[]", b, a);
        offerer.sendText("{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":{\"offer_sdp\":\"b2ZmZXI=\","
                + "\"answer_domain\":\"" + b + "\",\"offer_domain\":\"" + a + "\"}}");
        assertEquals(offerFrame(req), answerer.nextText());
        offerer.sendText("{\"ty\":\"offer\",\"offer_req\":" + offerReq("eA==", "[]", "nobody", a) + "}");
        assertEquals(error("answer domain not connected"), offerer.nextText());
        for (int i = 0; i < 50; i++) {
            offerer.sendText("{\"ty\":\"offer\",\"offer_req\":" + offerReq("s" + i, "[]", b, a) + "}");
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(offerFrame(offerReq("s" + i, "[]", b, a)), answerer.nextText());
        }
    }

    @Test
    void offerToUnknownDomainIs404() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertResp(node(i).post("/offer", offerReq("eA==", "[]", "nobody", a)), 404, resp("answer domain not connected"));
        }
    }

    @Test
    void aNewerSocketReplacesTheOlderWhicheverNodesTheyAreOn() throws Exception {
        WsTestClient first = connect(0, b);
        WsTestClient second = track(node(1).ws("/ws/" + b));
        assertEquals(101, second.status());
        WsTestClient.Frame close = first.next();
        assertTrue(close.isClose(), "the replaced socket gets only a close frame, not " + close.text());
        assertEquals(4000, close.closeCode());
        assertEquals("replaced by a newer connection", close.closeReason());
        assertTrue(first.awaitEof(Duration.ofSeconds(5)), "the replaced socket is closed");

        // Every node reaches the second socket, and the first one's late cleanup leaves it the domain.
        String req = offerReq("eA==", "[]", b, a);
        for (int i = 0; i < 2; i++) {
            assertResp(node(i).post("/offer", req), 200, SUCCESS);
            assertEquals(offerFrame(req), second.nextText());
        }
        // And back: a third socket on the first node displaces the second.
        WsTestClient third = track(node(0).ws("/ws/" + b));
        assertEquals(101, third.status());
        assertEquals(4000, second.next().closeCode());
        for (int i = 0; i < 2; i++) {
            assertResp(node(i).post("/offer", req), 200, SUCCESS);
            assertEquals(offerFrame(req), third.nextText());
        }
        third.sendClose(1000, "bye");
        awaitUnreachable(this::node, b);
    }

    @Test
    void abruptDisconnectUnregisters() throws Exception {
        WsTestClient answerer = connect(1, b);
        answerer.abort();
        awaitUnreachable(this::node, b);
    }

    @Test
    void malformedFramesGetErrorFramesAndTheSocketKeepsWorking() throws Exception {
        WsTestClient offerer = connect(0, a);
        WsTestClient answerer = connect(1, b);
        String req = offerReq("eA==", "[]", a, b);
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
            answerer.sendText(frame);
            assertEquals(INVALID_MESSAGE, answerer.nextText(), frame);
        }
        answerer.sendBinary(new byte[] {1, 2, 3});
        assertEquals(INVALID_MESSAGE, answerer.nextText(), "binary frame");
        answerer.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"gone\"}}");
        assertEquals(error("offer domain not connected"), answerer.nextText());
        assertNull(offerer.poll(QUIET), "nothing bad reached the other peer");

        answerer.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"eA==\",\"offer_domain\":\"" + a + "\",\"candidate\":[]},"
                + "\"offer_req\":" + req + "}");
        assertEquals(answerFrame("eA==", a, "[]", req), offerer.nextText());
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
            assertResp(node(0).post("/offer", c[0], "Content-Type", "application/json"), 400, resp(c[1]));
        }
        byte[] invalidUtf8 = {'{', '"', 'o', (byte) 0xC3, '"', ':', '1', '}'};
        assertResp(node(1).send(java.net.http.HttpRequest.newBuilder(node(1).uri("/offer"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(invalidUtf8)).build()), 400, resp("invalid JSON"));
    }

    @Test
    void candidateMayBeMissing() throws Exception {
        WsTestClient answerer = connect(1, b);
        assertResp(node(0).post("/offer", "{\"offer_sdp\":\"eA==\",\"answer_domain\":\"" + b + "\",\"offer_domain\":\"" + a + "\"}"),
                200, SUCCESS);
        assertEquals(offerFrame(offerReq("eA==", "[]", b, a)), answerer.nextText());
    }

    @Test
    void debugStateAndMetricsCountDomains() throws Exception {
        TestNode node = deploy().node(0);
        track(DomainWire.connect(node, a, 1));
        WsTestClient answerer = track(DomainWire.connect(node, b, 2));
        assertResp(node.post("/offer", offerReq("eA==", "[]", b, a)), 200, SUCCESS);
        answerer.nextText();
        String metrics = node.adminGet("/metrics").body();
        assertTrue(metrics.contains("\nsignal_domains 2.0\n"), metrics);
        assertTrue(metrics.contains("signal_messages_total{dialect=\"domain\",direction=\"in\",type=\"offer\"} 1.0"), metrics);
        assertTrue(metrics.contains("signal_messages_total{dialect=\"domain\",direction=\"out\",type=\"offer\"} 1.0"), metrics);
        assertTrue(metrics.contains("signal_connections{dialect=\"domain\"} 2.0"), metrics);
    }
}

package dev.signals.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Exact domain-dialect bytes the tests send and expect (docs/domain.md), written out by hand. */
final class DomainWire {
    static final String SUCCESS = "{\"code\":0,\"msg\":\"success\",\"data\":null}";
    static final String INVALID_MESSAGE = error("invalid message");

    private DomainWire() {
    }

    static String resp(String msg) {
        return "{\"code\":-1,\"msg\":\"" + msg + "\",\"data\":null}";
    }

    static String error(String msg) {
        return "{\"ty\":\"error\",\"code\":-1,\"msg\":\"" + msg + "\"}";
    }

    /** Base64 of an SDP object serialised as JSON, as the seed's clients send it. */
    static String sdp(String type, String body) {
        String json = "{\"type\":\"" + type + "\",\"sdp\":\"" + body + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code OfferReq} in the server's key order (also a valid request body). */
    static String offerReq(String sdp, String candidates, String answerDomain, String offerDomain) {
        return "{\"offer_sdp\":\"" + sdp + "\",\"candidate\":" + candidates + ",\"answer_domain\":\""
                + answerDomain + "\",\"offer_domain\":\"" + offerDomain + "\"}";
    }

    /** What the answerer's socket receives for {@code offerReq} (already in server order). */
    static String offerFrame(String offerReq) {
        return "{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":" + offerReq + "}";
    }

    static String answerFrame(String answerSdp, String offerDomain, String candidates, String offerReqOrNull) {
        return "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"" + answerSdp + "\",\"offer_domain\":\""
                + offerDomain + "\",\"candidate\":" + candidates + "},\"offer_req\":" + offerReqOrNull + "}";
    }

    /** Opens {@code /ws/{domain}} and waits until the node has registered it. */
    static WsTestClient connect(TestNode node, String domain, int expectedDomains) throws Exception {
        WsTestClient c = node.ws("/ws/" + domain);
        assertEquals(101, c.status(), c.body());
        node.awaitState(s -> s.contains("\"domains\":" + expectedDomains + ","));
        return c;
    }

    static void assertResp(HttpResponse<String> res, int status, String body) {
        assertEquals(status, res.statusCode(), res.body());
        assertEquals(body, res.body());
        assertEquals("application/json; charset=utf-8", res.headers().firstValue("content-type").orElse(null));
    }
}

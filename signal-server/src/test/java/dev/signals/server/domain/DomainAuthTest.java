package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.SUCCESS;
import static dev.signals.server.domain.DomainWire.answerFrame;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.error;
import static dev.signals.server.domain.DomainWire.offerFrame;
import static dev.signals.server.domain.DomainWire.offerReq;
import static dev.signals.server.domain.DomainWire.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SECURITY.md "Per dialect, without and with authentication" on the domain dialect: 401/403 {@code Resp}s, and no domain hijacking. */
class DomainAuthTest {
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start("--auth-secret", Tokens.SECRET);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static Map<String, String> bearer(String domainGrant) {
        return Map.of("Authorization", "Bearer " + Tokens.valid(Map.of("domain", domainGrant)));
    }

    private WsTestClient refused(String path, Map<String, String> headers, int status, String body) throws Exception {
        WsTestClient c = node.ws(path, headers);
        assertEquals(status, c.status(), path);
        assertEquals(body, c.body(), path);
        assertEquals("application/json; charset=utf-8", c.header("content-type"));
        c.close();
        return c;
    }

    @Test
    void registeringNeedsATokenGrantingTheDomain() throws Exception {
        refused("/ws/B", Map.of(), 401, resp("missing token"));
        refused("/ws/B", Map.of("Authorization", "Bearer not.a.jwt"), 401, resp("invalid token"));
        String expired = Tokens.hs256(Tokens.SECRET, Duration.ofMinutes(-10), Map.of("domain", "B"));
        refused("/ws/B?token=" + expired, Map.of(), 401, resp("invalid token"));
        refused("/ws/B", Map.of("Authorization", "Bearer " + Tokens.valid(Map.of("room", "*"))), 403, resp("forbidden"));
        refused("/ws/B", bearer("A"), 403, resp("forbidden"));
        refused("/ws/bad%20name", bearer("*"), 400, resp("invalid domain"));
        try (WsTestClient b = node.ws("/ws/B?token=" + Tokens.valid(Map.of("domain", "B")));
             WsTestClient any = node.ws("/ws/C", bearer("*"))) {
            assertEquals(101, b.status());
            assertEquals(101, any.status());
        }
    }

    @Test
    void aTokenForAnotherDomainCannotHijackARegisteredOne() throws Exception {
        try (WsTestClient b = node.ws("/ws/B", bearer("B"))) {
            assertEquals(101, b.status());
            node.awaitState(s -> s.contains("\"domains\":1,"));
            refused("/ws/B", bearer("A"), 403, resp("forbidden"));
            String req = offerReq("eA==", "[]", "B", "A");
            assertResp(node.post("/offer", req, "Authorization", "Bearer " + Tokens.valid(Map.of("domain", "A"))), 200, SUCCESS);
            assertEquals(offerFrame(req), b.nextText(), "the rightful holder still receives its offers");
        }
    }

    @Test
    void postingAnOfferNeedsATokenGrantingTheOfferDomain() throws Exception {
        try (WsTestClient b = node.ws("/ws/B", bearer("B"))) {
            node.awaitState(s -> s.contains("\"domains\":1,"));
            String req = offerReq("eA==", "[]", "B", "A");
            assertResp(node.post("/offer", req), 401, resp("missing token"));
            assertResp(node.post("/offer", req, "Authorization", "Bearer " + Tokens.valid(Map.of("domain", "X"))), 403,
                    resp("forbidden"));
            assertResp(node.post("/offer", "{}", "Authorization", "Bearer " + Tokens.valid(Map.of("domain", "X"))), 400,
                    resp("offer_sdp is required"));
            assertResp(node.post("/offer?token=" + Tokens.valid(Map.of("domain", "A")), req), 200, SUCCESS);
            assertEquals(offerFrame(req), b.nextText());
        }
    }

    @Test
    void aSocketMayOfferOnlyAsADomainItsTokenGrants() throws Exception {
        try (WsTestClient a = node.ws("/ws/A", bearer("A")); WsTestClient b = node.ws("/ws/B", bearer("B"))) {
            node.awaitState(s -> s.contains("\"domains\":2,"));
            a.sendText("{\"ty\":\"offer\",\"offer_req\":" + offerReq("eA==", "[]", "B", "victim") + "}");
            assertEquals(error("forbidden"), a.nextText());
            String req = offerReq("eA==", "[]", "B", "A");
            a.sendText("{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":" + req + "}");
            assertEquals(offerFrame(req), b.nextText());
        }
    }

    /** An answer echoes the offer it answers; its answer_domain is the answerer's name, and must be granted. */
    @Test
    void aSocketMayAnswerOnlyAsADomainItsTokenGrants() throws Exception {
        try (WsTestClient a = node.ws("/ws/A", bearer("A")); WsTestClient c = node.ws("/ws/C", bearer("C"))) {
            node.awaitState(s -> s.contains("\"domains\":2,"));
            offer(a, c, offerReq("eA==", "[]", "C", "A"));
            offer(a, c, offerReq("eA==", "[]", "C", "A"));
            String impersonated = answerFrame("c2Rw", "A", "[]", offerReq("eA==", "[]", "B", "A"));
            c.sendText(impersonated);
            assertEquals(error("forbidden"), c.nextText());
            String own = answerFrame("c2Rw", "A", "[]", offerReq("eA==", "[]", "C", "A"));
            c.sendText(own);
            assertEquals(own, a.nextText(), "the first answer after the refused one: nothing in B's name came first");
            String anonymous = answerFrame("c2Rw", "A", "[]", "null");
            c.sendText(anonymous);
            assertEquals(anonymous, a.nextText(), "an answer without offer_req names nobody and is delivered");
        }
    }

    /**
     * Issue 19 item 4: a token granting only A answers V, which never offered to A. V must receive
     * nothing; A gets {@code forbidden}. Once V offers, A may answer that offer exactly once.
     */
    @Test
    void anAnswerGoesOnlyToADomainWithAnOfferOutstandingOrAGrantedOne() throws Exception {
        try (WsTestClient a = node.ws("/ws/A", bearer("A")); WsTestClient v = node.ws("/ws/V", bearer("V"));
             WsTestClient granted = node.ws("/ws/G", bearer("*"))) {
            node.awaitState(s -> s.contains("\"domains\":3,"));
            String evil = "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"EVIL\",\"offer_domain\":\"V\","
                    + "\"candidate\":[]},\"offer_req\":null}";
            a.sendText(evil);
            assertEquals(error("forbidden"), a.nextText());

            String req = offerReq("eA==", "[]", "A", "V");
            offer(v, a, req);
            String answer = answerFrame("c2Rw", "V", "[]", "null");
            a.sendText(answer);
            assertEquals(answer, v.nextText(), "the first frame V receives is the answer to its own offer");
            a.sendText(answer);
            assertEquals(error("forbidden"), a.nextText(), "one offer, one answer");

            // A token granting every domain (or the target itself) needs no offer.
            granted.sendText(answer);
            assertEquals(answer, v.nextText());
            assertEquals(2.0, node.metric("signal_errors_total{dialect=\"domain\",reason=\"forbidden\"}"));
        }
    }

    /** {@code from} sends {@code req} as a socket offer; {@code to} receives it. */
    private static void offer(WsTestClient from, WsTestClient to, String req) throws Exception {
        from.sendText("{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":" + req + "}");
        assertEquals(offerFrame(req), to.nextText());
    }
}

package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.SUCCESS;
import static dev.signals.server.domain.DomainWire.answerFrame;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.error;
import static dev.signals.server.domain.DomainWire.offerFrame;
import static dev.signals.server.domain.DomainWire.offerReq;
import static dev.signals.server.domain.DomainWire.resp;
import static dev.signals.server.domain.DomainWire.sdp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RedisTopology;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Domains across nodes through a real Redis (docs/domain.md, docs/cluster.md): offers reach a domain
 * whichever node it registered on, answers find their offerer on a third node, and registration
 * is last one wins across nodes.
 */
class RedisDomainClusterTest extends ClusteredTest {
    /** Opens {@code /ws/{domain}} on {@code node} and waits until Redis names that node as its holder. */
    private WsTestClient register(TestNode node, String domain) throws Exception {
        WsTestClient c = track(node.ws("/ws/" + domain));
        assertEquals(101, c.status(), c.body());
        awaitHolder(redis, prefix, domain, node.server().nodeId());
        return c;
    }

    static void awaitHolder(RedisTopology redis, String prefix, String domain, String nodeId) throws Exception {
        Await.matching(domain + " held by " + nodeId, Duration.ofSeconds(5), () -> redis.command("GET", prefix + "domain:" + domain),
                holder -> holder != null && holder.toString().startsWith(nodeId + " "));
    }

    @Test
    void offersReachTheHolderOnAnotherNodeAndAnswersReachTheOffererOnAThird() throws Exception {
        TestNode one = node("one");
        TestNode two = node("two");
        TestNode three = node("three");
        WsTestClient answerer = register(one, "B");
        WsTestClient offerer = register(three, "A");

        String req = offerReq(sdp("offer", "v=0"), "[\"candidate:1 1 udp 1 1.2.3.4 5 typ host\"]", "B", "A");
        assertResp(two.post("/offer", req), 200, SUCCESS);
        assertEquals(offerFrame(req), answerer.nextText());

        String answer = "{\"ty\":\"answer\",\"answer_resp\":{\"candidate\":[\"c\"],\"offer_domain\":\"A\",\"answer_sdp\":\""
                + sdp("answer", "v=1") + "\",\"extra\":1},\"offer_req\":" + req + "}";
        answerer.sendText(answer);
        assertEquals(answerFrame(sdp("answer", "v=1"), "A", "[\"c\"]", req), offerer.nextText());

        // The socket-side offer extension crosses nodes too, and so do its refusals.
        offerer.sendText("{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":" + req + "}");
        assertEquals(offerFrame(req), answerer.nextText());
        answerer.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"x\",\"offer_domain\":\"nobody\"}}");
        assertEquals(error("offer domain not connected"), answerer.nextText());
        assertResp(two.post("/offer", offerReq("x", "[]", "nobody", "A")), 404, resp("answer domain not connected"));

        // Order per sender holds across nodes.
        for (int i = 0; i < 50; i++) {
            offerer.sendText("{\"ty\":\"offer\",\"offer_req\":" + offerReq("s" + i, "[]", "B", "A") + "}");
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(offerFrame(offerReq("s" + i, "[]", "B", "A")), answerer.nextText());
        }

        // A closed socket frees its domain for every node.
        answerer.close();
        awaitGone(redis, "domain:B");
        assertResp(two.post("/offer", req), 404, resp("answer domain not connected"));
        assertResp(one.post("/offer", req), 404, resp("answer domain not connected"));
    }

    @Test
    void lastOneWinsAcrossNodes() throws Exception {
        TestNode one = node("one");
        TestNode two = node("two");
        WsTestClient first = register(one, "D");
        WsTestClient second = register(two, "D");
        assertReplaced(first); // the older socket, on the other node

        String req = offerReq("o", "[]", "D", "A");
        assertResp(one.post("/offer", req), 200, SUCCESS);
        assertEquals(offerFrame(req), second.nextText());
        // The replaced socket's close did not take the domain from its successor.
        one.awaitState(s -> s.contains("\"domains\":0,"));
        assertResp(one.post("/offer", req), 200, SUCCESS);
        assertEquals(offerFrame(req), second.nextText());

        // And back: a third socket on node one displaces the one on node two.
        WsTestClient third = register(one, "D");
        assertReplaced(second);
        assertResp(two.post("/offer", req), 200, SUCCESS);
        assertEquals(offerFrame(req), third.nextText());
        assertEveryKeyHasATtl("domain:D", "node-domains:one");
    }

    @Test
    @EnabledIf("dev.signals.server.testing.ClusteredTest#overSingleRedis")
    void redisDownKeepsSameNodeDomainsAndAnswersBackendUnavailableForTheRest() throws Exception {
        try (RedisProcess own = RedisProcess.start();
             TestNode one = TestNode.clustered(own.address(), prefix, "one");
             TestNode two = TestNode.clustered(own.address(), prefix, "two");
             WsTestClient here = one.ws("/ws/here");
             WsTestClient there = two.ws("/ws/there")) {
            awaitHolder(own, prefix, "here", "one");
            awaitHolder(own, prefix, "there", "two");
            own.stop();
            awaitStatus(one, "/readyz", 503);

            String toHere = offerReq("o", "[]", "here", "x");
            assertResp(one.post("/offer", toHere), 200, SUCCESS);
            assertEquals(offerFrame(toHere), here.nextText());
            assertResp(one.post("/offer", offerReq("o", "[]", "there", "x")), 503, resp("backend unavailable"));
            here.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"s\",\"offer_domain\":\"there\"}}");
            assertEquals(error("backend unavailable"), here.nextText());
            // A socket opening meanwhile holds its domain on its node, and in Redis once it is back.
            WsTestClient late = track(one.ws("/ws/late"));
            assertEquals(101, late.status());
            one.awaitState(st -> st.contains("\"domains\":2,"));

            own.restart(); // empty: both nodes must register their domains again
            one.awaitReady(Duration.ofSeconds(10));
            two.awaitReady(Duration.ofSeconds(10));
            awaitHolder(own, prefix, "there", "two");
            here.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"s\",\"offer_domain\":\"there\"}}");
            assertEquals(answerFrame("s", "there", "[]", "null"), there.nextText());
            String toLate = offerReq("o", "[]", "late", "x");
            assertResp(two.post("/offer", toLate), 200, SUCCESS);
            assertEquals(offerFrame(toLate), late.nextText());
            String toHereAgain = offerReq("o2", "[]", "here", "x");
            assertResp(two.post("/offer", toHereAgain), 200, SUCCESS);
            assertEquals(offerFrame(toHereAgain), here.nextText());
        }
    }

    /**
     * Issue 19 item 4 across nodes: the offer reached the answerer's socket on its node, so only
     * that socket may answer it, once; an unsolicited answer never crosses to the other node.
     */
    @Test
    void withAuthAnAnswerCrossesNodesOnlyForAnOfferOutstanding() throws Exception {
        TestNode one = node("one", "--auth-secret", Tokens.SECRET);
        TestNode two = node("two", "--auth-secret", Tokens.SECRET);
        WsTestClient victim = track(one.ws("/ws/V?token=" + Tokens.valid(Map.of("domain", "V"))));
        WsTestClient attacker = track(two.ws("/ws/A?token=" + Tokens.valid(Map.of("domain", "A"))));
        awaitHolder(redis, prefix, "V", one.server().nodeId());
        awaitHolder(redis, prefix, "A", two.server().nodeId());

        String evil = "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"EVIL\",\"offer_domain\":\"V\","
                + "\"candidate\":[]},\"offer_req\":null}";
        attacker.sendText(evil);
        assertEquals(error("forbidden"), attacker.nextText());

        String req = offerReq("o", "[]", "A", "V");
        assertResp(one.post("/offer?token=" + Tokens.valid(Map.of("domain", "V")), req), 200, SUCCESS);
        assertEquals(offerFrame(req), attacker.nextText());
        String answer = answerFrame("s", "V", "[]", "null");
        attacker.sendText(answer);
        assertEquals(answer, victim.nextText(), "V's first frame is the answer to its own offer, not EVIL");
        attacker.sendText(answer);
        assertEquals(error("forbidden"), attacker.nextText());
    }

    private static void assertReplaced(WsTestClient client) throws InterruptedException {
        WsTestClient.Frame frame = client.next();
        assertTrue(frame.isClose(), "expected the close frame, got " + frame.opcode());
        assertEquals(4000, frame.closeCode());
        assertEquals("replaced by a newer connection", frame.closeReason());
    }
}

package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.SUCCESS;
import static dev.signals.server.domain.DomainWire.answerFrame;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.error;
import static dev.signals.server.domain.DomainWire.offerFrame;
import static dev.signals.server.domain.DomainWire.offerReq;
import static dev.signals.server.domain.DomainWire.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * What only domains across nodes through a real Redis have (docs/domain.md, docs/cluster.md): TTLs
 * on their keys, a Redis outage, and answers checked against the offers outstanding on another
 * node. Offers and answers across nodes and last one wins are {@link DomainFlowTest}'s, run on
 * every deployment; the holder rules are {@code DomainHolderContract}'s.
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
        Await.matching(domain + " held by " + nodeId, Duration.ofSeconds(5), () -> redis.command("GET", key(redis, prefix, "domain:" + domain)),
                holder -> holder != null && holder.toString().startsWith(nodeId + " "));
    }

    @Test
    void everyKeyADomainClaimWritesHasATtl() throws Exception {
        TestNode one = node("one");
        TestNode two = node("two");
        register(one, "D");
        register(two, "D");
        register(one, "E");
        assertEveryKeyHasATtl("domain:D", "domain:E", "node-domains:one", "node-domains:two");
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
}

package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.SUCCESS;
import static dev.signals.server.domain.DomainWire.answerFrame;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.offerFrame;
import static dev.signals.server.domain.DomainWire.offerReq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.CutProxy;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resumable domain sessions (docs/resume.md), standalone: a held domain stays registered, offers
 * POSTed to it answer success and are replayed on resume in order; after the window the domain is
 * released as when a plain socket closes.
 */
class DomainResumeTest {
    private TestNode node;

    @AfterEach
    void stop() {
        node.close();
    }

    private static String offer(String sdp) {
        return offerReq(sdp, "[]", "B", "A");
    }

    @Test
    void offersToAHeldDomainAreAcceptedAndReplayedOnResume() throws Exception {
        node = TestNode.start();
        try (CutProxy proxy = CutProxy.to(node.port()); WsTestClient a = DomainWire.connect(node, "A", 1)) {
            SessionClient b = SessionClient.open(proxy.port(), "/ws/B");
            node.awaitState(s -> s.contains("\"domains\":2,"));
            assertResp(node.post("/offer", offer("b2Zm")), 200, SUCCESS);
            assertEquals(offerFrame(offer("b2Zm")), b.next());
            proxy.cutAll();
            assertTrue(b.ws.awaitEof(Duration.ofSeconds(5)));
            assertResp(node.post("/offer", offer("c2Vj")), 200, SUCCESS);
            assertResp(node.post("/offer", offer("dGhp")), 200, SUCCESS);
            SessionClient b2 = b.resume(node.port(), "/ws/B", 3, 0);
            assertEquals(offerFrame(offer("c2Vj")), b2.next());
            assertEquals(offerFrame(offer("dGhp")), b2.next());
            b2.sendNumbered(1, "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"YQ==\",\"offer_domain\":\"A\"}}");
            assertEquals(answerFrame("YQ==", "A", "[]", "null"), a.nextText());
            b2.close();
        }
    }

    @Test
    void aResumeMustUseTheSameDomainPath() throws Exception {
        node = TestNode.start();
        SessionClient b = SessionClient.open(node.port(), "/ws/B");
        WsTestClient elsewhere = node.ws("/ws/C?" + SessionClient.resumeQuery(b.token, 0));
        assertEquals(410, elsewhere.status());
        assertEquals("{\"code\":-1,\"msg\":\"session expired\",\"data\":null}", elsewhere.body());
        b.close();
    }

    @Test
    void whenTheWindowLapsesTheDomainIsReleased() throws Exception {
        node = TestNode.start("--resume-window", "300ms");
        SessionClient b = SessionClient.open(node.port(), "/ws/B");
        node.awaitState(s -> s.contains("\"domains\":1,"));
        b.ws.abort();
        node.awaitState(s -> s.contains("\"domains\":0,"));
        assertEquals(404, node.post("/offer", offer("bGF0ZQ==")).statusCode());
    }
}

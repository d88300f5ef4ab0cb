package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.INVALID_MESSAGE;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.connect;
import static dev.signals.server.domain.DomainWire.error;
import static dev.signals.server.domain.DomainWire.offerReq;
import static dev.signals.server.domain.DomainWire.resp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The abuse limits of SECURITY.md "Limits and their defaults", worded as the domain dialect's {@code Resp} and error frames. */
class DomainLimitsTest {

    @Test
    void messagesOverTheConnectionRateGetOneErrorFrame() throws Exception {
        // One token in 1000 s: only the first frame can ever be processed.
        try (TestNode node = TestNode.start("--rate-limit", "0.001", "--rate-burst", "1");
             WsTestClient a = connect(node, "A", 1)) {
            long start = System.nanoTime();
            a.sendRepeated(0x1, "x".getBytes(java.nio.charset.StandardCharsets.UTF_8), 20);
            assertEquals(INVALID_MESSAGE, a.nextText(), "the first frame is processed");
            assertEquals(error("rate limit exceeded"), a.nextText(), "the second is dropped with an error frame");
            int more = 0;
            for (WsTestClient.Frame f = a.poll(Duration.ofMillis(300)); f != null; f = a.poll(Duration.ofMillis(300))) {
                assertEquals(error("rate limit exceeded"), f.text(), "the rest are dropped");
                more++;
            }
            // At most one error frame a second: 20 frames processed over T seconds touch floor(T) + 2 windows.
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(1 + more <= Math.floor(seconds) + 2, (1 + more) + " error frames in " + seconds + " s");
        }
    }

    @Test
    void httpRateLimitIs429Resp() throws Exception {
        try (TestNode node = TestNode.start("--http-rate-limit", "0.001", "--http-rate-burst", "1")) {
            String req = offerReq("eA==", "[]", "B", "A");
            assertResp(node.post("/offer", req), 404, resp("answer domain not connected"));
            assertResp(node.post("/offer", req), 429, resp("rate limit exceeded"));
        }
    }

    @Test
    void connectionRateAndCapAreRespBeforeTheUpgrade() throws Exception {
        try (TestNode node = TestNode.start("--conn-rate-limit", "0.001", "--conn-rate-burst", "1");
             WsTestClient first = node.ws("/ws/A");
             WsTestClient second = node.ws("/ws/B")) {
            assertEquals(101, first.status());
            assertEquals(429, second.status());
            assertEquals(resp("rate limit exceeded"), second.body());
        }
        try (TestNode node = TestNode.start("--max-connections", "1");
             WsTestClient first = node.ws("/ws/A");
             WsTestClient second = node.ws("/ws/B")) {
            assertEquals(101, first.status());
            assertEquals(503, second.status());
            assertEquals(resp("too many connections"), second.body());
            first.sendClose(1000, "bye");
            assertEquals(101, awaitAdmitted(node, "/ws/C"), "a closed socket gives its slot back");
        }
    }

    @Test
    void aTargetThatStopsReadingIsClosedAndOthersAreUnaffected() throws Exception {
        try (TestNode node = TestNode.start("--ws-send-queue", "4", "--http-rate-limit", "0");
             WsTestClient stalled = WsTestClient.connect(node.port(), "/ws/S", java.util.Map.of(), false);
             WsTestClient healthy = node.ws("/ws/H")) {
            node.awaitState(s -> s.contains("\"domains\":2,"));
            String big = offerReq("x".repeat(60_000), "[]", "S", "A");
            int status = 200;
            for (int i = 0; i < 2000 && status == 200; i++) {
                status = node.post("/offer", big).statusCode();
            }
            assertEquals(404, status, "once its queue overflows the stalled socket no longer takes offers");
            node.awaitState(s -> s.contains("\"domains\":1,"));
            String small = offerReq("eA==", "[]", "H", "A");
            assertResp(node.post("/offer", small), 200, DomainWire.SUCCESS);
            assertEquals(DomainWire.offerFrame(small), healthy.nextText());
        }
    }

    /** Retries an upgrade until the node admits it (the old slot is freed asynchronously). */
    private static int awaitAdmitted(TestNode node, String path) throws Exception {
        return Await.matching("an upgrade to " + path + " is admitted", Duration.ofSeconds(5), () -> {
            try (WsTestClient c = node.ws(path)) {
                return c.status();
            }
        }, status -> status == 101);
    }
}

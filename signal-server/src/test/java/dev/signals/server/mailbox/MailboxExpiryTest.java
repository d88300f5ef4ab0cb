package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Key expiry over real HTTP with short real waits (docs/mailbox.md TTL): the sliding TTL frees the
 * key and all its queues, and the absolute lifetime ends a key however often it is polled. The
 * store's rules are tested on a manual clock in {@code LocalMailboxStoreTest}.
 */
class MailboxExpiryTest {

    @Test
    void anExpiredKeyIsFreedAndTheSameKeyWorksAgain() throws Exception {
        try (TestNode node = TestNode.start()) {
            MailboxClient client = new MailboxClient(node);
            assertEquals(OK, client.post("/offer/sdp/", "reuse", offerBody(1, "first offer")));
            assertEquals(OK, client.post("/offer/candidate/", "reuse", "old candidate"));
            assertEquals(OK, client.post("/answer/sdp/", "reuse", "old answer"));
            // Only the admin port is watched, so nothing refreshes the key while we wait.
            node.awaitState(s -> s.contains("\"mailbox_keys\":0") && s.contains("\"mailbox_bytes\":0"));
            assertEquals(msg("key未找到"), client.get("/answer/sdp/", "reuse"));
            assertEquals(msg("key已过期"), client.get("/offer/sdp/", "reuse"));
            assertEquals(msg("key已过期"), client.post("/offer/candidate/", "reuse", "late"));

            assertEquals(OK, client.post("/offer/sdp/", "reuse", offerBody(30, "second offer")));
            assertEquals(data("second offer"), client.get("/answer/sdp/", "reuse"));
            assertEquals(msg("队列获取失败，因为不存在"), client.get("/answer/candidate/", "reuse"));
            assertEquals(msg("队列获取失败，因为不存在"), client.get("/offer/sdp/", "reuse"));
            assertEquals(OK, client.post("/answer/sdp/", "reuse", "new answer"));
            assertEquals(data("new answer"), client.get("/offer/sdp/", "reuse"));
        }
    }

    @Test
    void theAbsoluteLifetimeBeatsContinuousPolling() throws Exception {
        try (TestNode node = TestNode.start("--mailbox-max-lifetime", "1500ms")) {
            MailboxClient client = new MailboxClient(node);
            assertEquals(OK, client.post("/offer/sdp/", "polled", offerBody(2, "o")));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int alivePolls = 0;
            String reply;
            // Polls every 100 ms, far inside the 2 s sliding TTL, so only the lifetime can end the key.
            while ((reply = client.get("/offer/sdp/", "polled")).equals(msg("队列获取失败，因为不存在"))) {
                alivePolls++;
                assertTrue(System.nanoTime() < deadline, "the key outlived its absolute lifetime");
                Thread.sleep(100);
            }
            assertEquals(msg("key已过期"), reply);
            assertTrue(alivePolls > 0, "the key must have been alive at first");
            assertEquals(OK, client.post("/offer/sdp/", "polled", offerBody(30, "o2")));
        }
    }
}

package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * What only a Redis-backed mailbox has (docs/mailbox.md, docs/cluster.md): TTLs on every key it
 * writes, and a Redis outage. The exchange across nodes is {@link MailboxFlowTest}'s, run on every
 * deployment; the store's rules are {@code MailboxStoreContract}'s.
 */
class RedisMailboxClusterTest extends ClusteredTest {
    private static final String FULL = msg("缓存超出MaxCost，服务已达到最大负载");
    private MailboxClient client(String id, String... flags) throws Exception {
        return new MailboxClient(node(id, flags));
    }

    @Test
    void everyKeyAMailboxWritesHasATtlAndRefusalsWriteNone() throws Exception {
        MailboxClient one = client("one");
        MailboxClient two = client("two");
        assertEquals(OK, one.post("/offer/sdp/", "k1", offerBody(30, "o")));
        assertEquals(OK, one.post("/offer/candidate/", "k1", "c"));
        assertEquals(OK, two.post("/answer/sdp/", "k1", "a"));
        assertEquals(msg("key未找到"), two.get("/answer/sdp/", "nobody"));
        assertEquals(msg("key已过期"), one.post("/offer/candidate/", "nobody", "c"));
        assertFalse(plainKeys().stream().anyMatch(k -> k.startsWith(prefix + "mailbox:nobody")), plainKeys().toString());
        assertEveryKeyHasATtl("mailbox-bytes", "mailbox:k1", "mailbox-queue:offer_candidates:k1");
    }

    @Test
    @EnabledIf("dev.signals.server.testing.ClusteredTest#overSingleRedis")
    void redisDownAnswersTheMaxCostMessageAndRedisBackWorksAgain() throws Exception {
        try (RedisProcess own = RedisProcess.start();
             TestNode n1 = TestNode.clustered(own.address(), prefix, "one");
             TestNode n2 = TestNode.clustered(own.address(), prefix, "two")) {
            MailboxClient one = new MailboxClient(n1);
            MailboxClient two = new MailboxClient(n2);
            assertEquals(OK, one.post("/offer/sdp/", "k", offerBody(30, "o")));
            own.stop();
            assertEquals(FULL, two.get("/answer/sdp/", "k"));
            assertEquals(FULL, one.post("/offer/sdp/", "other", offerBody(30, "o")));
            // The key-header check needs no backend and comes first (docs/mailbox.md step 1).
            assertEquals(msg("key为空"), one.get("/answer/sdp/", " "));

            own.restart(); // empty: the key is gone with Redis's memory
            n1.awaitReady(Duration.ofSeconds(10));
            n2.awaitReady(Duration.ofSeconds(10));
            assertEquals(OK, one.post("/offer/sdp/", "k", offerBody(30, "again")));
            assertEquals(data("again"), two.get("/answer/sdp/", "k"));
        }
    }
}

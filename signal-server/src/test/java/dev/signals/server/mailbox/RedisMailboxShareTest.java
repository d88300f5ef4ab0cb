package dev.signals.server.mailbox;

import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link MailboxShareContract} on two nodes sharing a real Redis: the rule as {@code mailbox.lua} keeps it. */
class RedisMailboxShareTest extends MailboxShareContract {
    private static RedisProcess redis;
    private final List<TestNode> started = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    TestNode[] nodes(String... flags) throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        started.add(TestNode.clustered(redis.address(), prefix, "one", flags));
        started.add(TestNode.clustered(redis.address(), prefix, "two", flags));
        return started.toArray(TestNode[]::new);
    }

    @AfterEach
    void stop() {
        started.forEach(TestNode::close);
    }
}

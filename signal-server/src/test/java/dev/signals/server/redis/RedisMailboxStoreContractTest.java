package dev.signals.server.redis;

import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.server.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** {@link MailboxStoreContract} on {@code mailbox.lua}, on one real {@code redis-server} per class. */
class RedisMailboxStoreContractTest extends MailboxStoreContract {
    private static RedisProcess redis;
    private RedisStoreNodes nodes;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    MailboxStore store(MailboxLimits limits) {
        nodes = new RedisStoreNodes(redis);
        return nodes.start("n1", "mailbox", null, stores -> stores.mailbox(limits));
    }

    @AfterEach
    void close() {
        if (nodes != null) {
            nodes.close();
        }
    }
}

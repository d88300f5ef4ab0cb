package dev.signals.server.redis;

import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MailboxStoreContract} on {@code mailbox.lua}, on one real {@code redis-server} per class. */
class RedisMailboxStoreContractTest extends MailboxStoreContract {
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();

    @Override
    MailboxStore store(MailboxLimits limits) {
        RedisStoreNodes nodes = redis.nodes();
        return nodes.start("n1", "mailbox", null, stores -> stores.mailbox(limits));
    }
}

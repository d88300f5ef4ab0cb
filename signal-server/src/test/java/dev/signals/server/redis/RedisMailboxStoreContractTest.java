package dev.signals.server.redis;

import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MailboxStoreContract} on {@code mailbox.lua}, on one real {@code redis-server} per class
 * and key layout: one Redis's names, and a Cluster's on a one-node Cluster (every key in one slot).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(RedisStoreFixture.Kind.class)
class RedisMailboxStoreContractTest extends MailboxStoreContract {
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    @Parameter
    RedisStoreFixture.Kind kind;

    @Override
    MailboxStore store(MailboxLimits limits) {
        RedisStoreNodes nodes = redis.nodes(kind);
        return nodes.start("n1", "mailbox", null, stores -> stores.mailbox(limits));
    }
}

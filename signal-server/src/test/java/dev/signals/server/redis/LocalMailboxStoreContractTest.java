package dev.signals.server.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signals.core.mailbox.LocalMailboxStore;
import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import org.junit.jupiter.api.AfterEach;

/** {@link MailboxStoreContract} on one node's in-memory store, on the JVM's clock. */
class LocalMailboxStoreContractTest extends MailboxStoreContract {
    private MailboxStore store;

    @Override
    MailboxStore store(MailboxLimits limits) {
        store = new LocalMailboxStore(limits, Ticker.systemTicker());
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}

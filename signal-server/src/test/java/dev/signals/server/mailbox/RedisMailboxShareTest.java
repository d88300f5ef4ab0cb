package dev.signals.server.mailbox;

import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.TestNode;

/** {@link MailboxShareContract} on two nodes sharing a real Redis: the rule as {@code mailbox.lua} keeps it. */
class RedisMailboxShareTest extends ClusteredTest implements MailboxShareContract {
    @Override
    public TestNode[] nodes(String... flags) throws Exception {
        return new TestNode[] {node("one", flags), node("two", flags)};
    }
}

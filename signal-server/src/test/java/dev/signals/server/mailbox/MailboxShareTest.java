package dev.signals.server.mailbox;

import dev.signals.server.testing.TestNode;
import org.junit.jupiter.api.AfterEach;

/** {@link MailboxShareContract} on one node's in-memory store. */
class MailboxShareTest implements MailboxShareContract {
    private TestNode node;

    @Override
    public TestNode[] nodes(String... flags) {
        node = TestNode.start(flags);
        return new TestNode[] {node, node};
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }
}

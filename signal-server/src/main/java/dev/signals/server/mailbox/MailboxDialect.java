package dev.signals.server.mailbox;

import dev.signals.server.Dialect;
import dev.signals.server.DialectContext;
import dev.signals.server.http.RouteTable;

/** The mailbox dialect. Placeholder: its routes are not served yet, so its paths answer 404. */
public final class MailboxDialect implements Dialect {
    public static final String NAME = "mailbox";

    public MailboxDialect(DialectContext context) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void register(RouteTable routes) {
    }
}

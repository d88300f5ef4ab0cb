package dev.signals.server.call;

import dev.signals.server.Dialect;
import dev.signals.server.DialectContext;
import dev.signals.server.http.RouteTable;

/** The call dialect. Placeholder: its routes are not served yet, so its paths answer 404. */
public final class CallDialect implements Dialect {
    public static final String NAME = "call";

    public CallDialect(DialectContext context) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void register(RouteTable routes) {
    }
}

package dev.signals.server.domain;

import dev.signals.server.Dialect;
import dev.signals.server.DialectContext;
import dev.signals.server.http.RouteTable;

/** The domain dialect. Placeholder: its routes are not served yet, so its paths answer 404. */
public final class DomainDialect implements Dialect {
    public static final String NAME = "domain";

    public DomainDialect(DialectContext context) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void register(RouteTable routes) {
    }
}

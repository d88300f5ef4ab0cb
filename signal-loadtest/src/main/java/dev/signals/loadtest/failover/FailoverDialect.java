package dev.signals.loadtest.failover;

import java.util.Locale;
import java.util.function.Function;

/** The dialects a failover run can relay in (docs/benchmarks.md "The failover scenario"), with their default WebSocket path. */
public enum FailoverDialect {
    ROOM("/connect", RoomTraffic::new),
    CALL("/ws", CallTraffic::new),
    DOMAIN("/ws", DomainTraffic::new);

    private final String defaultPath;
    private final Function<FailoverContext, FailoverTraffic> traffic;

    FailoverDialect(String defaultPath, Function<FailoverContext, FailoverTraffic> traffic) {
        this.defaultPath = defaultPath;
        this.traffic = traffic;
    }

    public String defaultPath() {
        return defaultPath;
    }

    /** The name on the command line and in reports: {@code room}, {@code call}, {@code domain}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    FailoverTraffic traffic(FailoverContext context) {
        return traffic.apply(context);
    }

    public static FailoverDialect of(String name) {
        for (FailoverDialect d : values()) {
            if (d.label().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("--dialect must be room, call or domain, not " + name);
    }
}

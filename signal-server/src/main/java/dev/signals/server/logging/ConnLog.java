package dev.signals.server.logging;

import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * A logger bound to one connection: every line it writes carries the dialect and connection id
 * (as MDC keys {@code dialect} and {@code conn}), whatever thread writes it.
 */
public final class ConnLog {
    private final Logger log;
    private final String dialect;
    private final String connectionId;

    public ConnLog(Logger log, String dialect, String connectionId) {
        this.log = log;
        this.dialect = dialect;
        this.connectionId = connectionId;
    }

    public void debug(String format, Object... args) {
        if (log.isDebugEnabled()) {
            bound(() -> log.debug(format, args));
        }
    }

    public void info(String format, Object... args) {
        if (log.isInfoEnabled()) {
            bound(() -> log.info(format, args));
        }
    }

    public void warn(String format, Object... args) {
        if (log.isWarnEnabled()) {
            bound(() -> log.warn(format, args));
        }
    }

    private void bound(Runnable write) {
        MDC.put("dialect", dialect);
        MDC.put("conn", connectionId);
        try {
            write.run();
        } finally {
            MDC.remove("dialect");
            MDC.remove("conn");
        }
    }
}

package dev.signals.server.config;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The {@code auto} value of {@code --max-tcp-connections}: the process's open-file limit less a
 * reserve (a tenth, at least 64) for the admin listener, Redis, log files and the JVM's own files,
 * so that silent sockets on the main port can never take the last file (SECURITY.md).
 */
final class FileLimit {
    static final String AUTO = "auto";
    private static final long MIN_RESERVE = 64;

    private FileLimit() {
    }

    /** {@code auto}, {@code 0} (off) or a count. */
    static int connectionCap(String text) {
        if (text.trim().equalsIgnoreCase(AUTO)) {
            return derivedCap(processLimit());
        }
        return Values.nonNegativeInt(text);
    }

    /** The cap for a file limit of {@code limit}; 0 (off) when the limit is unknown. */
    static int derivedCap(long limit) {
        if (limit <= 0) {
            return 0;
        }
        long cap = limit - Math.max(MIN_RESERVE, limit / 10);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, cap));
    }

    /** The open-file limit of this process, or -1 where the platform does not tell. */
    private static long processLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            return ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
        }
        return -1;
    }
}

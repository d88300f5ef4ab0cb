package dev.signals.server.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses setting values: durations ({@code 500ms}, {@code 2m}), sizes ({@code 64KiB}), addresses. */
public final class Values {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);

    private Values() {
    }

    /** {@code 0}, or one or more number-unit parts as Go writes them ({@code 1m30s}). */
    public static Duration duration(String text) throws IllegalArgumentException {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(s);
        long nanos = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("not a duration (use e.g. 500ms, 5s, 2m)");
            }
            double amount = Double.parseDouble(m.group(1));
            nanos += (long) (amount * unitNanos(m.group(2)));
            at = m.end();
        }
        if (at == 0) {
            throw new IllegalArgumentException("not a duration (use e.g. 500ms, 5s, 2m)");
        }
        return Duration.ofNanos(nanos);
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1L;
            case "us":
            case "µs": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            default: return 3_600_000_000_000L;
        }
    }

    /** A byte count: {@code 512}, {@code 64KiB}, {@code 1MiB}, {@code 1GiB} (K, KB, KiB all mean 1024). */
    public static long size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size (use e.g. 512, 64KiB, 1MiB)");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size out of range");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        switch (unit.charAt(0)) {
            case 'k': return Math.multiplyExact(n, 1024L);
            case 'm': return Math.multiplyExact(n, 1024L * 1024);
            case 'g': return Math.multiplyExact(n, 1024L * 1024 * 1024);
            default: return n;
        }
    }

    /**
     * A share of {@code budget} in bytes: a percentage ({@code 10%}), a fraction with a decimal
     * point ({@code 0.1}) or a size ({@code 16MiB}); 0 is off, and so is a fraction of no budget.
     */
    public static long shareOf(String text, long budget) {
        String s = text.trim();
        boolean percent = s.endsWith("%");
        if (!percent && !s.contains(".")) {
            return size(s);
        }
        double fraction = nonNegativeNumber(percent ? s.substring(0, s.length() - 1) : s) / (percent ? 100 : 1);
        if (fraction > 1) {
            throw new IllegalArgumentException("a share is at most 100% of the budget");
        }
        return fraction == 0 || budget <= 0 ? 0 : Math.max(1, (long) (fraction * budget));
    }

    public static int nonNegativeInt(String text) {
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return n;
    }

    public static double nonNegativeNumber(String text) {
        double n;
        try {
            n = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number");
        }
        if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("must be a non-negative number");
        }
        return n;
    }

    public static boolean bool(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "t": case "yes": case "on": return true;
            case "false": case "0": case "f": case "no": case "off": return false;
            default: throw new IllegalArgumentException("must be true or false");
        }
    }

    /** {@code HOST:PORT}, {@code :PORT} (all interfaces) or {@code [v6]:PORT}. */
    public static InetSocketAddress hostPort(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("must be HOST:PORT");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = port(s.substring(colon + 1));
        return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    public static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        return port;
    }

    /** Comma-separated items, trimmed, empty ones dropped. */
    public static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }
}

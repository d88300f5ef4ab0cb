package dev.signals.loadtest.engine;

import java.time.Duration;
import java.util.Locale;

/** Reads and writes durations the way the server's flags do: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
public final class Durations {
    private Durations() {
    }

    /** A bare number means seconds. */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return millis(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e3);
            }
            if (t.endsWith("m")) {
                return millis(Double.parseDouble(t.substring(0, t.length() - 1)) * 60e3);
            }
            if (t.endsWith("h")) {
                return millis(Double.parseDouble(t.substring(0, t.length() - 1)) * 3600e3);
            }
            return millis(Double.parseDouble(t) * 1e3);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use 500ms, 5s, 2m)");
        }
    }

    private static Duration millis(double ms) {
        if (ms < 0 || Double.isNaN(ms)) {
            throw new IllegalArgumentException("negative duration");
        }
        return Duration.ofMillis(Math.round(ms));
    }

    /** Shortest readable form: {@code 1.5s}, {@code 250ms}, {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms >= 1000) {
            return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(Locale.ROOT, "%.3fs", ms / 1000.0).replaceAll("0+s$", "s");
        }
        return ms + "ms";
    }
}

package dev.signals.loadtest.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram read from a Prometheus scrape, its series summed over every label but {@code le}:
 * cumulative counts by bucket bound (seconds), and the sum of the observations. Two scrapes taken
 * around a window give the window's own histogram ({@link #minus}); its percentiles are bucket
 * bounds, as precise as the server's buckets.
 */
public final class ScrapedHistogram {
    private final double[] bounds;
    private final long[] cumulative;
    private final double sumSeconds;

    private ScrapedHistogram(double[] bounds, long[] cumulative, double sumSeconds) {
        this.bounds = bounds;
        this.cumulative = cumulative;
        this.sumSeconds = sumSeconds;
    }

    /** The histogram {@code name} (e.g. {@code signal_relay_seconds}) in {@code scrape}, or null when absent. */
    public static ScrapedHistogram parse(String scrape, String name) {
        String bucket = name + "_bucket{";
        String sumLine = name + "_sum";
        Map<Double, Long> byBound = new TreeMap<>();
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(bucket)) {
                int le = line.indexOf("le=\"");
                if (le < 0) {
                    continue;
                }
                String bound = line.substring(le + 4, line.indexOf('"', le + 4));
                double at = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                byBound.merge(at, (long) value(line), Long::sum);
            } else if (line.startsWith(sumLine) && isSeries(line, sumLine)) {
                sum += value(line);
            }
        }
        if (byBound.isEmpty()) {
            return null;
        }
        double[] bounds = byBound.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        long[] cumulative = byBound.values().stream().mapToLong(Long::longValue).toArray();
        return new ScrapedHistogram(bounds, cumulative, sum);
    }

    /** The line is the series itself ({@code name} or {@code name{…}}), not a longer name sharing its start. */
    private static boolean isSeries(String line, String name) {
        char next = line.length() > name.length() ? line.charAt(name.length()) : ' ';
        return next == '{' || next == ' ';
    }

    /** The sample's value: the first field after the labels, or after the name when it has none. */
    private static double value(String line) {
        int labelsEnd = line.lastIndexOf('}');
        String rest = labelsEnd >= 0 ? line.substring(labelsEnd + 1) : line.substring(line.indexOf(' '));
        return Double.parseDouble(rest.trim().split("\\s+")[0]);
    }

    /** What was recorded between {@code earlier} and this scrape; null when the buckets differ (a restarted server). */
    public ScrapedHistogram minus(ScrapedHistogram earlier) {
        if (!Arrays.equals(bounds, earlier.bounds)) {
            return null;
        }
        long[] d = new long[cumulative.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = cumulative[i] - earlier.cumulative[i];
        }
        return new ScrapedHistogram(bounds, d, sumSeconds - earlier.sumSeconds);
    }

    /**
     * The bound of the first bucket holding {@code percentile} % of the observations, in seconds
     * (the largest finite bound when that is past the last one); 0 when empty.
     */
    public double valueAt(double percentile) {
        long total = observations();
        if (total <= 0) {
            return 0;
        }
        double rank = Math.ceil(total * percentile / 100.0);
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                return Double.isInfinite(bounds[i]) ? largestFinite() : bounds[i];
            }
        }
        return largestFinite();
    }

    private double largestFinite() {
        for (int i = bounds.length - 1; i >= 0; i--) {
            if (!Double.isInfinite(bounds[i])) {
                return bounds[i];
            }
        }
        return 0;
    }

    /** Observations in the histogram (its {@code +Inf} bucket). */
    public long observations() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /** The mean observation in seconds (the scrape's sum over its observations); 0 when empty. */
    public double meanSeconds() {
        long n = observations();
        return n <= 0 ? 0 : sumSeconds / n;
    }
}

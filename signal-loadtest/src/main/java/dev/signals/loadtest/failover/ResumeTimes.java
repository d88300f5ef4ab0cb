package dev.signals.loadtest.failover;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long each client took from losing its socket to receiving {@code resumed}
 * (docs/resume.md "Resume"), and the percentiles of those times. Few values (one per client
 * that lost its node), so they are kept and sorted rather than put into a histogram.
 */
public final class ResumeTimes {
    private final List<Long> nanos = new ArrayList<>();

    public synchronized void record(long lostAtNanos, long resumedAtNanos) {
        nanos.add(Math.max(0, resumedAtNanos - lostAtNanos));
    }

    public synchronized int count() {
        return nanos.size();
    }

    /**
     * The nearest-rank percentile in milliseconds ({@code p} from 0 to 100): the smallest time
     * that at least p % of the resumes took no longer than; -1 when there were none.
     */
    public synchronized double percentileMs(double p) {
        if (nanos.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }

    public double maxMs() {
        return percentileMs(100);
    }
}

package dev.signals.loadtest.engine;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processes one figure of a report is sampled from ({@code --server-pid}, {@code --backend-pid}):
 * each one's CPU seconds are kept, in the order given, and summed with their resident memory.
 * Empty when none was given; a pid given twice is refused, since it would be counted twice.
 */
public record ProcessSet(List<Long> pids) {
    public static final ProcessSet NONE = new ProcessSet(List.of());

    public ProcessSet {
        Set<Long> seen = new HashSet<>();
        for (Long pid : pids) {
            if (pid == null || pid <= 0) {
                throw new IllegalArgumentException("not a process id: " + pid);
            }
            if (!seen.add(pid)) {
                throw new IllegalArgumentException("process id " + pid + " given twice");
            }
        }
        pids = List.copyOf(pids);
    }

    public static ProcessSet of(long... pids) {
        return new ProcessSet(Arrays.stream(pids).boxed().toList());
    }

    public boolean isEmpty() {
        return pids.isEmpty();
    }

    /** The first pid, the one a report names in its {@code pid} field; 0 when the set is empty. */
    public long first() {
        return pids.isEmpty() ? 0 : pids.get(0);
    }

    /**
     * One reading of the set: each pid's CPU seconds in the set's order (-1 for one that cannot be
     * read) and the resident memory of them all (-1 when any cannot be read).
     */
    public record Reading(List<Double> cpuSecondsByPid, long rssBytes) {
        public static final Reading NONE = new Reading(List.of(), -1);

        public Reading {
            cpuSecondsByPid = List.copyOf(cpuSecondsByPid);
        }

        /** The CPU seconds of every pid summed; -1 when the set is empty or any pid cannot be read. */
        public double cpuSeconds() {
            if (cpuSecondsByPid.isEmpty()) {
                return -1;
            }
            double sum = 0;
            for (double s : cpuSecondsByPid) {
                if (s < 0) {
                    return -1;
                }
                sum += s;
            }
            return sum;
        }
    }

    /**
     * The CPU seconds each pid used between two readings of this set, by pid in the set's order;
     * -1 for a pid unknown in either. Empty for a set of one, whose figure is its total.
     */
    public Map<Long, Double> cpuBetween(Reading before, Reading after) {
        Map<Long, Double> used = new LinkedHashMap<>();
        if (pids.size() < 2) {
            return used;
        }
        for (int i = 0; i < pids.size(); i++) {
            double b = i < before.cpuSecondsByPid().size() ? before.cpuSecondsByPid().get(i) : -1;
            double a = i < after.cpuSecondsByPid().size() ? after.cpuSecondsByPid().get(i) : -1;
            used.put(pids.get(i), b < 0 || a < 0 ? -1 : a - b);
        }
        return used;
    }

    /** The summed CPU seconds used between two readings, or -1 when any pid is unknown in either. */
    public static double cpuUsed(Reading before, Reading after) {
        double b = before.cpuSeconds();
        double a = after.cpuSeconds();
        return b < 0 || a < 0 ? -1 : a - b;
    }
}

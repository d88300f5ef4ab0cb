package dev.signals.loadtest.failover;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Every sequence number one sender issued to one receiver and every one the receiver got, so
 * that loss and duplication are counted exactly, not estimated. Numbers are issued 1, 2, 3 …
 * by {@link #issue}; {@link #received} may come from another thread, hence the monitor (held
 * only for the arithmetic, never across I/O).
 */
public final class DirectionLedger {
    private final BitSet seen = new BitSet();
    private final BitSet doubtful = new BitSet();
    private long issued;
    private long distinct;
    private long duplicated;
    private long reordered;
    private long highest;
    private long outOfRange;

    /** The next sequence number to send: 1, 2, 3 … */
    public synchronized long issue() {
        return ++issued;
    }

    /** The receiver got {@code n}: counted once, again as a duplicate, or as out of range if never issued. */
    public synchronized void received(long n) {
        if (n < 1 || n > issued || n > Integer.MAX_VALUE) {
            outOfRange++;
            return;
        }
        if (seen.get((int) n)) {
            duplicated++;
            return;
        }
        seen.set((int) n);
        distinct++;
        if (n < highest) {
            reordered++;
        }
        highest = Math.max(highest, n);
    }

    /**
     * The sender does not know whether {@code n} was delivered: it was posted to a node that died
     * before answering. If it never arrives it counts as in doubt, not as lost.
     */
    public synchronized void inDoubt(long n) {
        if (n >= 1 && n <= issued && n <= Integer.MAX_VALUE) {
            doubtful.set((int) n);
        }
    }

    /** True when every number issued so far has arrived or is in doubt. */
    public synchronized boolean complete() {
        return distinct + doubtfulMissing() == issued;
    }

    public synchronized Tally tally() {
        long doubt = doubtfulMissing();
        return new Tally(issued, distinct, issued - distinct - doubt, doubt, duplicated, reordered, outOfRange);
    }

    /** Up to ten numbers issued that never arrived: those in doubt, or (false) those lost. */
    public synchronized List<Long> missing(boolean inDoubt) {
        List<Long> out = new ArrayList<>();
        for (long n = 1; n <= issued && n <= Integer.MAX_VALUE && out.size() < 10; n++) {
            if (!seen.get((int) n) && doubtful.get((int) n) == inDoubt) {
                out.add(n);
            }
        }
        return out;
    }

    private long doubtfulMissing() {
        if (doubtful.isEmpty()) {
            return 0;
        }
        BitSet missing = (BitSet) doubtful.clone();
        missing.andNot(seen);
        return missing.cardinality();
    }
}

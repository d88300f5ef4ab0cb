package dev.signals.server.ws;

import dev.signals.core.json.Utf8;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The server frames of one resumable session that the client has not acknowledged, each already
 * wrapped as {@code {"seq":n,"msg":...}} (docs/resume.md#wire). Numbers are issued 1, 2, 3 … and
 * never reused; the log is bounded in messages and bytes and refuses an append beyond either.
 * Thread-safe: appends come from any thread; the lock guards memory only, never I/O.
 */
final class SessionLog {
    /** One logged frame as it goes on the wire. */
    record Entry(long seq, String wire, long bytes) {
    }

    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long issued;
    private long bytes;
    private boolean overflowed;

    SessionLog(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Numbers and logs {@code frame}; returns its seq, or -1 when the log is full (from then on, always). */
    synchronized long append(String frame) {
        if (overflowed) {
            return -1;
        }
        long seq = issued + 1;
        String wire = "{\"seq\":" + seq + ",\"msg\":" + frame + "}";
        long size = Utf8.encodedLength(wire);
        if (entries.size() >= maxMessages || bytes + size > maxBytes) {
            overflowed = true;
            return -1;
        }
        issued = seq;
        bytes += size;
        entries.add(new Entry(seq, wire, size));
        return seq;
    }

    /**
     * A clustered session's local copy of its log in Redis, which issues the seqs and enforces the
     * bounds (docs/cluster.md "Resumable sessions"): {@code frames} are the ones after {@code lastSeq},
     * up to {@code issued}.
     */
    static SessionLog mirror(long lastSeq, long issued, List<String> frames) {
        SessionLog log = new SessionLog(Integer.MAX_VALUE, Long.MAX_VALUE);
        log.issued = lastSeq;
        for (String wire : frames) {
            log.put(log.issued + 1, wire);
        }
        log.issued = Math.max(log.issued, issued);
        return log;
    }

    /** Copies frame {@code seq}, numbered elsewhere, into a mirror; one already here is ignored. */
    synchronized void put(long seq, String wire) {
        if (seq <= issued) {
            return;
        }
        long size = Utf8.encodedLength(wire);
        issued = seq;
        bytes += size;
        entries.add(new Entry(seq, wire, size));
    }

    /** The client has every frame up to {@code seq}: they leave the log. */
    synchronized void ack(long seq) {
        while (!entries.isEmpty() && entries.peekFirst().seq() <= seq) {
            bytes -= entries.pollFirst().bytes();
        }
    }

    /** The frames after {@code seq}, in order. */
    synchronized List<Entry> after(long seq) {
        return after(seq, Integer.MAX_VALUE);
    }

    /**
     * The oldest {@code max} frames after {@code seq}, in order. They are found from the tail
     * (entries are kept in ascending seq order), so a flush that sends one new frame does not
     * walk the whole unacknowledged log (BENCHMARKS.md "Resumable sessions off and on").
     */
    synchronized List<Entry> after(long seq, int max) {
        ArrayDeque<Entry> newer = new ArrayDeque<>();
        Iterator<Entry> newestFirst = entries.descendingIterator();
        while (newestFirst.hasNext()) {
            Entry e = newestFirst.next();
            if (e.seq() <= seq) {
                break;
            }
            newer.addFirst(e);
        }
        List<Entry> out = new ArrayList<>(Math.min(max, newer.size()));
        for (Entry e : newer) {
            if (out.size() == max) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /** The highest seq issued so far (0 before the first). */
    synchronized long issued() {
        return issued;
    }

    /** Whether a client that has everything up to {@code seq} can be given the rest from here. */
    synchronized boolean canResumeAfter(long seq) {
        long oldestKept = entries.isEmpty() ? issued + 1 : entries.peekFirst().seq();
        return seq >= oldestKept - 1 && seq <= issued;
    }
}

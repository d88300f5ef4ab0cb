package dev.signals.server.ws;

/**
 * How much of a socket's queue the kernel has had a whole loop turn to take, on a transport that
 * reports a write a turn after the flush that handed it over (io_uring; docs/production.md
 * "Transport"). Frames flushed in the current or the previous turn and not yet reported are in
 * flight, as epoll's would be written; only older ones are a slow reader's. Reports come in
 * the order of the writes, so the unreported frames are always the newest. Event loop only.
 */
final class WriteReports {
    /** Frames and bytes reported written (or dropped) since the socket opened. */
    private long reportedFrames;
    private long reportedBytes;
    /**
     * The last flush of each of the three latest turns that flushed, oldest first: the turn, and
     * the frames and bytes queued since the socket opened by then. The latest flush two or more turns
     * back is always among them.
     */
    private final long[] turns = {-1, -1, -1};
    private final long[] frames = new long[3];
    private final long[] bytes = new long[3];

    void reported(int cost) {
        reportedFrames++;
        reportedBytes += cost;
    }

    /** The socket flushed in {@code turn}, with {@code queuedFrames} frames of {@code queuedBytes} not yet reported. */
    void flushed(long turn, long queuedFrames, long queuedBytes) {
        if (turns[2] != turn) {
            for (int i = 0; i < 2; i++) {
                turns[i] = turns[i + 1];
                frames[i] = frames[i + 1];
                bytes[i] = bytes[i + 1];
            }
            turns[2] = turn;
        }
        frames[2] = reportedFrames + queuedFrames;
        bytes[2] = reportedBytes + queuedBytes;
    }

    /** Frames flushed before the previous turn and still not reported, in {@code turn}. */
    long staleFrames(long turn) {
        int i = latestBefore(turn - 1);
        return i < 0 ? 0 : Math.max(0, frames[i] - reportedFrames);
    }

    /** Their bytes. */
    long staleBytes(long turn) {
        int i = latestBefore(turn - 1);
        return i < 0 ? 0 : Math.max(0, bytes[i] - reportedBytes);
    }

    private int latestBefore(long turn) {
        for (int i = 2; i >= 0; i--) {
            if (turns[i] >= 0 && turns[i] < turn) {
                return i;
            }
        }
        return -1;
    }
}

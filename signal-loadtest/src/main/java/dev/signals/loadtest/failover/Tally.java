package dev.signals.loadtest.failover;

/**
 * Counts of one direction or of a whole run: {@code sent = received + lost + inDoubt} always
 * holds, {@code received} counting each sequence number once; {@code inDoubt} were posted over
 * HTTP to a node that died before answering and never arrived (the sender cannot know whether
 * they were published; always 0 for the room dialect, which sends over its resumable socket);
 * {@code duplicated} are extra copies, {@code reordered} arrived after a higher number,
 * {@code unknown} were never sent.
 */
public record Tally(long sent, long received, long lost, long inDoubt, long duplicated, long reordered, long unknown) {
    public static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0, 0);

    public Tally plus(Tally o) {
        return new Tally(sent + o.sent, received + o.received, lost + o.lost, inDoubt + o.inDoubt,
                duplicated + o.duplicated, reordered + o.reordered, unknown + o.unknown);
    }

    /** Nothing lost, duplicated or invented (a message in doubt is none of these: its sender saw the failure). */
    public boolean exact() {
        return lost == 0 && duplicated == 0 && unknown == 0;
    }
}

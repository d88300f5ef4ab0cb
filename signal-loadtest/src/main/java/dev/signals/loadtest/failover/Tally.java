package dev.signals.loadtest.failover;

/**
 * Counts of one direction or of a whole run: {@code sent = received + lost} always holds,
 * {@code received} counting each sequence number once; {@code duplicated} are extra copies,
 * {@code reordered} arrived after a higher number, {@code unknown} were never sent.
 */
public record Tally(long sent, long received, long lost, long duplicated, long reordered, long unknown) {
    public static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0);

    public Tally plus(Tally o) {
        return new Tally(sent + o.sent, received + o.received, lost + o.lost, duplicated + o.duplicated,
                reordered + o.reordered, unknown + o.unknown);
    }

    /** Nothing lost, duplicated or invented. */
    public boolean exact() {
        return lost == 0 && duplicated == 0 && unknown == 0;
    }
}

package dev.signals.loadtest.engine;

/**
 * One part of a run split over several generator processes ({@code --shard i/n}, docs/benchmarks.md
 * § Shards): shard {@code i} of {@code n} opens its share of the connections, in whole groups (a
 * room, a pair), and offers the same share of the rate, so that the shards together offer the
 * whole run. {@code 0/1} is the unsplit run.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard must be i/n with 0 <= i < n; got " + index + "/" + count);
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--shard must be i/n, e.g. 0/2; got " + text);
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard must be i/n, e.g. 0/2; got " + text);
        }
    }

    public boolean whole() {
        return count == 1;
    }

    /** This shard's connections out of {@code total}, in whole groups of {@code group}; the shards' shares add up to {@code total}. */
    public int connections(int total, int group) {
        int g = Math.max(1, group);
        long groups = total / g;
        long mine = groups * (index + 1) / count - groups * index / count;
        int rest = index == count - 1 ? total - (int) (groups * g) : 0;
        return (int) (mine * g) + rest;
    }

    /** This shard's share of {@code total}, in proportion to its connections. */
    public double rate(double total, int connections, int group) {
        if (connections <= 0) {
            return total / count;
        }
        return total * connections(connections, group) / connections;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}

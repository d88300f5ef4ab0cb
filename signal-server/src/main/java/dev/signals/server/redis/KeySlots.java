package dev.signals.server.redis;

/**
 * Where the backplane's keys and node channels live (docs/cluster.md "Redis Cluster"). Scripts
 * build every name from the prefix they are given as ARGV[1]; on one Redis or behind Sentinel that
 * is {@code --redis-prefix} itself, so the names are the ones docs/cluster.md "Key layout and TTLs"
 * lists. On a Cluster the prefix a script gets ends in the hash tag of the slot it works in:
 * {@code {<tag>}} of the slot its room, call or domain id hashes to ({@link SlotTags}), whatever
 * that id contains; {@code {mailbox}} for every mailbox key, so the byte budget stays one exact
 * count; {@code {nodes}} for the lease registry. A node's index of what it holds and its channel
 * then exist once per slot, each in that slot.
 */
record KeySlots(boolean cluster) {
    static final KeySlots PLAIN = new KeySlots(false);
    static final KeySlots CLUSTER = new KeySlots(true);

    /** The prefix of the keys of the entity {@code id} (a room, call or domain id) under {@code prefix}. */
    String of(String prefix, String id) {
        return cluster ? prefix + "{" + SlotTags.tag(SlotTags.slot(id)) + "}" : prefix;
    }

    /** The prefix of the keys of slot {@code slot}: what {@link #of} gives every id of that slot. */
    String ofSlot(String prefix, int slot) {
        return cluster ? prefix + "{" + SlotTags.tag(slot) + "}" : prefix;
    }

    /** The prefix of the mailbox keys. */
    String mailbox(String prefix) {
        return cluster ? prefix + "{mailbox}" : prefix;
    }

    /** The prefix of the node leases and the registry of nodes. */
    String nodes(String prefix) {
        return cluster ? prefix + "{nodes}" : prefix;
    }
}

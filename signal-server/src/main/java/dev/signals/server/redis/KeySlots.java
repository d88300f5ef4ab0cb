package dev.signals.server.redis;

/**
 * Where the backplane's keys live (docs/cluster.md "Redis Cluster"). Every key is named
 * {@code <prefix><kind><suffix>:<id>}: on one Redis or behind Sentinel the suffix is empty, so the
 * names are the ones docs/cluster.md "Key layout and TTLs" lists; on a Cluster it is
 * {@code {<tag>}}, the short tag of the slot the key's entity hashes to ({@link SlotTags}), so all
 * keys of one room, call or domain share a slot whatever its id contains, and every mailbox key
 * is in the one slot of {@code {mailbox}}, which keeps the byte budget one exact count.
 */
record KeySlots(boolean cluster) {
    static final KeySlots PLAIN = new KeySlots(false);
    static final KeySlots CLUSTER = new KeySlots(true);
    /** The suffix of every mailbox key on a Cluster. */
    static final String MAILBOX = "{mailbox}";

    /** The suffix of the keys of the entity {@code id} (a room, call or domain id). */
    String of(String id) {
        return cluster ? "{" + SlotTags.tag(SlotTags.slot(id)) + "}" : "";
    }

    /** The suffix of the mailbox keys. */
    String mailbox() {
        return cluster ? MAILBOX : "";
    }
}

package dev.signals.core.backplane;

/** What a backplane tells a dialect's {@link BackplaneListener}. */
public sealed interface BackplaneEvent {

    /** A message for this dialect on this node, in the order the backplane settled it. */
    record Message(String payload) implements BackplaneEvent {
    }

    /**
     * The link is gone: cross-node operations fail until {@link Restored}. The dialect keeps
     * serving what is on this node alone (docs/cluster.md).
     */
    record Lost() implements BackplaneEvent {
    }

    /**
     * The link is back (or up for the first time): the dialect re-registers its live state, since
     * shared state may have been lost or changed meanwhile, and messages sent meanwhile are lost.
     */
    record Restored() implements BackplaneEvent {
    }
}

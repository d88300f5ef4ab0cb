package dev.signals.core.mailbox;

/**
 * The four FIFO queues of one mailbox key (docs/mailbox.md): who writes each, and the message a
 * reader gets when it is empty. The SDP queues accept one item per key lifetime.
 */
public enum MailboxQueue {
    OFFER_SDP(Side.OFFERER, true),
    ANSWER_SDP(Side.ANSWERER, true),
    OFFER_CANDIDATES(Side.OFFERER, false),
    ANSWER_CANDIDATES(Side.ANSWERER, false);

    /** The two peers sharing a key. */
    public enum Side { OFFERER, ANSWERER }

    private final Side writer;
    private final boolean sdp;

    MailboxQueue(Side writer, boolean sdp) {
        this.writer = writer;
        this.sdp = sdp;
    }

    /** The peer that appends to this queue. */
    public Side writer() {
        return writer;
    }

    /** The peer that pops from this queue: always the other one. */
    public Side reader() {
        return writer == Side.OFFERER ? Side.ANSWERER : Side.OFFERER;
    }

    /** SDP queues take one item per key lifetime ("sdp已存在" afterwards); candidate queues are capped in length. */
    public boolean isSdp() {
        return sdp;
    }

    /** The reply to a pop from this queue when it exists but holds nothing. */
    public String emptyMessage() {
        return sdp ? MailboxErrors.SDP_EMPTY : MailboxErrors.CANDIDATE_EMPTY;
    }
}

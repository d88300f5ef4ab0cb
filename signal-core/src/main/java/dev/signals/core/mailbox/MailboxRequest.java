package dev.signals.core.mailbox;

/**
 * A mailbox request that passed the input checks of docs/mailbox.md (steps 0, 1 and the JSON part
 * of step 3); a {@link MailboxStore} applies the rest. {@code key} is already trimmed.
 */
public sealed interface MailboxRequest {
    String key();

    /** {@code POST /offer/sdp/}: create the key (or set its TTL) and store the offer SDP once. */
    record StoreOffer(String key, int ttlSeconds, String sdp) implements MailboxRequest {
    }

    /**
     * {@code POST /answer/sdp/}, {@code POST /offer/candidate/}, {@code POST /answer/candidate/}:
     * append {@code value} (the raw body, possibly blank: the store decides, after the key check).
     */
    record Push(String key, MailboxQueue queue, String value) implements MailboxRequest {
        /** Whether {@code value} is empty or only white space (docs/mailbox.md step 4: {@code body为空}). */
        public boolean blank() {
            return MailboxText.isBlank(value);
        }
    }

    /** A {@code GET}: pop one item from {@code queue}. */
    record Pop(String key, MailboxQueue queue) implements MailboxRequest {
    }
}

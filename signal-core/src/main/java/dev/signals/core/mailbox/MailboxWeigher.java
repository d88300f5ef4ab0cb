package dev.signals.core.mailbox;

import dev.signals.core.json.Utf8;

/**
 * What a mailbox costs against {@code --mailbox-max-bytes}: the UTF-8 bytes of its key and of
 * every stored item, to the byte, plus a fixed allowance for the JVM objects that hold them, so
 * many tiny keys cannot slip past the cap.
 */
public final class MailboxWeigher {
    /** Allowance per key: map node, mailbox object, queue table, key string header. */
    public static final long KEY_OVERHEAD_BYTES = 256;
    /** Allowance per stored item: string object and array header, queue slot. */
    public static final long ITEM_OVERHEAD_BYTES = 48;

    private MailboxWeigher() {
    }

    /** The cost of an empty mailbox under {@code key}. */
    public static long keyBytes(String key) {
        return KEY_OVERHEAD_BYTES + Utf8.encodedLength(key);
    }

    /** The cost of one stored SDP or candidate. */
    public static long itemBytes(String item) {
        return ITEM_OVERHEAD_BYTES + Utf8.encodedLength(item);
    }
}

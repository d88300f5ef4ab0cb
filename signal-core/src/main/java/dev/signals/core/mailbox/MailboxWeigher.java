package dev.signals.core.mailbox;

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
        return KEY_OVERHEAD_BYTES + utf8Length(key);
    }

    /** The cost of one stored SDP or candidate. */
    public static long itemBytes(String item) {
        return ITEM_OVERHEAD_BYTES + utf8Length(item);
    }

    /** Length of {@code s} in UTF-8, counted without encoding it (a lone surrogate counts 3). */
    public static long utf8Length(CharSequence s) {
        long n = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}

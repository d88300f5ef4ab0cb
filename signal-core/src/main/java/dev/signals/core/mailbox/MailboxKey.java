package dev.signals.core.mailbox;

import dev.signals.core.json.Utf8;

/**
 * The {@code key} header rules of docs/mailbox.md: the raw header bytes are strict UTF-8 (invalid
 * counts as missing), surrounding Unicode white space is removed, and 1–32 code points remain.
 */
public final class MailboxKey {
    /** Longest key, in code points (the seed's "不能超过32位"). */
    public static final int MAX_CODE_POINTS = 32;

    private MailboxKey() {
    }

    /**
     * The key named by the raw bytes of a {@code key} header ({@code null} when there is none),
     * or a refusal with {@code key为空} / {@code key太长，长度不能超过32位} (docs/mailbox.md step 1).
     */
    public static String parse(byte[] rawHeader) throws MailboxRefusal {
        String decoded = rawHeader == null ? null : Utf8.decodeOrNull(rawHeader);
        String key = decoded == null ? "" : MailboxText.trim(decoded);
        if (key.isEmpty()) {
            throw new MailboxRefusal(MailboxErrors.KEY_EMPTY);
        }
        if (key.codePointCount(0, key.length()) > MAX_CODE_POINTS) {
            throw new MailboxRefusal(MailboxErrors.KEY_TOO_LONG);
        }
        return key;
    }
}

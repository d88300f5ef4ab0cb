package dev.signals.core.mailbox;

/** The answer to one mailbox request: {@code msg} empty on success, {@code data} null or a string (docs/mailbox.md). */
public record MailboxReply(String msg, String data) {
    /** Success without data. */
    public static final MailboxReply OK = new MailboxReply("", null);

    public static MailboxReply ok(String data) {
        return new MailboxReply("", data);
    }

    public static MailboxReply refused(String msg) {
        return new MailboxReply(msg, null);
    }

    public boolean success() {
        return msg.isEmpty();
    }
}

package dev.signals.core.mailbox;

/** A mailbox request refused by an input check; {@link #msg()} is the reply's {@code msg}. */
public final class MailboxRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    public MailboxRefusal(String msg) {
        super(msg, null, false, false);
    }

    public String msg() {
        return getMessage();
    }
}

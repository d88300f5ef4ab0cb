package dev.signals.core.room;

/** A client frame the room dialect refuses; {@link #reason()} is the error frame's text. */
public final class RoomProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public RoomProtocolException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}

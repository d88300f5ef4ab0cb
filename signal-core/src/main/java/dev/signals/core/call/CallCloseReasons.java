package dev.signals.core.call;

/** The {@code /ws} close reasons of docs/call.md (all sent with code 1000), exactly as clients see them. */
public final class CallCloseReasons {
    /** Normal closure: the code every call close reason is sent with. */
    public static final int CODE = 1000;
    public static final String HANDSHAKE_READ_FAILURE = "handshake read failure";
    public static final String BAD_HANDSHAKE = "bad handshake";
    public static final String BAD_SEAT = "bad seat";
    public static final String BACKEND_FAILURE = "backend failure";
    public static final String SEAT_RENEWAL_FAILURE = "seat renewal failure";
    public static final String REPLACED = "replaced by a newer connection";

    private CallCloseReasons() {
    }
}

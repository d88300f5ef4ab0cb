package dev.signals.core.backplane;

/** A cross-node operation could not be done: the backplane is down, or the target node is gone. */
public final class BackplaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackplaneException(String message) {
        super(message, null, false, false);
    }

    public BackplaneException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}

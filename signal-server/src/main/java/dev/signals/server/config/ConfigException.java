package dev.signals.server.config;

/** Configuration the server refuses; the message is the one line printed before exit status 2. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}

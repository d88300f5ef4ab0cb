package dev.signals.server.auth;

/** Who made a request ({@code sub}, or null when anonymous) and what it may address. */
public record Principal(String subject, Grants grants) {
    /** The principal of every request when auth is off. */
    public static final Principal ANONYMOUS = new Principal(null, Grants.everything());

    public boolean allows(String kind, String name) {
        return grants.allows(kind, name);
    }
}

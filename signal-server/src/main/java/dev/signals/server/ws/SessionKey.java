package dev.signals.server.ws;

import java.util.Objects;

/**
 * Whose session it is and where it may resume: the dialect, the upgrade path (the domain dialect's
 * {@code /ws/{domain}}) and the authenticated subject ({@code null} when auth is off).
 */
public record SessionKey(String dialect, String path, String subject) {
    boolean samePlace(String dialect, String path) {
        return this.dialect.equals(dialect) && this.path.equals(path);
    }

    boolean samePrincipal(String subject) {
        return Objects.equals(this.subject, subject);
    }
}

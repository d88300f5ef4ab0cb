package dev.signals.server.web;

import java.util.Locale;
import java.util.Map;

/** The {@code Content-Type} of a static file, chosen by its extension; unknown ones are refused. */
public final class ContentTypes {
    private static final Map<String, String> BY_EXTENSION = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            // RFC 9512.
            "yaml", "application/yaml; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");

    private ContentTypes() {
    }

    /** The type for {@code fileName}; throws for an extension this server has no type for. */
    public static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String type = dot < 0 ? null : BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException("no content type for " + fileName);
        }
        return type;
    }
}

package dev.signals.server.http;

import java.util.Locale;

/** Checks of a request's {@code Content-Type} header, so every dialect reads it the same way. */
public final class MediaTypes {
    private MediaTypes() {
    }

    /**
     * True for {@code application/json} (any case, surrounding spaces allowed) with optional
     * parameters, where a {@code charset} parameter, if present, must name UTF-8: the body is
     * always read as UTF-8, so another charset could not be honoured.
     */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int eq = parameter.indexOf('=');
            if (eq <= 0) {
                return false;
            }
            String name = parameter.substring(0, eq).trim();
            if (name.equalsIgnoreCase("charset") && !isUtf8(unquote(parameter.substring(eq + 1).trim()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUtf8(String charset) {
        String c = charset.toLowerCase(Locale.ROOT);
        return c.equals("utf-8") || c.equals("utf8");
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}

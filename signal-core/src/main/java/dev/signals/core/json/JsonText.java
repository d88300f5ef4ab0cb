package dev.signals.core.json;

/**
 * Writes JSON text byte-for-byte as ECMAScript {@code JSON.stringify} does (SECURITY.md "Limits and their defaults"):
 * compact, only the quote and backslash escaped plus U+0000–U+001F, short escapes where they
 * exist, lower-case six-character unicode escapes otherwise, lone surrogates escaped the same way.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a quoted JSON string, or {@code null} when it is null. */
    public static StringBuilder quote(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        int length = value.length();
        int runStart = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            String escape = escapeFor(value, i, c);
            if (escape != null) {
                out.append(value, runStart, i).append(escape);
                runStart = i + 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a valid pair is written literally
            }
        }
        return out.append(value, runStart, length).append('"');
    }

    /** Returns {@code value} as a quoted JSON string. */
    public static String quote(String value) {
        return quote(new StringBuilder(value == null ? 4 : value.length() + 2), value).toString();
    }

    private static String escapeFor(String value, int i, char c) {
        switch (c) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\b': return "\\b";
            case '\f': return "\\f";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default:
                break;
        }
        if (c < 0x20) {
            return unicodeEscape(c);
        }
        if (Character.isHighSurrogate(c)) {
            boolean paired = i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            return paired ? null : unicodeEscape(c);
        }
        if (Character.isLowSurrogate(c)) {
            // Reached only when not consumed as the second half of a pair.
            return unicodeEscape(c);
        }
        return null;
    }

    private static String unicodeEscape(char c) {
        return new String(new char[] {'\\', 'u', HEX[(c >> 12) & 0xF], HEX[(c >> 8) & 0xF], HEX[(c >> 4) & 0xF], HEX[c & 0xF]});
    }
}

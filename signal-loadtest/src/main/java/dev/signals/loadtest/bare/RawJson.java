package dev.signals.loadtest.bare;

/**
 * Finds values in JSON text by key without parsing it — exactly as little as the bare relay
 * needs, and exactly as unsafe (the first occurrence of the key wins, wherever it is nested).
 */
final class RawJson {
    private RawJson() {
    }

    /** The first {@code "key":"value"} string value, unescaped only trivially (no escapes expected), or null. */
    static String stringValue(String json, String key) {
        int start = valueStart(json, key);
        if (start < 0 || json.charAt(start) != '"') {
            return null;
        }
        int end = json.indexOf('"', start + 1);
        return end < 0 ? null : json.substring(start + 1, end);
    }

    /** The first {@code "key":<string>} value as raw JSON, quotes and escapes included, or null. */
    static String rawValue(String json, String key) {
        int start = valueStart(json, key);
        if (start < 0 || json.charAt(start) != '"') {
            return null;
        }
        for (int i = start + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return json.substring(start, i + 1);
            }
        }
        return null;
    }

    private static int valueStart(String json, String key) {
        int k = json.indexOf("\"" + key + "\"");
        if (k < 0) {
            return -1;
        }
        int i = k + key.length() + 2;
        while (i < json.length() && (json.charAt(i) == ' ' || json.charAt(i) == ':')) {
            i++;
        }
        return i < json.length() ? i : -1;
    }
}

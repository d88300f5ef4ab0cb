package dev.signals.core.json;

import java.util.List;

/**
 * Builds one compact JSON object in the key order its caller chooses; the codecs use it so every
 * byte the server writes is decided in one place per dialect.
 */
public final class JsonObjectWriter {
    private final StringBuilder out;
    private boolean first = true;

    private JsonObjectWriter(StringBuilder out) {
        this.out = out;
        out.append('{');
    }

    public static JsonObjectWriter object() {
        return new JsonObjectWriter(new StringBuilder(96));
    }

    /**
     * An object expected to be about {@code expectedChars} long: relayed SDPs are kilobytes, and
     * a builder that starts small copies itself over and over as it doubles.
     */
    public static JsonObjectWriter object(int expectedChars) {
        return new JsonObjectWriter(new StringBuilder(Math.max(16, expectedChars)));
    }

    /** Opens a nested object under {@code key}; its fields follow, up to {@link #endObject}. */
    public JsonObjectWriter beginObject(String key) {
        name(key).append('{');
        first = true;
        return this;
    }

    /** Closes the object {@link #beginObject} opened. */
    public JsonObjectWriter endObject() {
        out.append('}');
        first = false;
        return this;
    }

    public JsonObjectWriter string(String key, String value) {
        JsonText.quote(name(key), value);
        return this;
    }

    /** Writes a string whose content is already escaped as {@link JsonText#escape} does. */
    public JsonObjectWriter escapedString(String key, String escaped) {
        name(key).append('"').append(escaped).append('"');
        return this;
    }

    /** Writes the field only when {@code value} is non-null and non-empty (Go's omitempty). */
    public JsonObjectWriter stringOmitEmpty(String key, String value) {
        return value == null || value.isEmpty() ? this : string(key, value);
    }

    public JsonObjectWriter number(String key, Long value) {
        name(key).append(value == null ? "null" : value.toString());
        return this;
    }

    public JsonObjectWriter number(String key, int value) {
        name(key).append(value);
        return this;
    }

    public JsonObjectWriter strings(String key, List<String> values) {
        StringBuilder sb = name(key);
        if (values == null) {
            sb.append("null");
            return this;
        }
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonText.quote(sb, values.get(i));
        }
        sb.append(']');
        return this;
    }

    /** Writes already-encoded JSON (an object built by another writer, or {@code null}). */
    public JsonObjectWriter raw(String key, String json) {
        name(key).append(json == null ? "null" : json);
        return this;
    }

    public JsonObjectWriter nullValue(String key) {
        name(key).append("null");
        return this;
    }

    public String end() {
        return out.append('}').toString();
    }

    private StringBuilder name(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        return JsonText.quote(out, key).append(':');
    }
}

package dev.signals.core.backplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.core.json.JsonText;
import java.io.IOException;

/**
 * The shape every dialect's backplane messages share: a JSON array of strings whose first element
 * names the kind. Written here or by a Redis script ({@code cjson}), so reading accepts whatever a
 * JSON encoder makes of them. Anything malformed is an {@link IllegalArgumentException}.
 */
public final class BusArray {
    private static final ObjectMapper MAPPER = warmed(new ObjectMapper());

    private final JsonNode items;

    private BusArray(JsonNode items) {
        this.items = items;
    }

    /**
     * As in {@code StrictJson}: Jackson builds its tree deserializer on first use under a lock,
     * so it is built here, when the class loads, rather than by event loops racing for it.
     */
    private static ObjectMapper warmed(ObjectMapper mapper) {
        try {
            mapper.readTree("[]");
        } catch (IOException e) {
            throw new IllegalStateException("Jackson cannot parse []", e);
        }
        return mapper;
    }

    /** Parses {@code payload}, which must be a JSON array; {@code what} names it in errors. */
    public static BusArray parse(String payload, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not JSON");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(what + " is not an array");
        }
        return new BusArray(root);
    }

    /** The strings as one JSON array, in order. */
    public static String write(String... items) {
        int length = 2;
        for (String item : items) {
            length += item.length() + 3;
        }
        StringBuilder out = new StringBuilder(length).append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonText.quote(out, items[i]);
        }
        return out.append(']').toString();
    }

    public int size() {
        return items.size();
    }

    /** Whether the array has {@code size} elements and its first names {@code kind}. */
    public boolean is(String kind, int size) {
        return items.size() == size && kind.equals(text(0));
    }

    /** Element {@code index}, which must be a string. */
    public String text(int index) {
        JsonNode item = items.get(index);
        if (item == null || !item.isTextual()) {
            throw new IllegalArgumentException("bus message element " + index + " is not a string");
        }
        return item.textValue();
    }
}

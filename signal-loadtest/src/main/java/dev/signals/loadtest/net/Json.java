package dev.signals.loadtest.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON for the harness's low-rate messages, read and written on its event loops: build objects,
 * read fields, never throw on bad input. One mapper for the whole harness, warmed when this
 * class loads: Jackson builds its tree deserializer on first use under a lock, and two event
 * loops parsing their first reply at once would park there.
 */
public final class Json {
    private static final ObjectMapper MAPPER = warmed(new ObjectMapper());

    private Json() {
    }

    private static ObjectMapper warmed(ObjectMapper mapper) {
        try {
            mapper.readTree("{\"a\":[1,\"b\",true,null,1.5]}");
            mapper.writeValueAsString(mapper.createObjectNode().put("a", 1));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson cannot read its own JSON", e);
        }
        return mapper;
    }

    /** The shared mapper, for its test. */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parsed document, or a MissingNode when {@code text} is not JSON. */
    public static JsonNode read(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            return n == null ? MissingNode.getInstance() : n;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** A JSON string literal of {@code value}, quotes included. */
    public static String quote(String value) {
        return write(MAPPER.getNodeFactory().textNode(value));
    }
}

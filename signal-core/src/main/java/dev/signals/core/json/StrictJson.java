package dev.signals.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Parses client JSON strictly (SECURITY.md "Limits and their defaults"): duplicate keys or trailing content make the
 * document invalid, and field accessors never coerce between strings, numbers and booleans.
 */
public final class StrictJson {
    /** Largest integer a client may send: ±2^53, as an ECMAScript number can hold exactly. */
    public static final long MAX_SAFE_INTEGER = 1L << 53;

    private final ObjectMapper mapper;

    public StrictJson() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        warmUp();
    }

    /**
     * Jackson builds the tree deserializer on first use under a {@code ReentrantLock}; event loops
     * parsing their first documents at the same moment would park on it. Building it here, on
     * the thread that creates the node, keeps every later parse lock-free.
     */
    private void warmUp() {
        try {
            mapper.readTree("{}");
            mapper.readTree(new byte[] {'{', '}'});
        } catch (IOException e) {
            throw new IllegalStateException("Jackson cannot parse {}", e);
        }
    }

    /** A streaming parser over {@code text} with the same strictness (duplicate keys fail). */
    public JsonParser parser(String text) throws IOException {
        return mapper.getFactory().createParser(text);
    }

    /** Parses a document that must be a JSON object. */
    public ObjectNode parseObject(String text) throws JsonShapeException {
        return asObject(parse(text));
    }

    /** Parses a document that must be a JSON object. */
    public ObjectNode parseObject(byte[] utf8) throws JsonShapeException {
        JsonNode node;
        try {
            node = mapper.readTree(utf8);
        } catch (IOException e) {
            throw new JsonShapeException(null, "invalid JSON");
        }
        if (node == null || node.isMissingNode()) {
            // As parse(String) says it: an empty body is not "not an object", it is nothing at all.
            throw new JsonShapeException(null, "empty document");
        }
        return asObject(node);
    }

    public JsonNode parse(String text) throws JsonShapeException {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new JsonShapeException(null, "empty document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new JsonShapeException(null, "invalid JSON");
        }
    }

    private static ObjectNode asObject(JsonNode node) throws JsonShapeException {
        if (node instanceof ObjectNode) {
            return (ObjectNode) node;
        }
        throw new JsonShapeException(null, "not a JSON object");
    }

    /** A string field; {@code null} when absent or JSON null; any other type is an error. */
    public static String optString(JsonNode object, String field) throws JsonShapeException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new JsonShapeException(field, "must be a string");
        }
        return value.textValue();
    }

    /** An integer field within ±2^53; {@code null} when absent or JSON null. */
    public static Long optInteger(JsonNode object, String field) throws JsonShapeException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new JsonShapeException(field, "must be an integer");
        }
        long n = value.longValue();
        if (n > MAX_SAFE_INTEGER || n < -MAX_SAFE_INTEGER) {
            throw new JsonShapeException(field, "must be an integer");
        }
        return n;
    }

    /** An object field; {@code null} when absent or JSON null. */
    public static ObjectNode optObject(JsonNode object, String field) throws JsonShapeException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode)) {
            throw new JsonShapeException(field, "must be an object");
        }
        return (ObjectNode) value;
    }

    /** An array of strings; {@code null} when absent or JSON null. */
    public static java.util.List<String> optStringArray(JsonNode object, String field) throws JsonShapeException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new JsonShapeException(field, "must be an array of strings");
        }
        java.util.List<String> out = new java.util.ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new JsonShapeException(field, "must be an array of strings");
            }
            out.add(item.textValue());
        }
        return java.util.List.copyOf(out);
    }
}

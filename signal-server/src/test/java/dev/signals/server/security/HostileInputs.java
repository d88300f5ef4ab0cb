package dev.signals.server.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Seeded generator of hostile inputs for the dialects' parsers: random JSON, a valid message
 * mutated (wrong types, dropped or duplicated keys, unknown fields, weird numbers, escapes), deep
 * nesting, huge strings, over-cap documents, byte-level damage and invalid UTF-8. Everything
 * comes from one {@link SplittableRandom}, so a seed reproduces a run exactly.
 */
final class HostileInputs {
    /** One generated input: how it was made (for failure messages) and its bytes. */
    record Input(String strategy, byte[] bytes) {
        boolean validUtf8() {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
                return true;
            } catch (CharacterCodingException e) {
                return false;
            }
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String describe() {
            String t = text();
            return strategy + " (" + bytes.length + " bytes) " + (t.length() > 300 ? t.substring(0, 300) + "…" : t);
        }
    }

    /** Characters that break naive code: quotes, escapes, controls, separators, surrogates, RTL, emoji. */
    private static final String[] NASTY = {"\"", "\\", "\u0000", "\u001f", "\u2028", "\u2029", "\ud83d\ude00",
        "\u202e", "\ufeff", "<script>", "'", "%00", "\r\n", "\t", "é", "中", "𝄞", "\ud800", "\udfff"};
    private static final String[] NUMBERS = {"0", "-0", "1e309", "-1e309", "9007199254740993", "-9007199254740993",
        "1.5", "1E2", "123456789012345678901234567890", "0.0000001"};
    private static final String[][] INVALID_UTF8 = {{"c3", "28"}, {"ff"}, {"fe"}, {"c0", "af"}, {"ed", "a0", "80"},
        {"f4", "90", "80", "80"}, {"e2", "82"}, {"80"}};

    private final SplittableRandom rnd;
    private final ObjectMapper mapper = new ObjectMapper();
    /** Writes every non-ASCII character as a {@code \\uXXXX} escape, so lone surrogates reach the server too. */
    private final ObjectMapper escaping = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    HostileInputs(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    <T> T pick(List<T> options) {
        return options.get(rnd.nextInt(options.size()));
    }

    /** A hostile variant of {@code valid} (a JSON object), chosen among every strategy; {@code cap} is the size limit. */
    Input variantOf(String valid, int cap) {
        switch (rnd.nextInt(16)) {
            case 0: return new Input("random JSON", utf8(randomJson(rnd.nextInt(5))));
            case 1: return tree("wrong type", valid, slot -> slot.set(randomOtherType(slot.get())));
            case 2: return tree("dropped field", valid, Slot::remove);
            case 3: return tree("null field", valid, slot -> slot.set(nodes.nullNode()));
            case 4: return tree("unknown fields", valid, slot -> addUnknownFields(slot.parentObject()));
            case 5: return tree("weird number", valid, slot -> slot.set(rawNumber(NUMBERS[rnd.nextInt(NUMBERS.length)])));
            case 6: return tree("nasty string", valid, slot -> slot.set(nodes.textNode(nastyString(1 + rnd.nextInt(40)))));
            case 7: return tree("huge string", valid, slot -> slot.set(nodes.textNode(hugeString(cap))));
            case 8: return new Input("deep nesting", utf8(deepNesting(valid)));
            case 9: return new Input("duplicate key", utf8(duplicateKey(valid)));
            case 10: return new Input("over the cap", overCap(valid, cap));
            case 11: return new Input("invalid UTF-8 in a string", invalidUtf8InString(valid));
            case 12: return new Input("truncated", truncate(utf8(valid)));
            case 13: return new Input("bytes flipped", flipBytes(utf8(valid)));
            case 14: return new Input("trailing content", utf8(valid + pick(List.of(" {}", "x", "]", ",", "\u0000", " null", "{}{}"))));
            default: return new Input("odd document", utf8(pick(List.of("", " ", "null", "{}", "[]", "\"{}\"", "0", "true",
                    "[" + valid + "]", "{\"\":" + valid + "}", "\ufeff" + valid, "{" , "}", "{\"a\"}", "{'a':1}", "NaN"))));
        }
    }

    /** A random JSON document (any type at the top), nesting at most {@code depth}. */
    String randomJson(int depth) {
        try {
            return (rnd.nextBoolean() ? escaping : mapper).writeValueAsString(randomNode(depth));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode randomNode(int depth) {
        int kind = rnd.nextInt(depth > 0 ? 7 : 5);
        switch (kind) {
            case 0: return nodes.nullNode();
            case 1: return nodes.booleanNode(rnd.nextBoolean());
            case 2: return rawNumber(NUMBERS[rnd.nextInt(NUMBERS.length)]);
            case 3: return nodes.textNode(nastyString(rnd.nextInt(20)));
            case 4: return nodes.numberNode(rnd.nextLong());
            case 5: {
                ArrayNode a = nodes.arrayNode();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    a.add(randomNode(depth - 1));
                }
                return a;
            }
            default: {
                ObjectNode o = nodes.objectNode();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    o.set(pick(List.of("type", "payload", "ty", "kind", "call", "session", "body", "data", "key_ttl",
                            "room_id", "client_id", nastyString(3))), randomNode(depth - 1));
                }
                return o;
            }
        }
    }

    /** A JSON node of a different type than {@code current}. */
    private JsonNode randomOtherType(JsonNode current) {
        while (true) {
            JsonNode candidate = randomNode(2);
            if (current == null || candidate.getNodeType() != current.getNodeType()) {
                return candidate;
            }
        }
    }

    private JsonNode rawNumber(String literal) {
        try {
            return mapper.readTree(literal);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(literal, e);
        }
    }

    String nastyString(int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(rnd.nextInt(3) == 0 ? NASTY[rnd.nextInt(NASTY.length)] : Character.toString('a' + rnd.nextInt(26)));
        }
        return sb.toString();
    }

    /** A string whose JSON form stays under {@code cap} bytes even if every character is escaped six-fold. */
    private String hugeString(int cap) {
        int length = cap / 8 + rnd.nextInt(cap / 8);
        StringBuilder sb = new StringBuilder(length);
        String unit = NASTY[rnd.nextInt(NASTY.length)];
        while (sb.length() < length) {
            sb.append(rnd.nextBoolean() ? unit : "x");
        }
        return sb.toString();
    }

    private String deepNesting(String valid) {
        int depth = pick(List.of(64, 999, 1001, 2000, 5000));
        String open = rnd.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String inner = open.repeat(depth) + "1" + close.repeat(depth);
        if (rnd.nextBoolean()) {
            return inner;
        }
        return valid.substring(0, valid.length() - 1) + ",\"nested\":" + inner + "}";
    }

    private String duplicateKey(String valid) {
        int colon = valid.indexOf("\":");
        if (colon < 0 || !valid.startsWith("{\"")) {
            return valid;
        }
        String firstKey = valid.substring(1, colon + 1);
        return "{" + firstKey + ":" + randomJson(1) + "," + valid.substring(1);
    }

    private byte[] overCap(String valid, int cap) {
        String pad = "x".repeat(cap + 1 + rnd.nextInt(4096));
        return utf8(valid.substring(0, valid.length() - 1) + ",\"pad\":\"" + pad + "\"}");
    }

    private byte[] invalidUtf8InString(String valid) {
        byte[] bytes = utf8(valid);
        int quote = -1;
        for (int i = 0, seen = 0, want = 1 + 2 * rnd.nextInt(3); i < bytes.length; i++) {
            if (bytes[i] == '"' && ++seen == want + 1) {
                quote = i; // just after the opening quote of some string
                break;
            }
        }
        int at = quote < 0 ? rnd.nextInt(bytes.length + 1) : quote + 1;
        String[] hex = INVALID_UTF8[rnd.nextInt(INVALID_UTF8.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        for (String h : hex) {
            out.write(Integer.parseInt(h, 16));
        }
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private byte[] truncate(byte[] bytes) {
        byte[] out = new byte[rnd.nextInt(Math.max(1, bytes.length))];
        System.arraycopy(bytes, 0, out, 0, out.length);
        return out;
    }

    private byte[] flipBytes(byte[] bytes) {
        byte[] out = bytes.clone();
        for (int i = 1 + rnd.nextInt(4); i > 0 && out.length > 0; i--) {
            out[rnd.nextInt(out.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return out;
    }

    private void addUnknownFields(ObjectNode target) {
        for (String name : List.of("__proto__", "constructor", "extra", nastyString(2))) {
            if (rnd.nextBoolean()) {
                target.set(name, randomNode(2));
            }
        }
    }

    /** Applies {@code change} to one randomly chosen field or element of {@code valid}'s tree. */
    private Input tree(String strategy, String valid, Consumer<Slot> change) {
        try {
            ObjectNode root = (ObjectNode) mapper.readTree(valid);
            List<Slot> slots = new ArrayList<>();
            collect(root, slots);
            if (!slots.isEmpty()) {
                Slot slot = slots.get(rnd.nextInt(slots.size()));
                change.accept(slot);
                strategy += " at " + slot.name();
            }
            ObjectMapper writer = rnd.nextBoolean() ? escaping : mapper;
            return new Input(strategy, utf8(writer.writeValueAsString(root)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("template is not JSON: " + valid, e);
        }
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode) {
            ObjectNode o = (ObjectNode) node;
            o.fieldNames().forEachRemaining(name -> {
                out.add(new Slot(o, name, -1));
                collect(o.get(name), out);
            });
        } else if (node instanceof ArrayNode) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i));
                collect(a.get(i), out);
            }
        }
    }

    /** A place in a JSON tree: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        JsonNode get() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        ObjectNode parentObject() {
            return parent instanceof ObjectNode ? (ObjectNode) parent : JsonNodeFactory.instance.objectNode();
        }

        String name() {
            return field != null ? field : "[" + index + "]";
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.signals.core.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.core.json.JsonText;
import dev.signals.core.json.StrictJson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The relay's plain-SDP path against an oracle that never uses it: whatever spelling a client
 * chose, the relayed frame is {@code JSON.stringify}'s, with the SDP Jackson decodes from the
 * client's frame (docs/room.md).
 */
class PlainSdpDecoderTest {
    private static final ObjectMapper ORACLE = new ObjectMapper();
    /** Characters whose spelling matters: quote, backslash, slash, controls, separators, non-ASCII, surrogates. */
    private static final char[] ALPHABET = {'a', 'Z', '0', ' ', '=', '"', '\\', '/', '\r', '\n', '\t', '\b', '\f',
        '\u0001', '\u001f', '\u007f', '\u00e9', '\u2028', '\u2029', '\ud83d', '\ude00'};
    /** The first sixteen of the alphabet are ASCII. */
    private static final int ASCII_IN_ALPHABET = 16;

    private static final String HEX_LOWER = "0123456789abcdef";
    private static final String HEX_UPPER = "0123456789ABCDEF";

    private final StrictJson json = new StrictJson();
    private final RoomCodec codec = new RoomCodec(json);
    private final PlainSdpDecoder plain = new PlainSdpDecoder();

    @Test
    void everySpellingRelaysAsJsonStringifyWouldWriteIt() throws Exception {
        Random random = new Random(20261206);
        int plainTaken = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder value = new StringBuilder();
            StringBuilder spelled = new StringBuilder();
            int length = random.nextInt(i % 10 == 0 ? 6_000 : 60); // a browser's SDP: a few KB
            // One in three any char in any spelling; one ASCII in any spelling; one ASCII as
            // JSON.stringify spells it, which is the plain path's, with escapes at every offset.
            int mode = i % 3;
            for (int c = 0; c < length; c++) {
                char ch = ALPHABET[random.nextInt(mode == 0 ? ALPHABET.length : ASCII_IN_ALPHABET)];
                value.append(ch);
                if (mode == 2) {
                    spelled.append(JsonText.escape(String.valueOf(ch)));
                } else {
                    spell(spelled, ch, random);
                }
            }
            String type = random.nextBoolean() ? "offer" : "answer";
            StringBuilder target = new StringBuilder();
            boolean spellTarget = random.nextInt(4) == 0; // an escaped client id takes the tree
            for (char ch : ("t" + i).toCharArray()) {
                if (spellTarget) {
                    spell(target, ch, random);
                } else {
                    target.append(ch);
                }
            }
            String[] tokens = random.nextBoolean()
                    ? new String[] {"{", "\"type\"", ":", "\"" + type + "\"", ",", "\"payload\"", ":", "{",
                        "\"client_id\"", ":", "\"" + target + "\"", ",", "\"sdp\"", ":", "\"" + spelled + "\"", "}", "}"}
                    : new String[] {"{", "\"type\"", ":", "\"" + type + "\"", ",", "\"payload\"", ":", "{",
                        "\"sdp\"", ":", "\"" + spelled + "\"", ",", "\"client_id\"", ":", "\"" + target + "\"", "}", "}"};
            String text = joinWithWhitespace(tokens, random);
            JsonNode oracle = ORACLE.readTree(text).get("payload");
            RoomRequest.Sdp decoded = (RoomRequest.Sdp) codec.decode(text);
            assertEquals("t" + i, decoded.targetId());
            assertEquals("{\"type\":\"" + type + "\",\"payload\":{\"client_id\":\"c9\",\"sdp\":"
                    + JsonText.quote(oracle.get("sdp").textValue()) + "}}", codec.relayedSdp(decoded, "c9"), JsonText.escape(text));
            plainTaken += plain.decode(text) != null ? 1 : 0;
        }
        // Every third frame is in the plain shape (some of them with an escaped client id); the rest mostly are not.
        assertEquals(true, plainTaken > 700, "the plain path was taken " + plainTaken + " times");
    }

    /** The tokens, with JSON whitespace between some of them (and around the whole) in one of three frames. */
    private static String joinWithWhitespace(String[] tokens, Random random) {
        StringBuilder out = new StringBuilder();
        boolean spaced = random.nextInt(3) == 0;
        for (String token : tokens) {
            if (spaced && random.nextBoolean()) {
                out.append(" \t\r\n".charAt(random.nextInt(4)));
            }
            out.append(token);
        }
        if (spaced && random.nextBoolean()) {
            out.append('\n');
        }
        return out.toString();
    }

    /** Appends {@code ch} as a client might spell it inside a JSON string. */
    private static void spell(StringBuilder out, char ch, Random random) {
        int style = random.nextInt(8);
        if (style < 2) {
            String digits = style == 0 ? HEX_LOWER : HEX_UPPER; // either case of hex digits
            out.append("\\u").append(digits.charAt(ch >> 12)).append(digits.charAt((ch >> 8) & 15))
                    .append(digits.charAt((ch >> 4) & 15)).append(digits.charAt(ch & 15));
        } else if (style == 2 && ch == '/') {
            out.append("\\/");
        } else if (ch == '"' || ch == '\\' || ch < 0x20 || Character.isSurrogate(ch)) {
            // Lone surrogates cannot be raw in UTF-8 bytes; here they may be, as in a Java string.
            out.append(random.nextBoolean() || !Character.isSurrogate(ch) ? JsonText.escape(String.valueOf(ch)) : String.valueOf(ch));
        } else {
            out.append(ch);
        }
    }

    @Test
    void whitespaceBetweenTokensKeepsThePlainPath() {
        RoomRequest.Sdp offer = plain.decode(" {\n \"type\" : \"answer\" ,\t\"payload\":{ \"sdp\":\"v=0\\r\\n\" , \"client_id\" :\"b\"}\r\n}\n");
        assertEquals(new RoomRequest.Sdp(RoomRequest.SdpKind.ANSWER, "b", "v=0\\r\\n"), offer);
    }

    @Test
    void aBrowsersOfferTakesThePlainPathAndKeepsItsBytes() {
        String sdp = "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\na=msid-semantic: WMS \\\"x\\\"\\r\\n";
        RoomRequest.Sdp offer = plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"" + sdp + "\"}}");
        assertNotNull(offer);
        assertEquals(new RoomRequest.Sdp(RoomRequest.SdpKind.OFFER, "b", sdp), offer);
    }

    @Test
    void aFramesBytesGiveItsSpanWhereverTheyLie() {
        String frame = "{\"type\":\"offer\",\"payload\":{\"client_id\":\"b7\",\"sdp\":\"v=0\\r\\na=x \\\"y\\\"\\r\\n\"}}";
        // A direct buffer whose frame starts past other bytes, in the order a caller may have set.
        ByteBuffer direct = ByteBuffer.allocateDirect(frame.length() + 9).order(ByteOrder.LITTLE_ENDIAN);
        direct.put("{\"sdp\":1}".getBytes(StandardCharsets.US_ASCII)).put(frame.getBytes(StandardCharsets.US_ASCII)).flip();
        direct.position(9);
        int sdp = frame.indexOf("v=0");
        assertEquals(new PlainSdpSpan(RoomRequest.SdpKind.OFFER, frame.indexOf("b7"), frame.indexOf("b7") + 2,
                sdp, frame.length() - 3), codec.plainSdp(direct));
        assertEquals(9, direct.position()); // the caller's buffer is read, not moved

        byte[] accented = (frame.substring(0, sdp) + "\u00e9" + frame.substring(sdp)).getBytes(StandardCharsets.UTF_8);
        assertNull(codec.plainSdp(ByteBuffer.wrap(accented)), "a byte beyond ASCII takes the tree");
    }

    @Test
    void otherShapesAndSpellingsGoThroughTheTree() {
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"a\\/b\"}}"));
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"\\u0041\"}}"));
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"\\u001F\"}}"));
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\",\"x\":1}}"));
        assertNull(plain.decode("{\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\"},\"type\":\"offer\"}"));
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\"}} {}"));
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"client_id\":\"c\"}}"));
        assertNull(plain.decode("{\"type\":\"join\",\"payload\":{\"room_id\":\"r\"}}"));
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"\\u0062\",\"sdp\":\"s\"}}"));
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":7,\"sdp\":\"s\"}}"));
        assertNull(plain.decode("{\"t\\u0079pe\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\"}}"));
        assertNull(plain.decode("\ufeff{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\"}}"));
        assertNull(plain.decode("{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\"}"));
        assertNull(plain.decode(""));
    }

    @Test
    void errorsAreTheTreesWhateverTheShape() {
        RoomCodec c = codec;
        assertEquals("invalid payload", assertThrows(RoomProtocolException.class, () -> c.decode(
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\",\"sdp\":\"t\"}}")).reason());
        assertEquals("invalid payload", assertThrows(RoomProtocolException.class, () -> c.decode(
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\"}}x")).reason());
        assertEquals("invalid payload", assertThrows(RoomProtocolException.class, () -> c.decode(
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s\u0001\"}}")).reason());
        assertEquals("invalid payload", assertThrows(RoomProtocolException.class, () -> c.decode(
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"b\",\"sdp\":\"s")).reason());
    }
}

package dev.signals.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    /**
     * JSON.stringify's spelling of some ASCII characters (with '#', ']' and ' ', one above a quote,
     * backslash or control, which a borrow between bytes would mark, and 'r' and 'n', which are an
     * escape's letter only after a backslash that is not itself escaped), and spellings that are not its own.
     */
    private static final String[] CANONICAL = {"a", "=", " ", "#", "]", "r", "n", "\\r", "\\n", "\\\"", "\\\\", "\\t", "\\b", "\\f",
        "\\u0001", "\\u001f", "\u007f"};
    private static final String[] NOT_CANONICAL = {"\\s", "\\o", "\\/", "\\u0041", "\\u000a", "\\u001F", "\\x", "\u0001", "\u00e9"};

    @Test
    void asciiCanonicalEndFindsTheQuoteOnlyAfterJsonStringifysSpelling() {
        Random random = new Random(20261207);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            boolean canonical = random.nextBoolean();
            int length = random.nextInt(40); // escapes at every offset of the eight-byte steps
            int odd = canonical ? -1 : random.nextInt(length + 1);
            for (int k = 0; k <= length; k++) {
                if (k == odd) {
                    text.append(NOT_CANONICAL[random.nextInt(NOT_CANONICAL.length)]);
                }
                if (k < length) {
                    text.append(CANONICAL[random.nextInt(CANONICAL.length)]);
                }
            }
            int end = text.length();
            text.append('"').append("}}", 0, random.nextInt(3));
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(canonical ? end : -1, JsonText.asciiCanonicalEnd(bytes, 0), text.toString());
        }
    }

    @Test
    void asciiCanonicalEndReadsABigEndianBufferAlike() {
        byte[] text = "abcdefg#\\r\\n]\\\\ \\u0001xyz\"".getBytes(StandardCharsets.US_ASCII);
        assertEquals(text.length - 1, JsonText.asciiCanonicalEnd(ByteBuffer.wrap(text), 0));
        assertEquals(text.length - 1, JsonText.asciiCanonicalEnd(ByteBuffer.wrap(text).order(ByteOrder.LITTLE_ENDIAN), 0));
    }

    @Test
    void asciiCanonicalEndOfAStringCutShortAnywhereIsNone() {
        byte[] content = "v=0\\r\\na=x\\u0001\\\"\\\\".getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= content.length; cut++) {
            assertEquals(-1, JsonText.asciiCanonicalEnd(ByteBuffer.wrap(content, 0, cut).order(ByteOrder.LITTLE_ENDIAN), 0), "cut at " + cut);
        }
        for (int before = 0; before < 17; before++) { // the backslash last, at every offset of an eight-byte step
            byte[] backslashLast = ("a".repeat(before) + "\\").getBytes(StandardCharsets.US_ASCII);
            assertEquals(-1, JsonText.asciiCanonicalEnd(ByteBuffer.wrap(backslashLast).order(ByteOrder.LITTLE_ENDIAN), 0), before + " before it");
        }
    }

    @Test
    void escapesLikeJsonStringify() {
        assertEquals("\"a\\\"b\\\\c\"", JsonText.quote("a\"b\\c"));
        assertEquals("\"\\b\\f\\n\\r\\t\"", JsonText.quote("\b\f\n\r\t"));
        assertEquals("\"\\u0000\\u001f\\u000b\"", JsonText.quote("\u0000\u001f\u000b"));
    }

    @Test
    void writesHtmlSignificantAndNonAsciiCharactersLiterally() {
        assertEquals("\"/<>&='\u2028\u2029é😀\"", JsonText.quote("/<>&='\u2028\u2029é😀"));
    }

    @Test
    void charactersEitherSideOfEachBoundAreSpelledAsJsonStringifyDoes() {
        // Each side of every bound the fast path tests: control/space, quote, backslash, surrogates.
        assertEquals("\"\\u001f !\\\"#[\\\\]\ud7ff\ue000\uffff\"", JsonText.quote("\u001f !\"#[\\]\ud7ff\ue000\uffff"));
    }

    @Test
    void escapesLoneSurrogatesInLowerCase() {
        assertEquals("\"\\ud800x\\udfff\"", JsonText.quote("\ud800x\udfff"));
        assertEquals("\"\\udc00\\ud83d\"", JsonText.quote("\udc00\ud83d"));
    }

    @Test
    void writesNullForMissingValue() {
        assertEquals("null", JsonText.quote((String) null));
    }

    @Test
    void objectWriterKeepsCallerKeyOrder() {
        String json = JsonObjectWriter.object().string("z", "1").number("a", 2).nullValue("m")
                .strings("l", java.util.List.of("x", "y")).raw("o", "{}").end();
        assertEquals("{\"z\":\"1\",\"a\":2,\"m\":null,\"l\":[\"x\",\"y\"],\"o\":{}}", json);
    }
}

package dev.signals.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTextTest {
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

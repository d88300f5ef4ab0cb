package dev.signals.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    @Test
    void aByteBeyondAsciiIsSeenAtEveryPositionOfTheWordsAndTheTail() {
        assertTrue(Utf8.isAscii(new byte[0]));
        for (int length = 1; length <= 19; length++) {
            byte[] bytes = "v=0 a=b c=d e=f g=h".substring(0, length).getBytes(StandardCharsets.US_ASCII);
            assertTrue(Utf8.isAscii(bytes), "length " + length);
            for (int at = 0; at < length; at++) {
                byte[] marked = bytes.clone();
                marked[at] = (byte) 0x80;
                assertFalse(Utf8.isAscii(marked), "length " + length + ", at " + at);
            }
        }
        assertTrue(Utf8.isAscii(new byte[] {0, 0x1f, 0x7f, '"', '\\'}));
    }

    @Test
    void decodesAsciiAndValidUtf8AndRefusesTheRest() {
        String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";
        assertEquals(sdp, Utf8.decodeOrNull(sdp.getBytes(StandardCharsets.US_ASCII)));
        String wide = "候选 candidate 😀 café";
        assertEquals(wide, Utf8.decodeOrNull(wide.getBytes(StandardCharsets.UTF_8)));
        byte[] asciiThenBroken = "0123456789abcdef\u00e9".getBytes(StandardCharsets.UTF_8);
        assertEquals("0123456789abcdef\u00e9", Utf8.decodeOrNull(asciiThenBroken));
        asciiThenBroken[asciiThenBroken.length - 1] = '(';
        assertNull(Utf8.decodeOrNull(asciiThenBroken), "a lead byte without its continuation");
        assertNull(Utf8.decodeOrNull(new byte[] {(byte) 0x80}), "a lone continuation byte");
        assertNull(Utf8.decodeOrNull(new byte[] {(byte) 0xC0, (byte) 0x80}), "an overlong NUL");
        assertNull(Utf8.decodeOrNull(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "an encoded surrogate");
        assertNull(Utf8.decodeOrNull(new byte[] {'a', (byte) 0xFF}));
    }

    @Test
    void aTextCostsTheBytesItsEncodingTakesAndALoneSurrogateTheMost() {
        for (String text : new String[] {"", "v=0\r\n", "caf\u00e9", "\u5019\u9009", "\ud83d\ude00", "a\u00e9\u5019\ud83d\ude00z"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.encodedLength(text), text);
        }
        // An encoder writes one byte ('?') or three (U+FFFD) for a lone surrogate: a budget counts three.
        assertEquals(3, Utf8.encodedLength("\ud83d"));
        assertEquals(3, Utf8.encodedLength("\ude00"));
        assertEquals(4, Utf8.encodedLength("\ud83da"), "the character after a lone high surrogate still counts");
        assertEquals(6, Utf8.encodedLength("\ude00\ud83d"), "a low surrogate before a high one is no pair");
    }
}

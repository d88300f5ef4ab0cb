package dev.signals.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CallPathTest {

    private static String name(String raw) {
        CallPath p = CallPath.parse(raw);
        assertEquals(CallPath.Outcome.CALL, p.outcome(), raw);
        return p.name();
    }

    private static CallPath.Outcome outcome(String raw) {
        return CallPath.parse(raw).outcome();
    }

    @Test
    void readsTheName() {
        assertEquals("x", name("/call/x"));
        assertEquals("x", name("/call/x/"));
        assertEquals("x", name("//call/x//"));
        assertEquals("a+b", name("/call/a+b"), "+ stays +");
        assertEquals("a b", name("/call/a%20b"));
        assertEquals("é😀", name("/call/%C3%A9%f0%9f%98%80"));
        assertEquals("%", name("/call/%25"));
        assertEquals("a".repeat(256), name("/call/" + "a".repeat(256)));
    }

    @Test
    void rawUtf8BytesOfTheRequestLineAreAccepted() {
        // Netty gives each byte of the request line as one char.
        assertEquals("é", name("/call/\u00c3\u00a9"));
    }

    @Test
    void badEscapesAndBadUtf8Are400() {
        assertEquals(CallPath.Outcome.BAD_ESCAPE, outcome("/call/%zz"));
        assertEquals(CallPath.Outcome.BAD_ESCAPE, outcome("/call/%4"));
        assertEquals(CallPath.Outcome.BAD_ESCAPE, outcome("/call/x%"));
        assertEquals(CallPath.Outcome.BAD_ESCAPE, outcome("/call/%C3"));
        assertEquals(CallPath.Outcome.BAD_ESCAPE, outcome("/call/%ED%A0%80"), "an encoded surrogate is not UTF-8");
        assertEquals(CallPath.Outcome.BAD_ESCAPE, outcome("/call/%\uff11\uff11"), "only ASCII hex digits");
    }

    @Test
    void anythingButCallAndOneNameIs404() {
        assertEquals(CallPath.Outcome.NOT_FOUND, outcome("/call"));
        assertEquals(CallPath.Outcome.NOT_FOUND, outcome("/call/"));
        assertEquals(CallPath.Outcome.NOT_FOUND, outcome("/call//"));
        assertEquals(CallPath.Outcome.NOT_FOUND, outcome("/call/a/b"));
        assertEquals(CallPath.Outcome.NOT_FOUND, outcome("/call//a//b"));
        assertEquals(CallPath.Outcome.NOT_FOUND, outcome("/call/a%2Fb"), "decoded before splitting");
        assertEquals(CallPath.Outcome.NOT_FOUND, outcome("/calls/a"));
        assertEquals(CallPath.Outcome.NOT_FOUND, outcome("/call/" + "a".repeat(257)));
    }
}

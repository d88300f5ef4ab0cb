package dev.signals.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signals.core.json.JsonShapeException;
import dev.signals.core.json.StrictJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CallCodecTest {
    private final CallCodec codec = new CallCodec(new StrictJson());

    @Test
    void writesEventKeysInSeedOrderAndOmitsEmptyFields() {
        assertEquals("{\"call\":\"c\",\"session\":\"s\",\"kind\":\"JOIN\"}", codec.encode(new CallMessage.Join("c", "s")));
        assertEquals("{\"call\":\"c\",\"kind\":\"WELCOME\"}", codec.encode(new CallMessage.Welcome("c")));
        assertEquals("{\"call\":\"c\",\"session\":\"s\",\"body\":\"b\",\"kind\":\"OFFER\"}",
                codec.encode(new CallMessage.Signal("c", "s", CallMessage.Kind.OFFER, "b")));
    }

    @Test
    void subscribersNeverSeeTheSession() {
        assertEquals("{\"call\":\"c\",\"kind\":\"PEER\"}", codec.forSubscribers(new CallMessage.Peer("c", "s")));
        assertEquals("{\"call\":\"c\",\"kind\":\"LEAVE\"}", codec.forSubscribers(new CallMessage.Leave("c", "s")));
        assertEquals("{\"call\":\"c\",\"body\":\"v=0\\r\\n</script>\\u0001é\",\"kind\":\"ANSWER\"}",
                codec.forSubscribers(new CallMessage.Signal("c", "s", CallMessage.Kind.ANSWER, "v=0\r\n</script>\u0001é")));
    }

    @Test
    void decodesTheJoinHandshake() throws Exception {
        assertEquals(new CallMessage.Join("c", "s"), codec.decodeJoin("{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":\"s\"}"));
        assertEquals(new CallMessage.Join("c", "s"), codec.decodeJoin("{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":\"s\",\"body\":null}"));
        assertEquals(new CallMessage.Join("c", "s"), codec.decodeJoin("{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":\"s\",\"body\":\"\",\"x\":1}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "\"JOIN\"",
        "{\"kind\":\"join\",\"call\":\"c\",\"session\":\"s\"}",
        "{\"kind\":\"OFFER\",\"call\":\"c\",\"session\":\"s\"}",
        "{\"call\":\"c\",\"session\":\"s\"}",
        "{\"kind\":\"JOIN\",\"session\":\"s\"}",
        "{\"kind\":\"JOIN\",\"call\":\"\",\"session\":\"s\"}",
        "{\"kind\":\"JOIN\",\"call\":\"c\"}",
        "{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":7}",
        "{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":\"s\",\"body\":\"x\"}",
        "{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":\"s\",\"body\":{}}",
        "{\"kind\":\"JOIN\",\"call\":\"c\",\"call\":\"d\",\"session\":\"s\"}",
        "{\"kind\":\"JOIN\",\"call\":\"c\",\"session\":\"s\"} {}",
    })
    void refusesBadHandshakes(String text) {
        assertThrows(JsonShapeException.class, () -> codec.decodeJoin(text));
    }

    @Test
    void callNamesAreOneTo256CodePoints() throws Exception {
        String longest = "😀".repeat(256);
        assertEquals(longest, codec.decodeJoin("{\"kind\":\"JOIN\",\"call\":\"" + longest + "\",\"session\":\"s\"}").call());
        assertThrows(JsonShapeException.class,
                () -> codec.decodeJoin("{\"kind\":\"JOIN\",\"call\":\"" + "a".repeat(257) + "\",\"session\":\"s\"}"));
    }

    @Test
    void decodesSignals() throws Exception {
        assertEquals(new CallMessage.Signal("c", "s", CallMessage.Kind.OFFER, "sdp"),
                codec.decodeSignal(utf8("{\"call\":\"c\",\"session\":\"s\",\"kind\":\"OFFER\",\"body\":\"sdp\"}")));
        assertEquals(new CallMessage.Signal("c", "s", CallMessage.Kind.ANSWER, "é"),
                codec.decodeSignal(utf8("{\"kind\":\"ANSWER\",\"body\":\"é\",\"call\":\"c\",\"session\":\"s\",\"extra\":[1]}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "{}", "null", "{\"call\":\"c\",\"session\":\"s\",\"kind\":\"JOIN\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"s\",\"kind\":\"PEER\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"s\",\"kind\":\"offer\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"s\",\"kind\":\"OFFER\",\"body\":\"\"}",
        "{\"call\":\"c\",\"session\":\"s\",\"kind\":\"OFFER\"}",
        "{\"call\":\"c\",\"session\":\"\",\"kind\":\"OFFER\",\"body\":\"b\"}",
        "{\"session\":\"s\",\"kind\":\"OFFER\",\"body\":\"b\"}",
        "{\"call\":1,\"session\":\"s\",\"kind\":\"OFFER\",\"body\":\"b\"}",
        "{\"call\":\"c\",\"session\":\"s\",\"kind\":\"OFFER\",\"body\":true}",
        "{\"call\":\"c\",\"session\":\"s\",\"kind\":\"OFFER\",\"body\":\"b\",\"body\":\"b\"}",
    })
    void refusesBadSignals(String text) {
        assertThrows(JsonShapeException.class, () -> codec.decodeSignal(utf8(text)));
    }

    @Test
    void refusesSignalsThatAreNotUtf8() {
        byte[] latin1 = "{\"call\":\"c\",\"session\":\"s\",\"kind\":\"OFFER\",\"body\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(JsonShapeException.class, () -> codec.decodeSignal(latin1));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

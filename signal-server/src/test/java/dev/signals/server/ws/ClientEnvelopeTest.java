package dev.signals.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which client frames the session layer takes for itself (docs/resume.md#wire), and which it passes on untouched. */
class ClientEnvelopeTest {
    private static void assertBare(String text) {
        ClientEnvelope e = ClientEnvelope.parse(text);
        assertEquals(ClientEnvelope.Kind.BARE, e.kind(), text);
        assertEquals(text, e.message(), "a bare frame reaches the dialect byte for byte");
    }

    @Test
    void aNumberedFrameHandsOnTheExactTextOfItsMessage() {
        String msg = "{ \"type\":\"offer\", \"payload\":{\"sdp\":\"v=0\\r\\n\",\"n\":1.50e0,\"u\":\"\\u00e9\"} }";
        ClientEnvelope e = ClientEnvelope.parse("{\"cseq\":7,\"msg\":" + msg + "}");
        assertEquals(ClientEnvelope.Kind.CSEQ, e.kind());
        assertEquals(7, e.number());
        assertEquals(msg, e.message());
        assertEquals(msg, ClientEnvelope.parse(" {\"msg\":" + msg + ", \"cseq\":7 } ").message(), "key order and spaces are free");
    }

    @Test
    void anAckIsANumberAlone() {
        ClientEnvelope e = ClientEnvelope.parse("{\"ack\":42}");
        assertEquals(ClientEnvelope.Kind.ACK, e.kind());
        assertEquals(42, e.number());
    }

    @Test
    void everythingElseIsADialectFrame() {
        assertBare("{\"type\":\"join\",\"payload\":{\"room_id\":\"x\"}}");
        assertBare("{\"cseq\":1}");
        assertBare("{\"cseq\":0,\"msg\":{}}");
        assertBare("{\"cseq\":-1,\"msg\":{}}");
        assertBare("{\"cseq\":1.5,\"msg\":{}}");
        assertBare("{\"cseq\":\"1\",\"msg\":{}}");
        assertBare("{\"cseq\":1,\"msg\":\"text\"}");
        assertBare("{\"cseq\":1,\"msg\":{},\"extra\":true}");
        assertBare("{\"cseq\":99999999999999999999999,\"msg\":{}}");
        assertBare("{\"ack\":1,\"cseq\":1,\"msg\":{}}");
        assertBare("{\"ack\":1}{\"ack\":2}");
        assertBare("{\"cseq\":1,\"msg\":{\"a\":");
        assertBare("[1,2]");
        assertBare("");
        assertBare("JOIN");
    }
}

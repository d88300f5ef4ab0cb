package dev.signals.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CallBusCodecTest {
    private final CallBusCodec codec = new CallBusCodec();

    @Test
    void readsEventsAsRedisCjsonWritesThem() {
        // cjson escapes '/' as '\/' and leaves UTF-8 bytes as they are.
        assertEquals(new CallBusMessage.Published(new CallMessage.Peer("a/b ü", "s1")),
                codec.decode("[\"e\",\"a\\/b ü\",\"s1\",\"PEER\",\"\"]"));
        assertEquals(new CallBusMessage.Published(new CallMessage.Leave("c", "s1")),
                codec.decode("[\"e\",\"c\",\"s1\",\"LEAVE\",\"\"]"));
        assertEquals(new CallBusMessage.Published(new CallMessage.Signal("c", "s1", CallMessage.Kind.OFFER, "v=0\r\n")),
                codec.decode("[\"e\",\"c\",\"s1\",\"OFFER\",\"v=0\\r\\n\"]"));
        assertEquals(new CallBusMessage.Published(new CallMessage.Signal("c", "s1", CallMessage.Kind.ANSWER, "x")),
                codec.decode("[\"e\",\"c\",\"s1\",\"ANSWER\",\"x\"]"));
        assertEquals(new CallBusMessage.Replaced("c", "s1", "conn"), codec.decode("[\"r\",\"c\",\"s1\",\"conn\"]"));
    }

    @Test
    void malformedMessagesAreRefused() {
        for (String bad : new String[] {"", "{}", "[]", "[\"e\",\"c\",\"s\",\"PEER\"]", "[\"e\",\"c\",\"s\",\"JOIN\",\"\"]",
                "[\"r\",\"c\",\"s\"]", "[\"x\",\"c\",\"s\",\"k\"]", "[\"r\",1,\"s\",\"c\"]"}) {
            assertThrows(IllegalArgumentException.class, () -> codec.decode(bad), bad);
        }
    }
}

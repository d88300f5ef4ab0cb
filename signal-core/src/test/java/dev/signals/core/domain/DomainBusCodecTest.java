package dev.signals.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DomainBusCodecTest {
    private final DomainBusCodec codec = new DomainBusCodec();

    @Test
    void aFrameTravelsVerbatim() {
        String frame = "{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":{\"offer_sdp\":\"a/b+==\",\"candidate\":[\"ü\\n\"]}}";
        assertEquals(new DomainBusMessage.Deliver("node.example:1", "offer", frame),
                codec.decode(codec.deliver("node.example:1", "offer", frame)));
    }

    @Test
    void readsCloseOrdersAsRedisCjsonWritesThem() {
        assertEquals(new DomainBusMessage.Close("a.b", "c9"), codec.decode("[\"c\",\"a.b\",\"c9\"]"));
    }

    @Test
    void malformedMessagesAreRefused() {
        for (String bad : new String[] {"", "null", "[]", "[\"m\",\"d\",\"t\"]", "[\"c\",\"d\"]", "[\"z\",\"d\",\"c\"]", "[\"c\",\"d\",2]"}) {
            assertThrows(IllegalArgumentException.class, () -> codec.decode(bad), bad);
        }
    }
}

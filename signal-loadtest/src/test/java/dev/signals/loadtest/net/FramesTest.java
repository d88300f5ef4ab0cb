package dev.signals.loadtest.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {
    @Test
    void writeDecimalWritesWhatLongToStringWould() {
        for (long v : new long[] {0, 7, 9, 10, 99, 100, 123456789012L, 1_000_000_000_000_000_000L, Long.MAX_VALUE}) {
            ByteBuf buf = Unpooled.buffer();
            try {
                Frames.writeDecimal(buf.writeByte('x'), v);
                assertEquals("x" + v, buf.toString(StandardCharsets.US_ASCII));
                assertEquals(v, Frames.numberAfter(buf, Frames.ascii("x")));
            } finally {
                buf.release();
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Frames.writeDecimal(Unpooled.buffer(), -1));
    }
}

package dev.signals.loadtest.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {
    @Test
    void indexOfFindsTheFirstWholeOccurrenceWithinTheReadableBytes() {
        ByteBuf buf = Unpooled.copiedBuffer("xxo=o=-o=- 12o=- 34", StandardCharsets.US_ASCII);
        try {
            byte[] marker = Frames.ascii("o=- ");
            assertEquals(7, Frames.indexOf(buf, marker, 0), "past the partial matches");
            assertEquals(13, Frames.indexOf(buf, marker, 8));
            assertEquals(-1, Frames.indexOf(buf, marker, 14));
            assertEquals(12, Frames.numberAfter(buf, marker));
            assertEquals(0, Frames.indexOf(buf, Frames.ascii("x"), 0));
            assertEquals(-1, Frames.indexOf(buf, Frames.ascii("34 "), 0), "not past the end");
            assertEquals(17, Frames.indexOf(buf, Frames.ascii("34"), 0), "up to the last byte");
            buf.readerIndex(8);
            assertEquals(13, Frames.indexOf(buf, marker, 0), "only readable bytes");
        } finally {
            buf.release();
        }
    }

    @Test
    void numberAfterSkipsWholeNumbersEachFollowedByOneSpace() {
        ByteBuf buf = Unpooled.copiedBuffer("o=- 12 345 6 IN", StandardCharsets.US_ASCII);
        ByteBuf broken = Unpooled.copiedBuffer("o=- 12a 3", StandardCharsets.US_ASCII);
        try {
            byte[] marker = Frames.ascii("o=- ");
            assertEquals(12, Frames.numberAfter(buf, marker, 0));
            assertEquals(345, Frames.numberAfter(buf, marker, 1));
            assertEquals(6, Frames.numberAfter(buf, marker, 2));
            assertEquals(-1, Frames.numberAfter(buf, marker, 3), "IN is no number");
            assertEquals(-1, Frames.numberAfter(buf, marker, 4), "no number to skip");
            assertEquals(-1, Frames.numberAfter(broken, marker, 1), "12a is not a number and a space");
        } finally {
            buf.release();
            broken.release();
        }
    }

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

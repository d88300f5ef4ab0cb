package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {
    private static final String BEFORE = String.join("\n",
            "12345:",
            " num     #instances         #bytes  class name (module)",
            "-------------------------------------------------------",
            "   1:          1000          64000  io.netty.channel.DefaultChannelHandlerContext",
            "   2:            10            320  dev.signals.server.ws.WsEndpoint$$Lambda$534/0x00007f1511328790",
            "Total          1010          64320",
            "");
    private static final String AFTER = String.join("\n",
            "12345:",
            " num     #instances         #bytes  class name (module)",
            "-------------------------------------------------------",
            "   1:          9000         576000  io.netty.channel.DefaultChannelHandlerContext",
            "   2:          1000          24000  dev.signals.server.ws.WsEndpoint$$Lambda$534/0x00007f1511328790",
            "   3:          1000          16000  dev.signals.server.ws.WsEndpoint$$Lambda$535/0x00007f1511328a00",
            "   4:          1000         104000  dev.signals.server.ws.WsSession (signal)",
            "Total         12000         720000",
            "");

    @Test
    void theTotalIsTheLiveSetAndGrowthIsAttributedPerConnectionByClass() {
        HeapHistogram before = HeapHistogram.parse(BEFORE);
        HeapHistogram after = HeapHistogram.parse(AFTER);
        assertEquals(64320, before.totalBytes());
        assertEquals(720000, after.totalBytes());
        List<HeapHistogram.Growth> growth = after.growthSince(before, 1000, 10);
        assertEquals(new HeapHistogram.Growth("io.netty.channel.DefaultChannelHandlerContext", 8.0, 512.0), growth.get(0));
        assertEquals(new HeapHistogram.Growth("dev.signals.server.ws.WsSession", 1.0, 104.0), growth.get(1));
        // Lambdas of one class are one row, whatever address each hidden class got.
        assertEquals(new HeapHistogram.Growth("dev.signals.server.ws.WsEndpoint$$Lambda", 1.99, 39.68), growth.get(2));
        assertTrue(after.growthTable(before, 1000, 10).startsWith("live heap per connection: 656 B (1000 connections)"));
    }

    @Test
    void formatIsReadBackAsTheSameHistogram() {
        HeapHistogram after = HeapHistogram.parse(AFTER);
        assertEquals(after, HeapHistogram.parse(after.format()));
    }

    @Test
    void textWithoutATotalIsNone() {
        assertSame(HeapHistogram.NONE, HeapHistogram.parse("12345:\nAttach failed\n"));
    }
}

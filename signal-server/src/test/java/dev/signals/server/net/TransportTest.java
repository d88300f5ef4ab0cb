package dev.signals.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.room.RoomClients;
import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/production.md "Transport": each transport serves the same bytes; the flag's words; io_uring's
 * shared iovec array sized to IOV_MAX unless the operator chose.
 */
class TransportTest {

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void eachTransportRelaysTheSameBytes(String transport) throws Exception {
        // This machine (Linux x86-64, kernel with io_uring on) runs all three; the suite says so
        // rather than quietly testing the fallback.
        assertNull(Transport.parse(transport).unavailability(), transport + " runs here");
        try (TestNode node = TestNode.start("--transport", transport)) {
            Client a = RoomClients.connect(node.port());
            Client b = RoomClients.connect(node.port());
            RoomClients.joinTogether("transport", a, b);
            a.send(RoomClients.offer(b.id(), "v=0 " + transport));
            assertEquals(RoomClients.relayed("offer", a.id(), "v=0 " + transport),
                    b.ws().next(Duration.ofSeconds(5)).text());
        }
    }

    @Test
    void theFlagNamesATransportOrAuto() {
        assertNull(Transport.parse("auto"));
        assertEquals(Transport.IO_URING, Transport.parse("IO_URING"));
        assertEquals(Transport.EPOLL, Transport.parse(" epoll "));
        assertEquals(Transport.NIO, Transport.parse("nio"));
        assertThrows(IllegalArgumentException.class, () -> Transport.parse("kqueue"));
    }

    @Test
    void autoTakesTheFirstOfItsOrderThatRunsAndAnAvailableChoiceIsKept() {
        assertEquals(Transport.AUTO_ORDER.get(0), TransportLoops.choose(null));
        for (Transport t : List.of(Transport.values())) {
            assertEquals(t, TransportLoops.choose(t));
        }
    }

    @Test
    void ioUringSharesAnIovecArrayOfIovMaxEntriesUnlessTheOperatorSetsOne() throws Exception {
        assertEquals(String.valueOf(Transport.IOV_MAX), probeIovecArray());
        assertEquals("2048", probeIovecArray("-D" + Transport.IOVEC_ARRAY_PROPERTY + "=2048"));
    }

    /** The size a fresh JVM's io_uring support takes once {@link Transport} has loaded first, as at a node's start. */
    private static String probeIovecArray(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IovecArrayProbe.class.getName()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "probe ended");
        assertEquals(0, probe.exitValue(), out);
        return out.lines().reduce((first, last) -> last).orElse("");
    }
}

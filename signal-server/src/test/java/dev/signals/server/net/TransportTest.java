package dev.signals.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signals.server.room.RoomClients;
import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/production.md "Transport": each transport serves the same bytes; the flag's words. */
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
}

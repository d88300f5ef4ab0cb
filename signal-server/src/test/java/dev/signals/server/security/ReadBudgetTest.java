package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.room.RoomClients;
import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-socket read budget of SECURITY.md "Read budget": a socket that sends faster than
 * {@code --ws-read-rate} is read no faster than that, and loses nothing — every message still
 * arrives, once, in order. The bound is asserted from below only (reading a burst over loopback
 * without the budget takes milliseconds), so a slow machine cannot fail it.
 */
class ReadBudgetTest {
    private static final int OFFERS = 48;
    private static final int SDP_BYTES = 16_000;
    private static final long RATE = 256 * 1024;
    private static final long BURST = 32 * 1024;
    /**
     * What is delivered past the budget before the pause: the rest of the read that crossed it and
     * of the frame under way, each at most Netty's largest read (64 KiB).
     */
    private static final long OVERSHOOT = 2 * 64 * 1024;

    /** On each native transport: the pause is auto-read turned off, which each must honour. */
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void aFloodIsReadAtTheBudgetsRateAndDeliveredWhole(String transport) throws Exception {
        try (TestNode node = TestNode.start("--transport", transport, "--ws-read-rate", "256KiB", "--ws-read-burst", "32KiB",
                "--rate-limit", "0", "--ws-read-timeout", "60s")) {
            Client sender = RoomClients.connect(node.port());
            Client receiver = RoomClients.connect(node.port());
            RoomClients.joinTogether("budget", sender, receiver);

            long sent = 0;
            long start = System.nanoTime();
            for (int i = 0; i < OFFERS; i++) {
                String offer = RoomClients.offer(receiver.id(), sdp(i));
                sent += offer.length();
                sender.send(offer);
            }
            long bytes = sent;
            for (int i = 0; i < OFFERS; i++) {
                assertEquals(RoomClients.relayed("offer", sender.id(), sdp(i)),
                        receiver.ws().next(Duration.ofSeconds(20)).text(), "offer " + i);
            }
            long elapsedNanos = System.nanoTime() - start;

            long leastNanos = (bytes - BURST - OVERSHOOT) * 1_000_000_000L / RATE;
            assertTrue(elapsedNanos >= leastNanos, () -> "read " + (bytes >> 10) + " KiB in " + elapsedNanos / 1_000_000
                    + " ms; the budget allows no less than " + leastNanos / 1_000_000 + " ms");
            assertTrue(node.metric("signal_read_pauses_total{dialect=\"room\"}") >= 1, "the pauses are counted");
            assertTrue(sender.ws().poll(Duration.ZERO) == null, "the sender heard no error: a pause is not a refusal");
        }
    }

    private static String sdp(int i) {
        return i + "-" + "s".repeat(SDP_BYTES);
    }
}

package dev.signals.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.Await;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One socket's timers on one scheduled task: each fires as its own scheduled task would have. */
class SocketClockTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final EventLoop loop = new DefaultEventLoop();
    private final List<String> fired = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void periodicTimersKeepFiringAndAOneShotFiresOnce() throws Exception {
        SocketClock clock = new SocketClock(loop);
        clock.every(20 * MS, () -> fired.add("ping"));
        clock.every(30 * MS, () -> fired.add("keep-alive"));
        clock.after(10 * MS, () -> fired.add("deadline"));
        Await.until("three pings and two keep-alives", Duration.ofSeconds(5),
                () -> count("ping") >= 3 && count("keep-alive") >= 2);
        assertEquals(1, count("deadline"));
        clock.stop();
        int after = fired.size();
        // Stopped: a further period passes on the loop without anything firing.
        loop.schedule(() -> fired.add("marker"), 100, TimeUnit.MILLISECONDS);
        Await.until("marker", Duration.ofSeconds(5), () -> fired.contains("marker"));
        assertEquals(after + 1, fired.size(), fired::toString);
    }

    @Test
    void readTimeoutFiresOnlyAfterSilenceAndOnlyOnce() throws Exception {
        SocketClock clock = new SocketClock(loop);
        clock.readTimeout(200 * MS, () -> fired.add("timeout"));
        // Reads every 20 ms, on the loop: due before the timeout check, they run first even when
        // the loop falls behind, so the timeout cannot fire while they go on.
        var reads = loop.scheduleAtFixedRate(() -> {
            clock.readHappened();
            fired.add("read");
        }, 20, 20, TimeUnit.MILLISECONDS);
        Await.until("a timeout's worth of reads, ten times over", Duration.ofSeconds(30), () -> count("read") >= 100);
        reads.cancel(false);
        Await.until("read timeout after silence", Duration.ofSeconds(5), () -> fired.contains("timeout"));
        loop.schedule(() -> fired.add("marker"), 500, TimeUnit.MILLISECONDS);
        Await.until("marker", Duration.ofSeconds(5), () -> fired.contains("marker"));
        fired.removeIf("read"::equals);
        assertEquals(List.of("timeout", "marker"), fired);
    }

    @Test
    void aTimerAddedFromAnotherThreadRunsOnTheLoop() throws Exception {
        SocketClock clock = new SocketClock(loop);
        clock.after(5 * MS, () -> fired.add(loop.inEventLoop() ? "on loop" : "elsewhere"));
        Await.until("fired", Duration.ofSeconds(5), () -> !fired.isEmpty());
        assertEquals(List.of("on loop"), fired);
    }

    private long count(String name) {
        return fired.stream().filter(name::equals).count();
    }
}

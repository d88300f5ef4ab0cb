package dev.signals.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalDomainRegistryTest {
    /** A peer handle compared by identity, as sockets are. */
    private static final class Peer {
    }

    @Test
    void lastOneWinsAndOnlyTheHolderCanRemove() {
        DomainRegistry<Peer> registry = new LocalDomainRegistry<>();
        Peer first = new Peer();
        Peer second = new Peer();
        assertNull(registry.register("B", first));
        assertSame(first, registry.register("B", second), "the replaced peer is handed back");
        assertSame(second, registry.find("B"));
        assertFalse(registry.unregister("B", first), "the old socket's cleanup leaves the new entry");
        assertSame(second, registry.find("B"));
        assertTrue(registry.unregister("B", second));
        assertNull(registry.find("B"));
        assertEquals(0, registry.size());
    }

    @Test
    void racingReconnectsLeaveExactlyTheLastRegisteredPeer() throws Exception {
        DomainRegistry<Peer> registry = new LocalDomainRegistry<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                String domain = "d" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Peer>> replaced = new ArrayList<>();
                List<Peer> peers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Peer p = new Peer();
                    peers.add(p);
                    replaced.add(pool.submit(() -> {
                        go.await();
                        Peer old = registry.register(domain, p);
                        // Each replaced peer cleans up at once, as a closed socket does.
                        if (old != null) {
                            registry.unregister(domain, old);
                        }
                        return old;
                    }));
                }
                go.countDown();
                int nulls = 0;
                for (Future<Peer> f : replaced) {
                    if (f.get(10, TimeUnit.SECONDS) == null) {
                        nulls++;
                    }
                }
                assertEquals(1, nulls, "exactly one registration found the domain free");
                Peer holder = registry.find(domain);
                assertTrue(peers.contains(holder), "a registered peer still holds the domain");
            }
            assertEquals(200, registry.size());
        } finally {
            pool.shutdownNow();
        }
    }
}

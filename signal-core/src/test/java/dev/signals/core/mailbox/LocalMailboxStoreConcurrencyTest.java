package dev.signals.core.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pops under contention: every item goes to exactly one caller, in queue order per caller. */
class LocalMailboxStoreConcurrencyTest {
    private static final String CLIENT = "192.0.2.1";
    private final LocalMailboxStore store = new LocalMailboxStore(new MailboxLimits(0, 0, Duration.ofMinutes(10), 0, 0), Ticker.systemTicker());
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        store.close();
    }

    @Test
    void sixteenThreadsPoppingTenThousandItemsReceiveEachExactlyOnce() throws Exception {
        int items = 10_000;
        store.applyNow(new MailboxRequest.StoreOffer("k", 30, "o"), CLIENT);
        for (int i = 0; i < items; i++) {
            assertEquals(MailboxReply.OK, store.applyNow(new MailboxRequest.Push("k", MailboxQueue.OFFER_CANDIDATES, Integer.toString(i)), CLIENT));
        }
        CyclicBarrier start = new CyclicBarrier(16);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            results.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                List<Integer> mine = new ArrayList<>();
                while (true) {
                    MailboxReply r = store.applyNow(new MailboxRequest.Pop("k", MailboxQueue.OFFER_CANDIDATES), CLIENT);
                    if (!r.success()) {
                        assertEquals(MailboxErrors.CANDIDATE_EMPTY, r.msg());
                        return mine;
                    }
                    mine.add(Integer.parseInt(r.data()));
                }
            }));
        }
        BitSet seen = new BitSet(items);
        int total = 0;
        for (Future<List<Integer>> f : results) {
            List<Integer> mine = f.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < mine.size(); i++) {
                int item = mine.get(i);
                assertTrue(!seen.get(item), "item " + item + " popped twice");
                seen.set(item);
                if (i > 0) {
                    assertTrue(mine.get(i - 1) < item, "one caller saw the queue out of order");
                }
            }
            total += mine.size();
        }
        assertEquals(items, total);
        assertEquals(items, seen.cardinality());
        assertEquals(MailboxWeigher.keyBytes("k") + MailboxWeigher.itemBytes("o"), store.bytes());
    }

    @Test
    void ofTwoConcurrentPopsOfOneItemExactlyOneWins() throws Exception {
        store.applyNow(new MailboxRequest.StoreOffer("k", 30, "o"), CLIENT);
        CyclicBarrier start = new CyclicBarrier(2);
        for (int round = 0; round < 500; round++) {
            String item = "c" + round;
            store.applyNow(new MailboxRequest.Push("k", MailboxQueue.ANSWER_CANDIDATES, item), CLIENT);
            List<Future<MailboxReply>> both = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                both.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return store.applyNow(new MailboxRequest.Pop("k", MailboxQueue.ANSWER_CANDIDATES), CLIENT);
                }));
            }
            MailboxReply a = both.get(0).get(10, TimeUnit.SECONDS);
            MailboxReply b = both.get(1).get(10, TimeUnit.SECONDS);
            assertTrue(a.success() != b.success(), "round " + round + ": " + a + " / " + b);
            MailboxReply winner = a.success() ? a : b;
            MailboxReply loser = a.success() ? b : a;
            assertEquals(item, winner.data());
            assertEquals(MailboxErrors.CANDIDATE_EMPTY, loser.msg());
        }
    }
}

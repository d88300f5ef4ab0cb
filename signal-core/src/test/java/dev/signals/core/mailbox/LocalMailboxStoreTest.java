package dev.signals.core.mailbox;

import static dev.signals.core.mailbox.MailboxQueue.ANSWER_CANDIDATES;
import static dev.signals.core.mailbox.MailboxQueue.ANSWER_SDP;
import static dev.signals.core.mailbox.MailboxQueue.OFFER_CANDIDATES;
import static dev.signals.core.mailbox.MailboxQueue.OFFER_SDP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store's rules on a manual clock: once-rules, FIFO, TTL, lifetime, byte and length caps. */
class LocalMailboxStoreTest {
    private static final String CLIENT = "192.0.2.1";
    private static final String OK = "";
    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // System.nanoTime() may be negative too
    private LocalMailboxStore store = store(0, 256, Duration.ofMinutes(10));

    @AfterEach
    void close() {
        store.close();
    }

    private LocalMailboxStore store(long maxBytes, int maxCandidates, Duration lifetime) {
        return new LocalMailboxStore(new MailboxLimits(maxBytes, maxCandidates, lifetime, 0, 0), nanos::get);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private MailboxReply offer(String key, int ttl, String sdp) {
        return store.applyNow(new MailboxRequest.StoreOffer(key, ttl, sdp), CLIENT);
    }

    private String push(String key, MailboxQueue queue, String value) {
        return store.applyNow(new MailboxRequest.Push(key, queue, value), CLIENT).msg();
    }

    private MailboxReply pop(String key, MailboxQueue queue) {
        return store.applyNow(new MailboxRequest.Pop(key, queue), CLIENT);
    }

    @Test
    void sdpsAreStoredOncePerLifetimeAndCandidatesAreFifo() {
        assertEquals(MailboxReply.OK, offer("k", 30, "o"));
        assertEquals(MailboxReply.ok("o"), pop("k", OFFER_SDP));
        assertEquals(MailboxReply.refused(MailboxErrors.SDP_EMPTY), pop("k", OFFER_SDP));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("k", ANSWER_SDP));
        assertEquals(OK, push("k", ANSWER_SDP, "a"));
        assertEquals(MailboxErrors.SDP_EXISTS, push("k", ANSWER_SDP, "b"));
        assertEquals(MailboxReply.ok("a"), pop("k", ANSWER_SDP));
        assertEquals(MailboxErrors.SDP_EXISTS, push("k", ANSWER_SDP, "c"));
        assertEquals(MailboxReply.refused(MailboxErrors.SDP_EXISTS), offer("k", 30, "o2"));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("k", OFFER_CANDIDATES));
        for (String c : new String[] {"c1", "c2", "c3"}) {
            assertEquals(OK, push("k", OFFER_CANDIDATES, c));
        }
        assertEquals(MailboxReply.ok("c1"), pop("k", OFFER_CANDIDATES));
        assertEquals(MailboxReply.ok("c2"), pop("k", OFFER_CANDIDATES));
        assertEquals(MailboxReply.ok("c3"), pop("k", OFFER_CANDIDATES));
        assertEquals(MailboxReply.refused(MailboxErrors.CANDIDATE_EMPTY), pop("k", OFFER_CANDIDATES));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("k", ANSWER_CANDIDATES));
        assertEquals(MailboxErrors.BODY_EMPTY, push("k", ANSWER_CANDIDATES, " \r\n\u00a0"));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("k", ANSWER_CANDIDATES));
    }

    @Test
    void aMissingKeyIsNotFoundForTheAnswererAndExpiredForTheOfferer() {
        assertEquals(MailboxReply.refused(MailboxErrors.KEY_NOT_FOUND), pop("k", OFFER_SDP));
        assertEquals(MailboxReply.refused(MailboxErrors.KEY_NOT_FOUND), pop("k", OFFER_CANDIDATES));
        assertEquals(MailboxErrors.KEY_NOT_FOUND, push("k", ANSWER_SDP, "a"));
        assertEquals(MailboxErrors.KEY_NOT_FOUND, push("k", ANSWER_CANDIDATES, " "));
        assertEquals(MailboxReply.refused(MailboxErrors.KEY_EXPIRED), pop("k", ANSWER_SDP));
        assertEquals(MailboxReply.refused(MailboxErrors.KEY_EXPIRED), pop("k", ANSWER_CANDIDATES));
        assertEquals(MailboxErrors.KEY_EXPIRED, push("k", OFFER_CANDIDATES, "c"));
        assertEquals(0, store.keyCount());
        assertEquals(0, store.bytes());
    }

    @Test
    void everyAcceptedRequestRestartsTheTtl() {
        offer("k", 2, "o");
        advance(Duration.ofMillis(1900));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("k", ANSWER_SDP)); // a poll counts
        advance(Duration.ofMillis(1900));
        assertEquals(OK, push("k", OFFER_CANDIDATES, "c"));
        advance(Duration.ofMillis(1999));
        assertEquals(MailboxReply.ok("o"), pop("k", OFFER_SDP));
        advance(Duration.ofMillis(2000));
        assertEquals(MailboxReply.refused(MailboxErrors.KEY_NOT_FOUND), pop("k", OFFER_CANDIDATES));
    }

    @Test
    void refusedWritesDoNotExtendTheKey() {
        store = store(0, 1, Duration.ofMinutes(10));
        offer("k", 2, "o");
        push("k", OFFER_CANDIDATES, "c1");
        advance(Duration.ofMillis(1500));
        assertEquals(MailboxErrors.BODY_EMPTY, push("k", OFFER_CANDIDATES, "\t"));
        assertEquals(MailboxErrors.STORAGE_FULL, push("k", OFFER_CANDIDATES, "c2"));
        advance(Duration.ofMillis(500));
        assertEquals(MailboxErrors.KEY_EXPIRED, push("k", OFFER_CANDIDATES, "c3"));
    }

    @Test
    void reOfferingSetsTheNewTtlButKeepsTheOnceRule() {
        offer("k", 2, "o");
        advance(Duration.ofMillis(1500));
        assertEquals(MailboxReply.refused(MailboxErrors.SDP_EXISTS), offer("k", 10, "o2"));
        advance(Duration.ofSeconds(9));
        assertEquals(MailboxReply.ok("o"), pop("k", OFFER_SDP));
    }

    @Test
    void expiryFreesEveryQueueAndTheKeyCanBeUsedAgain() {
        offer("k", 30, "o1");
        push("k", OFFER_CANDIDATES, "c1");
        push("k", ANSWER_SDP, "a1");
        push("k", ANSWER_CANDIDATES, "ac1");
        assertEquals(1, store.keyCount());
        advance(Duration.ofSeconds(30));
        store.cleanUp();
        assertEquals(0, store.keyCount());
        assertEquals(0, store.bytes());
        assertEquals(MailboxReply.OK, offer("k", 30, "o2"));
        assertEquals(MailboxReply.ok("o2"), pop("k", OFFER_SDP));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("k", OFFER_CANDIDATES));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("k", ANSWER_SDP));
        assertEquals(OK, push("k", ANSWER_SDP, "a2"));
    }

    @Test
    void anExpiredKeyReplacedBeforeCleanUpReleasesItsBytes() {
        offer("k", 1, "o1");
        push("k", OFFER_CANDIDATES, "c1");
        advance(Duration.ofSeconds(1));
        assertEquals(MailboxReply.OK, offer("k", 30, "o2"));
        assertEquals(1, store.keyCount());
        assertEquals(MailboxWeigher.keyBytes("k") + MailboxWeigher.itemBytes("o2"), store.bytes());
    }

    @Test
    void theAbsoluteLifetimeBeatsContinuousPolling() {
        store = store(0, 256, Duration.ofSeconds(5));
        offer("k", 30, "o");
        for (int i = 0; i < 49; i++) {
            advance(Duration.ofMillis(100));
            assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("k", ANSWER_SDP));
        }
        advance(Duration.ofMillis(100));
        assertEquals(MailboxReply.refused(MailboxErrors.KEY_EXPIRED), pop("k", ANSWER_SDP));
        assertEquals(MailboxReply.OK, offer("k", 30, "again"));
    }

    @Test
    void bytesAreCountedExactly() {
        long key = MailboxWeigher.keyBytes("钥");
        assertEquals(MailboxWeigher.KEY_OVERHEAD_BYTES + 3, key);
        offer("钥", 30, "é");
        assertEquals(key + MailboxWeigher.ITEM_OVERHEAD_BYTES + 2, store.bytes());
        push("钥", OFFER_CANDIDATES, "😀");
        assertEquals(key + 2 * MailboxWeigher.ITEM_OVERHEAD_BYTES + 6, store.bytes());
        pop("钥", OFFER_SDP);
        pop("钥", OFFER_CANDIDATES);
        assertEquals(key, store.bytes());
    }

    @Test
    void theMemoryCapRefusesAndStoresNothing() {
        long one = MailboxWeigher.keyBytes("a") + MailboxWeigher.itemBytes("sdp-a");
        store = store(one + MailboxWeigher.itemBytes("c"), 256, Duration.ofMinutes(10));
        assertEquals(MailboxReply.OK, offer("a", 30, "sdp-a"));
        assertEquals(MailboxReply.refused(MailboxErrors.STORAGE_FULL), offer("b", 30, "sdp-b"));
        assertEquals(MailboxReply.refused(MailboxErrors.KEY_NOT_FOUND), pop("b", OFFER_SDP));
        assertEquals(MailboxErrors.STORAGE_FULL, push("a", OFFER_CANDIDATES, "cc"));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("a", OFFER_CANDIDATES));
        assertEquals(OK, push("a", OFFER_CANDIDATES, "c")); // fits to the byte
        assertEquals(MailboxErrors.STORAGE_FULL, push("a", ANSWER_SDP, "x"));
        assertEquals(MailboxReply.refused(MailboxErrors.QUEUE_MISSING), pop("a", ANSWER_SDP));
        assertEquals(MailboxReply.ok("sdp-a"), pop("a", OFFER_SDP));
        assertEquals(OK, push("a", ANSWER_SDP, "x")); // the pop made room
        assertEquals(1, store.keyCount());
    }

    @Test
    void aFullStoreEvictsExpiredKeysBeforeRefusing() {
        long one = MailboxWeigher.keyBytes("a") + MailboxWeigher.itemBytes("o");
        store = store(one, 256, Duration.ofMinutes(10));
        offer("a", 1, "o");
        advance(Duration.ofSeconds(2));
        assertEquals(MailboxReply.OK, offer("b", 30, "o"));
        assertEquals(1, store.keyCount());
    }

    @Test
    void eachCandidateQueueHoldsAtMostMaxCandidates() {
        store = store(0, 2, Duration.ofMinutes(10));
        offer("k", 30, "o");
        assertEquals(OK, push("k", ANSWER_CANDIDATES, "1"));
        assertEquals(OK, push("k", ANSWER_CANDIDATES, "2"));
        assertEquals(MailboxErrors.STORAGE_FULL, push("k", ANSWER_CANDIDATES, "3"));
        assertEquals(OK, push("k", OFFER_CANDIDATES, "other queue"));
        assertEquals(MailboxReply.ok("1"), pop("k", ANSWER_CANDIDATES));
        assertEquals(OK, push("k", ANSWER_CANDIDATES, "4"));
        assertEquals(MailboxReply.ok("2"), pop("k", ANSWER_CANDIDATES));
        assertEquals(MailboxReply.ok("4"), pop("k", ANSWER_CANDIDATES));
    }

    @Test
    void keysAreIndependent() {
        offer("a", 30, "oa");
        offer("b", 30, "ob");
        assertEquals(MailboxReply.ok("ob"), pop("b", OFFER_SDP));
        assertEquals(MailboxReply.ok("oa"), pop("a", OFFER_SDP));
        assertEquals(2, store.keyCount());
    }
}

package dev.signals.server.redis;

import static dev.signals.core.mailbox.MailboxQueue.ANSWER_CANDIDATES;
import static dev.signals.core.mailbox.MailboxQueue.ANSWER_SDP;
import static dev.signals.core.mailbox.MailboxQueue.OFFER_CANDIDATES;
import static dev.signals.core.mailbox.MailboxQueue.OFFER_SDP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.core.mailbox.MailboxErrors;
import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxQueue;
import dev.signals.core.mailbox.MailboxReply;
import dev.signals.core.mailbox.MailboxRequest;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.core.mailbox.MailboxWeigher;
import dev.signals.server.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/mailbox.md steps 2–5 that {@code LocalMailboxStore} and {@code mailbox.lua}
 * both keep, written once (docs/cluster.md "Contract suites"): put, get, refusals, limits and
 * expiry, asserted on the replies and on the bytes the store reports. Both run on a real clock
 * (Redis's own, or the JVM's), so expiry is awaited, never slept for.
 */
abstract class MailboxStoreContract {
    static final MailboxLimits UNLIMITED = new MailboxLimits(0, 0, Duration.ZERO, 0, 0);
    static final String A = "10.0.0.1";
    static final String B = "10.0.0.2";
    static final MailboxReply OK = MailboxReply.OK;

    /** A fresh, empty store with {@code limits}, closed after the test. */
    abstract MailboxStore store(MailboxLimits limits) throws Exception;

    static MailboxReply offer(MailboxStore store, String key, String sdp) {
        return offer(store, key, 30, sdp, A);
    }

    static MailboxReply offer(MailboxStore store, String key, int ttlSeconds, String sdp, String client) {
        return store.apply(new MailboxRequest.StoreOffer(key, ttlSeconds, sdp), client).block(Duration.ofSeconds(5));
    }

    static MailboxReply push(MailboxStore store, String key, MailboxQueue queue, String value) {
        return store.apply(new MailboxRequest.Push(key, queue, value), A).block(Duration.ofSeconds(5));
    }

    static MailboxReply pop(MailboxStore store, String key, MailboxQueue queue) {
        return store.apply(new MailboxRequest.Pop(key, queue), B).block(Duration.ofSeconds(5));
    }

    static MailboxReply refused(String msg) {
        return MailboxReply.refused(msg);
    }

    static long offerCost(String key, String sdp) {
        return MailboxWeigher.keyBytes(key) + MailboxWeigher.itemBytes(sdp);
    }

    @Test
    void everyQueueIsFirstInFirstOutAndEachItemIsHandedOutOnce() throws Exception {
        MailboxStore store = store(UNLIMITED);
        assertEquals(OK, offer(store, "k", "offer"));
        for (String c : new String[] {"c1", "c2", "ü ✓ 😀"}) {
            assertEquals(OK, push(store, "k", OFFER_CANDIDATES, c));
        }
        assertEquals(MailboxReply.ok("offer"), pop(store, "k", OFFER_SDP));
        assertEquals(refused(MailboxErrors.SDP_EMPTY), pop(store, "k", OFFER_SDP));
        assertEquals(MailboxReply.ok("c1"), pop(store, "k", OFFER_CANDIDATES));
        assertEquals(MailboxReply.ok("c2"), pop(store, "k", OFFER_CANDIDATES));
        assertEquals(MailboxReply.ok("ü ✓ 😀"), pop(store, "k", OFFER_CANDIDATES));
        assertEquals(refused(MailboxErrors.CANDIDATE_EMPTY), pop(store, "k", OFFER_CANDIDATES));
        assertEquals(OK, push(store, "k", ANSWER_SDP, "answer"));
        assertEquals(MailboxReply.ok("answer"), pop(store, "k", ANSWER_SDP));
    }

    @Test
    void aMissingKeyAnswersAfterWhoAsksAndIsNotCreated() throws Exception {
        MailboxStore store = store(UNLIMITED);
        // docs/mailbox.md steps 2 and 4: the answerer hears "not found", the offerer "expired".
        assertEquals(refused(MailboxErrors.KEY_NOT_FOUND), pop(store, "none", OFFER_SDP));
        assertEquals(refused(MailboxErrors.KEY_NOT_FOUND), push(store, "none", ANSWER_SDP, "a"));
        assertEquals(refused(MailboxErrors.KEY_EXPIRED), pop(store, "none", ANSWER_SDP));
        assertEquals(refused(MailboxErrors.KEY_EXPIRED), push(store, "none", OFFER_CANDIDATES, "c"));
        assertEquals(refused(MailboxErrors.KEY_NOT_FOUND), push(store, "none", ANSWER_CANDIDATES, " "));
        assertEquals(0, store.bytes());
    }

    @Test
    void eachSdpIsAcceptedOncePerKeyLifetimeEvenAfterItWasRead() throws Exception {
        MailboxStore store = store(UNLIMITED);
        assertEquals(OK, offer(store, "k", "offer"));
        assertEquals(refused(MailboxErrors.SDP_EXISTS), offer(store, "k", "again"));
        assertEquals(MailboxReply.ok("offer"), pop(store, "k", OFFER_SDP));
        assertEquals(refused(MailboxErrors.SDP_EXISTS), offer(store, "k", "again"));
        assertEquals(OK, push(store, "k", ANSWER_SDP, "answer"));
        assertEquals(refused(MailboxErrors.SDP_EXISTS), push(store, "k", ANSWER_SDP, "answer 2"));
        assertEquals(MailboxReply.ok("answer"), pop(store, "k", ANSWER_SDP));
        assertEquals(refused(MailboxErrors.SDP_EMPTY), pop(store, "k", ANSWER_SDP));
    }

    @Test
    void aQueueThatNeverAcceptedAnItemIsMissingAndABlankBodyChangesNothing() throws Exception {
        MailboxStore store = store(UNLIMITED);
        assertEquals(OK, offer(store, "k", "offer"));
        long bytes = store.bytes();
        assertEquals(refused(MailboxErrors.QUEUE_MISSING), pop(store, "k", ANSWER_SDP));
        assertEquals(refused(MailboxErrors.QUEUE_MISSING), pop(store, "k", ANSWER_CANDIDATES));
        assertEquals(refused(MailboxErrors.BODY_EMPTY), push(store, "k", ANSWER_SDP, " \t\n"));
        assertEquals(refused(MailboxErrors.BODY_EMPTY), push(store, "k", OFFER_CANDIDATES, ""));
        assertEquals(refused(MailboxErrors.QUEUE_MISSING), pop(store, "k", ANSWER_SDP));
        assertEquals(bytes, store.bytes());
        // A blank answer did not use up the once-per-lifetime answer.
        assertEquals(OK, push(store, "k", ANSWER_SDP, "answer"));
    }

    @Test
    void bytesAreCountedToTheByteAndGivenBackByPops() throws Exception {
        MailboxStore store = store(UNLIMITED);
        assertEquals(OK, offer(store, "kü", "offer"));
        assertEquals(offerCost("kü", "offer"), store.bytes());
        assertEquals(1, store.keyCount());
        assertEquals(OK, push(store, "kü", OFFER_CANDIDATES, "é"));
        assertEquals(offerCost("kü", "offer") + MailboxWeigher.itemBytes("é"), store.bytes());
        pop(store, "kü", OFFER_CANDIDATES);
        pop(store, "kü", OFFER_SDP);
        assertEquals(MailboxWeigher.keyBytes("kü"), store.bytes());
    }

    @Test
    void aCandidateQueueHoldsAtMostTheCapAndAPopMakesRoom() throws Exception {
        MailboxStore store = store(new MailboxLimits(0, 2, Duration.ZERO, 0, 0));
        assertEquals(OK, offer(store, "k", "offer"));
        assertEquals(OK, push(store, "k", OFFER_CANDIDATES, "1"));
        assertEquals(OK, push(store, "k", OFFER_CANDIDATES, "2"));
        long bytes = store.bytes();
        assertEquals(refused(MailboxErrors.STORAGE_FULL), push(store, "k", OFFER_CANDIDATES, "3"));
        assertEquals(bytes, store.bytes());
        assertEquals(OK, push(store, "k", ANSWER_CANDIDATES, "other queue"));
        assertEquals(MailboxReply.ok("1"), pop(store, "k", OFFER_CANDIDATES));
        assertEquals(OK, push(store, "k", OFFER_CANDIDATES, "3"));
    }

    @Test
    void aWriteOverTheStoreOrKeyBoundIsRefusedAndChangesNothing() throws Exception {
        long oneKey = offerCost("k1", "offer");
        MailboxStore store = store(new MailboxLimits(oneKey + MailboxWeigher.itemBytes("c"), 0, Duration.ZERO,
                oneKey + MailboxWeigher.itemBytes("c"), 0));
        assertEquals(OK, offer(store, "k1", "offer"));
        assertEquals(refused(MailboxErrors.STORAGE_FULL), offer(store, "k2", "offer"));
        assertEquals(refused(MailboxErrors.STORAGE_FULL), push(store, "k1", OFFER_CANDIDATES, "cc"));
        assertEquals(oneKey, store.bytes());
        assertEquals(OK, push(store, "k1", OFFER_CANDIDATES, "c"));
        assertEquals(refused(MailboxErrors.STORAGE_FULL), push(store, "k1", ANSWER_SDP, "a"));
        // A refused offer created nothing: the key is still missing.
        assertEquals(refused(MailboxErrors.KEY_NOT_FOUND), pop(store, "k2", OFFER_SDP));
    }

    @Test
    void aKeysBytesCountAgainstTheAddressThatCreatedItWhoeverWrites() throws Exception {
        long oneKey = offerCost("k1", "offer");
        MailboxStore store = store(new MailboxLimits(0, 0, Duration.ZERO, 0, oneKey + MailboxWeigher.itemBytes("c")));
        assertEquals(OK, offer(store, "k1", 30, "offer", A));
        assertEquals(refused(MailboxErrors.STORAGE_FULL), offer(store, "k2", 30, "offer", A));
        assertEquals(OK, offer(store, "k3", 30, "offer", B));
        // Pushes count against k1's creator, A, though B's share is untouched by them.
        assertEquals(OK, push(store, "k1", ANSWER_CANDIDATES, "c"));
        assertEquals(refused(MailboxErrors.STORAGE_FULL), push(store, "k1", ANSWER_CANDIDATES, "c"));
        assertEquals(MailboxReply.ok("c"), pop(store, "k1", ANSWER_CANDIDATES));
        assertEquals(OK, push(store, "k1", ANSWER_CANDIDATES, "c"));
    }

    @Test
    void aKeyEndsAtItsLifetimeHoweverOftenItIsUsedAndGivesItsBytesBack() throws Exception {
        long oneKey = offerCost("k1", "offer");
        MailboxStore store = store(new MailboxLimits(0, 0, Duration.ofMillis(300), 0, oneKey));
        assertEquals(OK, offer(store, "k1", 30, "offer", A));
        assertEquals(refused(MailboxErrors.STORAGE_FULL), offer(store, "k2", 30, "offer", A));
        // Polls restart the sliding TTL (30 s) but never past the 300 ms lifetime.
        Await.until("k1 reaches its lifetime", Duration.ofSeconds(10),
                () -> pop(store, "k1", ANSWER_SDP).equals(refused(MailboxErrors.KEY_EXPIRED)));
        assertEquals(refused(MailboxErrors.KEY_NOT_FOUND), pop(store, "k1", OFFER_SDP));
        assertEquals(OK, offer(store, "k2", 30, "offer", A));
        // The expired key can be created afresh: its offer is accepted once more.
        assertEquals(OK, offer(store, "k1", 30, "fresh", B));
        assertEquals(MailboxReply.ok("fresh"), pop(store, "k1", OFFER_SDP));
    }

    @Test
    void anIdleKeyEndsAfterItsSlidingTtl() throws Exception {
        MailboxStore store = store(UNLIMITED);
        assertEquals(OK, offer(store, "k", 1, "offer", A));
        Await.until("k's one-second TTL runs out", Duration.ofSeconds(10),
                () -> push(store, "k", ANSWER_SDP, " ").equals(refused(MailboxErrors.KEY_NOT_FOUND)));
        assertEquals(refused(MailboxErrors.KEY_EXPIRED), push(store, "k", OFFER_CANDIDATES, "c"));
    }
}

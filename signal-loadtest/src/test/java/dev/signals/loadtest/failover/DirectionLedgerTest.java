package dev.signals.loadtest.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DirectionLedgerTest {
    @Test
    void everyNumberIssuedAndReceivedOnceIsExact() {
        DirectionLedger l = new DirectionLedger();
        for (int i = 0; i < 5; i++) {
            l.received(l.issue());
        }
        assertEquals(new Tally(5, 5, 0, 0, 0, 0, 0), l.tally());
        assertTrue(l.complete());
        assertTrue(l.tally().exact());
    }

    @Test
    void aMissingNumberIsLostAndSentEqualsReceivedPlusLost() {
        DirectionLedger l = new DirectionLedger();
        for (int i = 0; i < 10; i++) {
            l.issue();
        }
        for (long n : new long[] {1, 2, 3, 5, 6, 9, 10}) {
            l.received(n);
        }
        Tally t = l.tally();
        assertEquals(new Tally(10, 7, 3, 0, 0, 0, 0), t);
        assertEquals(t.sent(), t.received() + t.lost());
        assertFalse(l.complete());
    }

    @Test
    void aSecondCopyIsADuplicateNotASecondReceipt() {
        DirectionLedger l = new DirectionLedger();
        l.issue();
        l.issue();
        l.received(1);
        l.received(2);
        l.received(2);
        l.received(2);
        assertEquals(new Tally(2, 2, 0, 0, 2, 0, 0), l.tally());
        assertTrue(l.complete(), "duplicates do not hide or add loss");
        assertFalse(l.tally().exact());
    }

    @Test
    void aLowerNumberAfterAHigherOneIsReorderedAndNumbersNeverIssuedAreCountedApart() {
        DirectionLedger l = new DirectionLedger();
        l.issue();
        l.issue();
        l.issue();
        l.received(3);
        l.received(1);
        l.received(2);
        l.received(4);
        l.received(0);
        l.received(-1);
        assertEquals(new Tally(3, 3, 0, 0, 0, 2, 3), l.tally());
    }

    @Test
    void aNumberInDoubtIsNeitherLostNorReceivedUntilItArrives() {
        DirectionLedger l = new DirectionLedger();
        for (int i = 0; i < 4; i++) {
            l.issue();
        }
        l.received(1);
        l.inDoubt(2);
        l.inDoubt(3);
        l.inDoubt(9); // never issued: ignored
        assertEquals(new Tally(4, 1, 1, 2, 0, 0, 0), l.tally());
        assertFalse(l.complete(), "4 is still owed");
        l.received(4);
        assertTrue(l.complete(), "what is in doubt is not waited for");
        l.received(3);
        Tally t = l.tally();
        assertEquals(new Tally(4, 3, 0, 1, 0, 1, 0), t, "a number in doubt that arrives is received");
        assertEquals(t.sent(), t.received() + t.lost() + t.inDoubt());
        assertTrue(t.exact());
    }

    @Test
    void talliesAddUp() {
        assertEquals(new Tally(3, 2, 1, 0, 1, 0, 0),
                new Tally(1, 1, 0, 0, 1, 0, 0).plus(new Tally(2, 1, 1, 0, 0, 0, 0)).plus(Tally.ZERO));
    }
}

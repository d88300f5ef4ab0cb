package dev.signals.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReadAllowanceTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void readsWithinTheBurstNeverPause() {
        ReadAllowance a = new ReadAllowance(1000, 500, 0);
        assertEquals(0, a.charge(300, 0));
        assertEquals(0, a.charge(200, 0));
    }

    @Test
    void aDebtPausesForExactlyTheTimeTheRateTakesToRepayIt() {
        ReadAllowance a = new ReadAllowance(1000, 500, 0);
        // 500 bytes of burst, then 250 more: 250 bytes owed at 1,000 bytes/s is a quarter second.
        assertEquals(SECOND / 4, a.charge(750, 0));
        // After that pause the balance is back at zero: the next byte owes one millisecond.
        assertEquals(SECOND / 1000, a.charge(1, SECOND / 4));
    }

    @Test
    void theRefillStopsAtTheBurst() {
        ReadAllowance a = new ReadAllowance(1000, 500, 0);
        assertEquals(0, a.charge(500, 0));
        // An hour of silence refills 500 bytes, not 3.6 MB.
        assertEquals(SECOND / 10, a.charge(600, 3600 * SECOND));
    }

    @Test
    void rateZeroIsUnlimited() {
        ReadAllowance a = new ReadAllowance(0, 0, 0);
        assertEquals(0, a.charge(Long.MAX_VALUE / 2, 0));
    }
}

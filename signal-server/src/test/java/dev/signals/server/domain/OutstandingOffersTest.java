package dev.signals.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a domain socket remembers of the offers it may answer (docs/domain.md#authentication), as
 * its resumable session keeps it (docs/cluster.md "Call and domain sessions"): every change is
 * told, and the encoding restores the same offers, whatever the offering domains' names hold.
 */
class OutstandingOffersTest {

    @Test
    void everyChangeIsToldAndRestoresTheSameOffers() {
        List<String> told = new ArrayList<>();
        OutstandingOffers offers = new OutstandingOffers("", told::add);
        String odd = "a:1:\n2";
        offers.offered("A");
        offers.offered(odd);
        offers.offered("A");
        assertEquals(List.of("1:1:A", "1:1:A1:6:" + odd, "1:6:" + odd + "2:1:A"), told, "least recently offered first");

        OutstandingOffers restored = new OutstandingOffers(told.get(2), s -> { });
        assertTrue(restored.answer("A"));
        assertTrue(restored.answer(odd));
        assertTrue(restored.answer("A"));
        assertFalse(restored.answer("A"), "two from A, one from the odd one, no more");
        assertFalse(restored.answer(odd));

        assertTrue(offers.answer(odd));
        assertEquals("2:1:A", told.get(told.size() - 1), "an answer is told too");
    }

    @Test
    void aMalformedStateRestoresNoOffers() {
        for (String bad : List.of("x", "1:", "1:5:A", "1:-1:A", ":1:A", "2:1:A1:")) {
            assertFalse(new OutstandingOffers(bad, s -> { }).answer("A"), bad);
        }
    }
}

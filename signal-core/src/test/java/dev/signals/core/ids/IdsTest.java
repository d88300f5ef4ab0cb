package dev.signals.core.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void xidEncodingMatchesTheReferenceVector() {
        // The reference xid of rs/xid's test suite: 4d88e15b60f486e428412dc9 -> 9m4e2mr0ui3e8a215n4g
        byte[] id = hex("4d88e15b60f486e428412dc9");
        assertEquals("9m4e2mr0ui3e8a215n4g", XidGenerator.encode(id));
    }

    @Test
    void xidsAreTwentyBase32HexCharsUniqueAndTimeOrdered() {
        Clock early = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        Clock late = Clock.fixed(Instant.ofEpochSecond(1_700_000_100L), ZoneOffset.UTC);
        XidGenerator a = new XidGenerator("node-a", 42, early);
        XidGenerator b = new XidGenerator("node-a", 42, late);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String x = a.next();
            assertTrue(x.matches("[0-9a-v]{20}"), x);
            assertTrue(seen.add(x));
        }
        assertTrue(a.next().compareTo(b.next()) < 0);
        assertNotEquals(new XidGenerator("node-a", 1, early).next().substring(8, 12),
                new XidGenerator("node-b", 1, early).next().substring(8, 12));
    }

    @Test
    void ksuidsAreTwentySevenBase62CharsWithTheKsuidEpoch() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(KsuidGenerator.EPOCH_SECONDS), ZoneOffset.UTC);
        String k = new KsuidGenerator(clock).next();
        assertTrue(KsuidGenerator.looksValid(k), k);
        // Timestamp 0 and payload all ones: the largest payload value, fixed by the encoding.
        byte[] max = new byte[20];
        java.util.Arrays.fill(max, (byte) 0xFF);
        assertEquals("aWgEPTl1tmebfsQzFP4bxwgy80V", KsuidGenerator.encode(max));
        assertEquals("000000000000000000000000000", KsuidGenerator.encode(new byte[20]));
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}

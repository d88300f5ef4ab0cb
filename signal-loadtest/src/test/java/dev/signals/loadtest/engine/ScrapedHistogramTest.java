package dev.signals.loadtest.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ScrapedHistogramTest {
    /** Two dialects' series of signal_relay_seconds, as Micrometer's Prometheus registry writes them. */
    private static String scrape(long roomFast, long roomSlow, long domainFast, double sum) {
        long room = roomFast + roomSlow;
        return "# HELP signal_relay_seconds arrival of a message to its write to the target socket\n"
                + "# TYPE signal_relay_seconds histogram\n"
                + "signal_relay_seconds_bucket{dialect=\"room\",le=\"1.0E-5\"} " + roomFast + "\n"
                + "signal_relay_seconds_bucket{dialect=\"room\",le=\"0.001\"} " + room + "\n"
                + "signal_relay_seconds_bucket{dialect=\"room\",le=\"+Inf\"} " + room + "\n"
                + "signal_relay_seconds_count{dialect=\"room\"} " + room + "\n"
                + "signal_relay_seconds_sum{dialect=\"room\"} " + sum + "\n"
                + "signal_relay_seconds_bucket{dialect=\"domain\",le=\"1.0E-5\"} " + domainFast + "\n"
                + "signal_relay_seconds_bucket{dialect=\"domain\",le=\"0.001\"} " + domainFast + "\n"
                + "signal_relay_seconds_bucket{dialect=\"domain\",le=\"+Inf\"} " + domainFast + "\n"
                + "signal_relay_seconds_count{dialect=\"domain\"} " + domainFast + "\n"
                + "signal_relay_seconds_sum{dialect=\"domain\"} 0.0\n"
                + "signal_relay_seconds_max{dialect=\"room\"} 0.0009\n"
                + "signal_relay_seconds_count_total 7\n";
    }

    @Test
    void theSeriesAreSummedOverTheirLabelsAndAWindowIsTheDifferenceOfTwoScrapes() {
        ScrapedHistogram before = ScrapedHistogram.parse(scrape(10, 0, 5, 0.0001), "signal_relay_seconds");
        ScrapedHistogram after = ScrapedHistogram.parse(scrape(108, 2, 5, 0.0031), "signal_relay_seconds");
        assertEquals(15, before.observations());
        assertEquals(115, after.observations());

        ScrapedHistogram window = after.minus(before);
        assertEquals(100, window.observations(), "the domain's series did not move");
        assertEquals(1.0E-5, window.valueAt(50));
        assertEquals(1.0E-5, window.valueAt(98), "98 of 100 within the first bucket");
        assertEquals(0.001, window.valueAt(99));
        assertEquals(0.001, window.valueAt(100));
        assertEquals(0.00003, window.meanSeconds(), 1e-12);
    }

    @Test
    void absentOrUnmatchedHistogramsGiveNothing() {
        assertNull(ScrapedHistogram.parse("jvm_memory_used_bytes{area=\"heap\"} 1.0\n", "signal_relay_seconds"));
        ScrapedHistogram a = ScrapedHistogram.parse(scrape(1, 0, 0, 0), "signal_relay_seconds");
        ScrapedHistogram b = ScrapedHistogram.parse("signal_relay_seconds_bucket{le=\"0.5\"} 3\n", "signal_relay_seconds");
        assertNull(b.minus(a), "other buckets: a restarted or different server");
        assertEquals(0, a.minus(a).valueAt(99), "an empty window");
    }

    @Test
    void aPercentilePastTheLastFiniteBucketIsThatBucketsBound() {
        ScrapedHistogram h = ScrapedHistogram.parse("x_bucket{le=\"0.1\"} 1\nx_bucket{le=\"+Inf\"} 4\nx_sum 2.0\n", "x");
        assertEquals(0.1, h.valueAt(25));
        assertEquals(0.1, h.valueAt(99), "at least this long, the most a bound can say");
        assertEquals(0.5, h.meanSeconds(), 1e-12, "a sum without labels is read too");
    }
}

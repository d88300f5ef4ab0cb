package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * Every refusal is counted once (SECURITY.md "Limits and their defaults" "all counted in metrics"): the router counts the
 * refusals it makes, and a dialect that only words them must not count them again.
 */
class RefusalMetricsTest {
    @Test
    void aMailboxRefusalOfTheRouterIsCountedOnce() throws Exception {
        try (TestNode node = TestNode.start("--http-rate-limit", "0.01", "--http-rate-burst", "2")) {
            node.send(HttpRequest.newBuilder(node.uri("/offer/sdp/")).method("PUT", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(1.0, NodeChecks.metric(node, "signal_errors_total{dialect=\"mailbox\""), "a wrong method, once");
            for (int i = 0; i < 5; i++) {
                node.get("/offer/sdp/");
            }
            // The wrong method was refused before the rate (SECURITY.md "Limits and their defaults" order): two GETs fit the burst, three do not.
            assertEquals(3.0, NodeChecks.metric(node, "signal_rate_limited_total{dialect=\"mailbox\"}"));
        }
    }
}

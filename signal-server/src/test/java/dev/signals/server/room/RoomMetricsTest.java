package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.connect;
import static dev.signals.server.testing.TestNode.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import org.junit.jupiter.api.Test;

/** `/metrics` on the admin port shows the room counters of docs/production.md "Monitoring" moving. */
class RoomMetricsTest {

    @Test
    void roomCountersMove() throws Exception {
        try (TestNode node = TestNode.start("--rate-limit", "2", "--rate-burst", "2")) {
            String before = node.adminGet("/metrics").body();
            try (Client a = connect(node); Client b = connect(node)) {
                a.join("m");
                a.next();
                b.join("m");
                b.next();
                a.next();
                a.send(RoomClients.offer(b.id(), "s"));
                b.next();
                b.send("{\"type\":\"nope\"}");
                b.next();
                for (int i = 0; i < 5; i++) {
                    a.send("{\"type\":\"ping\"}");
                }
                assertEquals(RoomClients.error("rate limit exceeded"), a.next());
                String during = node.adminGet("/metrics").body();
                assertEquals(2.0, metric(during, "signal_connections{dialect=\"room\"}"));
                assertEquals(1.0, metric(during, "signal_rooms"));
                assertEquals(metric(before, "signal_messages_total{dialect=\"room\",direction=\"in\",type=\"join\"}") + 2,
                        metric(during, "signal_messages_total{dialect=\"room\",direction=\"in\",type=\"join\"}"));
                assertEquals(1.0, metric(during, "signal_messages_total{dialect=\"room\",direction=\"out\",type=\"offer\"}"));
                assertEquals(1.0, metric(during, "signal_errors_total{dialect=\"room\",reason=\"invalid\"}"));
                assertTrue(metric(during, "signal_relay_seconds_count{dialect=\"room\"}") >= 1);
                assertTrue(metric(during, "signal_rate_limited_total{dialect=\"room\"}") >= 1, during);
                assertTrue(during.contains("jvm_memory_used_bytes"));
            }
            node.awaitState(s -> s.contains("\"room\":0"));
            assertEquals(0.0, metric(node.adminGet("/metrics").body(), "signal_rooms"));
        }
    }
}

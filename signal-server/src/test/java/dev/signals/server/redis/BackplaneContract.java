package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.backplane.BackplaneEvent;
import dev.signals.core.backplane.BackplaneException;
import dev.signals.server.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What every {@link Backplane} guarantees, run against each mechanism (STYLE: one contract suite
 * for {@code LocalBackplane} and {@code RedisBackplane}).
 */
abstract class BackplaneContract {

    /** A started backplane for node {@code nodeId}, up; closed by the test. */
    abstract Backplane backplane(String nodeId) throws Exception;

    @Test
    void aMessageToThisNodeReachesTheDialectsListenerInOrder() throws Exception {
        try (Backplane bp = backplane("n1")) {
            List<String> got = roomMessages(bp);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add("[\"m\"," + i + ",\"ünïcode ✓\"]");
                bp.send("n1", "room", "r1", sent.get(i)).block(Duration.ofSeconds(5));
            }
            Await.until("all " + sent.size() + " messages arrive", Duration.ofSeconds(5), () -> got.size() >= sent.size());
            assertEquals(sent, got);
        }
    }

    @Test
    void messagesAboutSeveralEntitiesEachArriveInOrder() throws Exception {
        try (Backplane bp = backplane("n1")) {
            List<String> got = roomMessages(bp);
            int rooms = 12;
            int each = 20;
            for (int i = 0; i < rooms * each; i++) {
                bp.send("n1", "room", "room-" + i % rooms, (i % rooms) + ":" + i / rooms).block(Duration.ofSeconds(5));
            }
            Await.until("all " + rooms * each + " messages arrive", Duration.ofSeconds(5), () -> got.size() >= rooms * each);
            assertEquals(rooms * each, got.size());
            for (int r = 0; r < rooms; r++) {
                List<String> expected = new ArrayList<>();
                for (int n = 0; n < each; n++) {
                    expected.add(r + ":" + n);
                }
                String room = r + ":";
                assertEquals(expected, got.stream().filter(m -> m.startsWith(room)).toList(), "room-" + r + "'s messages in order");
            }
        }
    }

    @Test
    void aMessageToANodeThatDoesNotListenFails() throws Exception {
        try (Backplane bp = backplane("n1")) {
            bp.register("room", event -> Mono.empty());
            assertThrows(BackplaneException.class, () -> bp.send("nobody", "room", "r1", "x").block(Duration.ofSeconds(5)));
        }
    }

    @Test
    void itReportsItselfUp() throws Exception {
        try (Backplane bp = backplane("n1")) {
            assertTrue(bp.up());
            assertEquals("n1", bp.nodeId());
            assertEquals(bp.clustered() ? "up" : "standalone", bp.status());
            assertFalse(bp.status().isEmpty());
        }
    }

    /** Every room message the backplane hands this node, in the order it hands them. */
    private static List<String> roomMessages(Backplane bp) {
        List<String> got = new CopyOnWriteArrayList<>();
        bp.register("room", event -> {
            if (event instanceof BackplaneEvent.Message) {
                got.add(((BackplaneEvent.Message) event).payload());
            }
            return Mono.empty();
        });
        return got;
    }
}

package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.joined;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node with Redis serves no dialect traffic before its backplane is up (docs/cluster.md
 * "Starting"): a client that connects the moment the port accepts — as clients reconnecting
 * during a rolling deploy do — can join at once.
 */
class RedisStartTest {

    @Test
    void aJoinTheMomentThePortAcceptsSucceeds() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            int port = RedisProcess.freePort();
            try (ChildNode node = ChildNode.spawn(List.of(), "--addr", "127.0.0.1:" + port,
                    "--redis-addr", redis.address(), "--redis-prefix", RedisProcess.uniquePrefix(), "--node-id", "eager")) {
                try (RoomPeer first = Await.value("the port accepts", Duration.ofSeconds(30), () -> connect(node, port))) {
                    first.join("r");
                    assertEquals(joined("r"), first.next(), String.join("\n", node.output()));
                }
            }
        }
    }

    private static RoomPeer connect(ChildNode node, int port) throws Exception {
        try {
            return RoomPeer.connect(port);
        } catch (ConnectException notYet) {
            if (!node.alive()) {
                throw new AssertionError("the node exited: " + String.join("\n", node.output()));
            }
            return null;
        }
    }
}

package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.newClient;
import static dev.signals.server.testing.RoomPeer.offerFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.TlsFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} and {@code rediss-sentinel://} (docs/cluster.md): a node reaches a TLS-only
 * Redis port, directly or as named by a Sentinel it reaches over TLS, verifying the servers
 * against the JVM's trust store, and shares rooms with a node on the plain port.
 */
class RedisTlsTest {

    @Test
    void aNodeOverTlsSharesRoomsWithANodeOverPlainTcp() throws Exception {
        int tlsPort = RedisProcess.freePort();
        String prefix = RedisProcess.uniquePrefix();
        try (TlsFiles tls = TlsFiles.create();
             RedisProcess redis = RedisProcess.start(withTlsPort(tlsPort, tls));
             ChildNode overTls = ChildNode.start(tls.trustingJvm(),
                     "--redis-addr", "rediss://127.0.0.1:" + tlsPort, "--redis-prefix", prefix, "--node-id", "tls");
             TestNode plain = TestNode.clustered(redis.address(), prefix, "plain")) {
            overTls.awaitReady(Duration.ofSeconds(15));
            shareARoom(overTls.port(), plain.port());
        }
    }

    @Test
    void aNodeFindsATlsPrimaryThroughATlsSentinel() throws Exception {
        int tlsPort = RedisProcess.freePort();
        int sentinelTlsPort = RedisProcess.freePort();
        String prefix = RedisProcess.uniquePrefix();
        try (TlsFiles tls = TlsFiles.create();
             RedisProcess redis = RedisProcess.start(withTlsPort(tlsPort, tls));
             // The Sentinel watches the primary's TLS port over TLS, so that is the port it names.
             RedisProcess sentinel = RedisProcess.sentinel("signal", tlsPort, "tls-port " + sentinelTlsPort,
                     "tls-cert-file " + tls.cert(), "tls-key-file " + tls.key(), "tls-ca-cert-file " + tls.cert(),
                     "tls-auth-clients no", "tls-replication yes");
             ChildNode overTls = ChildNode.start(tls.trustingJvm(), "--redis-addr",
                     "rediss-sentinel://127.0.0.1:" + sentinelTlsPort + "/signal", "--redis-prefix", prefix, "--node-id", "tls");
             TestNode plain = TestNode.clustered(redis.address(), prefix, "plain")) {
            overTls.awaitReady(Duration.ofSeconds(15));
            shareARoom(overTls.port(), plain.port());
        }
    }

    /** A plain port (the one {@link RedisProcess#address()} names) and a TLS one, {@code tlsPort}. */
    private static String[] withTlsPort(int tlsPort, TlsFiles tls) {
        List<String> args = new ArrayList<>(List.of("--tls-port", Integer.toString(tlsPort)));
        args.addAll(tls.redisServerArgs());
        return args.toArray(String[]::new);
    }

    private static void shareARoom(int tlsNodePort, int plainNodePort) throws Exception {
        try (RoomPeer a = RoomPeer.connect(tlsNodePort); RoomPeer b = RoomPeer.connect(plainNodePort)) {
            a.join("secure");
            assertEquals(joined("secure"), a.next());
            b.join("secure");
            assertEquals(joined("secure", a), b.next());
            assertEquals(newClient(b), a.next());
            b.offer(a, "over-tls");
            assertEquals(offerFrom(b, "over-tls"), a.next());
        }
    }
}

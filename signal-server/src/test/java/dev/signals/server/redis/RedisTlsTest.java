package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.newClient;
import static dev.signals.server.testing.RoomPeer.offerFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} (PROTOCOLS.md §6): a node reaches a TLS-only Redis port, verifying the server
 * against the JVM's trust store, and shares rooms with a node on the plain port.
 */
class RedisTlsTest {

    @Test
    void aNodeOverTlsSharesRoomsWithANodeOverPlainTcp() throws Exception {
        Path dir = Files.createTempDirectory("redis-tls");
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        run(dir, "keytool", "-importcert", "-noprompt", "-alias", "redis", "-file", "cert.pem",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        int tlsPort = RedisProcess.freePort();
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", dir.resolve("cert.pem").toString(), "--tls-key-file", dir.resolve("key.pem").toString(),
                "--tls-auth-clients", "no");
             ChildNode overTls = ChildNode.start(List.of("-Djavax.net.ssl.trustStore=" + dir.resolve("trust.p12"),
                     "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12"),
                     "--redis-addr", "rediss://127.0.0.1:" + tlsPort, "--redis-prefix", prefix, "--node-id", "tls");
             TestNode plain = TestNode.clustered(redis.address(), prefix, "plain")) {
            overTls.awaitReady(Duration.ofSeconds(15));
            try (RoomPeer a = RoomPeer.connect(overTls.port()); RoomPeer b = RoomPeer.connect(plain.port())) {
                a.join("secure");
                assertEquals(joined("secure"), a.next());
                b.join("secure");
                assertEquals(joined("secure", a), b.next());
                assertEquals(newClient(b), a.next());
                b.offer(a, "over-tls");
                assertEquals(offerFrom(b, "over-tls"), a.next());
            }
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tool.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("tool.log")));
        }
    }
}

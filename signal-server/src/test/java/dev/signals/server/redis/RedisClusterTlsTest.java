package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.answerFrom;
import static dev.signals.server.testing.RoomPeer.candidateFrom;
import static dev.signals.server.testing.RoomPeer.error;
import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.newClient;
import static dev.signals.server.testing.RoomPeer.offerFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.RedisClusterTopology;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.TlsFiles;
import dev.signals.server.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss-cluster://} (docs/cluster.md "Redis Cluster"): a Cluster of three masters that
 * listen on TLS ports only, their cluster bus over TLS too, and two nodes (each in its own JVM,
 * trusting the test certificate through the JVM's trust store as docs/cluster.md says) that relay
 * a room and a call across each other; a node trusting another certificate never comes up.
 */
class RedisClusterTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SESSION = Pattern.compile("\\{\"call\":\"tls-call\",\"session\":\"([0-9A-Za-z]{27})\",\"kind\":\"JOIN\"}");

    private static TlsFiles tls;
    /** A certificate the servers do not present: the trust store of {@link #wrong}. */
    private static TlsFiles other;
    private static RedisClusterTopology cluster;
    private static String prefix;
    private static ChildNode a;
    private static ChildNode b;
    private static ChildNode wrong;

    @BeforeAll
    static void startClusterAndNodes() throws Exception {
        tls = TlsFiles.create();
        other = TlsFiles.create();
        cluster = RedisClusterTopology.overTls(tls);
        prefix = RedisProcess.uniquePrefix();
        // The three JVMs start side by side: each spends most of its start waiting.
        CompletableFuture<ChildNode> startA = start(tls.trustingJvm(), flags("a"));
        CompletableFuture<ChildNode> startB = start(tls.trustingJvm(), flags("b"));
        CompletableFuture<ChildNode> startWrong = start(other.trustingJvm(), flags("wrong-ca", "--backplane-wait", "1s"));
        try {
            a = startA.join();
            b = startB.join();
            wrong = startWrong.join();
        } catch (CompletionException e) {
            for (CompletableFuture<ChildNode> f : List.of(startA, startB, startWrong)) {
                f.thenAccept(ChildNode::close);
            }
            throw e;
        }
        a.awaitReady(WAIT);
        b.awaitReady(WAIT);
    }

    private static CompletableFuture<ChildNode> start(List<String> jvm, String... flags) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ChildNode.start(jvm, flags);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, wrong, cluster, tls, other}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String[] flags(String nodeId, String... more) {
        List<String> f = new ArrayList<>(List.of("--redis-addr", cluster.address(), "--redis-prefix", prefix,
                "--node-id", nodeId, "--resume-window", "0", "--room-ping-interval", "0"));
        f.addAll(List.of(more));
        return f.toArray(String[]::new);
    }

    @Test
    void theClusterIsReachedOverTlsOnly() throws Exception {
        assertTrue(cluster.address().startsWith("rediss-cluster://127.0.0.1:"), cluster.address());
        for (RedisClusterTopology.Node master : cluster.topology()) {
            assertEquals("0", ((List<?>) cluster.commandOn(master, "CONFIG", "GET", "port")).get(1));
            assertEquals("yes", ((List<?>) cluster.commandOn(master, "CONFIG", "GET", "tls-cluster")).get(1));
        }
        for (ChildNode node : List.of(a, b)) {
            HttpResponse<String> ready = get(node.adminPort(), "/readyz");
            assertEquals(200, ready.statusCode());
            assertEquals("OK", ready.body());
        }
    }

    @Test
    void aRoomSpanningBothNodesRelaysEachFrameOnceInOrder() throws Exception {
        try (RoomPeer p = RoomPeer.connect(a.port()); RoomPeer q = RoomPeer.connect(b.port())) {
            p.join("tls-room");
            assertEquals(joined("tls-room"), p.next());
            q.join("tls-room");
            assertEquals(joined("tls-room", p), q.next());
            assertEquals(newClient(q), p.next());
            q.offer(p, "o1");
            q.candidate(p, "c1", 0);
            q.candidate(p, "c2", 1);
            assertEquals(offerFrom(q, "o1"), p.next());
            assertEquals(candidateFrom(q, "c1", 0), p.next());
            assertEquals(candidateFrom(q, "c2", 1), p.next());
            p.answer(q, "a1");
            assertEquals(answerFrom(p, "a1"), q.next());
            // Nothing twice: the next frame each receives is the one sent after.
            q.offer(p, "o2");
            assertEquals(offerFrom(q, "o2"), p.next());
            p.answer(q, "a2");
            assertEquals(answerFrom(p, "a2"), q.next());
        }
    }

    @Test
    void aCallSignalPostedOnOneNodeReachesTheSocketOnTheOtherOnceInOrder() throws Exception {
        String joinA = seat(a);
        try (WsTestClient wsA = WsTestClient.connect(a.port(), "/ws")) {
            wsA.sendText(joinA);
            assertEquals("{\"call\":\"tls-call\",\"kind\":\"WELCOME\"}", wsA.nextText());
            String joinB = seat(b);
            assertEquals("{\"call\":\"tls-call\",\"kind\":\"PEER\"}", wsA.nextText());
            try (WsTestClient wsB = WsTestClient.connect(b.port(), "/ws")) {
                wsB.sendText(joinB);
                assertEquals("{\"call\":\"tls-call\",\"kind\":\"WELCOME\"}", wsB.nextText());
                // b's offers posted on b reach a's socket on a; a's answer posted on b reaches b's socket.
                signal(b, session(joinB), "OFFER", "o1");
                signal(b, session(joinB), "OFFER", "o2");
                assertEquals("{\"call\":\"tls-call\",\"body\":\"o1\",\"kind\":\"OFFER\"}", wsA.nextText());
                assertEquals("{\"call\":\"tls-call\",\"body\":\"o2\",\"kind\":\"OFFER\"}", wsA.nextText());
                signal(b, session(joinA), "ANSWER", "a1");
                assertEquals("{\"call\":\"tls-call\",\"body\":\"a1\",\"kind\":\"ANSWER\"}", wsB.nextText());
                signal(a, session(joinB), "OFFER", "o3");
                assertEquals("{\"call\":\"tls-call\",\"body\":\"o3\",\"kind\":\"OFFER\"}", wsA.nextText());
            }
        }
    }

    /**
     * A node whose trust store lacks the servers' certificate cannot open any connection: it is as
     * if Redis were unreachable (docs/cluster.md "Starting", "Redis Cluster"): the main port opens
     * after {@code --backplane-wait}, {@code /readyz} answers 503, a {@code join} is refused, and
     * the log names the certificate problem.
     */
    @Test
    void aNodeTrustingAnotherCertificateIsNeverReady() throws Exception {
        // The first attempt may time out instead on a loaded machine (a TLS handshake is slow to
        // start); the warning is repeated, at most every 10 s, with the reason of the latest attempt.
        String line = Await.value("the backplane-down warning naming the certificate", WAIT, () -> wrong.output().stream()
                .filter(l -> l.contains("backplane down:") && l.contains("CertPathValidatorException")).findFirst().orElse(null));
        assertTrue(line.matches(".* WARN  \\[- -\\] RedisBackplane - backplane down: CannotRetrieveClusterPartitions: Cannot"
                + " retrieve cluster partitions from \\[rediss://127\\.0\\.0\\.1:\\d+\\?timeout=3s, .*\\]"
                + " \\(CertPathValidatorException: Path does not chain with any of the trust anchors\\);"
                + " cross-node operations fail until Redis is back( \\(\\d+ similar warnings suppressed\\))?"), line);
        // One warning, not one per attempt and seed (Lettuce's own are silenced).
        assertTrue(wrong.output().stream().noneMatch(l -> l.contains("DefaultClusterTopologyRefresh")), String.join("\n", wrong.output()));
        HttpResponse<String> ready = get(wrong.adminPort(), "/readyz");
        assertEquals(503, ready.statusCode());
        assertEquals("not ready", ready.body());
        HttpResponse<String> health = get(wrong.adminPort(), "/healthz");
        assertEquals(500, health.statusCode());
        assertEquals("unhealthy\n", health.body());
        try (RoomPeer p = RoomPeer.connect(wrong.port())) {
            p.join("tls-room-refused");
            assertEquals(error("failed to join room"), p.next());
        }
        assertTrue(wrong.output().stream().noneMatch(l -> l.contains("backplane up")), String.join("\n", wrong.output()));
    }

    /** GET /call/tls-call on {@code node}: the JOIN message (docs/call.md). */
    private static String seat(ChildNode node) throws Exception {
        HttpResponse<String> res = get(node.port(), "/call/tls-call");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(SESSION.matcher(res.body()).matches(), res.body());
        return res.body();
    }

    private static String session(String join) {
        Matcher m = SESSION.matcher(join);
        assertTrue(m.matches(), join);
        return m.group(1);
    }

    private static void signal(ChildNode node, String session, String kind, String body) throws Exception {
        String json = "{\"call\":\"tls-call\",\"session\":\"" + session + "\",\"kind\":\"" + kind + "\",\"body\":\"" + body + "\"}";
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/signal"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("", res.body());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

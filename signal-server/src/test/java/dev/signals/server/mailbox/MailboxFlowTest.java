package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.DeployedTest;
import dev.signals.server.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's pion-to-pion exchange over real HTTP, and the mailbox's share of the shared port, on
 * every {@link dev.signals.server.testing.Deployment}: clustered, the offerer and the answerer use
 * different nodes, so whatever one node stores the other serves.
 */
class MailboxFlowTest extends DeployedTest {
    /** What pion's offerer sends: the SDP object serialised, then put in {@code data} as a string. */
    static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4215775240449105457 2 IN IP4 0.0.0.0\\r\\n"
            + "s=-\\r\\nt=0 0\\r\\na=fingerprint:sha-256 49:66:12:17\\r\\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\\r\\n\"}";
    static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 6000 2 IN IP4 0.0.0.0\\r\\ns=-\\r\\n\"}";
    static final String OFFER_CANDIDATE_1 = "candidate:1966762133 1 udp 2130706431 192.168.1.10 54321 typ host";
    static final String OFFER_CANDIDATE_2 = "candidate:2 1 udp 1694498815 203.0.113.7 61000 typ srflx raddr 0.0.0.0 rport 54321";
    static final String ANSWER_CANDIDATE = "candidate:3 1 udp 2130706431 192.168.1.11 50000 typ host\n";
    private static final String FULL = msg("缓存超出MaxCost，服务已达到最大负载");
    private String key;
    private TestNode node;
    /** The offerer's client and the answerer's, on different nodes when there are two. */
    private MailboxClient client;
    private MailboxClient answerer;

    @Override
    protected String[] flags() {
        return new String[] {"--disable", "domain", "--http-rate-limit", "0"};
    }

    @BeforeEach
    void clients() {
        key = unique("pion-to-pion");
        node = node(0);
        client = new MailboxClient(node(0));
        answerer = new MailboxClient(node(1));
    }

    @Test
    void theSeedExchangeCompletes() throws Exception {
        // Offerer: posts its SDP and candidates, then polls for the answer.
        assertEquals(OK, client.post("/offer/sdp/", key, offerBody(30, OFFER)));
        assertEquals(OK, client.post("/offer/candidate/", key, OFFER_CANDIDATE_1));
        assertEquals(OK, client.post("/offer/candidate/", key, OFFER_CANDIDATE_2));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/offer/sdp/", key));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/offer/candidate/", key));

        // Answerer: polls the offer and candidates, posts its answer and a candidate.
        assertEquals(data(OFFER), answerer.get("/answer/sdp/", key));
        assertEquals(msg("sdp没有值"), answerer.get("/answer/sdp/", key));
        assertEquals(OK, answerer.post("/answer/sdp/", key, ANSWER));
        assertEquals(data(OFFER_CANDIDATE_1), answerer.get("/answer/candidate/", key));
        assertEquals(data(OFFER_CANDIDATE_2), answerer.get("/answer/candidate/", key));
        assertEquals(msg("candidate没有值"), answerer.get("/answer/candidate/", key));
        assertEquals(OK, answerer.post("/answer/candidate/", key, ANSWER_CANDIDATE));

        // Offerer: polls them back.
        assertEquals(data(ANSWER), client.get("/offer/sdp/", key));
        assertEquals(msg("sdp没有值"), client.get("/offer/sdp/", key));
        assertEquals(data(ANSWER_CANDIDATE), client.get("/offer/candidate/", key));
        assertEquals(msg("candidate没有值"), client.get("/offer/candidate/", key));
    }

    @Test
    void exactResponseBytesOfTheFirstSteps() throws Exception {
        assertEquals("{\"msg\":\"\",\"data\":null}", client.post("/offer/sdp/", key,
                "{\"key_ttl\":30,\"data\":\"{\\\"type\\\":\\\"offer\\\",\\\"sdp\\\":\\\"v=0\\\\r\\\\n\\\"}\"}"));
        assertEquals("{\"msg\":\"\",\"data\":\"{\\\"type\\\":\\\"offer\\\",\\\"sdp\\\":\\\"v=0\\\\r\\\\n\\\"}\"}",
                answerer.get("/answer/sdp/", key));
        assertEquals("{\"msg\":\"sdp没有值\",\"data\":null}", answerer.get("/answer/sdp/", key));
    }

    @Test
    void pathsWorkWithAndWithoutTheTrailingSlashAndIgnoreQueryAndContentType() throws Exception {
        assertEquals(OK, client.post("/offer/sdp", key, offerBody(30, OFFER)));
        HttpResponse<String> res = node.send(HttpRequest.newBuilder(node.uri("/offer/candidate?x=1"))
                .header("key", key).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b&c")).build());
        assertEquals(OK, res.body());
        assertEquals(data(OFFER), answerer.get("/answer/sdp", key));
        assertEquals(data("a=b&c"), answerer.get("/answer/candidate?y", key));
        assertEquals(OK, answerer.post("/answer/sdp", key, ANSWER));
        assertEquals(data(ANSWER), client.get("/offer/sdp", key));
        assertEquals(OK, client.post("/answer/candidate", key, "c"));
        assertEquals(data("c"), client.get("/offer/candidate", key));
    }

    @Test
    void wrongMethodsAndUnknownSubPathsAnswerTheMailboxNotFound() throws Exception {
        client.post("/offer/sdp/", key, offerBody(30, OFFER));
        client.post("/offer/candidate/", key, OFFER_CANDIDATE_1);
        String notFound = "{\"msg\":\"not found\",\"data\":null}";
        String[][] cases = {
            {"PUT", "/offer/sdp/"}, {"DELETE", "/answer/candidate"}, {"PATCH", "/answer/sdp/"},
            {"HEAD", "/answer/candidate/"}, {"GET", "/offer/"}, {"POST", "/answer/"}, {"GET", "/answer"},
            {"GET", "/offer/nothing"}, {"POST", "/answer/sdp/extra"}, {"GET", "/offer/sdp//"}, {"GET", "/offer/%73dp/"},
        };
        for (String[] c : cases) {
            HttpResponse<String> res = client.send(c[0], c[1], key, c[0].equals("POST") ? "x" : null);
            assertEquals(404, res.statusCode(), c[0] + " " + c[1]);
            assertEquals("application/json; charset=utf-8", res.headers().firstValue("content-type").orElse(""), c[1]);
            assertEquals(c[0].equals("HEAD") ? "" : notFound, res.body(), c[0] + " " + c[1]);
        }
        // HEAD never popped anything.
        assertEquals(data(OFFER_CANDIDATE_1), answerer.get("/answer/candidate/", key));
    }

    @Test
    void pathsOutsideTheMailboxAreNotItsOwn() throws Exception {
        for (String path : new String[] {"/offer", "/offerx", "/answers", "/answerx/sdp/"}) {
            HttpResponse<String> res = client.send("GET", path, key, null);
            assertEquals(404, res.statusCode(), path);
            assertEquals("404 page not found", res.body(), path);
        }
    }

    @Test
    void browsersMaySendTheKeyHeader() throws Exception {
        TestNode cors = deploy("--allowed-origins", "https://app.example").node(0);
        HttpResponse<String> res = cors.send(HttpRequest.newBuilder(cors.uri("/offer/sdp/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "key").build());
        assertEquals(204, res.statusCode());
        assertTrue(res.headers().firstValue("access-control-allow-headers").orElse("").contains("key"));
        HttpResponse<String> get = cors.send(HttpRequest.newBuilder(cors.uri("/answer/sdp/"))
                .header("Origin", "https://app.example").header("key", "k").build());
        assertEquals("https://app.example", get.headers().firstValue("access-control-allow-origin").orElse(""));
        assertEquals(msg("key未找到"), get.body());
    }

    @Test
    void stateAndMetricsCountKeysAndBytes() throws Exception {
        TestNode fresh = deploy("--disable", "domain").node(0);
        MailboxClient own = new MailboxClient(fresh);
        own.post("/offer/sdp/", key, offerBody(30, "x"));
        fresh.awaitState(s -> s.contains("\"mailbox_keys\":1"));
        String metrics = fresh.adminGet("/metrics").body();
        assertTrue(metrics.contains("\nsignal_mailbox_keys 1.0\n"), metrics);
        long bytes = 256 + key.length() + 48 + 1;
        assertTrue(metrics.contains("\nsignal_mailbox_bytes " + bytes + ".0\n"), metrics);
        assertTrue(metrics.contains("signal_messages_total{dialect=\"mailbox\",direction=\"in\",type=\"post_offer_sdp\"} 1.0"), metrics);
        own.get("/offer/sdp/", key);
        assertTrue(fresh.adminGet("/metrics").body().contains("signal_errors_total{dialect=\"mailbox\",reason=\"queue_missing\"} 1.0"));
    }

    @Test
    void concurrentPollersNeverGetOneItemTwice() throws Exception {
        assertEquals(OK, client.post("/offer/sdp/", key, offerBody(30, "o")));
        int items = 40;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            assertEquals(OK, client.post("/offer/candidate/", key, "c" + i));
            expected.add(data("c" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> pollers = new ArrayList<>();
            for (MailboxClient poller : List.of(client, answerer, client, answerer)) {
                Callable<List<String>> poll = () -> {
                    List<String> got = new ArrayList<>();
                    String reply;
                    while (!(reply = poller.get("/answer/candidate/", key)).equals(msg("candidate没有值"))) {
                        got.add(reply);
                    }
                    return got;
                };
                pollers.add(pool.submit(poll));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : pollers) {
                all.addAll(f.get(20, TimeUnit.SECONDS));
            }
            all.sort(null);
            expected.sort(null);
            assertEquals(expected, all, "every candidate popped exactly once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theByteBudgetAndTheCandidateCapHoldForEveryNode() throws Exception {
        // 256 + 1 (key) + 48 + 1 (sdp) = 306 bytes per key with a one-character offer: three fit in 1000.
        Nodes nodes = deploy("--disable", "domain", "--mailbox-max-bytes", "1000", "--mailbox-ip-share", "0",
                "--mailbox-max-candidates", "2");
        MailboxClient one = new MailboxClient(nodes.node(0));
        MailboxClient two = new MailboxClient(nodes.node(1));
        assertEquals(OK, one.post("/offer/sdp/", "a", offerBody(1, "o")));
        assertEquals(OK, two.post("/offer/sdp/", "b", offerBody(30, "o")));
        assertEquals(OK, one.post("/offer/sdp/", "c", offerBody(30, "o")));
        assertEquals(FULL, two.post("/offer/sdp/", "d", offerBody(30, "o")));
        assertEquals(msg("key未找到"), one.get("/answer/sdp/", "d"), "a refused offer creates nothing");
        // Popping frees the item's bytes for every node: 49 back, room for "x" (49) but not 40 more.
        assertEquals(data("o"), two.get("/answer/sdp/", "b"));
        assertEquals(OK, one.post("/offer/candidate/", "b", "x"));
        assertEquals(FULL, two.post("/offer/candidate/", "b", "y".repeat(40)));

        // The expired key's bytes come back: d fits once a has expired (its TTL is one second).
        Await.until("d fits once a has expired", Duration.ofSeconds(10),
                () -> two.post("/offer/sdp/", "d", offerBody(30, "o")).equals(OK));

        // Two candidates per queue, counted for every node whichever node appends.
        assertEquals(data("o"), one.get("/answer/sdp/", "c"));
        assertEquals(data("x"), two.get("/answer/candidate/", "b"));
        assertEquals(OK, one.post("/answer/candidate/", "c", "1"));
        assertEquals(OK, two.post("/answer/candidate/", "c", "2"));
        assertEquals(FULL, one.post("/answer/candidate/", "c", "3"));
        assertEquals(data("1"), two.get("/offer/candidate/", "c"));
    }
}

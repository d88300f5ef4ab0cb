package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 000's pion-to-pion exchange over real HTTP, and the mailbox's share of the shared port. */
class MailboxFlowTest {
    /** What pion's offerer sends: the SDP object serialised, then put in {@code data} as a string. */
    static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4215775240449105457 2 IN IP4 0.0.0.0\\r\\n"
            + "s=-\\r\\nt=0 0\\r\\na=fingerprint:sha-256 49:66:12:17\\r\\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\\r\\n\"}";
    static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 6000 2 IN IP4 0.0.0.0\\r\\ns=-\\r\\n\"}";
    static final String OFFER_CANDIDATE_1 = "candidate:1966762133 1 udp 2130706431 192.168.1.10 54321 typ host";
    static final String OFFER_CANDIDATE_2 = "candidate:2 1 udp 1694498815 203.0.113.7 61000 typ srflx raddr 0.0.0.0 rport 54321";
    static final String ANSWER_CANDIDATE = "candidate:3 1 udp 2130706431 192.168.1.11 50000 typ host\n";
    private static final String KEY = "pion-to-pion";

    private TestNode node;
    private MailboxClient client;

    @BeforeEach
    void start() {
        node = TestNode.start("--disable", "domain");
        client = new MailboxClient(node);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void theSeedExchangeCompletes() throws Exception {
        // Offerer: posts its SDP and candidates, then polls for the answer.
        assertEquals(OK, client.post("/offer/sdp/", KEY, offerBody(30, OFFER)));
        assertEquals(OK, client.post("/offer/candidate/", KEY, OFFER_CANDIDATE_1));
        assertEquals(OK, client.post("/offer/candidate/", KEY, OFFER_CANDIDATE_2));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/offer/sdp/", KEY));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/offer/candidate/", KEY));

        // Answerer: polls the offer and candidates, posts its answer and a candidate.
        assertEquals(data(OFFER), client.get("/answer/sdp/", KEY));
        assertEquals(msg("sdp没有值"), client.get("/answer/sdp/", KEY));
        assertEquals(OK, client.post("/answer/sdp/", KEY, ANSWER));
        assertEquals(data(OFFER_CANDIDATE_1), client.get("/answer/candidate/", KEY));
        assertEquals(data(OFFER_CANDIDATE_2), client.get("/answer/candidate/", KEY));
        assertEquals(msg("candidate没有值"), client.get("/answer/candidate/", KEY));
        assertEquals(OK, client.post("/answer/candidate/", KEY, ANSWER_CANDIDATE));

        // Offerer: polls them back.
        assertEquals(data(ANSWER), client.get("/offer/sdp/", KEY));
        assertEquals(msg("sdp没有值"), client.get("/offer/sdp/", KEY));
        assertEquals(data(ANSWER_CANDIDATE), client.get("/offer/candidate/", KEY));
        assertEquals(msg("candidate没有值"), client.get("/offer/candidate/", KEY));
    }

    @Test
    void exactResponseBytesOfTheFirstSteps() throws Exception {
        assertEquals("{\"msg\":\"\",\"data\":null}", client.post("/offer/sdp/", KEY,
                "{\"key_ttl\":30,\"data\":\"{\\\"type\\\":\\\"offer\\\",\\\"sdp\\\":\\\"v=0\\\\r\\\\n\\\"}\"}"));
        assertEquals("{\"msg\":\"\",\"data\":\"{\\\"type\\\":\\\"offer\\\",\\\"sdp\\\":\\\"v=0\\\\r\\\\n\\\"}\"}",
                client.get("/answer/sdp/", KEY));
        assertEquals("{\"msg\":\"sdp没有值\",\"data\":null}", client.get("/answer/sdp/", KEY));
    }

    @Test
    void pathsWorkWithAndWithoutTheTrailingSlashAndIgnoreQueryAndContentType() throws Exception {
        assertEquals(OK, client.post("/offer/sdp", KEY, offerBody(30, OFFER)));
        HttpResponse<String> res = node.send(HttpRequest.newBuilder(node.uri("/offer/candidate?x=1"))
                .header("key", KEY).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b&c")).build());
        assertEquals(OK, res.body());
        assertEquals(data(OFFER), client.get("/answer/sdp", KEY));
        assertEquals(data("a=b&c"), client.get("/answer/candidate?y", KEY));
        assertEquals(OK, client.post("/answer/sdp", KEY, ANSWER));
        assertEquals(data(ANSWER), client.get("/offer/sdp", KEY));
        assertEquals(OK, client.post("/answer/candidate", KEY, "c"));
        assertEquals(data("c"), client.get("/offer/candidate", KEY));
    }

    @Test
    void wrongMethodsAndUnknownSubPathsAnswerTheMailboxNotFound() throws Exception {
        client.post("/offer/sdp/", KEY, offerBody(30, OFFER));
        client.post("/offer/candidate/", KEY, OFFER_CANDIDATE_1);
        String notFound = "{\"msg\":\"not found\",\"data\":null}";
        String[][] cases = {
            {"PUT", "/offer/sdp/"}, {"DELETE", "/answer/candidate"}, {"PATCH", "/answer/sdp/"},
            {"HEAD", "/answer/candidate/"}, {"GET", "/offer/"}, {"POST", "/answer/"}, {"GET", "/answer"},
            {"GET", "/offer/nothing"}, {"POST", "/answer/sdp/extra"}, {"GET", "/offer/sdp//"}, {"GET", "/offer/%73dp/"},
        };
        for (String[] c : cases) {
            HttpResponse<String> res = client.send(c[0], c[1], KEY, c[0].equals("POST") ? "x" : null);
            assertEquals(404, res.statusCode(), c[0] + " " + c[1]);
            assertEquals("application/json; charset=utf-8", res.headers().firstValue("content-type").orElse(""), c[1]);
            assertEquals(c[0].equals("HEAD") ? "" : notFound, res.body(), c[0] + " " + c[1]);
        }
        // HEAD never popped anything.
        assertEquals(data(OFFER_CANDIDATE_1), client.get("/answer/candidate/", KEY));
    }

    @Test
    void pathsOutsideTheMailboxAreNotItsOwn() throws Exception {
        for (String path : new String[] {"/offer", "/offerx", "/answers", "/answerx/sdp/"}) {
            HttpResponse<String> res = client.send("GET", path, KEY, null);
            assertEquals(404, res.statusCode(), path);
            assertEquals("404 page not found", res.body(), path);
        }
    }

    @Test
    void browsersMaySendTheKeyHeader() throws Exception {
        try (TestNode cors = TestNode.start("--allowed-origins", "https://app.example")) {
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
    }

    @Test
    void stateAndMetricsCountKeysAndBytes() throws Exception {
        client.post("/offer/sdp/", KEY, offerBody(30, "x"));
        node.awaitState(s -> s.contains("\"mailbox_keys\":1"));
        String metrics = node.adminGet("/metrics").body();
        assertTrue(metrics.contains("\nsignal_mailbox_keys 1.0\n"), metrics);
        long bytes = 256 + KEY.length() + 48 + 1;
        assertTrue(metrics.contains("\nsignal_mailbox_bytes " + bytes + ".0\n"), metrics);
        assertTrue(metrics.contains("signal_messages_total{dialect=\"mailbox\",direction=\"in\",type=\"post_offer_sdp\"} 1.0"), metrics);
        client.get("/offer/sdp/", KEY);
        assertTrue(node.adminGet("/metrics").body().contains("signal_errors_total{dialect=\"mailbox\",reason=\"queue_missing\"} 1.0"));
    }
}

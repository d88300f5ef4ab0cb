package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The caps of SECURITY.md "Limits and their defaults" in the mailbox's words: memory, candidates, body size, request rate. */
class MailboxLimitsTest {
    private static final String FULL = msg("缓存超出MaxCost，服务已达到最大负载");

    @Test
    void theMemoryCapAnswersMaxCostAndStoresNothing() throws Exception {
        // One key "k" with a one-byte SDP costs 256 + 1 + 48 + 1 = 306; a 100-byte candidate 148.
        try (TestNode node = TestNode.start("--mailbox-max-bytes", "1KiB", "--mailbox-ip-share", "0")) {
            MailboxClient client = new MailboxClient(node);
            assertEquals(FULL, client.post("/offer/sdp/", "big", offerBody(30, "v".repeat(2000))));
            assertEquals(msg("key未找到"), client.get("/answer/sdp/", "big"));
            assertEquals(OK, client.post("/offer/sdp/", "k", offerBody(30, "s")));
            String candidate = "c".repeat(99);
            for (int i = 0; i < 4; i++) {
                assertEquals(OK, client.post("/offer/candidate/", "k", candidate + i), "candidate " + i);
            }
            assertEquals(FULL, client.post("/offer/candidate/", "k", candidate + 4));
            assertEquals(FULL, client.post("/offer/sdp/", "k2", offerBody(30, "s")));
            assertTrue(node.adminGet("/metrics").body().contains("\nsignal_mailbox_bytes 898.0\n"));
            for (int i = 0; i < 4; i++) {
                assertEquals(data(candidate + i), client.get("/answer/candidate/", "k"));
            }
            assertEquals(msg("candidate没有值"), client.get("/answer/candidate/", "k"));
            assertEquals(msg("key未找到"), client.get("/answer/sdp/", "k2"));
            assertTrue(node.adminGet("/metrics").body().contains("signal_errors_total{dialect=\"mailbox\",reason=\"storage_full\"} 3.0"));
        }
    }

    @Test
    void eachCandidateQueueIsCapped() throws Exception {
        try (TestNode node = TestNode.start("--mailbox-max-candidates", "2")) {
            MailboxClient client = new MailboxClient(node);
            client.post("/offer/sdp/", "k", offerBody(30, "s"));
            assertEquals(OK, client.post("/answer/candidate/", "k", "a1"));
            assertEquals(OK, client.post("/answer/candidate/", "k", "a2"));
            assertEquals(FULL, client.post("/answer/candidate/", "k", "a3"));
            assertEquals(OK, client.post("/offer/candidate/", "k", "o1"));
            assertEquals(data("a1"), client.get("/offer/candidate/", "k"));
            assertEquals(OK, client.post("/answer/candidate/", "k", "a4"));
            assertEquals(data("a2"), client.get("/offer/candidate/", "k"));
            assertEquals(data("a4"), client.get("/offer/candidate/", "k"));
        }
    }

    @Test
    void aBodyOverMaxMessageBytesIsRefusedBeforeAnythingElse() throws Exception {
        try (TestNode node = TestNode.start("--max-message-bytes", "1KiB")) {
            MailboxClient client = new MailboxClient(node);
            client.post("/offer/sdp/", "k", offerBody(30, "s"));
            assertEquals(msg("body过大"), client.post("/offer/candidate/", "k", "c".repeat(1025)));
            assertEquals(msg("body过大"), client.post("/offer/candidate/", null, "c".repeat(1025)), "before the key check");
            assertEquals(msg("body过大"), client.post("/offer/sdp/", "k2", "{" + " ".repeat(2000) + "}"));
            // Without Content-Length (chunked), the size is counted as the body arrives.
            byte[] chunked = "c".repeat(3000).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> res = node.send(HttpRequest.newBuilder(node.uri("/offer/candidate/"))
                    .header("key", "k")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked)))
                    .build());
            assertEquals(200, res.statusCode());
            assertEquals(msg("body过大"), res.body());
            assertEquals(msg("队列获取失败，因为不存在"), client.get("/answer/candidate/", "k"));
            assertEquals(OK, client.post("/offer/candidate/", "k", "c".repeat(1024)));
            assertEquals(data("c".repeat(1024)), client.get("/answer/candidate/", "k"));
            assertEquals(msg("key未找到"), client.get("/answer/sdp/", "k2"));
        }
    }

    /**
     * With the body cap off, bodies beyond the room made ahead for a declared length (64 KiB),
     * and bodies of many chunks with no length declared, arrive whole and in order.
     */
    @Test
    void withTheCapOffLargeAndChunkedBodiesArriveWhole() throws Exception {
        try (TestNode node = TestNode.start("--max-message-bytes", "0")) {
            MailboxClient client = new MailboxClient(node);
            client.post("/offer/sdp/", "k", offerBody(30, "s"));
            StringBuilder large = new StringBuilder();
            for (int i = 0; large.length() < 200_000; i++) {
                large.append("a=candidate:").append(i).append(" 候选 ");
            }
            assertEquals(OK, client.post("/offer/candidate/", "k", large.toString()));
            assertEquals(data(large.toString()), client.get("/answer/candidate/", "k"));
            byte[] chunked = large.substring(0, 150_000).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> res = node.send(HttpRequest.newBuilder(node.uri("/offer/candidate/"))
                    .header("key", "k")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked)))
                    .build());
            assertEquals(OK, res.body());
            assertEquals(data(new String(chunked, StandardCharsets.UTF_8)), client.get("/answer/candidate/", "k"));
        }
    }

    @Test
    void theRequestRateAnswers200WithItsOwnMessageAndChangesNothing() throws Exception {
        try (TestNode node = TestNode.start("--http-rate-limit", "0.5", "--http-rate-burst", "2")) {
            MailboxClient client = new MailboxClient(node);
            assertEquals(OK, client.post("/offer/sdp/", "k", offerBody(30, "s")));
            client.get("/answer/sdp/", "k");
            // The bucket (2 tokens, one more every 2 s) cannot refill within these back-to-back requests.
            assertEquals(msg("请求过于频繁"), client.post("/offer/candidate/", "k", "dropped"));
            String reply;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while ((reply = client.get("/answer/candidate/", "k")).equals(msg("请求过于频繁"))) {
                assertTrue(System.nanoTime() < deadline, "the rate limit never let a request through");
                Thread.sleep(200);
            }
            assertEquals(msg("队列获取失败，因为不存在"), reply);
            assertTrue(node.adminGet("/metrics").body().contains("signal_rate_limited_total{dialect=\"mailbox\"}"));
        }
    }
}

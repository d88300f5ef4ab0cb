package dev.signals.loadtest.bare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bare mailbox's replies, byte for byte, over real HTTP. */
class BareMailboxTest {
    private static final String STORED = "{\"msg\":\"\",\"data\":null}";
    private static final String NOTHING = "{\"msg\":\"nothing to fetch\",\"data\":null}";
    private static final String NOT_FOUND = "{\"msg\":\"not found\",\"data\":null}";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private BareMailbox mailbox;

    @BeforeEach
    void start() {
        mailbox = BareMailbox.start("127.0.0.1", 0, 1, BareTransport.parse("auto"));
    }

    @AfterEach
    void stop() {
        mailbox.close();
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mailbox.port() + path))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertReply(int status, String body, HttpResponse<String> reply) {
        assertEquals(status, reply.statusCode(), reply.body());
        assertEquals(body, reply.body());
        assertEquals("application/json", reply.headers().firstValue("content-type").orElse(null));
    }

    @Test
    void servesTheHandOverWithEachItemOnceAndTheOfferAsItArrived() throws Exception {
        String offerJsonString = "\"{\\\"type\\\":\\\"offer\\\",\\\"sdp\\\":\\\"v=0\\\\r\\\\n\\\"}\"";
        assertReply(200, STORED, send("POST", "/offer/sdp/", "k", "{\"key_ttl\":30,\"data\":" + offerJsonString + "}"));
        assertReply(200, STORED, send("POST", "/offer/candidate", "k", "candidate:1 \"q\"\t\\"));
        assertReply(200, "{\"msg\":\"\",\"data\":" + offerJsonString + "}", send("GET", "/answer/sdp/", "k", null));
        assertReply(200, NOTHING, send("GET", "/answer/sdp/", "k", null));
        assertReply(200, "{\"msg\":\"\",\"data\":\"candidate:1 \\\"q\\\"\\u0009\\\\\"}", send("GET", "/answer/candidate/", "k", null));
        assertReply(200, STORED, send("POST", "/answer/sdp/", "k", "v=0\r\na=setup:active\r\n"));
        assertReply(200, NOTHING, send("GET", "/answer/sdp/", "other", null));
        assertReply(200, "{\"msg\":\"\",\"data\":\"v=0\\r\\na=setup:active\\r\\n\"}", send("GET", "/offer/sdp", "k", null));
        // The offerer fetching the answer ends the key: what was left under it goes too.
        assertReply(200, STORED, send("POST", "/answer/candidate/", "k", "late"));
        assertReply(200, STORED, send("POST", "/answer/sdp/", "k", "again"));
        assertReply(200, "{\"msg\":\"\",\"data\":\"again\"}", send("GET", "/offer/sdp/", "k", null));
        assertReply(200, NOTHING, send("GET", "/offer/candidate/", "k", null));
    }

    @Test
    void answersNotFoundForOtherPathsMethodsOrNoKey() throws Exception {
        assertReply(404, NOT_FOUND, send("GET", "/offer/sdp/", null, null));
        assertReply(404, NOT_FOUND, send("GET", "/offer/video/", "k", null));
        assertReply(404, NOT_FOUND, send("GET", "/", "k", null));
        assertReply(404, NOT_FOUND, send("PUT", "/offer/sdp/", "k", "x"));
    }
}

package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SECURITY.md "Per dialect, without and with authentication" on the mailbox: HTTP 200 with {@code unauthorized} / {@code forbidden}, nothing changed. */
class MailboxAuthTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start("--auth-secret", Tokens.SECRET, "--max-message-bytes", "1KiB", "--http-rate-limit", "0");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String call(String method, String path, String key, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("key", key);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = node.send(b.build());
        assertEquals(200, res.statusCode(), res.body());
        return res.body();
    }

    @Test
    void withoutAValidTokenEveryEndpointIsUnauthorized() throws Exception {
        String expired = Tokens.hs256(Tokens.SECRET, Duration.ofMinutes(-10), Map.of("key", "*"));
        String forged = Tokens.hs256("another-secret-that-is-also-32-bytes!!", Duration.ofMinutes(5), Map.of("key", "*"));
        for (String token : new String[] {null, "not.a.jwt", expired, forged}) {
            assertEquals(msg("unauthorized"), call("POST", "/offer/sdp/", "k1", token, offerBody(30, "o")));
            assertEquals(msg("unauthorized"), call("GET", "/answer/sdp/", "k1", token, null));
            assertEquals(msg("unauthorized"), call("POST", "/answer/candidate", "k1", token, "c"));
        }
        String all = Tokens.valid(Map.of("key", "*"));
        assertEquals(msg("key未找到"), call("GET", "/answer/sdp/", "k1", all, null), "nothing was created");
    }

    @Test
    void theKeyGrantDecidesWhichKeysATokenMayUse() throws Exception {
        String onlyK2 = Tokens.valid(Map.of("key", "k2"));
        String roomOnly = Tokens.valid(Map.of("room", "*"));
        assertEquals(OK, call("POST", "/offer/sdp/", " k2 ", onlyK2, offerBody(30, "o")));
        assertEquals(msg("forbidden"), call("GET", "/answer/sdp/", "k2", roomOnly, null));
        assertEquals(msg("forbidden"), call("POST", "/offer/sdp/", "k3", onlyK2, offerBody(30, "o")));
        HttpResponse<String> viaQuery = node.send(HttpRequest.newBuilder(node.uri("/answer/sdp/?token=" + onlyK2))
                .header("key", "k2").build());
        assertEquals(data("o"), viaQuery.body());
        assertEquals(msg("key未找到"), call("GET", "/answer/sdp/", "k3", Tokens.valid(Map.of("key", "*")), null));
    }

    @Test
    void sizeAndKeyAreCheckedBeforeTheToken() throws Exception {
        assertEquals(msg("body过大"), call("POST", "/offer/candidate/", null, null, "c".repeat(1025)));
        assertEquals(msg("key为空"), call("GET", "/offer/sdp/", null, null, null));
        assertEquals(msg("key太长，长度不能超过32位"), call("GET", "/offer/sdp/", "k".repeat(33), null, null));
    }
}

package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.RawHttp;
import dev.signals.server.testing.TestNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code key} header as raw bytes on the wire (docs/mailbox.md), sent over a plain socket. */
class MailboxKeyHeaderTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start("--http-rate-limit", "0");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String send(String method, String path, byte[] key, String body) throws IOException {
        RawHttp.Response res = RawHttp.exchange(node.port(), method, path,
                key == null ? Map.of() : Map.of("key", key), body.getBytes(UTF_8));
        assertEquals(200, res.status(), res.text());
        assertEquals("application/json; charset=utf-8", res.headers().get("content-type"));
        return res.text();
    }

    private static String offer(byte[] key) throws IOException {
        return send("POST", "/offer/sdp/", key, MailboxClient.offerBody(30, "sdp"));
    }

    @Test
    void aKeyOf32MultibyteCodePointsIsAccepted() throws IOException {
        byte[] chinese = "钥".repeat(32).getBytes(UTF_8);
        assertEquals(96, chinese.length);
        assertEquals(OK, offer(chinese));
        assertEquals(data("sdp"), send("GET", "/answer/sdp/", chinese, ""));

        byte[] emoji = "😀".repeat(32).getBytes(UTF_8);
        assertEquals(OK, offer(emoji));
        assertEquals(data("sdp"), send("GET", "/answer/sdp/", emoji, ""));
    }

    @Test
    void aKeyOf33CodePointsOr64CharactersIsTooLong() throws IOException {
        assertEquals(msg("key太长，长度不能超过32位"), offer("钥".repeat(33).getBytes(UTF_8)));
        assertEquals(msg("key太长，长度不能超过32位"), offer("k".repeat(64).getBytes(UTF_8)));
        assertEquals(msg("key未找到"), send("GET", "/answer/sdp/", "钥".repeat(32).substring(1).getBytes(UTF_8), ""));
    }

    @Test
    void unicodeWhiteSpaceAroundTheKeyIsRemoved() throws IOException {
        assertEquals(OK, offer("spaced".getBytes(UTF_8)));
        assertEquals(msg("sdp已存在"), offer("\u00a0spaced\u0085".getBytes(UTF_8)));
        assertEquals(data("sdp"), send("GET", "/answer/sdp/", "\u3000spaced \t".getBytes(UTF_8), ""));
    }

    @Test
    void aBlankOrInvalidUtf8KeyCountsAsMissing() throws IOException {
        assertEquals(msg("key为空"), offer("\u00a0\u2003".getBytes(UTF_8)));
        assertEquals(msg("key为空"), offer(new byte[] {'k', (byte) 0xFF}));
        assertEquals(msg("key为空"), offer(new byte[] {(byte) 0xE9, 't', (byte) 0xE9}));
        assertEquals(msg("key为空"), send("POST", "/offer/sdp/", null, "{}"));
    }
}

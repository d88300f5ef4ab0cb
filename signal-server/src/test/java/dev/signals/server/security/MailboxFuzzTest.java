package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.server.testing.RawHttp;
import dev.signals.server.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile bodies and {@code key} headers on all eight mailbox endpoints (docs/mailbox.md): every
 * answer is HTTP 200 with the {@code {"msg","data"}} envelope and one of the seed's (or our
 * documented) messages; size and key checks come first and are predicted exactly; nothing leaks.
 */
class MailboxFuzzTest {
    private static final int CAP = 64 * 1024;
    private static final int TRIES = 300;
    private static final String INVALID_JSON = "请求体不是合法的JSON: ";
    private static final Set<String> MESSAGES = Set.of("", "key为空", "key太长，长度不能超过32位", "key未找到", "key已过期",
            "缓存超出MaxCost，服务已达到最大负载", "队列获取失败，因为不存在", "data为空", "sdp没有值", "sdp已存在", "candidate没有值",
            "body为空", "body过大");
    private static final Set<String> JSON_REASONS = Set.of("invalid UTF-8", "invalid JSON", "empty document", "not a JSON object",
            "key_ttl must be an integer", "data must be a string");
    private static final List<String> PATHS = List.of("/offer/sdp/", "/answer/sdp/", "/offer/candidate/", "/answer/candidate/",
            "/offer/sdp", "/answer/candidate");
    private static final String OFFER = "{\"key_ttl\":5,\"data\":\"{\\\"type\\\":\\\"offer\\\",\\\"sdp\\\":\\\"v=0\\\"}\"}";
    /** Unicode White_Space, which docs/mailbox.md trims from keys (Go's TrimSpace). */
    private static final String WHITE_SPACE = "\t\n\u000b\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
            + "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

    private static TestNode node;

    @BeforeAll
    static void start() {
        // Keys live at most 1 s, so the leak check sees every key and byte released.
        node = TestNode.start("--rate-limit", "0", "--conn-rate-limit", "0", "--http-rate-limit", "0",
                "--mailbox-max-lifetime", "1s");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void everyRequestGetsTheEnvelopeWithADocumentedMessage() throws Exception {
        Property.forAll("mailbox requests", TRIES, in -> {
            String path = in.pick(PATHS);
            boolean post = in.nextInt(3) > 0;
            byte[] key = in.nextInt(10) < 7 ? HostileInputs.utf8("fuzz-" + in.nextInt(3)) : hostileKey(in);
            byte[] body = path.startsWith("/offer/sdp") && post ? in.variantOf(OFFER, CAP).bytes() : rawBody(in);
            return new HostileInputs.Input((post ? "POST " : "GET ") + path + " key=" + hex(key), join(key, body));
        }, input -> {
            String[] request = input.strategy().split(" ", 3);
            byte[] key = unhex(request[2].substring(4));
            byte[] body = split(input.bytes(), key.length);
            if (body.length > CAP) {
                // Refused before it is read (docs/mailbox.md step 0). Over a kept-alive connection, as browsers send
                // it: RawHttp's "Connection: close" would let the server close with the body unread.
                HttpResponse<String> res = node.send(HttpRequest.newBuilder(node.uri(request[1])).header("key", "fuzz-0")
                        .method(request[0], HttpRequest.BodyPublishers.ofByteArray(body)).build());
                assertEquals(200, res.statusCode());
                assertEquals("{\"msg\":\"body过大\",\"data\":null}", res.body());
                return;
            }
            if (hasControlCharacter(key)) {
                // The HTTP layer refuses such a header before any dialect sees it, and closes without
                // reading a body, so none is sent: with "Connection: close" it could reset the answer.
                RawHttp.Response res = RawHttp.exchange(node.port(), request[0], request[1], Map.of("key", key), new byte[0]);
                assertEquals(400, res.status());
                return;
            }
            RawHttp.Response res = RawHttp.exchange(node.port(), request[0], request[1],
                    key.length == 0 ? Map.of() : Map.of("key", key), body);
            assertEquals(200, res.status(), res.text());
            assertEquals("application/json; charset=utf-8", res.headers().get("content-type"));
            JsonNode reply = WsSync.parse(res.text());
            assertEquals("msg,data", WsSync.keys(reply), res.text());
            String msg = reply.get("msg").textValue();
            assertTrue(MESSAGES.contains(msg) || msg.startsWith(INVALID_JSON) && JSON_REASONS.contains(msg.substring(INVALID_JSON.length())),
                    "documented message: " + msg);
            assertTrue(reply.get("data").isNull() || msg.isEmpty() && reply.get("data").isTextual(), res.text());
            String expected = keyRefusal(key);
            if (expected != null) {
                assertEquals(expected, msg);
            } else if (request[0].equals("POST") && request[1].startsWith("/offer/sdp") && WsSync.strictObject(body) == null) {
                assertTrue(msg.startsWith(INVALID_JSON), msg);
            }
        });
        NodeChecks.awaitEmpty(node);
        NodeChecks.assertMetricLabelsBounded(node);
        assertEquals(0, NodeChecks.metric(node, "signal_errors_total{dialect=\"mailbox\",reason=\"other\"}"),
                "every refusal has a known reason");
    }

    /** docs/mailbox.md step 1: invalid UTF-8 or only white space is {@code key为空}; over 32 code points {@code key太长…}. */
    private static String keyRefusal(byte[] raw) {
        String key;
        try {
            key = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return "key为空";
        }
        int start = 0;
        int end = key.length();
        while (start < end && WHITE_SPACE.indexOf(key.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && WHITE_SPACE.indexOf(key.charAt(end - 1)) >= 0) {
            end--;
        }
        String trimmed = key.substring(start, end);
        if (trimmed.isEmpty()) {
            return "key为空";
        }
        return trimmed.codePointCount(0, trimmed.length()) > 32 ? "key太长，长度不能超过32位" : null;
    }

    /** Header bytes: white space, UTF-8 (valid or not), Latin-1, long keys; never CR or LF, which would end the header. */
    private static byte[] hostileKey(HostileInputs in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (in.nextInt(5)) {
            case 0:
                out.writeBytes(HostileInputs.utf8(in.nastyString(1 + in.nextInt(50)).replace("\r", "").replace("\n", "")));
                break;
            case 1:
                out.writeBytes(HostileInputs.utf8(" \u00a0\u3000" + "k".repeat(in.nextInt(40)) + "\u2028\t"));
                break;
            case 2:
                for (int i = in.nextInt(40); i > 0; i--) {
                    int b = 0x20 + in.nextInt(0xE0);
                    out.write(b == 0x7F ? 'x' : b);
                }
                break;
            case 3:
                out.writeBytes(HostileInputs.utf8("中".repeat(in.nextInt(40))));
                break;
            default:
                out.writeBytes(HostileInputs.utf8(" \t "));
                break;
        }
        return out.toByteArray();
    }

    private static byte[] rawBody(HostileInputs in) {
        switch (in.nextInt(6)) {
            case 0: return new byte[0];
            case 1: return HostileInputs.utf8(" \r\n\t ");
            case 2: return HostileInputs.utf8("x".repeat(CAP + 1 + in.nextInt(100)));
            case 3: return new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF};
            case 4: return HostileInputs.utf8(in.randomJson(3));
            default: return HostileInputs.utf8("candidate:" + in.nastyString(1 + in.nextInt(30)));
        }
    }

    private static boolean hasControlCharacter(byte[] key) {
        for (byte b : key) {
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    // The generator hands over one byte array; key and body travel in it, and the key also in the label.
    private static byte[] join(byte[] key, byte[] body) {
        byte[] out = new byte[key.length + body.length];
        System.arraycopy(key, 0, out, 0, key.length);
        System.arraycopy(body, 0, out, key.length, body.length);
        return out;
    }

    private static byte[] split(byte[] joined, int keyLength) {
        byte[] body = new byte[joined.length - keyLength];
        System.arraycopy(joined, keyLength, body, 0, body.length);
        return body;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    private static byte[] unhex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}

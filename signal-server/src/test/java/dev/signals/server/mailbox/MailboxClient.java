package dev.signals.server.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A mailbox client over real HTTP for tests: every call checks the envelope's fixed parts
 * (HTTP 200, {@code application/json; charset=utf-8}) and returns the exact body.
 */
final class MailboxClient {
    static final String OK = "{\"msg\":\"\",\"data\":null}";

    private final TestNode node;

    MailboxClient(TestNode node) {
        this.node = node;
    }

    String post(String path, String key, String body) throws IOException, InterruptedException {
        return expect200(send("POST", path, key, body));
    }

    String get(String path, String key) throws IOException, InterruptedException {
        return expect200(send("GET", path, key, null));
    }

    /** Any method, {@code key} header only when non-null, body only when non-null. */
    HttpResponse<String> send(String method, String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("key", key);
        }
        return node.send(b.build());
    }

    private static String expect200(HttpResponse<String> res) {
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("application/json; charset=utf-8", res.headers().firstValue("content-type").orElse(""));
        return res.body();
    }

    /** The envelope of a refusal. */
    static String msg(String msg) {
        return "{\"msg\":\"" + msg + "\",\"data\":null}";
    }

    /** The envelope of a success carrying {@code value}. */
    static String data(String value) {
        return "{\"msg\":\"\",\"data\":" + quote(value) + "}";
    }

    /** A {@code POST /offer/sdp/} body as pion's offerer sends it: the SDP JSON as a string in {@code data}. */
    static String offerBody(int ttl, String sdpJson) {
        return "{\"key_ttl\":" + ttl + ",\"data\":" + quote(sdpJson) + "}";
    }

    /** {@code value} as a JSON string, escaped independently of the server's writer. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"': quoted.append("\\\""); break;
                case '\\': quoted.append("\\\\"); break;
                case '\r': quoted.append("\\r"); break;
                case '\n': quoted.append("\\n"); break;
                case '\t': quoted.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        throw new IllegalArgumentException("test values use no other control characters");
                    }
                    quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}

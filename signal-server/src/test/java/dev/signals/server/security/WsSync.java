package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for hostile-input tests over WebSockets. The server answers a PING in order with what it
 * writes for earlier frames, so a PING with a unique payload marks the end of the answers to what
 * came before it: no sleeps, and no guessing whether an answer is still on its way.
 */
final class WsSync {
    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private WsSync() {
    }

    /** Every data or close frame the server sent before answering a PING carrying {@code token}. */
    static List<WsTestClient.Frame> framesBefore(WsTestClient ws, String token) throws IOException, InterruptedException {
        ws.queuePongs(true);
        byte[] marker = token.getBytes(StandardCharsets.UTF_8);
        ws.sendFrame(0x9, true, marker);
        List<WsTestClient.Frame> frames = new ArrayList<>();
        while (true) {
            WsTestClient.Frame f = ws.next();
            if (f.opcode() == 0xA && java.util.Arrays.equals(f.payload(), marker)) {
                return frames;
            }
            if (f.opcode() == 0xA) {
                continue;
            }
            frames.add(f);
            if (f.isClose()) {
                return frames;
            }
        }
    }

    /** A body as the server's strict parser reads it (SECURITY.md "Limits and their defaults"), or null when it is not one JSON object. */
    static JsonNode strictObject(byte[] bytes) {
        return objectOrNull(() -> STRICT.readTree(bytes));
    }

    /** A text frame as the server's strict parser reads it, or null when it is not one JSON object. */
    static JsonNode strictObject(String text) {
        return objectOrNull(() -> STRICT.readTree(text));
    }

    private interface Parse {
        JsonNode parse() throws IOException;
    }

    private static JsonNode objectOrNull(Parse parse) {
        try {
            JsonNode node = parse.parse();
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A hostile input sent as one frame, and the close SECURITY.md "Limits and their defaults"/docs/security.md "On a WebSocket" require before any dialect reads it (code 0: none). */
    record SentFrame(boolean binary, int closeCode, String closeReason) {
        boolean closes() {
            return closeCode != 0;
        }
    }

    /**
     * Sends {@code input} as one frame — binary for about one input in eleven, else text — and says
     * how the server must treat it: over {@code cap} closes 1009, text that is not UTF-8 closes 1007.
     */
    static SentFrame sendHostile(WsTestClient ws, HostileInputs.Input input, int cap) throws IOException {
        boolean binary = input.bytes().length % 11 == 0;
        SentFrame sent = input.bytes().length > cap ? new SentFrame(binary, 1009, "message too big")
                : !binary && !input.validUtf8() ? new SentFrame(false, 1007, "invalid utf-8")
                : new SentFrame(binary, 0, null);
        try {
            if (binary) {
                ws.sendBinary(input.bytes());
            } else {
                ws.sendTextBytes(input.bytes());
            }
        } catch (IOException e) {
            if (!sent.closes()) {
                throw e; // the server hung up on a frame it should have answered
            }
        }
        return sent;
    }

    /** Waits for the close {@code sent} requires. */
    static void assertClosedAsRequired(WsTestClient ws, SentFrame sent) throws InterruptedException {
        WsTestClient.Frame close = ws.awaitClose(Duration.ofSeconds(5));
        assertEquals(sent.closeCode(), close.closeCode());
        assertEquals(sent.closeReason(), close.closeReason());
    }

    /** Parses a frame the server wrote; server output is always one valid JSON document. */
    static JsonNode parse(String text) {
        try {
            return STRICT.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("server wrote invalid JSON: " + text, e);
        }
    }

    /** The object's field names in order, joined by commas. */
    static String keys(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return String.join(",", names);
    }
}

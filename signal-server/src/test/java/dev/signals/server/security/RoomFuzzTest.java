package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile frames on the room dialect's {@code /connect} (docs/room.md, SECURITY.md "Limits and their defaults", docs/security.md "On a WebSocket"): every
 * answer is a documented frame, the sender stays connected unless the frame was over the cap
 * (1009) or not UTF-8 (1007), its room peer sees only legitimate relays, no handler fails, and
 * the node holds nothing once the clients leave.
 */
class RoomFuzzTest {
    private static final int CAP = 64 * 1024;
    private static final int TRIES = 300;
    private static final String ROOM = "fuzz";
    private static final Pattern NOTIFY = Pattern.compile("\\{\"type\":\"notify-client-id\",\"payload\":\\{\"client_id\":\"([0-9a-v]{20})\"}}");
    private static final Pattern ERROR = Pattern.compile("\\{\"type\":\"error\",\"payload\":\\{\"error\":\"(invalid payload|invalid type|"
            + "failed to transfer offer|failed to transfer answer|failed to transfer ice candidate|room is full)\"}}");
    private static final Pattern PEER_EVENT = Pattern.compile("\\{\"type\":\"(new-client|leave-client)\",\"payload\":\\{\"client_id\":\"[0-9a-v]{20}\"}}");
    private static final Set<String> TYPES = Set.of("join", "offer", "answer", "ice-candidate", "leave", "ping", "pong");

    private static TestNode node;
    private WsTestClient sender;
    private String senderId;
    private WsTestClient peer;
    private String peerId;

    @BeforeAll
    static void start() {
        // Rate limits off, the room-change limit too: one sender's random joins and leaves would
        // otherwise exceed it for some seeds, and the limit has its own tests (RoomLimitsTest).
        node = TestNode.start("--rate-limit", "0", "--conn-rate-limit", "0", "--http-rate-limit", "0",
                "--room-change-limit", "0");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void everyFrameGetsADocumentedAnswerAndNothingLeaks() throws Exception {
        peer = node.ws("/connect");
        peerId = idOf(peer);
        peer.sendText(join(ROOM));
        peer.nextText(); // joined
        connectSender();
        int[] sync = {0};
        Property.forAll("room /connect frames", TRIES, in -> in.variantOf(in.pick(templates()), CAP), input -> {
            WsSync.SentFrame sent = WsSync.sendHostile(sender, input, CAP);
            if (sent.closes()) {
                WsSync.assertClosedAsRequired(sender, sent);
                // Whatever the closed sender relayed before its close must be checked against its
                // own id, before a new sender (with a new id) takes its place.
                for (WsTestClient.Frame f : WsSync.framesBefore(peer, "p" + sync[0]++)) {
                    assertPeerSees(f.text());
                }
                sender.close();
                formerSenders.add(senderId);
                connectSender();
            } else {
                List<WsTestClient.Frame> answers = new java.util.ArrayList<>(WsSync.framesBefore(sender, "s" + sync[0]++));
                // A replaced sender's leave may reach its successor once they share the room: that
                // is the room telling the truth, not an answer to this frame.
                answers.removeIf(f -> formerSenders.stream().anyMatch(id -> f.text().equals(
                        "{\"type\":\"leave-client\",\"payload\":{\"client_id\":\"" + id + "\"}}")));
                assertTrue(answers.size() <= 1, "at most one answer: " + answers.stream().map(WsTestClient.Frame::text).toList());
                String expected = sent.binary() ? "invalid payload" : exactError(input.text());
                if (expected != null) {
                    assertEquals(1, answers.size(), "one error frame");
                    assertEquals("{\"type\":\"error\",\"payload\":{\"error\":\"" + expected + "\"}}", answers.get(0).text());
                } else if (!answers.isEmpty()) {
                    assertDocumented(answers.get(0).text());
                }
            }
            for (WsTestClient.Frame f : WsSync.framesBefore(peer, "p" + sync[0])) {
                assertPeerSees(f.text());
            }
        });
        sender.close();
        peer.close();
        NodeChecks.awaitEmpty(node);
        assertEquals(0, NodeChecks.internalErrors(node), "no handler failed");
        NodeChecks.assertMetricLabelsBounded(node);
    }

    private List<String> templates() {
        return List.of(join(ROOM), join("other"),
                "{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + peerId + "\",\"sdp\":\"v=0\"}}",
                "{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + peerId + "\",\"sdp\":\"v=0\"}}",
                "{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"" + peerId + "\",\"candidate\":\"candidate:1\","
                        + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
                "{\"type\":\"leave\",\"payload\":{}}", "{\"type\":\"ping\"}");
    }

    /** The one error this input must get when its shape alone decides it (docs/room.md errors), else null. */
    private static String exactError(String text) {
        JsonNode root = WsSync.strictObject(text);
        if (root == null || !root.path("type").isTextual()) {
            return "invalid payload";
        }
        return TYPES.contains(root.get("type").textValue()) ? null : "invalid type";
    }

    private static void assertDocumented(String frame) {
        if (ERROR.matcher(frame).matches()) {
            return;
        }
        JsonNode joined = WsSync.parse(frame);
        assertEquals("joined", joined.path("type").asText(), "an error or joined: " + frame);
        assertEquals("type,payload", WsSync.keys(joined));
        assertEquals("client_ids,room_id", WsSync.keys(joined.get("payload")));
        for (JsonNode id : joined.get("payload").get("client_ids")) {
            assertTrue(id.textValue().matches("[0-9a-v]{20}"), frame);
        }
    }

    /** The peer only ever sees the sender come and go, and what it relayed, with the sender's id. */
    private void assertPeerSees(String frame) {
        if (PEER_EVENT.matcher(frame).matches()) {
            return;
        }
        JsonNode relayed = WsSync.parse(frame);
        String type = relayed.path("type").asText();
        JsonNode payload = relayed.get("payload");
        assertEquals(senderId, payload.path("client_id").asText(), "relayed from the sender: " + frame);
        if (type.equals("offer") || type.equals("answer")) {
            assertEquals("client_id,sdp", WsSync.keys(payload), frame);
        } else {
            assertEquals("ice-candidate", type, frame);
            assertEquals("candidate,client_id,sdpMLineIndex,sdpMid", WsSync.keys(payload), frame);
        }
    }

    private final java.util.Set<String> formerSenders = new java.util.HashSet<>();

    private void connectSender() throws Exception {
        sender = node.ws("/connect");
        senderId = idOf(sender);
        sender.sendText(join(ROOM));
        assertTrue(sender.nextText().startsWith("{\"type\":\"joined\""));
    }

    private static String idOf(WsTestClient ws) throws InterruptedException {
        Matcher m = NOTIFY.matcher(ws.nextText());
        assertTrue(m.matches());
        return m.group(1);
    }

    private static String join(String room) {
        return "{\"type\":\"join\",\"payload\":{\"room_id\":\"" + room + "\"}}";
    }
}

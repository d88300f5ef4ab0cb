package dev.signals.core.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signals.core.json.JsonObjectWriter;
import dev.signals.core.json.JsonShapeException;
import dev.signals.core.json.StrictJson;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The only code that reads or writes room-dialect bytes (docs/room.md). Server payloads have
 * their keys in alphabetical order, as the original's output did.
 */
public final class RoomCodec {
    /** Longest room id, in code points. */
    public static final int MAX_ROOM_ID_CODE_POINTS = 128;

    private static final String KEEP_ALIVE = "{\"type\":\"ping\"}";
    /** What follows the escaped SDP in a relayed offer or answer: its closing quote, payload and frame. */
    public static final String RELAYED_SDP_SUFFIX = "\"}}";

    private final StrictJson json;
    private final PlainSdpDecoder plainSdp;

    public RoomCodec(StrictJson json) {
        this.json = json;
        this.plainSdp = new PlainSdpDecoder();
    }

    /** Decodes one client text frame or throws with the error frame's reason. */
    public RoomRequest decode(String text) throws RoomProtocolException {
        RoomRequest.Sdp plain = plainSdp.decode(text);
        return plain != null ? plain : decodeTree(text);
    }

    /**
     * A frame's UTF-8 bytes, from {@code utf8}'s position to its limit, when they are an offer or
     * answer in the plain shape (the relay's hot path, read without decoding them to a String);
     * null for anything else, which {@link #decode} then reads from its text.
     */
    public PlainSdpSpan plainSdp(ByteBuffer utf8) {
        return plainSdp.scan(utf8);
    }

    /** Every shape and every error, through Jackson's tree. */
    private RoomRequest decodeTree(String text) throws RoomProtocolException {
        ObjectNode root;
        String type;
        try {
            root = json.parseObject(text);
            type = StrictJson.optString(root, "type");
        } catch (JsonShapeException e) {
            throw new RoomProtocolException(RoomErrors.INVALID_PAYLOAD);
        }
        if (type == null) {
            throw new RoomProtocolException(RoomErrors.INVALID_PAYLOAD);
        }
        try {
            switch (type) {
                case "join":
                    return join(requiredPayload(root));
                case "offer":
                    return sdp(RoomRequest.SdpKind.OFFER, requiredPayload(root));
                case "answer":
                    return sdp(RoomRequest.SdpKind.ANSWER, requiredPayload(root));
                case "ice-candidate":
                    return iceCandidate(requiredPayload(root));
                case "leave":
                    StrictJson.optObject(root, "payload"); // missing or {} (or any object)
                    return new RoomRequest.Leave();
                case "ping":
                case "pong":
                    return new RoomRequest.KeepAlive();
                default:
                    throw new RoomProtocolException(RoomErrors.INVALID_TYPE);
            }
        } catch (JsonShapeException e) {
            throw new RoomProtocolException(RoomErrors.INVALID_PAYLOAD);
        }
    }

    private static ObjectNode requiredPayload(JsonNode root) throws JsonShapeException {
        ObjectNode payload = StrictJson.optObject(root, "payload");
        if (payload == null) {
            throw new JsonShapeException("payload", "is required");
        }
        return payload;
    }

    private static RoomRequest join(ObjectNode payload) throws JsonShapeException {
        String roomId = StrictJson.optString(payload, "room_id");
        if (roomId == null || roomId.isEmpty()) {
            throw new JsonShapeException("room_id", "is required");
        }
        if (roomId.codePointCount(0, roomId.length()) > MAX_ROOM_ID_CODE_POINTS) {
            throw new JsonShapeException("room_id", "is too long");
        }
        return new RoomRequest.Join(roomId);
    }

    private static RoomRequest sdp(RoomRequest.SdpKind kind, ObjectNode payload) throws JsonShapeException {
        String target = requiredString(payload, "client_id");
        String sdp = requiredString(payload, "sdp");
        return RoomRequest.Sdp.of(kind, target, sdp);
    }

    private static RoomRequest iceCandidate(ObjectNode payload) throws JsonShapeException {
        String target = requiredString(payload, "client_id");
        String candidate = requiredString(payload, "candidate");
        String sdpMid = StrictJson.optString(payload, "sdpMid");
        Long index = StrictJson.optInteger(payload, "sdpMLineIndex");
        return new RoomRequest.IceCandidate(target, candidate, sdpMid, index);
    }

    private static String requiredString(ObjectNode payload, String field) throws JsonShapeException {
        String value = StrictJson.optString(payload, field);
        if (value == null) {
            throw new JsonShapeException(field, "is required");
        }
        return value;
    }

    public String notifyClientId(String clientId) {
        return envelope("notify-client-id", JsonObjectWriter.object().string("client_id", clientId).end());
    }

    public String joined(List<String> existingClientIds, String roomId) {
        return envelope("joined", JsonObjectWriter.object()
                .strings("client_ids", existingClientIds).string("room_id", roomId).end());
    }

    public String newClient(String clientId) {
        return envelope("new-client", JsonObjectWriter.object().string("client_id", clientId).end());
    }

    public String leaveClient(String clientId) {
        return envelope("leave-client", JsonObjectWriter.object().string("client_id", clientId).end());
    }

    /** The frame the target of an offer or answer receives, with the sender written in. */
    public String relayedSdp(RoomRequest.Sdp sdp, String senderId) {
        return relayedSdp(relayedSdpPrefix(sdp.kind(), senderId), sdp.escapedSdp());
    }

    /** The relayed frame from its envelope ({@link #relayedSdpPrefix}), made once per sender, and its escaped SDP. */
    public static String relayedSdp(String prefix, String escapedSdp) {
        return new StringBuilder(prefix.length() + escapedSdp.length() + RELAYED_SDP_SUFFIX.length())
                .append(prefix).append(escapedSdp).append(RELAYED_SDP_SUFFIX).toString();
    }

    /**
     * A relayed offer or answer up to its SDP's opening quote; the escaped SDP and
     * {@link #RELAYED_SDP_SUFFIX} complete it, so a relay can copy the SDP's bytes in between.
     */
    public String relayedSdpPrefix(RoomRequest.SdpKind kind, String senderId) {
        String empty = JsonObjectWriter.object()
                .string("type", kind.wireType())
                .beginObject("payload").string("client_id", senderId).escapedString("sdp", "").endObject()
                .end();
        return empty.substring(0, empty.length() - RELAYED_SDP_SUFFIX.length());
    }

    /** The frame the target of a candidate receives; absent optional fields become null. */
    public String relayedCandidate(RoomRequest.IceCandidate ice, String senderId) {
        return JsonObjectWriter.object(expectedLength(ice.candidate(), senderId))
                .string("type", "ice-candidate")
                .beginObject("payload")
                .string("candidate", ice.candidate())
                .string("client_id", senderId)
                .number("sdpMLineIndex", ice.sdpMLineIndex())
                .string("sdpMid", ice.sdpMid())
                .endObject()
                .end();
    }

    /** Room for a candidate's envelope, the sender's id and a few escapes. */
    private static int expectedLength(String text, String senderId) {
        int textLength = text == null ? 4 : text.length();
        return 128 + textLength + textLength / 16 + (senderId == null ? 4 : senderId.length());
    }

    public String error(String reason) {
        return envelope("error", JsonObjectWriter.object().string("error", reason).end());
    }

    public String keepAlive() {
        return KEEP_ALIVE;
    }

    private static String envelope(String type, String payloadJson) {
        return JsonObjectWriter.object().string("type", type).raw("payload", payloadJson).end();
    }
}

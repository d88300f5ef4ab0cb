package dev.signals.core.room;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.signals.core.json.JsonText;
import dev.signals.core.json.StrictJson;
import java.io.IOException;

/**
 * The relay's hot path: an {@code offer} or {@code answer} in the plain shape a browser sends,
 * {@code {"type":…,"payload":{"client_id":…,"sdp":…}}} (the two payload fields in either order),
 * whose SDP is already escaped as {@code JSON.stringify} escapes it, is read with a streaming
 * parser and its SDP kept as the escaped text it arrived as. Anything else — other fields or
 * order, other escape spellings, any error — answers null and goes through the full decoding,
 * so results and errors are those of {@link RoomCodec}'s tree path (RoomCodecTest compares both).
 */
final class PlainSdpDecoder {
    private final StrictJson json;

    PlainSdpDecoder(StrictJson json) {
        this.json = json;
    }

    /** The request, or null when {@code text} is not in the plain shape. */
    RoomRequest.Sdp decode(String text) {
        try (JsonParser p = json.parser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !field(p, "type") || p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            RoomRequest.SdpKind kind = kind(p.getText());
            if (kind == null || !field(p, "payload") || p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String target = null;
            String escapedSdp = null;
            for (int i = 0; i < 2; i++) {
                if (p.nextToken() != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                if (name.equals("client_id") && target == null) {
                    target = p.getText();
                } else if (name.equals("sdp") && escapedSdp == null) {
                    escapedSdp = escapedAsIs(text, p);
                    if (escapedSdp == null) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            boolean whole = p.nextToken() == JsonToken.END_OBJECT && p.nextToken() == JsonToken.END_OBJECT
                    && p.nextToken() == null;
            return whole ? new RoomRequest.Sdp(kind, target, escapedSdp) : null;
        } catch (IOException | RuntimeException e) {
            return null; // the tree path decides what is wrong with it
        }
    }

    private static boolean field(JsonParser p, String name) throws IOException {
        return p.nextToken() == JsonToken.FIELD_NAME && name.equals(p.currentName());
    }

    private static RoomRequest.SdpKind kind(String type) {
        switch (type) {
            case "offer":
                return RoomRequest.SdpKind.OFFER;
            case "answer":
                return RoomRequest.SdpKind.ANSWER;
            default:
                return null;
        }
    }

    /**
     * The current string token's content as it stands in {@code text}, when that is already
     * {@code JSON.stringify}'s spelling; null otherwise. The parser has not read the string's
     * content yet and skips it on its next token.
     */
    private static String escapedAsIs(String text, JsonParser p) {
        long quote = p.currentTokenLocation().getCharOffset();
        if (quote < 0 || quote >= text.length() || text.charAt((int) quote) != '"') {
            return null;
        }
        int start = (int) quote + 1;
        int end = JsonText.canonicalEnd(text, start);
        return end < 0 ? null : text.substring(start, end);
    }
}

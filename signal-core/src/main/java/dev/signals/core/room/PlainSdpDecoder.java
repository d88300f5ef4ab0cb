package dev.signals.core.room;

import dev.signals.core.json.JsonText;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The relay's hot path: an {@code offer} or {@code answer} in the plain shape a browser sends,
 * {@code {"type":…,"payload":{"client_id":…,"sdp":…}}} (the two payload fields in either order,
 * JSON whitespace anywhere between tokens), all ASCII, whose SDP is already escaped as
 * {@code JSON.stringify} escapes it, is read by one scan of its bytes and its SDP kept as the
 * escaped text it arrived as. Anything else — other fields, order or key spellings, an escape in
 * the client id, other escape spellings, a byte beyond ASCII, any error — answers null and goes
 * through the full decoding, so results and errors are those of {@link RoomCodec}'s tree path
 * (PlainSdpDecoderTest compares both).
 */
final class PlainSdpDecoder {
    private static final byte[] TYPE = ascii("\"type\"");
    private static final byte[] PAYLOAD = ascii("\"payload\"");
    private static final byte[] CLIENT_ID = ascii("\"client_id\"");
    private static final byte[] SDP = ascii("\"sdp\"");
    private static final byte[] OFFER = ascii("\"offer\"");
    private static final byte[] ANSWER = ascii("\"answer\"");

    /** The request, or null when {@code text} is not in the plain shape. */
    RoomRequest.Sdp decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return null; // beyond ASCII; a String may even hold a lone surrogate, which no encoding keeps
            }
        }
        PlainSdpSpan span = scan(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        return span == null ? null : new RoomRequest.Sdp(span.kind(), text.substring(span.targetFrom(), span.targetTo()),
                text.substring(span.sdpFrom(), span.sdpTo()));
    }

    /** The span of the frame between {@code utf8}'s position and limit, or null when it is not in the plain shape. */
    PlainSdpSpan scan(ByteBuffer utf8) {
        ByteBuffer text = utf8.slice().order(ByteOrder.LITTLE_ENDIAN); // indices from 0, in the order JsonText reads
        int i = token(text, 0, '{');
        i = key(text, i, TYPE);
        if (i < 0) {
            return null;
        }
        RoomRequest.SdpKind kind;
        if (startsWith(text, OFFER, i)) {
            kind = RoomRequest.SdpKind.OFFER;
            i += OFFER.length;
        } else if (startsWith(text, ANSWER, i)) {
            kind = RoomRequest.SdpKind.ANSWER;
            i += ANSWER.length;
        } else {
            return null;
        }
        i = token(text, i, ',');
        i = key(text, i, PAYLOAD);
        i = token(text, i, '{');
        int targetFrom = -1;
        int targetTo = -1;
        int sdpFrom = -1;
        int sdpTo = -1;
        for (int field = 0; field < 2 && i >= 0; field++) {
            if (field == 1) {
                i = token(text, i, ',');
            }
            int afterTarget = key(text, i, CLIENT_ID);
            if (afterTarget >= 0 && targetFrom < 0) {
                targetTo = stringEnd(text, afterTarget, false);
                targetFrom = afterTarget + 1;
                i = targetTo < 0 ? -1 : targetTo + 1;
                continue;
            }
            int afterSdp = key(text, i, SDP);
            if (afterSdp >= 0 && sdpFrom < 0) {
                sdpTo = stringEnd(text, afterSdp, true);
                sdpFrom = afterSdp + 1;
                i = sdpTo < 0 ? -1 : sdpTo + 1;
                continue;
            }
            i = -1;
        }
        i = token(text, i, '}');
        i = token(text, i, '}');
        boolean whole = i >= 0 && whitespaceTo(text, i) == text.limit();
        return whole && targetTo >= 0 && sdpTo >= 0 ? new PlainSdpSpan(kind, targetFrom, targetTo, sdpFrom, sdpTo) : null;
    }

    /** After whitespace, {@code c} at {@code from}: the index after it, or -1 (also for {@code from} -1). */
    private static int token(ByteBuffer text, int from, char c) {
        if (from < 0) {
            return -1;
        }
        int i = whitespaceTo(text, from);
        return i < text.limit() && text.get(i) == c ? i + 1 : -1;
    }

    /**
     * After whitespace, the key {@code quotedName} spelled as is, whitespace, a colon and whitespace:
     * the index of the value's first byte, or -1.
     */
    private static int key(ByteBuffer text, int from, byte[] quotedName) {
        if (from < 0) {
            return -1;
        }
        int i = whitespaceTo(text, from);
        if (!startsWith(text, quotedName, i)) {
            return -1;
        }
        i = token(text, i + quotedName.length, ':');
        return i < 0 ? -1 : whitespaceTo(text, i);
    }

    private static boolean startsWith(ByteBuffer text, byte[] prefix, int at) {
        if (at + prefix.length > text.limit()) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (text.get(at + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** The first index at or after {@code from} that is not JSON whitespace. */
    private static int whitespaceTo(ByteBuffer text, int from) {
        int i = from;
        while (i < text.limit()) {
            byte c = text.get(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * The closing quote of the string value whose opening quote is at {@code quote}, when its text
     * is ASCII already in {@code JSON.stringify}'s spelling ({@link JsonText#asciiCanonicalEnd})
     * and, unless {@code escapes}, holds no escape at all, so that its text is its value; -1
     * otherwise (the tree decodes it).
     */
    private static int stringEnd(ByteBuffer text, int quote, boolean escapes) {
        if (quote >= text.limit() || text.get(quote) != '"') {
            return -1;
        }
        int end = JsonText.asciiCanonicalEnd(text, quote + 1);
        if (end < 0 || escapes) {
            return end;
        }
        for (int i = quote + 1; i < end; i++) {
            if (text.get(i) == '\\') {
                return -1;
            }
        }
        return end;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

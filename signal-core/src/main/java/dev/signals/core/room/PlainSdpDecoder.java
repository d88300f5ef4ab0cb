package dev.signals.core.room;

import dev.signals.core.json.JsonText;

/**
 * The relay's hot path: an {@code offer} or {@code answer} in the plain shape a browser sends,
 * {@code {"type":…,"payload":{"client_id":…,"sdp":…}}} (the two payload fields in either order,
 * JSON whitespace anywhere between tokens), whose SDP is already escaped as {@code JSON.stringify}
 * escapes it, is read by one scan of the text and its SDP kept as the escaped text it arrived as.
 * Anything else — other fields, order or key spellings, an escape in the client id, other escape
 * spellings, any error — answers null and goes through the full decoding, so results and errors
 * are those of {@link RoomCodec}'s tree path (PlainSdpDecoderTest compares both).
 */
final class PlainSdpDecoder {
    private static final String TYPE = "\"type\"";
    private static final String PAYLOAD = "\"payload\"";
    private static final String CLIENT_ID = "\"client_id\"";
    private static final String SDP = "\"sdp\"";
    private static final String OFFER = "\"offer\"";
    private static final String ANSWER = "\"answer\"";

    /** The request, or null when {@code text} is not in the plain shape. */
    RoomRequest.Sdp decode(String text) {
        int i = token(text, 0, '{');
        i = key(text, i, TYPE);
        if (i < 0) {
            return null;
        }
        RoomRequest.SdpKind kind;
        if (text.startsWith(OFFER, i)) {
            kind = RoomRequest.SdpKind.OFFER;
            i += OFFER.length();
        } else if (text.startsWith(ANSWER, i)) {
            kind = RoomRequest.SdpKind.ANSWER;
            i += ANSWER.length();
        } else {
            return null;
        }
        i = token(text, i, ',');
        i = key(text, i, PAYLOAD);
        i = token(text, i, '{');
        String target = null;
        String escapedSdp = null;
        for (int field = 0; field < 2 && i >= 0; field++) {
            if (field == 1) {
                i = token(text, i, ',');
            }
            int afterTarget = key(text, i, CLIENT_ID);
            if (afterTarget >= 0 && target == null) {
                int end = stringEnd(text, afterTarget, false);
                target = end < 0 ? null : text.substring(afterTarget + 1, end);
                i = end < 0 ? -1 : end + 1;
                continue;
            }
            int afterSdp = key(text, i, SDP);
            if (afterSdp >= 0 && escapedSdp == null) {
                int end = stringEnd(text, afterSdp, true);
                escapedSdp = end < 0 ? null : text.substring(afterSdp + 1, end);
                i = end < 0 ? -1 : end + 1;
                continue;
            }
            i = -1;
        }
        i = token(text, i, '}');
        i = token(text, i, '}');
        boolean whole = i >= 0 && whitespaceTo(text, i) == text.length();
        return whole && target != null && escapedSdp != null ? new RoomRequest.Sdp(kind, target, escapedSdp) : null;
    }

    /** After whitespace, {@code c} at {@code from}: the index after it, or -1 (also for {@code from} -1). */
    private static int token(String text, int from, char c) {
        if (from < 0) {
            return -1;
        }
        int i = whitespaceTo(text, from);
        return i < text.length() && text.charAt(i) == c ? i + 1 : -1;
    }

    /**
     * After whitespace, the key {@code quotedName} spelled as is, whitespace, a colon and whitespace:
     * the index of the value's first character, or -1.
     */
    private static int key(String text, int from, String quotedName) {
        if (from < 0) {
            return -1;
        }
        int i = whitespaceTo(text, from);
        if (!text.startsWith(quotedName, i)) {
            return -1;
        }
        i = token(text, i + quotedName.length(), ':');
        return i < 0 ? -1 : whitespaceTo(text, i);
    }

    /** The first index at or after {@code from} that is not JSON whitespace. */
    private static int whitespaceTo(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * The closing quote of the string value whose opening quote is at {@code quote}, when its text
     * is already {@code JSON.stringify}'s spelling ({@link JsonText#canonicalEnd}) and, unless
     * {@code escapes}, holds no escape at all, so that its text is its value; -1 otherwise (the tree
     * decodes it).
     */
    private static int stringEnd(String text, int quote, boolean escapes) {
        if (quote >= text.length() || text.charAt(quote) != '"') {
            return -1;
        }
        int end = JsonText.canonicalEnd(text, quote + 1);
        if (end < 0 || escapes) {
            return end;
        }
        for (int i = quote + 1; i < end; i++) {
            if (text.charAt(i) == '\\') {
                return -1;
            }
        }
        return end;
    }
}

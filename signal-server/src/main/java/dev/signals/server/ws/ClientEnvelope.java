package dev.signals.server.ws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * One client frame of a resumable session (docs/resume.md#wire): {@code {"cseq":n,"msg":{…}}},
 * {@code {"ack":n}}, or anything else, which is a bare dialect frame passed on untouched. The
 * {@code msg} of a cseq frame is handed to the dialect as the exact text the client sent.
 */
record ClientEnvelope(Kind kind, long number, String message) {
    /** What the frame is. */
    enum Kind { BARE, CSEQ, ACK }

    private static final JsonFactory JSON = new JsonFactory();

    static ClientEnvelope parse(String text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start == text.length() || text.charAt(start) != '{') {
            return bare(text);
        }
        try (JsonParser p = JSON.createParser(text)) {
            return object(p, text);
        } catch (IOException | RuntimeException e) {
            return bare(text); // the dialect reports what it cannot read, in its own words
        }
    }

    private static ClientEnvelope object(JsonParser p, String text) throws IOException {
        p.nextToken();
        Long cseq = null;
        Long ack = null;
        String msg = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            JsonToken value = p.nextToken();
            if (("cseq".equals(name) || "ack".equals(name)) && value == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                if ("cseq".equals(name)) {
                    cseq = p.getLongValue();
                } else {
                    ack = p.getLongValue();
                }
            } else if ("msg".equals(name) && value == JsonToken.START_OBJECT) {
                int from = (int) p.getTokenLocation().getCharOffset();
                p.skipChildren();
                int to = (int) p.getCurrentLocation().getCharOffset();
                msg = text.substring(from, to);
            } else {
                return bare(text);
            }
        }
        if (p.nextToken() != null) {
            return bare(text);
        }
        if (cseq != null && msg != null && ack == null && cseq > 0) {
            return new ClientEnvelope(Kind.CSEQ, cseq, msg);
        }
        if (ack != null && cseq == null && msg == null) {
            return new ClientEnvelope(Kind.ACK, ack, null);
        }
        return bare(text);
    }

    private static ClientEnvelope bare(String text) {
        return new ClientEnvelope(Kind.BARE, 0, text);
    }
}

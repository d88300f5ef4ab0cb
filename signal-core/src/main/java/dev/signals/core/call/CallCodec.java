package dev.signals.core.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signals.core.json.JsonObjectWriter;
import dev.signals.core.json.JsonShapeException;
import dev.signals.core.json.StrictJson;
import dev.signals.core.json.Utf8;

/**
 * The only code that reads or writes call-dialect bytes (docs/call.md). Output is the seed's
 * {@code Event}: keys {@code call, session, body, kind} in that order, empty fields omitted.
 * Input is strict (SECURITY.md "Limits and their defaults"); every refusal is a {@link JsonShapeException} naming the problem.
 */
public final class CallCodec {
    /** Longest call name, in code points. */
    public static final int MAX_CALL_CODE_POINTS = 256;

    private final StrictJson json;

    public CallCodec(StrictJson json) {
        this.json = json;
    }

    /** The message with every non-empty field: the {@code GET /call} answer and the WELCOME frame. */
    public String encode(CallMessage message) {
        return write(message, true);
    }

    /** What a subscribed socket receives: the event with {@code session} removed. */
    public String forSubscribers(CallMessage.Event event) {
        return write(event, false);
    }

    private static String write(CallMessage message, boolean withSession) {
        JsonObjectWriter out = JsonObjectWriter.object().stringOmitEmpty("call", message.call());
        if (withSession) {
            out.stringOmitEmpty("session", sessionOf(message));
        }
        if (message instanceof CallMessage.Signal) {
            out.stringOmitEmpty("body", ((CallMessage.Signal) message).body());
        }
        return out.string("kind", message.kind().name()).end();
    }

    private static String sessionOf(CallMessage message) {
        if (message instanceof CallMessage.Join) {
            return ((CallMessage.Join) message).session();
        }
        return message instanceof CallMessage.Event ? ((CallMessage.Event) message).session() : null;
    }

    /**
     * The {@code /ws} handshake: {@code kind} exactly {@code JOIN}, non-empty {@code call} (a valid
     * name) and {@code session}, and {@code body} absent, null or empty.
     */
    public CallMessage.Join decodeJoin(String text) throws JsonShapeException {
        ObjectNode root = json.parseObject(text);
        if (!"JOIN".equals(StrictJson.optString(root, "kind"))) {
            throw new JsonShapeException("kind", "must be JOIN");
        }
        String call = callName(root);
        String session = nonEmpty(root, "session");
        String body = StrictJson.optString(root, "body");
        if (body != null && !body.isEmpty()) {
            throw new JsonShapeException("body", "must be absent");
        }
        return new CallMessage.Join(call, session);
    }

    /** A {@code POST /signal} body: strict UTF-8 JSON with four non-empty strings, kind OFFER or ANSWER. */
    public CallMessage.Signal decodeSignal(byte[] utf8) throws JsonShapeException {
        ObjectNode root = json.parseObject(Utf8.decode(utf8));
        String kindText = StrictJson.optString(root, "kind");
        CallMessage.Kind kind;
        if ("OFFER".equals(kindText)) {
            kind = CallMessage.Kind.OFFER;
        } else if ("ANSWER".equals(kindText)) {
            kind = CallMessage.Kind.ANSWER;
        } else {
            throw new JsonShapeException("kind", "must be OFFER or ANSWER");
        }
        return new CallMessage.Signal(callName(root), nonEmpty(root, "session"), kind, nonEmpty(root, "body"));
    }

    /** True for a call name of 1–256 code points. */
    public static boolean validCallName(String name) {
        return name != null && !name.isEmpty() && name.codePointCount(0, name.length()) <= MAX_CALL_CODE_POINTS;
    }

    private static String callName(ObjectNode root) throws JsonShapeException {
        String call = nonEmpty(root, "call");
        if (!validCallName(call)) {
            throw new JsonShapeException("call", "is longer than " + MAX_CALL_CODE_POINTS + " code points");
        }
        return call;
    }

    private static String nonEmpty(ObjectNode root, String field) throws JsonShapeException {
        String value = StrictJson.optString(root, field);
        if (value == null || value.isEmpty()) {
            throw new JsonShapeException(field, "is required");
        }
        return value;
    }
}

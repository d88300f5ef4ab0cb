package dev.signals.core.mailbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signals.core.json.JsonObjectWriter;
import dev.signals.core.json.JsonShapeException;
import dev.signals.core.json.StrictJson;
import dev.signals.core.json.Utf8;
import java.nio.charset.StandardCharsets;

/**
 * The only code that reads or writes mailbox-dialect bytes (docs/mailbox.md): turns a request's
 * {@code key} header and body into a {@link MailboxRequest}, and a {@link MailboxReply} into the
 * {@code {"msg":…,"data":…}} envelope, JSON.stringify-exact.
 */
public final class MailboxCodec {
    /** {@code key_ttl} is clamped to (0, 30] seconds; missing, null or ≤ 0 means this. */
    public static final int MAX_TTL_SECONDS = 30;

    private final StrictJson json;

    public MailboxCodec(StrictJson json) {
        this.json = json;
    }

    public String encode(MailboxReply reply) {
        return JsonObjectWriter.object().string("msg", reply.msg()).string("data", reply.data()).end();
    }

    /**
     * The key named by the raw bytes of the {@code key} header ({@code null} when absent), or a
     * refusal with {@code key为空} / {@code key太长，长度不能超过32位} (docs/mailbox.md step 1).
     */
    public String key(byte[] rawKey) throws MailboxRefusal {
        return MailboxKey.parse(rawKey);
    }

    /**
     * What the store must do for a request whose key passed {@link #key}: for
     * {@code POST /offer/sdp/} after checking the body's JSON and its {@code data} (docs/mailbox.md step 3).
     *
     * @param body the whole body, already within {@code --max-message-bytes} (step 0)
     */
    public MailboxRequest decode(MailboxEndpoint endpoint, String key, byte[] body) throws MailboxRefusal {
        if (endpoint == MailboxEndpoint.POST_OFFER_SDP) {
            return offer(key, body);
        }
        if (endpoint.post()) {
            // Raw bodies are kept as sent, not trimmed (docs/mailbox.md); blankness is judged by the store after
            // the key check, so "key未找到" still wins over "body为空".
            return new MailboxRequest.Push(key, endpoint.queue(), new String(body, StandardCharsets.UTF_8));
        }
        return new MailboxRequest.Pop(key, endpoint.queue());
    }

    private MailboxRequest offer(String key, byte[] body) throws MailboxRefusal {
        Long ttl;
        String data;
        try {
            ObjectNode root = json.parseObject(Utf8.decode(body));
            ttl = StrictJson.optInteger(root, "key_ttl");
            data = StrictJson.optString(root, "data");
        } catch (JsonShapeException e) {
            throw new MailboxRefusal(MailboxErrors.INVALID_JSON_PREFIX + e.getMessage());
        }
        if (data == null || data.isEmpty()) {
            throw new MailboxRefusal(MailboxErrors.DATA_EMPTY);
        }
        return new MailboxRequest.StoreOffer(key, ttlSeconds(ttl), data);
    }

    /** {@code key_ttl} clamped to (0, 30]: missing, null, ≤ 0 or above 30 all mean 30 (docs/mailbox.md TTL). */
    static int ttlSeconds(Long requested) {
        if (requested == null || requested <= 0 || requested > MAX_TTL_SECONDS) {
            return MAX_TTL_SECONDS;
        }
        return requested.intValue();
    }
}

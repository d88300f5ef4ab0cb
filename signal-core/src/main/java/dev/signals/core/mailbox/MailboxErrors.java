package dev.signals.core.mailbox;

import java.util.Map;

/**
 * The mailbox dialect's {@code msg} strings, exactly as clients see them (docs/mailbox.md): the
 * seed's own strings plus the new ones for body size, rate, parse errors, auth and unknown paths.
 */
public final class MailboxErrors {
    public static final String KEY_EMPTY = "key为空";
    public static final String KEY_TOO_LONG = "key太长，长度不能超过32位";
    public static final String KEY_NOT_FOUND = "key未找到";
    public static final String KEY_EXPIRED = "key已过期";
    public static final String STORAGE_FULL = "缓存超出MaxCost，服务已达到最大负载";
    public static final String QUEUE_MISSING = "队列获取失败，因为不存在";
    public static final String DATA_EMPTY = "data为空";
    public static final String SDP_EMPTY = "sdp没有值";
    public static final String SDP_EXISTS = "sdp已存在";
    public static final String CANDIDATE_EMPTY = "candidate没有值";
    public static final String BODY_EMPTY = "body为空";
    /** Followed by a short reason, e.g. {@code key_ttl must be an integer} (docs/mailbox.md step 3). */
    public static final String INVALID_JSON_PREFIX = "请求体不是合法的JSON: ";
    public static final String BODY_TOO_LARGE = "body过大";
    public static final String RATE_LIMITED = "请求过于频繁";
    /** Authentication is on and the token is missing, malformed, badly signed or expired (SECURITY.md "Per dialect, without and with authentication"). */
    public static final String UNAUTHORIZED = "unauthorized";
    /** The token's {@code key} grant does not cover the request's key (SECURITY.md "Per dialect, without and with authentication"). */
    public static final String FORBIDDEN = "forbidden";
    /** A wrong method or an unknown path under {@code /offer/} or {@code /answer} (docs/security.md "Router refusals"). */
    public static final String NOT_FOUND = "not found";

    private static final Map<String, String> METRIC_REASONS = Map.ofEntries(
            Map.entry(KEY_EMPTY, "key_empty"),
            Map.entry(KEY_TOO_LONG, "key_too_long"),
            Map.entry(KEY_NOT_FOUND, "key_not_found"),
            Map.entry(KEY_EXPIRED, "key_expired"),
            Map.entry(STORAGE_FULL, "storage_full"),
            Map.entry(QUEUE_MISSING, "queue_missing"),
            Map.entry(DATA_EMPTY, "data_empty"),
            Map.entry(SDP_EMPTY, "sdp_empty"),
            Map.entry(SDP_EXISTS, "sdp_exists"),
            Map.entry(CANDIDATE_EMPTY, "candidate_empty"),
            Map.entry(BODY_EMPTY, "body_empty"),
            Map.entry(BODY_TOO_LARGE, "body_too_large"),
            Map.entry(RATE_LIMITED, "rate_limited"),
            Map.entry(UNAUTHORIZED, "unauthorized"),
            Map.entry(FORBIDDEN, "forbidden"),
            Map.entry(NOT_FOUND, "not_found"));

    private MailboxErrors() {
    }

    /** The message for a request on a key that does not exist, which depends on who asks (docs/mailbox.md steps 2 and 4). */
    public static String missingKey(MailboxQueue.Side caller) {
        return caller == MailboxQueue.Side.ANSWERER ? KEY_NOT_FOUND : KEY_EXPIRED;
    }

    /** A bounded, ASCII tag for {@code signal_errors_total{reason}}; never carries client input. */
    public static String metricReason(String msg) {
        if (msg.startsWith(INVALID_JSON_PREFIX)) {
            return "invalid_json";
        }
        return METRIC_REASONS.getOrDefault(msg, "other");
    }
}

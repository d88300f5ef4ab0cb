package dev.signals.core.domain;

/** The domain dialect's {@code msg} strings, exactly as clients see them (docs/domain.md). */
public final class DomainErrors {
    public static final String SUCCESS = "success";
    public static final String INVALID_MESSAGE = "invalid message";
    public static final String INVALID_DOMAIN = "invalid domain";
    public static final String OFFER_DOMAIN_NOT_CONNECTED = "offer domain not connected";
    public static final String ANSWER_DOMAIN_NOT_CONNECTED = "answer domain not connected";
    public static final String RATE_LIMITED = "rate limit exceeded";
    public static final String BACKEND_UNAVAILABLE = "backend unavailable";
    /** A large message refused while the node is over its send budget (SECURITY.md "Memory budget"). */
    public static final String SERVER_BUSY = "server busy";
    public static final String BODY_TOO_LARGE = "body too large";
    public static final String METHOD_NOT_ALLOWED = "method not allowed";
    public static final String UPGRADE_REQUIRED = "websocket upgrade required";
    public static final String TOO_MANY_CONNECTIONS = "too many connections";
    /** The token's {@code domain} grant does not cover the domain (SECURITY.md "Per dialect, without and with authentication"). */
    public static final String FORBIDDEN = "forbidden";
    /** Close reason of a socket whose domain was taken by a newer connection (close code 4000). */
    public static final String REPLACED = "replaced by a newer connection";
    public static final int REPLACED_CLOSE_CODE = 4000;

    private DomainErrors() {
    }
}

package dev.signals.server.config;

/**
 * Every setting the server reads, declared once: its flag, its TOML place, its default and its
 * help text (docs/configuration.md). Flags, environment variables ({@code SIGNALS_<FLAG>}), TOML keys
 * and {@code --help} are all derived from this table, so they cannot drift apart.
 */
public enum Setting {
    ADDR("addr", "server", "host", "0.0.0.0:8080", "main listener HOST:PORT (all dialects)"),
    ALSO_LISTEN("also-listen", "server", "also_listen", "", "extra listeners, comma-separated HOST:PORT"),
    DISABLE("disable", "server", "disable", "", "dialects to switch off, comma-separated (mailbox, domain, room, call)"),
    NODE_ID("node-id", "server", "node_id", "", "this node's name (default: host name and process id)"),
    TRANSPORT("transport", "server", "transport", "auto",
            "event-loop transport: auto, epoll, io_uring or nio (unavailable ones fall back)"),
    SHUTDOWN_TIMEOUT("shutdown-timeout", "server", "shutdown_timeout", "10s", "longest drain on SIGTERM before exit"),
    ALLOWED_ORIGINS("allowed-origins", "server", "allowed_origins", "", "foreign origins allowed: exact, https://*.example.com, or *"),
    ORIGIN("origin", "server", "origin", "", "one more allowed origin (call seed's flag)"),
    TRUSTED_PROXIES("trusted-proxies", "server", "trusted_proxies", "",
            "proxies (IPs or CIDRs) whose X-Forwarded-For names the client for the per-IP limits"),
    WS_HANDSHAKE_TIMEOUT("ws-handshake-timeout", "server", "ws_handshake_timeout", "10s", "time allowed for the HTTP request of a WebSocket upgrade"),
    WS_PING_INTERVAL("ws-ping-interval", "server", "ws_ping_interval", "5s", "WebSocket PING interval"),
    WS_READ_TIMEOUT("ws-read-timeout", "server", "ws_read_timeout", "10s", "close a WebSocket silent for this long (1001 read timeout)"),
    WS_SEND_QUEUE("ws-send-queue", "limits", "ws_send_queue", "256", "outbound messages queued per WebSocket before it is closed"),
    WS_SEND_QUEUE_BYTES("ws-send-queue-bytes", "limits", "ws_send_queue_bytes", "1MiB",
            "outbound bytes queued per WebSocket before it is closed"),
    WS_READ_RATE("ws-read-rate", "limits", "ws_read_rate", "1MiB",
            "bytes per second one WebSocket may send; reading it pauses beyond (0: off)"),
    WS_READ_BURST("ws-read-burst", "limits", "ws_read_burst", "256KiB",
            "bytes one WebSocket may send at once before its read rate applies"),
    WS_SEND_BUDGET("ws-send-budget", "limits", "ws_send_budget", "auto",
            "outbound bytes queued on all WebSockets of the node (auto: half the JVM's direct memory)"),
    MAX_MESSAGE_BYTES("max-message-bytes", "limits", "max_message_bytes", "64KiB", "largest WebSocket message or HTTP body"),
    RATE_LIMIT("rate-limit", "limits", "rate_limit", "50", "messages per second per connection"),
    RATE_BURST("rate-burst", "limits", "rate_burst", "200", "message burst per connection"),
    HTTP_RATE_LIMIT("http-rate-limit", "limits", "http_rate_limit", "200", "HTTP requests per second per client IP"),
    HTTP_RATE_BURST("http-rate-burst", "limits", "http_rate_burst", "1000", "HTTP request burst per client IP"),
    CONN_RATE_LIMIT("conn-rate-limit", "limits", "conn_rate_limit", "100", "new WebSocket connections per second per client IP"),
    CONN_RATE_BURST("conn-rate-burst", "limits", "conn_rate_burst", "500", "new WebSocket connection burst per client IP"),
    MAX_CONNECTIONS("max-connections", "limits", "max_connections", "200000", "concurrent WebSocket connections per node"),
    MAX_CONNECTIONS_PER_IP("max-connections-per-ip", "limits", "max_connections_per_ip", "10000",
            "concurrent connections per client IP: TCP at accept, and WebSockets per forwarded client"),
    MAX_TCP_CONNECTIONS("max-tcp-connections", "limits", "max_tcp_connections", "auto",
            "TCP connections on the main listeners; auto = file limit less a tenth (min 64) kept for admin, Redis, logs"),
    RESUME_WINDOW("resume-window", "resume", "window", "30s",
            "how long a resumable session outlives its lost socket (0 turns resume= off); docs/resume.md"),
    RESUME_BUFFER("resume-buffer", "resume", "buffer", "256", "unacknowledged messages a resumable session keeps"),
    RESUME_BUFFER_BYTES("resume-buffer-bytes", "resume", "buffer_bytes", "256KiB",
            "unacknowledged bytes a resumable session keeps"),
    HEALTHZ_ADDR("healthz-addr", "admin", "addr", "0.0.0.0:8090", "admin listener HOST:PORT, or off"),
    ROOM_MAX_CLIENTS("room-max-clients", "room", "max_clients", "64", "clients per room"),
    ROOM_PING_INTERVAL("room-ping-interval", "room", "ping_interval", "30s", "interval of the {\"type\":\"ping\"} keep-alive"),
    ROOM_CHANGE_LIMIT("room-change-limit", "room", "change_limit", "5",
            "room changes (join of another room, leave) per --room-change-window per connection; 0 = off"),
    ROOM_CHANGE_WINDOW("room-change-window", "room", "change_window", "10s", "the window of --room-change-limit"),
    SEAT_COUNT("seat-count", "call", "seat_count", "2", "seats per call"),
    SEAT_TIMEOUT("seat-timeout", "call", "seat_timeout", "30s", "a seat lapses this long after its last renewal"),
    WS_JOIN_TIMEOUT("ws-join-timeout", "call", "ws_join_timeout", "10s", "time allowed for the JOIN message on /ws"),
    CALL_LEAVE_EVENTS("call-leave-events", "call", "leave_events", "true", "publish LEAVE when a session goes away"),
    MAX_SIGNAL_BYTES("max-signal-bytes", "call", "max_signal_bytes", "0", "extra cap on POST /signal bodies (512 restores the seed)"),
    MAILBOX_MAX_BYTES("mailbox-max-bytes", "mailbox", "max_bytes", "256MiB", "memory for all mailbox keys on this node"),
    MAILBOX_MAX_CANDIDATES("mailbox-max-candidates", "mailbox", "max_candidates", "256", "candidates per mailbox queue"),
    MAILBOX_MAX_LIFETIME("mailbox-max-lifetime", "mailbox", "max_lifetime", "10m", "absolute lifetime of a mailbox key"),
    MAX_KEY_BYTES("max-key-bytes", "mailbox", "max_key_bytes", "1MiB", "bytes one mailbox key may hold (key, SDPs, candidates)"),
    MAILBOX_IP_SHARE("mailbox-ip-share", "mailbox", "ip_share", "10%",
            "share of --mailbox-max-bytes the keys one client address created may hold: 10%, 0.1 or a size (16MiB)"),
    REDIS_ADDR("redis-addr", "redis", "addr", "",
            "Redis host:port, redis[s]:// URI, redis[s]-sentinel://host:port,.../master or"
                    + " redis[s]-cluster://host:port,... (needs --resume-window 0); unset runs standalone"),
    REDIS_PREFIX("redis-prefix", "redis", "prefix", "signal:", "prefix of every Redis key"),
    NODE_LEASE("node-lease", "redis", "node_lease", "10s", "how long a silent node is presumed alive"),
    BACKPLANE_WAIT("backplane-wait", "redis", "backplane_wait", "10s",
            "at start, how long to wait for Redis before opening the main port anyway (degraded)"),
    AUTH_SECRET("auth-secret", "auth", "secret", "", "HS256 secret; turns JWT auth on"),
    AUTH_JWKS("auth-jwks", "auth", "jwks", "", "JWKS file with RS256/ES256 keys; turns JWT auth on"),
    AUTH_CLOCK_SKEW("auth-clock-skew", "auth", "clock_skew", "5s",
            "leeway for the clocks of token issuer and node on exp, nbf and iat (whole seconds)"),
    AUTH_MAX_LIFETIME("auth-max-lifetime", "auth", "max_lifetime", "24h",
            "longest token lifetime accepted: exp - iat, or exp - now without iat; 0 = any"),
    AUTH_AUDIENCE("auth-audience", "auth", "audience", "", "required aud claim of tokens (unset: not checked)"),
    AUTH_ISSUER("auth-issuer", "auth", "issuer", "", "required iss claim of tokens (unset: not checked)"),
    TURN_URLS("turn-urls", "turn", "urls", "", "turn:, turns: and stun: URLs handed out by GET /ice-servers; turns it on"),
    TURN_SECRET("turn-secret", "turn", "secret", "",
            "secrets shared with the TURN server (use-auth-secret), comma-separated; the first signs"),
    TURN_SECRET_FILE("turn-secret-file", "turn", "secret_file", "",
            "file with the TURN secrets, one per line, the first signs (instead of --turn-secret)"),
    TURN_TTL("turn-ttl", "turn", "ttl", "1h", "lifetime of an issued TURN credential (10s to 24h)"),
    LOG_DIR("log-dir", "log", "out_dir", "", "directory of a log file written beside stdout"),
    LOG_FILE("log-file", "log", "out_file", "signal-server.log", "log file name inside --log-dir"),
    LOG_FORMAT("log-format", "log", "format", "text", "text or json"),
    LOG_LEVEL("log-level", "log", "level", "info", "trace, debug, info, warn or error");

    private final String flag;
    private final String section;
    private final String tomlKey;
    private final String defaultValue;
    private final String help;

    Setting(String flag, String section, String tomlKey, String defaultValue, String help) {
        this.flag = flag;
        this.section = section;
        this.tomlKey = tomlKey;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    /** The flag name without dashes, e.g. {@code seat-count}. */
    public String flag() {
        return flag;
    }

    public String section() {
        return section;
    }

    public String tomlKey() {
        return tomlKey;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /** {@code SIGNALS_SEAT_COUNT} for {@code seat-count}. */
    public String envName() {
        return "SIGNALS_" + flag.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}

package dev.signals.server.config;

import dev.signals.server.net.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration of one node, immutable and validated once by {@link ConfigLoader}.
 * Components receive the group they need, never the environment or the raw flags. A null
 * {@code transport} means {@code auto}.
 */
public record SignalConfig(
        String nodeId,
        Listen listen,
        Transport transport,
        Set<String> disabledDialects,
        Duration shutdownTimeout,
        List<String> allowedOrigins,
        List<String> trustedProxies,
        WebSocket webSocket,
        Limits limits,
        Resume resume,
        Room room,
        Call call,
        Mailbox mailbox,
        Redis redis,
        Auth auth,
        Turn turn,
        Log log) {

    /** Listeners: main, extra ({@code --also-listen}) and admin ({@code null} when off). */
    public record Listen(InetSocketAddress main, List<InetSocketAddress> also, InetSocketAddress admin) {
    }

    /**
     * WebSocket timing and outbound bounds shared by every WebSocket dialect: {@code sendQueue}
     * messages and {@code sendQueueBytes} bytes per socket, {@code sendBudget} bytes per node
     * (SECURITY.md "Memory budget"); inbound, {@code readRate} bytes per second after a
     * {@code readBurst} per socket (SECURITY.md "Read budget").
     */
    public record WebSocket(Duration handshakeTimeout, Duration pingInterval, Duration readTimeout, int sendQueue,
                            long sendQueueBytes, long sendBudget, long readRate, long readBurst) {
    }

    /** Abuse limits of SECURITY.md "Limits and their defaults"; 0 means off everywhere. */
    public record Limits(long maxMessageBytes, double rateLimit, double rateBurst,
                         double httpRateLimit, double httpRateBurst,
                         double connRateLimit, double connRateBurst, int maxConnections, int maxConnectionsPerIp,
                         int maxTcpConnections) {
    }

    /** Resumable sessions (docs/resume.md); a zero {@code window} turns them off. */
    public record Resume(Duration window, int bufferMessages, long bufferBytes) {
        public boolean enabled() {
            return !window.isZero();
        }
    }

    /** Room dialect settings; {@code changeLimit} room changes per {@code changeWindow}, 0 = off. */
    public record Room(int maxClients, Duration pingInterval, int changeLimit, Duration changeWindow) {
    }

    public record Call(int seatCount, Duration seatTimeout, Duration joinTimeout, boolean leaveEvents,
                       long maxSignalBytes) {
    }

    /** Mailbox store bounds; {@code ipShareBytes} is the share already resolved against {@code maxBytes}. */
    public record Mailbox(long maxBytes, int maxCandidates, Duration maxLifetime, long maxKeyBytes, long ipShareBytes) {
    }

    /**
     * {@code addr} is {@code null} when the node runs standalone; {@code backplaneWait} bounds the
     * wait for the backplane before the main port opens.
     */
    public record Redis(String addr, String prefix, Duration nodeLease, Duration backplaneWait) {
        public boolean enabled() {
            return addr != null;
        }
    }

    /**
     * JWT auth; {@code secret} and {@code jwks} both {@code null} when off. {@code maxLifetime} zero
     * accepts any lifetime; {@code audience} and {@code issuer} are {@code null} when not checked.
     */
    public record Auth(String secret, Path jwks, Duration clockSkew, Duration maxLifetime, String audience,
                       String issuer) {
        public boolean enabled() {
            return secret != null || jwks != null;
        }
    }

    /**
     * TURN credentials (docs/turn.md): off when {@code urls} is empty. The first secret signs; the
     * secrets never appear in {@link #toString()}, so no log line or error can carry them.
     */
    public record Turn(List<String> urls, List<String> secrets, Duration ttl) {
        public boolean enabled() {
            return !urls.isEmpty();
        }

        @Override
        public String toString() {
            return "Turn[urls=" + urls + ", secrets=" + secrets.size() + " hidden, ttl=" + ttl + "]";
        }
    }

    /** {@code dir} is {@code null} when logs go to stdout only. */
    public record Log(Path dir, String file, String format, String level) {
    }

    public boolean dialectEnabled(String dialect) {
        return !disabledDialects.contains(dialect);
    }
}

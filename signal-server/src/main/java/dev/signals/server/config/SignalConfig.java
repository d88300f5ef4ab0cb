package dev.signals.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration of one node, immutable and validated once by {@link ConfigLoader}.
 * Components receive the group they need, never the environment or the raw flags.
 */
public record SignalConfig(
        String nodeId,
        Listen listen,
        Set<String> disabledDialects,
        Duration shutdownTimeout,
        List<String> allowedOrigins,
        List<String> trustedProxies,
        WebSocket webSocket,
        Limits limits,
        Room room,
        Call call,
        Mailbox mailbox,
        Redis redis,
        Auth auth,
        Log log) {

    /** Listeners: main, extra ({@code --also-listen}) and admin ({@code null} when off). */
    public record Listen(InetSocketAddress main, List<InetSocketAddress> also, InetSocketAddress admin) {
    }

    /** WebSocket timing shared by every WebSocket dialect (PROTOCOLS.md §1.5). */
    public record WebSocket(Duration handshakeTimeout, Duration pingInterval, Duration readTimeout, int sendQueue) {
    }

    /** Abuse limits of PROTOCOLS.md §1.4; 0 means off everywhere. */
    public record Limits(long maxMessageBytes, double rateLimit, double rateBurst,
                         double httpRateLimit, double httpRateBurst,
                         double connRateLimit, double connRateBurst, int maxConnections, int maxConnectionsPerIp) {
    }

    public record Room(int maxClients, Duration pingInterval) {
    }

    public record Call(int seatCount, Duration seatTimeout, Duration joinTimeout, boolean leaveEvents,
                       long maxSignalBytes) {
    }

    public record Mailbox(long maxBytes, int maxCandidates, Duration maxLifetime) {
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

    /** JWT auth; both {@code null} when off. */
    public record Auth(String secret, Path jwks) {
        public boolean enabled() {
            return secret != null || jwks != null;
        }
    }

    /** {@code dir} is {@code null} when logs go to stdout only. */
    public record Log(Path dir, String file, String format, String level) {
    }

    public boolean dialectEnabled(String dialect) {
        return !disabledDialects.contains(dialect);
    }
}

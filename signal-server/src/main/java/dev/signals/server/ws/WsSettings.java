package dev.signals.server.ws;

import dev.signals.server.config.SignalConfig;
import java.time.Duration;

/** The per-connection settings of SECURITY.md "Limits and their defaults"/docs/security.md "On a WebSocket", taken once from the configuration. */
public record WsSettings(Duration pingInterval, Duration readTimeout, int sendQueue, long sendQueueBytes,
                         long sendBudget, long maxMessageBytes, double rateLimit, double rateBurst,
                         long readRate, long readBurst) {

    public static WsSettings from(SignalConfig config) {
        return new WsSettings(config.webSocket().pingInterval(), config.webSocket().readTimeout(),
                config.webSocket().sendQueue(), config.webSocket().sendQueueBytes(), config.webSocket().sendBudget(),
                config.limits().maxMessageBytes(),
                config.limits().rateLimit(), config.limits().rateBurst(),
                config.webSocket().readRate(), config.webSocket().readBurst());
    }

    /** The frame and message cap handed to Netty; "0 = off" becomes the largest int. */
    int frameCap() {
        return maxMessageBytes <= 0 || maxMessageBytes > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) maxMessageBytes;
    }
}

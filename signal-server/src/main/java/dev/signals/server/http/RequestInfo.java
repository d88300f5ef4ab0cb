package dev.signals.server.http;

/**
 * What the router learned about a request before handing it on: the raw path (query removed),
 * the client's IP, and the connection-cap slot a WebSocket upgrade holds.
 */
public record RequestInfo(String rawPath, String clientIp, ConnectionSlot slot) {
}

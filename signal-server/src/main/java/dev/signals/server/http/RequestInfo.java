package dev.signals.server.http;

/**
 * What the router learned about a request before handing it on: the raw path (query removed),
 * the client's IP, and the release of the connection slot a WebSocket upgrade holds.
 */
public record RequestInfo(String rawPath, String clientIp, Runnable releaseConnectionSlot) {
}

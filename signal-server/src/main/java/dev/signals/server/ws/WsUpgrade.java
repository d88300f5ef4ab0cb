package dev.signals.server.ws;

import dev.signals.server.auth.Principal;
import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.RequestInfo;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An admitted, authenticated WebSocket upgrade as a dialect hands it to {@link WsEndpoint}: whose it
 * is and how the dialect words refusals, so the session layer can refuse a resume before the upgrade.
 */
public record WsUpgrade(HttpServerRequest request, HttpServerResponse response, RequestInfo info, String dialect,
                        Principal principal, RefusalStyle style) {
}

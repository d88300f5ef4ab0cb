package dev.signals.server.http;

import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Handles a request that passed the router's shared checks (method, drain, rates, origin). */
@FunctionalInterface
public interface RouteHandler {
    Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response, RequestInfo info);
}

package dev.signals.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import dev.signals.server.metrics.Metrics;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The shared port's front door. Applies the refusals every dialect shares, in the order of
 * SECURITY.md "Limits and their defaults" — unknown route / wrong method, draining, per-IP request rate, origin,
 * connection rate and cap — adds CORS headers (docs/security.md), then hands the request to its route.
 */
public final class Router implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
    /** The dialect tag of requests that match no route. */
    private static final String UNROUTED = "none";
    private static final String ALLOW_HEADERS = "Content-Type, key, Authorization, Cache-Control, User-Agent";

    private final RouteTable table;
    private final Lifecycle lifecycle;
    private final IpRateLimiter httpRate;
    private final OriginPolicy origins;
    private final ConnectionGate gate;
    private final ClientAddress clients;
    private final Metrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Router(RouteTable table, Lifecycle lifecycle, IpRateLimiter httpRate, OriginPolicy origins, ConnectionGate gate,
                  ClientAddress clients, Metrics metrics) {
        this.table = table;
        this.clients = clients;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.httpRate = httpRate;
        this.origins = origins;
        this.gate = gate;
    }

    /** HTTP requests (not WebSocket sessions) still being answered; the drain waits for 0. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
        String rawPath = rawPath(req.uri());
        HttpHeaders headers = req.requestHeaders();
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        String host = headers.get(HttpHeaderNames.HOST);
        boolean originAllowed = origins.allowed(origin, host);
        // Set before any refusal: every response to an allowed foreign origin carries them, the
        // 404/405/503/429 that precede the origin check included (SECURITY.md "Cross-site use").
        if (originAllowed && origins.foreign(origin, host)) {
            res.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin).header(HttpHeaderNames.VARY, "Origin");
        }
        Route route = table.find(rawPath);
        if (route == null) {
            metrics.error(UNROUTED, "not_found");
            return Responses.text(res, HttpResponseStatus.NOT_FOUND, "404 page not found");
        }
        HttpMethod method = req.method();
        boolean options = HttpMethod.OPTIONS.equals(method);
        if (!options && !route.methods().contains(method)) {
            metrics.error(route.dialect(), "method_not_allowed");
            return route.style().methodNotAllowed(res, route.allowHeader());
        }
        if (lifecycle.draining()) {
            metrics.error(route.dialect(), "draining");
            return res.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .header(HttpHeaderNames.CONTENT_LENGTH, "0").send();
        }
        String ip = clients.of(req);
        if (!httpRate.tryAcquire(ip)) {
            metrics.rateLimited(route.dialect());
            metrics.error(route.dialect(), "http_rate");
            return route.style().rateLimited(res);
        }
        if (!originAllowed) {
            metrics.error(route.dialect(), "origin");
            return Responses.empty(res, HttpResponseStatus.FORBIDDEN);
        }
        if (options) {
            return preflight(res, route, origin != null && headers.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD));
        }
        if (route.webSocket()) {
            return upgrade(req, res, route, rawPath, ip);
        }
        inFlight.incrementAndGet();
        return Mono.defer(() -> Mono.from(route.handler().handle(req, res, new RequestInfo(rawPath, ip, ConnectionSlot.none()))))
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    private Publisher<Void> upgrade(HttpServerRequest req, HttpServerResponse res, Route route, String rawPath, String ip) {
        if (!isCompleteUpgrade(req.requestHeaders())) {
            return route.style().upgradeRequired(res);
        }
        switch (gate.tryAdmit(ip)) {
            case RATE_LIMITED:
                metrics.rateLimited(route.dialect());
                metrics.error(route.dialect(), "connection_rate");
                return route.style().connectionRateLimited(res);
            case AT_CAPACITY:
                metrics.error(route.dialect(), "capacity");
                return route.style().overCapacity(res);
            case TOO_MANY_FROM_IP:
                // Refused like the per-IP connection rate: a 429 in the dialect's own style.
                metrics.rateLimited(route.dialect());
                metrics.error(route.dialect(), "ip_connections");
                return route.style().connectionRateLimited(res);
            default:
                break;
        }
        ConnectionSlot slot = new ConnectionSlot(gate, ip);
        return Mono.defer(() -> Mono.from(route.handler().handle(req, res, new RequestInfo(rawPath, ip, slot))))
                .doFinally(signal -> slot.releaseIfNotTransferred());
    }

    /**
     * {@code Upgrade: websocket}, a {@code Connection} naming {@code upgrade} and a
     * {@code Sec-WebSocket-Key}: without the last two the handshake fails after the route has
     * taken the request, and the connection would be dropped without an answer (docs/security.md).
     */
    private static boolean isCompleteUpgrade(HttpHeaders headers) {
        String key = headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        return headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && key != null && !key.isBlank();
    }

    private static Publisher<Void> preflight(HttpServerResponse res, Route route, boolean corsPreflight) {
        if (corsPreflight) {
            res.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                    .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS)
                    .header(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "60");
        } else {
            res.header(HttpHeaderNames.ALLOW, route.allowHeader());
        }
        return res.status(HttpResponseStatus.NO_CONTENT).send();
    }

    /** The request target's path exactly as sent, without query or fragment. */
    public static String rawPath(String uri) {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int h = uri.indexOf('#');
        if (h >= 0 && h < end) {
            end = h;
        }
        String path = uri.substring(0, end);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return path.isEmpty() ? "/" : path;
    }
}

package dev.signals.server.call;

import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallMessage;
import dev.signals.core.json.JsonShapeException;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.http.Bodies;
import dev.signals.server.http.MediaTypes;
import dev.signals.server.http.RequestInfo;
import dev.signals.server.http.Responses;
import dev.signals.server.http.RouteHandler;
import dev.signals.server.metrics.Metrics;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /signal} (docs/call.md): a JSON OFFER or ANSWER from a seated session, fanned
 * out to the call's other sockets. 200 when published; 401/403 without a token granting the call
 * (SECURITY.md "Per dialect, without and with authentication"); 400 for a bad content type, an empty, oversized or invalid body; 409 when the session
 * holds no seat; 500 when the backend fails.
 * Every answer has an empty body. Posting does not renew the seat.
 */
final class CallSignalRoute implements RouteHandler {
    private final CallCodec codec;
    private final CallService calls;
    private final Authenticator auth;
    private final Metrics metrics;
    private final long maxBytes;

    /** @param maxBytes the body cap, 0 for none */
    CallSignalRoute(CallCodec codec, CallService calls, Authenticator auth, Metrics metrics, long maxBytes) {
        this.codec = codec;
        this.calls = calls;
        this.auth = auth;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
    }

    /** The smaller of the two caps that are on (0 = off): {@code --max-message-bytes}, {@code --max-signal-bytes}. */
    static long bodyCap(long maxMessageBytes, long maxSignalBytes) {
        if (maxSignalBytes <= 0) {
            return Math.max(0, maxMessageBytes);
        }
        return maxMessageBytes <= 0 ? maxSignalBytes : Math.min(maxMessageBytes, maxSignalBytes);
    }

    @Override
    public Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res, RequestInfo info) {
        long arrived = System.nanoTime();
        // Authentication precedes the dialect's own checks (SECURITY.md "Limits and their defaults" order); the grant
        // names a call, so it is checked once the body says which.
        Authenticator.Outcome who = auth.authenticate(req);
        if (who instanceof Authenticator.Outcome.Rejected) {
            return refuse(res, HttpResponseStatus.UNAUTHORIZED);
        }
        if (!MediaTypes.isJson(req.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE))) {
            return badRequest(res, "bad_content_type");
        }
        return Bodies.read(req, maxBytes)
                .flatMap(body -> Mono.from(publish(res, body, who, arrived)))
                .onErrorResume(Bodies.TooLarge.class, e -> Mono.from(badRequest(res, "too_large")));
    }

    private Publisher<Void> publish(HttpServerResponse res, byte[] body, Authenticator.Outcome who, long arrived) {
        CallMessage.Signal signal;
        try {
            signal = codec.decodeSignal(body);
        } catch (JsonShapeException e) {
            return badRequest(res, "invalid");
        }
        HttpResponseStatus forbidden = CallAuth.refusal(who, signal.call());
        if (forbidden != null) {
            return refuse(res, forbidden);
        }
        metrics.message(CallDialect.NAME, "in", signal.kind().name());
        return calls.signal(signal, arrived)
                .map(published -> published ? HttpResponseStatus.OK : HttpResponseStatus.CONFLICT)
                .onErrorReturn(HttpResponseStatus.INTERNAL_SERVER_ERROR)
                .flatMap(status -> Mono.from(status == HttpResponseStatus.OK ? Responses.empty(res, status) : refuse(res, status)));
    }

    private Publisher<Void> refuse(HttpServerResponse res, HttpResponseStatus status) {
        metrics.error(CallDialect.NAME, CallAuth.metricReason(status, "not_seated"));
        return Responses.empty(res, status);
    }

    private Publisher<Void> badRequest(HttpServerResponse res, String reason) {
        metrics.error(CallDialect.NAME, reason);
        return Responses.empty(res, HttpResponseStatus.BAD_REQUEST);
    }
}

package dev.signals.server.call;

import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallMessage;
import dev.signals.core.call.CallPath;
import dev.signals.core.ids.KsuidGenerator;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.http.RequestInfo;
import dev.signals.server.http.Responses;
import dev.signals.server.http.RouteHandler;
import dev.signals.server.metrics.Metrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /call/{call}} (docs/call.md): takes a seat for a new KSUID session and answers
 * the JOIN handshake message; 400 for a bad escape, 401/403 without a token granting the call
 * (SECURITY.md "Per dialect, without and with authentication"), 409 when the call is full, 500 when the seat backend fails. A granted seat is announced
 * to the call with {@code PEER}.
 */
final class CallSeatRoute implements RouteHandler {
    /** The seed's JOIN answer carried exactly this content type. */
    static final String JSON = "application/json";

    private final CallCodec codec;
    private final CallService calls;
    private final KsuidGenerator ksuids;
    private final Authenticator auth;
    private final Metrics metrics;

    CallSeatRoute(CallCodec codec, CallService calls, KsuidGenerator ksuids, Authenticator auth, Metrics metrics) {
        this.codec = codec;
        this.calls = calls;
        this.ksuids = ksuids;
        this.auth = auth;
        this.metrics = metrics;
    }

    /** The route table's shape test: paths that cannot name a call are 404 before anything else. */
    static boolean shape(String rawPath) {
        return CallPath.parse(rawPath).outcome() != CallPath.Outcome.NOT_FOUND;
    }

    @Override
    public Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res, RequestInfo info) {
        CallPath path = CallPath.parse(info.rawPath());
        if (path.outcome() == CallPath.Outcome.BAD_ESCAPE) {
            metrics.error(CallDialect.NAME, "bad_path");
            return Responses.empty(res, HttpResponseStatus.BAD_REQUEST);
        }
        if (path.outcome() == CallPath.Outcome.NOT_FOUND) {
            // Unreachable behind shape(); answered as the router answers unknown paths.
            return Responses.text(res, HttpResponseStatus.NOT_FOUND, "404 page not found");
        }
        String call = path.name();
        HttpResponseStatus refused = CallAuth.refusal(auth.authenticate(req), call);
        if (refused != null) {
            return refused(res, refused);
        }
        String session = ksuids.next();
        // The grant and its PEER are one step: if the PEER cannot be published, no seat is taken (docs/call.md).
        return calls.seat(call, session)
                .map(granted -> granted ? HttpResponseStatus.OK : HttpResponseStatus.CONFLICT)
                .onErrorReturn(HttpResponseStatus.INTERNAL_SERVER_ERROR)
                .flatMap(status -> Mono.from(status == HttpResponseStatus.OK ? seated(res, call, session) : refused(res, status)));
    }

    private Publisher<Void> seated(HttpServerResponse res, String call, String session) {
        metrics.message(CallDialect.NAME, "in", CallMessage.Kind.JOIN.name());
        return Responses.body(res, HttpResponseStatus.OK, JSON, codec.encode(new CallMessage.Join(call, session)));
    }

    private Publisher<Void> refused(HttpServerResponse res, HttpResponseStatus status) {
        metrics.error(CallDialect.NAME, CallAuth.metricReason(status, "call_full"));
        return Responses.empty(res, status);
    }
}

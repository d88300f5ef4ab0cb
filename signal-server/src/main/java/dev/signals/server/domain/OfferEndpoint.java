package dev.signals.server.domain;

import dev.signals.core.domain.DomainCodec;
import dev.signals.core.domain.DomainErrors;
import dev.signals.core.domain.DomainMessage.OfferReq;
import dev.signals.core.json.JsonShapeException;
import dev.signals.server.http.Bodies;
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
 * {@code POST /offer} (PROTOCOLS.md §3): any Content-Type, the body parsed as an {@code OfferReq}
 * and pushed to {@code answer_domain}'s socket; the HTTP status matches the outcome and the body
 * is a {@code Resp} whose code is 0 exactly on success.
 */
final class OfferEndpoint implements RouteHandler {
    private static final String DIALECT = DomainDialect.NAME;

    private final DomainCodec codec;
    private final DomainRelay relay;
    private final Metrics metrics;
    private final long maxBodyBytes;

    OfferEndpoint(DomainCodec codec, DomainRelay relay, Metrics metrics, long maxBodyBytes) {
        this.codec = codec;
        this.relay = relay;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A finished answer: status and {@code Resp} body. */
    private record Reply(HttpResponseStatus status, String body) {
    }

    @Override
    public Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res, RequestInfo info) {
        long arrived = System.nanoTime();
        return Bodies.read(req, maxBodyBytes)
                .map(body -> offer(body, arrived))
                .onErrorResume(Bodies.TooLarge.class, e -> {
                    metrics.error(DIALECT, "body_too_large");
                    return Mono.just(failure(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, DomainErrors.BODY_TOO_LARGE));
                })
                .flatMap(reply -> Mono.from(Responses.json(res, reply.status(), reply.body())));
    }

    private Reply offer(byte[] body, long arrived) {
        OfferReq req;
        try {
            req = codec.decodeOfferReq(body);
        } catch (JsonShapeException e) {
            metrics.error(DIALECT, "invalid_offer");
            return failure(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        metrics.message(DIALECT, "in", "offer");
        if (!relay.deliver(req.answerDomain(), "offer", codec.offerFrame(req), arrived)) {
            metrics.error(DIALECT, "answer_domain_not_connected");
            return failure(HttpResponseStatus.NOT_FOUND, DomainErrors.ANSWER_DOMAIN_NOT_CONNECTED);
        }
        return new Reply(HttpResponseStatus.OK, codec.success());
    }

    private Reply failure(HttpResponseStatus status, String msg) {
        return new Reply(status, codec.failure(msg));
    }
}

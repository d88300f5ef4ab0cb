package dev.signals.server.domain;

import dev.signals.core.domain.DomainCodec;
import dev.signals.core.domain.DomainErrors;
import dev.signals.core.domain.DomainMessage.OfferReq;
import dev.signals.core.json.JsonShapeException;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import dev.signals.server.http.Bodies;
import dev.signals.server.http.RequestInfo;
import dev.signals.server.http.Responses;
import dev.signals.server.http.RouteHandler;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.CseqClaim;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /offer} (docs/domain.md): any Content-Type, the body parsed as an {@code OfferReq}
 * and pushed to {@code answer_domain}'s socket; the HTTP status matches the outcome and the body
 * is a {@code Resp} whose code is 0 exactly on success.
 */
final class OfferEndpoint implements RouteHandler {
    private static final String DIALECT = DomainDialect.NAME;

    private final DomainCodec codec;
    private final DomainService domains;
    private final Authenticator auth;
    private final Metrics metrics;
    private final long maxBodyBytes;

    OfferEndpoint(DomainCodec codec, DomainService domains, Authenticator auth, Metrics metrics, long maxBodyBytes) {
        this.codec = codec;
        this.domains = domains;
        this.auth = auth;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A finished answer: status and {@code Resp} body. */
    private record Reply(HttpResponseStatus status, String body) {
    }

    @Override
    public Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res, RequestInfo info) {
        long arrived = System.nanoTime();
        // Authentication comes before the dialect reads anything (SECURITY.md "Limits and their defaults" order).
        Authenticator.Outcome outcome = auth.authenticate(req);
        if (outcome instanceof Authenticator.Outcome.Rejected) {
            metrics.error(DIALECT, "unauthorized");
            return Responses.json(res, HttpResponseStatus.UNAUTHORIZED,
                    codec.failure(((Authenticator.Outcome.Rejected) outcome).reason()));
        }
        Principal principal = ((Authenticator.Outcome.Authenticated) outcome).principal();
        return Bodies.read(req, maxBodyBytes)
                .flatMap(body -> offer(body, principal, arrived))
                .onErrorResume(Bodies.TooLarge.class, e -> {
                    metrics.error(DIALECT, "body_too_large");
                    return Mono.just(failure(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, DomainErrors.BODY_TOO_LARGE));
                })
                .flatMap(reply -> Mono.from(Responses.json(res, reply.status(), reply.body())));
    }

    private Mono<Reply> offer(byte[] body, Principal principal, long arrived) {
        OfferReq req;
        try {
            req = codec.decodeOfferReq(body);
        } catch (JsonShapeException e) {
            metrics.error(DIALECT, "invalid_offer");
            return Mono.just(failure(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
        }
        if (!principal.allows(Grants.DOMAIN, req.offerDomain())) {
            // The answer will go to offer_domain, so the sender must hold a grant for it (SECURITY.md "Per dialect, without and with authentication").
            metrics.error(DIALECT, "forbidden");
            return Mono.just(failure(HttpResponseStatus.FORBIDDEN, DomainErrors.FORBIDDEN));
        }
        metrics.message(DIALECT, "in", "offer");
        return domains.deliver(req.answerDomain(), "offer", codec.offerFrame(req), CseqClaim.NONE, arrived).map(delivery -> {
            if (delivery == DomainService.Delivery.NOT_CONNECTED) {
                metrics.error(DIALECT, "answer_domain_not_connected");
                return failure(HttpResponseStatus.NOT_FOUND, DomainErrors.ANSWER_DOMAIN_NOT_CONNECTED);
            }
            if (delivery == DomainService.Delivery.BACKEND_UNAVAILABLE) {
                // docs/domain.md: the target is on another node (or unknown) and the backplane is down.
                metrics.error(DIALECT, "backend_unavailable");
                return failure(HttpResponseStatus.SERVICE_UNAVAILABLE, DomainErrors.BACKEND_UNAVAILABLE);
            }
            return new Reply(HttpResponseStatus.OK, codec.success());
        });
    }

    private Reply failure(HttpResponseStatus status, String msg) {
        return new Reply(status, codec.failure(msg));
    }
}

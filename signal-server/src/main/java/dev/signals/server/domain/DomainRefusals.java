package dev.signals.server.domain;

import dev.signals.core.domain.DomainCodec;
import dev.signals.core.domain.DomainErrors;
import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.Responses;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/** The router's refusals in the domain dialect's words: every body is a {@code Resp} (docs/domain.md). */
final class DomainRefusals implements RefusalStyle {
    private final DomainCodec codec;

    DomainRefusals(DomainCodec codec) {
        this.codec = codec;
    }

    @Override
    public Publisher<Void> methodNotAllowed(HttpServerResponse res, String allow) {
        res.header(HttpHeaderNames.ALLOW, allow);
        return resp(res, HttpResponseStatus.METHOD_NOT_ALLOWED, DomainErrors.METHOD_NOT_ALLOWED);
    }

    @Override
    public Publisher<Void> rateLimited(HttpServerResponse res) {
        return resp(res, HttpResponseStatus.TOO_MANY_REQUESTS, DomainErrors.RATE_LIMITED);
    }

    @Override
    public Publisher<Void> connectionRateLimited(HttpServerResponse res) {
        return resp(res, HttpResponseStatus.TOO_MANY_REQUESTS, DomainErrors.RATE_LIMITED);
    }

    @Override
    public Publisher<Void> overCapacity(HttpServerResponse res) {
        return resp(res, HttpResponseStatus.SERVICE_UNAVAILABLE, DomainErrors.TOO_MANY_CONNECTIONS);
    }

    @Override
    public Publisher<Void> upgradeRequired(HttpServerResponse res) {
        return resp(res, HttpResponseStatus.BAD_REQUEST, DomainErrors.UPGRADE_REQUIRED);
    }

    @Override
    public Publisher<Void> sessionRefused(HttpServerResponse res, HttpResponseStatus status, String reason) {
        return resp(res, status, reason);
    }

    private Publisher<Void> resp(HttpServerResponse res, HttpResponseStatus status, String msg) {
        return Responses.json(res, status, codec.failure(msg));
    }
}

package dev.signals.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/**
 * How a dialect words the refusals the router makes before the dialect's own handler runs
 * (SECURITY.md "Limits and their defaults" order). The defaults are plain statuses with empty bodies; a dialect whose
 * clients expect an envelope overrides the ones it needs.
 */
public interface RefusalStyle {
    RefusalStyle PLAIN = new RefusalStyle() { };

    default Publisher<Void> methodNotAllowed(HttpServerResponse res, String allow) {
        return res.status(HttpResponseStatus.METHOD_NOT_ALLOWED).header(HttpHeaderNames.ALLOW, allow).send();
    }

    default Publisher<Void> rateLimited(HttpServerResponse res) {
        return res.status(HttpResponseStatus.TOO_MANY_REQUESTS).send();
    }

    default Publisher<Void> connectionRateLimited(HttpServerResponse res) {
        return res.status(HttpResponseStatus.TOO_MANY_REQUESTS).send();
    }

    default Publisher<Void> overCapacity(HttpServerResponse res) {
        return res.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send();
    }

    /** A resume refused before the upgrade (docs/resume.md#refusals): 400, 403 or 410 with a reason. */
    default Publisher<Void> sessionRefused(HttpServerResponse res, HttpResponseStatus status, String reason) {
        return Responses.text(res, status, reason);
    }

    /** A WebSocket route requested without a valid upgrade (docs/security.md "On a WebSocket"). */
    default Publisher<Void> upgradeRequired(HttpServerResponse res) {
        return Responses.text(res, HttpResponseStatus.BAD_REQUEST, "Bad Request");
    }
}

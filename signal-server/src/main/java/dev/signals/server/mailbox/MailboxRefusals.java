package dev.signals.server.mailbox;

import dev.signals.core.mailbox.MailboxCodec;
import dev.signals.core.mailbox.MailboxErrors;
import dev.signals.core.mailbox.MailboxReply;
import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.Responses;
import dev.signals.server.metrics.Metrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The router's refusals in the mailbox's words: a wrong method is 404 {@code {"msg":"not found"}}
 * (docs/security.md "Router refusals") and the per-IP rate is HTTP 200 with {@code 请求过于频繁} (SECURITY.md "Limits and their defaults", docs/mailbox.md step 0).
 */
final class MailboxRefusals implements RefusalStyle {
    private final String notFoundBody;
    private final String rateLimitedBody;
    private final Metrics metrics;

    MailboxRefusals(MailboxCodec codec, Metrics metrics) {
        this.notFoundBody = codec.encode(MailboxReply.refused(MailboxErrors.NOT_FOUND));
        this.rateLimitedBody = codec.encode(MailboxReply.refused(MailboxErrors.RATE_LIMITED));
        this.metrics = metrics;
    }

    // The router counts its own refusals (method_not_allowed, http_rate); these only word them.
    @Override
    public Publisher<Void> methodNotAllowed(HttpServerResponse res, String allow) {
        return Responses.json(res, HttpResponseStatus.NOT_FOUND, notFoundBody);
    }

    @Override
    public Publisher<Void> rateLimited(HttpServerResponse res) {
        return Responses.json(res, HttpResponseStatus.OK, rateLimitedBody);
    }

    /** An unknown mailbox path the handler itself refuses; counted here, as no router refusal is. */
    Publisher<Void> notFound(HttpServerResponse res) {
        metrics.error(MailboxDialect.NAME, MailboxErrors.metricReason(MailboxErrors.NOT_FOUND));
        return Responses.json(res, HttpResponseStatus.NOT_FOUND, notFoundBody);
    }
}

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
 * (PROTOCOLS.md §1.10) and the per-IP rate is HTTP 200 with {@code 请求过于频繁} (§1.4, §2 step 0).
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

    @Override
    public Publisher<Void> methodNotAllowed(HttpServerResponse res, String allow) {
        return notFound(res);
    }

    @Override
    public Publisher<Void> rateLimited(HttpServerResponse res) {
        metrics.rateLimited(MailboxDialect.NAME);
        return Responses.json(res, HttpResponseStatus.OK, rateLimitedBody);
    }

    Publisher<Void> notFound(HttpServerResponse res) {
        metrics.error(MailboxDialect.NAME, MailboxErrors.metricReason(MailboxErrors.NOT_FOUND));
        return Responses.json(res, HttpResponseStatus.NOT_FOUND, notFoundBody);
    }
}

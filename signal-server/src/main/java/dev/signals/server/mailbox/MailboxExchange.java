package dev.signals.server.mailbox;

import dev.signals.core.mailbox.MailboxCodec;
import dev.signals.core.mailbox.MailboxEndpoint;
import dev.signals.core.mailbox.MailboxErrors;
import dev.signals.core.mailbox.MailboxRefusal;
import dev.signals.core.mailbox.MailboxReply;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import dev.signals.server.http.Bodies;
import dev.signals.server.http.RequestInfo;
import dev.signals.server.http.Responses;
import dev.signals.server.logging.ConnLog;
import dev.signals.server.metrics.Metrics;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers one mailbox request (docs/mailbox.md): reads the body within {@code --max-message-bytes},
 * lets the codec check the key, checks the token (SECURITY.md "Per dialect, without and with authentication"), lets the codec check the body and the
 * store do the rest, and always replies HTTP 200
 * with the {@code {"msg","data"}} envelope. Never blocks: the body arrives asynchronously and the
 * store works on one key at a time.
 */
final class MailboxExchange {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxExchange.class);
    private static final String DIALECT = MailboxDialect.NAME;
    private static final String KEY_HEADER = "key";

    private final MailboxStore store;
    private final MailboxCodec codec;
    private final Authenticator auth;
    private final MailboxRefusals refusals;
    private final Metrics metrics;
    private final long maxBodyBytes;

    MailboxExchange(MailboxStore store, MailboxCodec codec, Authenticator auth, MailboxRefusals refusals, Metrics metrics,
                    long maxBodyBytes) {
        this.store = store;
        this.codec = codec;
        this.auth = auth;
        this.refusals = refusals;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res, RequestInfo info) {
        MailboxEndpoint endpoint = MailboxEndpoint.of(info.rawPath(), HttpMethod.POST.equals(req.method()));
        if (endpoint == null) {
            return refusals.notFound(res);
        }
        metrics.message(DIALECT, "in", endpoint.metricType());
        byte[] rawKey = rawHeaderBytes(req.requestHeaders().get(KEY_HEADER));
        // docs/mailbox.md step 0: the size is decided before the body is used, so "body过大" beats every other check.
        return Bodies.read(req, maxBodyBytes)
                .flatMap(body -> answer(endpoint, rawKey, body, req, info.clientIp()))
                .onErrorResume(Bodies.TooLarge.class, e -> Mono.just(MailboxReply.refused(MailboxErrors.BODY_TOO_LARGE)))
                .flatMap(reply -> respond(res, endpoint, reply));
    }

    private Mono<MailboxReply> answer(MailboxEndpoint endpoint, byte[] rawKey, byte[] body, HttpServerRequest req,
                                      String client) {
        try {
            String key = codec.key(rawKey);
            String refusal = authorize(req, key);
            if (refusal != null) {
                return Mono.just(MailboxReply.refused(refusal));
            }
            // docs/mailbox.md#limits: the key's bytes count against the address that created it.
            return store.apply(codec.decode(endpoint, key, body), client)
                    // docs/cluster.md: a store that cannot answer (e.g. its backend is down) reads as a full one.
                    .onErrorResume(e -> {
                        new ConnLog(LOG, DIALECT, req.requestId()).warn("mailbox store failed: {}", e.toString());
                        return Mono.just(MailboxReply.refused(MailboxErrors.STORAGE_FULL));
                    });
        } catch (MailboxRefusal refusal) {
            return Mono.just(MailboxReply.refused(refusal.msg()));
        }
    }

    /**
     * SECURITY.md "Per dialect, without and with authentication" with SECURITY.md "Limits and their defaults"'s order (name validation, then authentication): {@code unauthorized} without a
     * valid token, {@code forbidden} when its {@code key} grant does not cover this key, else null.
     */
    private String authorize(HttpServerRequest req, String key) {
        Authenticator.Outcome outcome = auth.authenticate(req);
        if (outcome instanceof Authenticator.Outcome.Rejected) {
            return MailboxErrors.UNAUTHORIZED;
        }
        Principal principal = ((Authenticator.Outcome.Authenticated) outcome).principal();
        return principal.allows(Grants.KEY, key) ? null : MailboxErrors.FORBIDDEN;
    }

    private Mono<Void> respond(HttpServerResponse res, MailboxEndpoint endpoint, MailboxReply reply) {
        if (reply.success()) {
            metrics.message(DIALECT, "out", endpoint.metricType());
        } else {
            metrics.error(DIALECT, MailboxErrors.metricReason(reply.msg()));
        }
        return Mono.from(Responses.json(res, HttpResponseStatus.OK, codec.encode(reply)));
    }

    /**
     * The header's bytes as they came off the wire. Netty decodes header bytes one-to-one into
     * chars (ISO-8859-1), so encoding back gives the raw bytes, which docs/mailbox.md reads as UTF-8.
     */
    static byte[] rawHeaderBytes(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                return value.getBytes(StandardCharsets.UTF_8); // already decoded upstream
            }
        }
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }
}

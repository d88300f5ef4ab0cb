package dev.signals.server.domain;

import dev.signals.core.domain.DomainCodec;
import dev.signals.core.domain.DomainErrors;
import dev.signals.core.domain.DomainMessage.Answer;
import dev.signals.core.domain.DomainMessage.Offer;
import dev.signals.core.domain.DomainMessage.SocketMessage;
import dev.signals.core.json.JsonShapeException;
import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.CseqClaim;
import dev.signals.server.ws.WsHandler;
import dev.signals.server.ws.WsConnection;

/**
 * One {@code /ws/{domain}} socket (docs/domain.md): holds its domain (last one wins, the replaced
 * socket closed 4000), forwards answers and offers it sends, and answers every bad frame with an
 * error frame while staying open. Its offers may only name an {@code offer_domain} its token
 * grants, and its answers may only go to a granted domain or to one with an offer outstanding to
 * it. Callbacks run on its event loop; {@link #deliver} and {@link #replaced} on any thread.
 */
final class DomainSocket implements WsHandler {
    private static final String DIALECT = DomainDialect.NAME;

    private final WsConnection session;
    private final String domain;
    private final String connId;
    private final Principal principal;
    private final DomainCodec codec;
    private final DomainService domains;
    private final Metrics metrics;
    /** Null when the token grants every domain (auth off, or {@code *}): every answer is allowed. */
    private final OutstandingOffers offers;
    /** Set by onClose; an onOpen that comes after it must not register a dead socket. */
    private volatile boolean closed;
    /** Restored on this node from a resumable session served elsewhere (docs/cluster.md "Resumable sessions"). */
    private final boolean restored;

    /**
     * @param connId unique across nodes and time: names this socket in the shared directory (docs/cluster.md)
     * @param remembered the state a resumable session restored on this node remembered ({@link #state}), or null
     */
    DomainSocket(WsConnection session, String domain, String connId, Principal principal, DomainCodec codec,
                 DomainService domains, Metrics metrics, String remembered) {
        this.restored = remembered != null;
        this.session = session;
        this.domain = domain;
        this.connId = connId;
        this.principal = principal;
        this.codec = codec;
        this.domains = domains;
        this.metrics = metrics;
        // The offers it may answer go with its session's state, so they survive a move (docs/cluster.md
        // "Call and domain sessions").
        this.offers = principal.grants().allowsEvery(Grants.DOMAIN) ? null
                : new OutstandingOffers(offersOf(remembered), pending -> session.remember(connId, state(pending)));
    }

    /** What a resumable session remembers: the domain, then the offers outstanding to it, if any. */
    private String state(String pendingOffers) {
        return pendingOffers.isEmpty() ? domain : domain + '\n' + pendingOffers;
    }

    /** The domain a remembered state names (a domain never holds a line break, DomainCodec.isValidDomain). */
    static String domainOf(String state) {
        int cut = state.indexOf('\n');
        return cut < 0 ? state : state.substring(0, cut);
    }

    private static String offersOf(String state) {
        int cut = state == null ? -1 : state.indexOf('\n');
        return cut < 0 ? "" : state.substring(cut + 1);
    }

    String domain() {
        return domain;
    }

    String connId() {
        return connId;
    }

    /** Queues a frame for this socket; false when it is closing or its queue overflowed. */
    boolean deliver(String type, String frame) {
        return deliver(type, frame, CseqClaim.NONE);
    }

    /** {@link #deliver(String, String)}; a session in Redis logs it with the sender's {@code cseq} (docs/cluster.md). */
    boolean deliver(String type, String frame, CseqClaim cseq) {
        if (!session.isOpen()) {
            return false;
        }
        if (offers != null && type.equals("offer")) {
            // Recorded before the frame is queued, so the answer it provokes always finds it.
            offers.offered(offerDomainOf(frame));
        }
        if (!session.send(frame, cseq)) {
            return false;
        }
        metrics.message(DIALECT, "out", type);
        return true;
    }

    /** A newer socket took this domain, on this node or another: close 4000 (docs/domain.md). */
    void replaced() {
        metrics.error(DIALECT, "replaced");
        session.close(DomainErrors.REPLACED_CLOSE_CODE, DomainErrors.REPLACED);
    }

    void log(String event) {
        session.log().debug("{} {}", event, domain);
    }

    @Override
    public void onOpen() {
        if (closed) {
            return;
        }
        if (restored) {
            session.log().debug("domain session resumed here");
            domains.restore(this);
            return;
        }
        // A resumable session is shared under this socket's id (docs/cluster.md "Resumable sessions").
        session.remember(connId, domain);
        domains.register(this);
    }

    @Override
    public void onText(String text) {
        long arrived = System.nanoTime();
        // The one Redis write that is this frame's effect records its cseq: the route or delivery,
        // or the error that answers it (docs/cluster.md "Resumable sessions").
        CseqClaim cseq = session.cseq();
        SocketMessage message;
        try {
            message = codec.decodeSocketMessage(text);
        } catch (JsonShapeException e) {
            session.log().debug("invalid message: {}", e.getMessage());
            fail(DomainErrors.INVALID_MESSAGE, "invalid_message", cseq);
            return;
        }
        metrics.message(DIALECT, "in", message.ty());
        if (!claimsOnlyGrantedDomains(message) || !answersOnlyAnOffer(message)) {
            fail(DomainErrors.FORBIDDEN, "forbidden", cseq);
            return;
        }
        boolean answer = message instanceof Answer;
        domains.deliver(message.target(), message.ty(), codec.frame(message), cseq, arrived).subscribe(delivery -> {
            // An error answered at once carries the cseq; one answered after a route, which
            // recorded it, carries none (CseqClaim.take).
            if (delivery == DomainService.Delivery.BACKEND_UNAVAILABLE) {
                fail(DomainErrors.BACKEND_UNAVAILABLE, "backend_unavailable", cseq);
            } else if (delivery == DomainService.Delivery.NOT_CONNECTED) {
                // An answer goes back to the offerer; an offer goes on to the answerer (docs/domain.md).
                fail(answer ? DomainErrors.OFFER_DOMAIN_NOT_CONNECTED : DomainErrors.ANSWER_DOMAIN_NOT_CONNECTED,
                        answer ? "offer_domain_not_connected" : "answer_domain_not_connected", cseq);
            }
        });
    }

    /** A delivery or route, or the error that answers the frame, records its cseq (docs/cluster.md "Resumable sessions"). */
    @Override
    public boolean handsOnCseq() {
        return true;
    }

    /**
     * A message names who sent it, and with auth on that name must be one the token grants
     * (SECURITY.md "Per dialect, without and with authentication"): an offer's {@code offer_req.offer_domain}, as for {@code POST /offer}, and an
     * answer's echoed {@code offer_req.answer_domain}, so that no socket can answer in another
     * domain's name. An answer without {@code offer_req} names nobody.
     */
    private boolean claimsOnlyGrantedDomains(SocketMessage message) {
        if (message instanceof Offer offer) {
            return principal.allows(Grants.DOMAIN, offer.offerReq().offerDomain());
        }
        if (message instanceof Answer answer && answer.offerReq() != null) {
            return principal.allows(Grants.DOMAIN, answer.offerReq().answerDomain());
        }
        return true;
    }

    /**
     * An answer goes only to a domain the token grants or to one that has an offer outstanding to
     * this socket, which the answer then uses up (docs/domain.md#authentication); otherwise any
     * socket could push an unsolicited answer to any domain. This socket received the offer on
     * whichever node it came from, so the rule is checked here alone, also across nodes.
     */
    private boolean answersOnlyAnOffer(SocketMessage message) {
        if (offers == null || !(message instanceof Answer)) {
            return true;
        }
        return offers.answer(message.target()) || principal.allows(Grants.DOMAIN, message.target());
    }

    /** The offerer named in an offer frame this server wrote, so it always decodes. */
    private String offerDomainOf(String offerFrame) {
        try {
            return ((Offer) codec.decodeSocketMessage(offerFrame)).offerReq().offerDomain();
        } catch (JsonShapeException e) {
            throw new IllegalStateException("offer frame written by this server does not decode", e);
        }
    }

    @Override
    public void onBinary() {
        fail(DomainErrors.INVALID_MESSAGE, "binary");
    }

    @Override
    public void onClose() {
        closed = true;
        domains.unregister(this);
    }

    @Override
    public String rateLimitedFrame() {
        return codec.errorFrame(DomainErrors.RATE_LIMITED);
    }

    @Override
    public String busyFrame() {
        return codec.errorFrame(DomainErrors.SERVER_BUSY);
    }

    private void fail(String reason, String metricReason) {
        fail(reason, metricReason, CseqClaim.NONE);
    }

    /** Answers with an error; a session in Redis logs it with {@code cseq} when the error is the frame's effect. */
    private void fail(String reason, String metricReason, CseqClaim cseq) {
        metrics.error(DIALECT, metricReason);
        deliver("error", codec.errorFrame(reason), cseq);
    }
}

package dev.signals.core.domain;

import java.util.List;

/**
 * The domain dialect's wire messages (docs/domain.md), already validated by {@link DomainCodec}:
 * the {@code POST /offer} body and the two frames a socket may send. Immutable.
 */
public sealed interface DomainMessage {

    /** {@code OfferReq}: the offerer's SDP (base64) and candidates, from {@code offer_domain} to {@code answer_domain}. */
    record OfferReq(String offerSdp, List<String> candidate, String answerDomain, String offerDomain)
            implements DomainMessage {
        public OfferReq {
            candidate = List.copyOf(candidate);
        }
    }

    /** {@code AnswerResp}: the answerer's SDP (base64) and candidates, for the socket of {@code offer_domain}. */
    record AnswerResp(String answerSdp, String offerDomain, List<String> candidate) {
        public AnswerResp {
            candidate = List.copyOf(candidate);
        }
    }

    /** A frame a socket sends; it is forwarded to the socket registered under {@link #target()}. */
    sealed interface SocketMessage extends DomainMessage {
        /** The domain this message is routed to. */
        String target();

        /** The {@code ty} it carries: {@code offer} or {@code answer}. */
        String ty();
    }

    /** {@code {"ty":"offer",…}} (extension): routed to {@code offer_req.answer_domain} like {@code POST /offer}. */
    record Offer(OfferReq offerReq) implements SocketMessage {
        @Override
        public String target() {
            return offerReq.answerDomain();
        }

        @Override
        public String ty() {
            return "offer";
        }
    }

    /** {@code {"ty":"answer",…}}: routed to {@code answer_resp.offer_domain}; {@code offerReq} may be null. */
    record Answer(AnswerResp answerResp, OfferReq offerReq) implements SocketMessage {
        @Override
        public String target() {
            return answerResp.offerDomain();
        }

        @Override
        public String ty() {
            return "answer";
        }
    }
}

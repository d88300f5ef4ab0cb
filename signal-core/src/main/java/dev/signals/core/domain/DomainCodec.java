package dev.signals.core.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signals.core.domain.DomainMessage.Answer;
import dev.signals.core.domain.DomainMessage.AnswerResp;
import dev.signals.core.domain.DomainMessage.Offer;
import dev.signals.core.domain.DomainMessage.OfferReq;
import dev.signals.core.domain.DomainMessage.SocketMessage;
import dev.signals.core.json.JsonObjectWriter;
import dev.signals.core.json.JsonShapeException;
import dev.signals.core.json.StrictJson;
import java.util.List;

/**
 * The only code that reads or writes domain-dialect bytes (docs/domain.md). Input is strict and
 * a refusal names the bad field; output has exactly the key orders of docs/domain.md, unknown fields dropped.
 */
public final class DomainCodec {
    /** Longest domain name, in characters (all ASCII). */
    public static final int MAX_DOMAIN_LENGTH = 253;

    private static final String SUCCESS = JsonObjectWriter.object()
            .number("code", 0).string("msg", DomainErrors.SUCCESS).nullValue("data").end();

    private final StrictJson json;

    public DomainCodec(StrictJson json) {
        this.json = json;
    }

    /** Whether a raw {@code /ws/{domain}} segment is a domain: 1–253 of {@code [A-Za-z0-9._:-]}, no escapes. */
    public static boolean isValidDomain(String segment) {
        int n = segment.length();
        if (n == 0 || n > MAX_DOMAIN_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = segment.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a {@code POST /offer} body; the exception's message names the bad field. */
    public OfferReq decodeOfferReq(byte[] body) throws JsonShapeException {
        return offerReq(json.parseObject(body), "");
    }

    /** Decodes one socket text frame: {@code ty} {@code answer}, or the {@code offer} extension. */
    public SocketMessage decodeSocketMessage(String text) throws JsonShapeException {
        ObjectNode root = json.parseObject(text);
        String ty = StrictJson.optString(root, "ty");
        if (ty == null) {
            throw new JsonShapeException("ty", "is required");
        }
        if (ty.equals("answer")) {
            ObjectNode req = StrictJson.optObject(root, "offer_req");
            return new Answer(answerResp(required(root, "answer_resp")),
                    req == null ? null : offerReq(req, "offer_req."));
        }
        if (ty.equals("offer")) {
            // answer_resp is null in an offer; whatever a client puts there is not forwarded.
            return new Offer(offerReq(required(root, "offer_req"), "offer_req."));
        }
        throw new JsonShapeException("ty", "must be \"offer\" or \"answer\"");
    }

    private static ObjectNode required(ObjectNode root, String field) throws JsonShapeException {
        ObjectNode value = StrictJson.optObject(root, field);
        if (value == null) {
            throw new JsonShapeException(field, "is required");
        }
        return value;
    }

    private static OfferReq offerReq(ObjectNode node, String path) throws JsonShapeException {
        return new OfferReq(nonEmpty(node, "offer_sdp", path), candidates(node, path),
                nonEmpty(node, "answer_domain", path), nonEmpty(node, "offer_domain", path));
    }

    private static AnswerResp answerResp(ObjectNode node) throws JsonShapeException {
        String path = "answer_resp.";
        return new AnswerResp(nonEmpty(node, "answer_sdp", path), nonEmpty(node, "offer_domain", path),
                candidates(node, path));
    }

    private static String nonEmpty(ObjectNode node, String field, String path) throws JsonShapeException {
        String value;
        try {
            value = StrictJson.optString(node, field);
        } catch (JsonShapeException e) {
            throw new JsonShapeException(path + field, "must be a string");
        }
        if (value == null) {
            throw new JsonShapeException(path + field, "is required");
        }
        if (value.isEmpty()) {
            throw new JsonShapeException(path + field, "must not be empty");
        }
        return value;
    }

    /** {@code candidate}: an array of strings; missing or null means none. */
    private static List<String> candidates(ObjectNode node, String path) throws JsonShapeException {
        try {
            List<String> list = StrictJson.optStringArray(node, "candidate");
            return list == null ? List.of() : list;
        } catch (JsonShapeException e) {
            throw new JsonShapeException(path + "candidate", "must be an array of strings");
        }
    }

    /** {@code {"ty":"offer","answer_resp":null,"offer_req":{…}}}, pushed to {@code answer_domain}. */
    public String offerFrame(OfferReq req) {
        return JsonObjectWriter.object().string("ty", "offer").nullValue("answer_resp")
                .raw("offer_req", offerReqJson(req)).end();
    }

    /** {@code {"ty":"answer","answer_resp":{…},"offer_req":{…}|null}}, pushed to {@code offer_domain}. */
    public String answerFrame(Answer answer) {
        AnswerResp resp = answer.answerResp();
        String respJson = JsonObjectWriter.object().string("answer_sdp", resp.answerSdp())
                .string("offer_domain", resp.offerDomain()).strings("candidate", resp.candidate()).end();
        return JsonObjectWriter.object().string("ty", "answer").raw("answer_resp", respJson)
                .raw("offer_req", answer.offerReq() == null ? null : offerReqJson(answer.offerReq())).end();
    }

    /** The frame for whichever socket message it is given. */
    public String frame(SocketMessage message) {
        return message instanceof Answer ? answerFrame((Answer) message) : offerFrame(((Offer) message).offerReq());
    }

    private static String offerReqJson(OfferReq req) {
        return JsonObjectWriter.object().string("offer_sdp", req.offerSdp()).strings("candidate", req.candidate())
                .string("answer_domain", req.answerDomain()).string("offer_domain", req.offerDomain()).end();
    }

    /** {@code {"ty":"error","code":-1,"msg":…}}: a socket-side refusal; the socket stays open. */
    public String errorFrame(String msg) {
        return JsonObjectWriter.object().string("ty", "error").number("code", -1).string("msg", msg).end();
    }

    /** The {@code Resp} of a pushed offer: {@code {"code":0,"msg":"success","data":null}}. */
    public String success() {
        return SUCCESS;
    }

    /** A failed request's {@code Resp}: {@code {"code":-1,"msg":…,"data":null}}. */
    public String failure(String msg) {
        return JsonObjectWriter.object().number("code", -1).string("msg", msg).nullValue("data").end();
    }
}

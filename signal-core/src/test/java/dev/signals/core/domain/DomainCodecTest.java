package dev.signals.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.core.domain.DomainMessage.Answer;
import dev.signals.core.domain.DomainMessage.AnswerResp;
import dev.signals.core.domain.DomainMessage.Offer;
import dev.signals.core.domain.DomainMessage.OfferReq;
import dev.signals.core.json.JsonShapeException;
import dev.signals.core.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainCodecTest {
    private final DomainCodec codec = new DomainCodec(new StrictJson());

    private String offerProblem(String body) {
        return assertThrows(JsonShapeException.class,
                () -> codec.decodeOfferReq(body.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    private String socketProblem(String frame) {
        return assertThrows(JsonShapeException.class, () -> codec.decodeSocketMessage(frame)).getMessage();
    }

    @Test
    void decodesTheSeedShapes() throws Exception {
        assertEquals(new OfferReq("s", List.of("c1", "c2"), "B", "A"), codec.decodeOfferReq(
                "{\"offer_sdp\":\"s\",\"candidate\":[\"c1\",\"c2\"],\"answer_domain\":\"B\",\"offer_domain\":\"A\",\"x\":1}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(new OfferReq("s", List.of(), "B", "A"), codec.decodeOfferReq(
                "{\"offer_sdp\":\"s\",\"candidate\":null,\"answer_domain\":\"B\",\"offer_domain\":\"A\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(new Answer(new AnswerResp("a", "A", List.of()), null),
                codec.decodeSocketMessage("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"a\",\"offer_domain\":\"A\"},\"offer_req\":null}"));
        assertEquals(new Offer(new OfferReq("s", List.of(), "B", "A")), codec.decodeSocketMessage(
                "{\"ty\":\"offer\",\"answer_resp\":{\"ignored\":true},\"offer_req\":{\"offer_sdp\":\"s\",\"answer_domain\":\"B\",\"offer_domain\":\"A\"}}"));
    }

    @Test
    void namesTheBadField() {
        assertEquals("empty document", offerProblem(""));
        assertEquals("invalid JSON", offerProblem("{"));
        assertEquals("not a JSON object", offerProblem("\"x\""));
        assertEquals("offer_sdp is required", offerProblem("{}"));
        assertEquals("offer_sdp must be a string", offerProblem("{\"offer_sdp\":true}"));
        assertEquals("offer_sdp must not be empty", offerProblem("{\"offer_sdp\":\"\"}"));
        assertEquals("candidate must be an array of strings", offerProblem("{\"offer_sdp\":\"s\",\"candidate\":{}}"));
        assertEquals("answer_domain is required", offerProblem("{\"offer_sdp\":\"s\"}"));
        assertEquals("offer_domain must not be empty", offerProblem("{\"offer_sdp\":\"s\",\"answer_domain\":\"B\",\"offer_domain\":\"\"}"));
        assertEquals("ty is required", socketProblem("{}"));
        assertEquals("ty must be \"offer\" or \"answer\"", socketProblem("{\"ty\":\"error\"}"));
        assertEquals("answer_resp is required", socketProblem("{\"ty\":\"answer\"}"));
        assertEquals("answer_resp.offer_domain is required", socketProblem("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"a\"}}"));
        assertEquals("offer_req.offer_sdp is required",
                socketProblem("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"a\",\"offer_domain\":\"A\"},\"offer_req\":{}}"));
        assertEquals("offer_req is required", socketProblem("{\"ty\":\"offer\",\"answer_resp\":null}"));
    }

    @Test
    void writesTheKeyOrdersOfTheContractLikeJsonStringify() {
        OfferReq req = new OfferReq("s\"\\\n\u0001</é\u2028", List.of("c"), "B", "A");
        assertEquals("{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":{\"offer_sdp\":\"s\\\"\\\\\\n\\u0001</é\u2028\","
                + "\"candidate\":[\"c\"],\"answer_domain\":\"B\",\"offer_domain\":\"A\"}}", codec.offerFrame(req));
        assertEquals("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"a\",\"offer_domain\":\"A\",\"candidate\":[]},\"offer_req\":null}",
                codec.answerFrame(new Answer(new AnswerResp("a", "A", List.of()), null)));
        assertEquals("{\"ty\":\"error\",\"code\":-1,\"msg\":\"invalid message\"}", codec.errorFrame("invalid message"));
        assertEquals("{\"code\":0,\"msg\":\"success\",\"data\":null}", codec.success());
        assertEquals("{\"code\":-1,\"msg\":\"body too large\",\"data\":null}", codec.failure("body too large"));
    }

    @Test
    void domainNamesAreOneToTwoHundredFiftyThreeSafeCharacters() {
        assertTrue(DomainCodec.isValidDomain("a"));
        assertTrue(DomainCodec.isValidDomain("Az09._:-"));
        assertTrue(DomainCodec.isValidDomain("x".repeat(253)));
        assertFalse(DomainCodec.isValidDomain(""));
        assertFalse(DomainCodec.isValidDomain("x".repeat(254)));
        for (String bad : new String[] {"a/b", "a%41", "a b", "é", "a?b", "a#b", "a+b", "a@b", "a\u0000"}) {
            assertFalse(DomainCodec.isValidDomain(bad), bad);
        }
    }
}

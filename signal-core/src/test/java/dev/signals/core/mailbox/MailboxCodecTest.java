package dev.signals.core.mailbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signals.core.json.StrictJson;
import org.junit.jupiter.api.Test;

class MailboxCodecTest {
    private static final String KEY = "k";
    private final MailboxCodec codec = new MailboxCodec(new StrictJson());

    @Test
    void envelopeIsJsonStringifyExact() {
        assertEquals("{\"msg\":\"\",\"data\":null}", codec.encode(MailboxReply.OK));
        assertEquals("{\"msg\":\"key为空\",\"data\":null}", codec.encode(MailboxReply.refused(MailboxErrors.KEY_EMPTY)));
        assertEquals("{\"msg\":\"\",\"data\":\"{\\\"type\\\":\\\"offer\\\",\\\"sdp\\\":\\\"v=0\\r\\n\\\"}\"}",
                codec.encode(MailboxReply.ok("{\"type\":\"offer\",\"sdp\":\"v=0\r\n\"}")));
        assertEquals("{\"msg\":\"\",\"data\":\"</a>&\\u0001\\b\u2028é\\ud800\"}",
                codec.encode(MailboxReply.ok("</a>&\u0001\b\u2028é\ud800")));
    }

    @Test
    void offerBodyIsDecodedWithTtlClamped() throws MailboxRefusal {
        assertEquals(new MailboxRequest.StoreOffer("k", 10, "{\"sdp\":1}"), offer("{\"key_ttl\":10,\"data\":\"{\\\"sdp\\\":1}\"}"));
        assertEquals(30, ttl("{\"data\":\"x\"}"));
        assertEquals(30, ttl("{\"key_ttl\":null,\"data\":\"x\"}"));
        assertEquals(30, ttl("{\"key_ttl\":0,\"data\":\"x\"}"));
        assertEquals(30, ttl("{\"key_ttl\":-4,\"data\":\"x\"}"));
        assertEquals(30, ttl("{\"key_ttl\":31,\"data\":\"x\"}"));
        assertEquals(30, ttl("{\"key_ttl\":9007199254740992,\"data\":\"x\"}"));
        assertEquals(1, ttl("{\"key_ttl\":1,\"data\":\"x\",\"extra\":[1]}"));
    }

    @Test
    void offerBodyErrorsNameTheProblem() {
        String p = MailboxErrors.INVALID_JSON_PREFIX;
        assertEquals(p + "invalid JSON", offerError("{\"data\":"));
        assertEquals(p + "invalid JSON", offerError("{\"data\":\"x\"} {}"));
        assertEquals(p + "invalid JSON", offerError("{\"data\":\"x\",\"data\":\"y\"}"));
        assertEquals(p + "empty document", offerError(""));
        assertEquals(p + "not a JSON object", offerError("[\"x\"]"));
        assertEquals(p + "not a JSON object", offerError("\"x\""));
        assertEquals(p + "key_ttl must be an integer", offerError("{\"key_ttl\":\"10\",\"data\":\"x\"}"));
        assertEquals(p + "key_ttl must be an integer", offerError("{\"key_ttl\":1.5,\"data\":\"x\"}"));
        assertEquals(p + "key_ttl must be an integer", offerError("{\"key_ttl\":1e1,\"data\":\"x\"}"));
        assertEquals(p + "key_ttl must be an integer", offerError("{\"key_ttl\":true,\"data\":\"x\"}"));
        assertEquals(p + "data must be a string", offerError("{\"data\":{\"type\":\"offer\"}}"));
        assertEquals(p + "invalid UTF-8", error(MailboxEndpoint.POST_OFFER_SDP, KEY, new byte[] {'{', '"', (byte) 0xC3, '"', '}'}));
        assertEquals(MailboxErrors.DATA_EMPTY, offerError("{\"key_ttl\":5}"));
        assertEquals(MailboxErrors.DATA_EMPTY, offerError("{\"data\":null}"));
        assertEquals(MailboxErrors.DATA_EMPTY, offerError("{\"data\":\"\"}"));
    }

    @Test
    void theKeyComesFromTheHeadersRawBytes() throws MailboxRefusal {
        assertEquals("钥", codec.key(" 钥\u00a0".getBytes(UTF_8)));
        assertEquals(MailboxErrors.KEY_EMPTY, assertThrows(MailboxRefusal.class, () -> codec.key(null)).msg());
        assertEquals(MailboxErrors.KEY_TOO_LONG, assertThrows(MailboxRefusal.class, () -> codec.key("k".repeat(33).getBytes(UTF_8))).msg());
    }

    @Test
    void rawBodiesAreKeptAsSentAndGetsPopTheOtherSidesQueue() throws MailboxRefusal {
        assertEquals(new MailboxRequest.Push("k", MailboxQueue.ANSWER_SDP, " {\"type\":\"answer\"}\n"),
                codec.decode(MailboxEndpoint.POST_ANSWER_SDP, KEY, " {\"type\":\"answer\"}\n".getBytes(UTF_8)));
        assertEquals(new MailboxRequest.Push("k", MailboxQueue.OFFER_CANDIDATES, ""),
                codec.decode(MailboxEndpoint.POST_OFFER_CANDIDATE, KEY, new byte[0]));
        assertEquals(new MailboxRequest.Pop("k", MailboxQueue.OFFER_SDP), codec.decode(MailboxEndpoint.GET_ANSWER_SDP, KEY, new byte[0]));
        assertEquals(new MailboxRequest.Pop("k", MailboxQueue.ANSWER_SDP), codec.decode(MailboxEndpoint.GET_OFFER_SDP, KEY, new byte[0]));
        assertEquals(new MailboxRequest.Pop("k", MailboxQueue.OFFER_CANDIDATES), codec.decode(MailboxEndpoint.GET_ANSWER_CANDIDATE, KEY, new byte[0]));
        assertEquals(new MailboxRequest.Pop("k", MailboxQueue.ANSWER_CANDIDATES), codec.decode(MailboxEndpoint.GET_OFFER_CANDIDATE, KEY, new byte[0]));
    }

    @Test
    void endpointsResolveWithAndWithoutTrailingSlash() {
        assertEquals(MailboxEndpoint.POST_ANSWER_CANDIDATE, MailboxEndpoint.of("/answer/candidate", true));
        assertEquals(MailboxEndpoint.GET_OFFER_SDP, MailboxEndpoint.of("/offer/sdp/", false));
        assertEquals(null, MailboxEndpoint.of("/offer/sdp//", false));
        assertEquals(null, MailboxEndpoint.of("/answer/", false));
        assertEquals(4, MailboxEndpoint.paths().size());
    }

    private MailboxRequest offer(String body) throws MailboxRefusal {
        return codec.decode(MailboxEndpoint.POST_OFFER_SDP, KEY, body.getBytes(UTF_8));
    }

    private int ttl(String body) throws MailboxRefusal {
        return ((MailboxRequest.StoreOffer) offer(body)).ttlSeconds();
    }

    private String offerError(String body) {
        return error(MailboxEndpoint.POST_OFFER_SDP, KEY, body.getBytes(UTF_8));
    }

    private String error(MailboxEndpoint endpoint, String key, byte[] body) {
        return assertThrows(MailboxRefusal.class, () -> codec.decode(endpoint, key, body)).msg();
    }
}

package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every message of docs/mailbox.md from the input that should produce it, and the check order. */
class MailboxErrorsTest {
    private static final String JSON = "请求体不是合法的JSON: ";
    private static TestNode node;
    private static MailboxClient client;

    @BeforeAll
    static void start() {
        node = TestNode.start("--http-rate-limit", "0");
        client = new MailboxClient(node);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aMissingOrOverlongKeyIsRefusedOnEveryEndpoint() throws Exception {
        for (String path : new String[] {"/offer/sdp/", "/offer/candidate/", "/answer/sdp/", "/answer/candidate/"}) {
            assertEquals(msg("key为空"), client.post(path, null, "x"), path);
            assertEquals(msg("key为空"), client.get(path, null), path);
            assertEquals(msg("key太长，长度不能超过32位"), client.get(path, "k".repeat(33)), path);
            assertEquals(msg("key太长，长度不能超过32位"), client.post(path, "0123456789abcdef".repeat(4), "x"), path);
        }
        assertEquals(msg("key为空"), client.post("/offer/sdp/", null, "not even JSON"));
    }

    @Test
    void answerEndpointsOnAnUnknownKeyAreNotFound() throws Exception {
        String key = "never-offered";
        assertEquals(msg("key未找到"), client.get("/answer/sdp/", key));
        assertEquals(msg("key未找到"), client.post("/answer/sdp/", key, "{\"type\":\"answer\"}"));
        assertEquals(msg("key未找到"), client.get("/answer/candidate/", key));
        assertEquals(msg("key未找到"), client.post("/answer/candidate/", key, "c"));
        assertEquals(msg("key未找到"), client.post("/answer/candidate/", key, ""), "the key check comes before the body check");
    }

    @Test
    void offerEndpointsOnAnUnknownKeyAreExpired() throws Exception {
        String key = "never-created";
        assertEquals(msg("key已过期"), client.get("/offer/sdp/", key));
        assertEquals(msg("key已过期"), client.get("/offer/candidate/", key));
        assertEquals(msg("key已过期"), client.post("/offer/candidate/", key, "c"));
        assertEquals(msg("key已过期"), client.post("/offer/candidate/", key, " "));
        assertEquals(msg("key未找到"), client.get("/answer/sdp/", key), "none of them created the key");
    }

    @Test
    void aBadOfferBodyNamesTheProblemAndCreatesNothing() throws Exception {
        String key = "bad-offer";
        assertEquals(msg(JSON + "invalid JSON"), client.post("/offer/sdp/", key, "v=0"));
        assertEquals(msg(JSON + "invalid JSON"), client.post("/offer/sdp/", key, "{\"data\":\"a\",\"data\":\"b\"}"));
        assertEquals(msg(JSON + "invalid JSON"), client.post("/offer/sdp/", key, "{\"data\":\"a\"}x"));
        assertEquals(msg(JSON + "empty document"), client.post("/offer/sdp/", key, ""));
        assertEquals(msg(JSON + "not a JSON object"), client.post("/offer/sdp/", key, "[]"));
        assertEquals(msg(JSON + "key_ttl must be an integer"), client.post("/offer/sdp/", key, "{\"key_ttl\":\"30\",\"data\":\"x\"}"));
        assertEquals(msg(JSON + "key_ttl must be an integer"), client.post("/offer/sdp/", key, "{\"key_ttl\":2.5,\"data\":\"x\"}"));
        assertEquals(msg(JSON + "data must be a string"), client.post("/offer/sdp/", key, "{\"key_ttl\":30,\"data\":{\"type\":\"offer\"}}"));
        assertEquals(msg("data为空"), client.post("/offer/sdp/", key, "{\"key_ttl\":30}"));
        assertEquals(msg("data为空"), client.post("/offer/sdp/", key, "{\"key_ttl\":30,\"data\":null}"));
        assertEquals(msg("data为空"), client.post("/offer/sdp/", key, "{\"key_ttl\":30,\"data\":\"\"}"));
        assertEquals(msg("key未找到"), client.get("/answer/sdp/", key));
    }

    @Test
    void sdpsAreAcceptedOncePerKeyLifetime() throws Exception {
        String key = "once";
        assertEquals(OK, client.post("/offer/sdp/", key, offerBody(30, "o1")));
        assertEquals(msg("sdp已存在"), client.post("/offer/sdp/", key, offerBody(30, "o2")));
        assertEquals(data("o1"), client.get("/answer/sdp/", key));
        assertEquals(msg("sdp已存在"), client.post("/offer/sdp/", key, offerBody(30, "o3")), "even after it was popped");
        assertEquals(msg("sdp没有值"), client.get("/answer/sdp/", key));
        assertEquals(OK, client.post("/answer/sdp/", key, "a1"));
        assertEquals(msg("sdp已存在"), client.post("/answer/sdp/", key, "a2"));
        assertEquals(data("a1"), client.get("/offer/sdp/", key));
        assertEquals(msg("sdp已存在"), client.post("/answer/sdp/", key, "a3"));
        assertEquals(msg("sdp没有值"), client.get("/offer/sdp/", key));
    }

    @Test
    void pollsTellANeverFilledQueueFromAnEmptyOne() throws Exception {
        String key = "polls";
        client.post("/offer/sdp/", key, offerBody(30, "o"));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/offer/sdp/", key));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/offer/candidate/", key));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/answer/candidate/", key));
        assertEquals(OK, client.post("/offer/candidate/", key, "c1"));
        assertEquals(data("c1"), client.get("/answer/candidate/", key));
        assertEquals(msg("candidate没有值"), client.get("/answer/candidate/", key));
        assertEquals(OK, client.post("/answer/candidate/", key, "c2"));
        assertEquals(data("c2"), client.get("/offer/candidate/", key));
        assertEquals(msg("candidate没有值"), client.get("/offer/candidate/", key));
    }

    @Test
    void blankBodiesAreRefusedAndStoreNothing() throws Exception {
        String key = "blank";
        client.post("/offer/sdp/", key, offerBody(30, "o"));
        assertEquals(msg("body为空"), client.post("/answer/sdp/", key, ""));
        assertEquals(msg("body为空"), client.post("/answer/sdp/", key, " \r\n\t"));
        assertEquals(msg("body为空"), client.post("/offer/candidate/", key, ""));
        assertEquals(msg("body为空"), client.post("/answer/candidate/", key, "\u00a0\u3000"));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/offer/sdp/", key));
        assertEquals(msg("队列获取失败，因为不存在"), client.get("/answer/candidate/", key));
        assertEquals(OK, client.post("/answer/sdp/", key, " a \n"));
        assertEquals(data(" a \n"), client.get("/offer/sdp/", key), "raw bodies are stored byte-exact");
    }

    @Test
    void theKeyIsTrimmedAndExact() throws Exception {
        client.post("/offer/sdp/", "Trim", offerBody(30, "o"));
        assertEquals(msg("key未找到"), client.get("/answer/sdp/", "trim"));
        assertEquals(data("o"), client.get("/answer/sdp/", "  Trim\t"));
    }
}

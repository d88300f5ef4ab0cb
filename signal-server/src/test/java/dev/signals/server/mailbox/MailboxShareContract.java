package dev.signals.server.mailbox;

import static dev.signals.server.mailbox.MailboxClient.OK;
import static dev.signals.server.mailbox.MailboxClient.data;
import static dev.signals.server.mailbox.MailboxClient.msg;
import static dev.signals.server.mailbox.MailboxClient.offerBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.RawHttp;
import dev.signals.server.testing.TestNode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 3, as one contract for both stores (the rule lives in {@code MailboxBudget} and in
 * {@code mailbox-lib.lua}): one address filling the mailbox with many keys of many large
 * candidates gets the MaxCost answer once its keys hold {@code --mailbox-ip-share}, each key stops
 * at {@code --max-key-bytes}, and another address can still store. At a reduced scale: a 256 KiB
 * budget, a 25 % share (64 KiB), 32 KiB per key.
 */
interface MailboxShareContract {
    String[] FLAGS = {"--mailbox-max-bytes", "256KiB", "--mailbox-ip-share", "25%", "--max-key-bytes", "32KiB"};
    String FULL = msg("缓存超出MaxCost，服务已达到最大负载");
    int SHARE = 64 * 1024;
    int KEY_CAP = 32 * 1024;
    String CANDIDATE = "c".repeat(4096);
    /** docs/mailbox.md#limits: 256 per key plus its bytes, 48 per item plus its bytes. */
    int OFFER_COST = 256 + "k00".length() + 48 + 1;
    int CANDIDATE_COST = 48 + CANDIDATE.length();

    /** Two nodes sharing one store (the same node twice when the store is in memory), with {@code flags}. */
    TestNode[] nodes(String... flags) throws Exception;

    @Test
    default void oneAddressFillsOnlyItsShareAndAnotherCanStillStore() throws Exception {
        TestNode[] nodes = nodes(FLAGS);
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        long held = 0;
        for (int k = 0; k < 16; k++) {
            TestNode node = nodes[k % 2]; // clustered, the share is one across nodes
            String key = String.format("k%02d", k);
            String offer = post(node, attacker, "/offer/sdp/", key, offerBody(30, "o"));
            if (offer.equals(FULL)) {
                assertTrue(held + OFFER_COST > SHARE, "an offer refused with " + held + " bytes held");
                continue;
            }
            assertEquals(OK, offer);
            long keyBytes = OFFER_COST;
            while (post(node, attacker, "/offer/candidate/", key, CANDIDATE).equals(OK)) {
                keyBytes += CANDIDATE_COST;
            }
            assertTrue(keyBytes <= KEY_CAP, key + " holds " + keyBytes);
            if (k == 0) {
                assertEquals(OFFER_COST + 7 * CANDIDATE_COST, keyBytes, "the first key stops at --max-key-bytes");
            }
            held += keyBytes;
        }
        assertTrue(held <= SHARE && held + OFFER_COST > SHARE, "the attacker's keys hold its whole share, no more: " + held);

        InetAddress other = InetAddress.getByName("127.0.0.3");
        assertEquals(OK, post(nodes[1], other, "/offer/sdp/", "v", offerBody(30, "offer")));
        assertEquals(OK, post(nodes[1], other, "/offer/candidate/", "v", CANDIDATE));
        assertEquals(data("offer"), get(nodes[0], other, "/answer/sdp/", "v"));

        // Popping gives the bytes back to the key's creator, whoever pops.
        assertEquals(FULL, post(nodes[0], attacker, "/offer/candidate/", "k02", CANDIDATE));
        assertEquals(data(CANDIDATE), get(nodes[1], other, "/answer/candidate/", "k00"));
        assertEquals(OK, post(nodes[0], attacker, "/offer/candidate/", "k00", CANDIDATE));
    }

    private static String post(TestNode node, InetAddress from, String path, String key, String body) throws Exception {
        return exchange(node, from, "POST", path, key, body);
    }

    private static String get(TestNode node, InetAddress from, String path, String key) throws Exception {
        return exchange(node, from, "GET", path, key, "");
    }

    private static String exchange(TestNode node, InetAddress from, String method, String path, String key, String body)
            throws Exception {
        RawHttp.Response res = RawHttp.exchange(from, node.port(), method, path,
                Map.of("key", key.getBytes(StandardCharsets.UTF_8)), body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, res.status(), res.text());
        return res.text();
    }
}

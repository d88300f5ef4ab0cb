package dev.signals.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.TurnServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TURN credentials rotated on a live relayed connection (docs/turn.md "Rotation on a live
 * connection", docs/demo.md): two relay-only demo pages in session mode, with the shortest
 * {@code --turn-ttl}, keep their DataChannel through a real coturn past both pages' first
 * credentials' expiry. Each rotation reaches a page as an {@code ice_servers} frame; the page
 * that made the first offer restarts ICE, for its own rotation and when the other asks, and the
 * other only answers. Afterwards each page's selected pair is relayed through an allocation that
 * coturn granted to a credential the page received after its first.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class TurnRotationBrowserTest {
    private static final String SECRET = "rotation-test-turn-secret-5c1";
    private static final Pattern USERNAME = Pattern.compile("\\{\"ice_servers\":.*\"username\":\"(\\d+:[^\"]+)\"");
    private static final Pattern RELAYED_AS = Pattern.compile("uses relay → relay candidates \\(relay \\S+ as TURN user (\\S+)\\)");
    private static final String OFFER_OUT = "→ WS /connect (resumable)\n{\"type\":\"offer\"";
    private static final String OFFER_IN = "← WS /connect (resumable)\n{\"type\":\"offer\"";
    private static final Duration ROTATIONS = Duration.ofSeconds(60);

    @Test
    void aRelayedChannelOutlivesTheFirstCredentialsThroughIceRestartsFromTheFirstOfferer() throws Exception {
        try (TurnServerProcess coturn = TurnServerProcess.start(List.of(SECRET), "--verbose");
             TestNode node = TestNode.start("--turn-urls", coturn.turnUrl(), "--turn-secret", SECRET, "--turn-ttl", "10s");
             Chromium one = Chromium.launch(); Chromium two = Chromium.launch()) {
            String room = "rotation-" + System.nanoTime();
            // alice is in the room first, so she makes the first offer (docs/room.md).
            DemoPage alice = new DemoPage("alice", one).open(node.uri("/?ice=relay")).resume(true)
                    .connect("room", room, null, null, false).awaitLog("\"joined\"");
            DemoPage bob = new DemoPage("bob", two).open(node.uri("/?ice=relay")).resume(true)
                    .connect("room", room, null, null, false);
            alice.awaitPeers(1).awaitLog("uses relay → relay candidates");
            bob.awaitPeers(1).awaitLog("uses relay → relay candidates");
            String aliceFirst = usernames(alice.log()).get(0);
            String bobFirst = usernames(bob.log()).get(0);
            long firstExpiry = Math.max(expiry(aliceFirst), expiry(bobFirst));

            try {
                Await.until("both first credentials expired and both pages relayed as later TURN users", ROTATIONS,
                        () -> System.currentTimeMillis() / 1000 > firstExpiry
                                && relaysAsLaterUser(alice, aliceFirst, coturn) && relaysAsLaterUser(bob, bobFirst, coturn));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nalice: " + String.join("\n", alice.log())
                        + "\nbob: " + String.join("\n", bob.log()), e);
            }

            assertEquals("1", alice.text("peers"), "alice's DataChannel closed");
            assertEquals("1", bob.text("peers"), "bob's DataChannel closed");
            alice.say("after the rotation, from alice");
            bob.awaitChatIn("after the rotation, from alice");
            bob.say("after the rotation, from bob");
            alice.awaitChatIn("after the rotation, from bob");

            // One side restarts: alice offers again on the same link, bob only answers (and asks).
            assertTrue(count(alice, "restarting ICE (this side made the first offer)") >= 1, "alice never restarted ICE");
            assertEquals(0, count(bob, "restarting ICE"), "bob restarted ICE");
            assertTrue(count(bob, "answering the other side's ICE restart") >= 1, "bob answered no restart");
            assertTrue(count(alice, OFFER_OUT) >= 2, "alice sent no restart offer after her first offer");
            assertTrue(count(bob, OFFER_IN) >= 2, "bob received no restart offer");
            assertEquals(0, count(bob, OFFER_OUT), "bob sent an offer");
            assertEquals(0, count(alice, OFFER_IN), "alice received an offer");
            for (DemoPage page : List.of(alice, bob)) {
                page.screenshot(Path.of("target", "e2e-screenshots", "turnRotation-" + page.name() + ".png"));
                assertEquals(List.of(), page.consoleErrors(), page.name() + " logged console errors");
            }
        }
    }

    /**
     * Whether the page's latest selected pair is relayed through an allocation made with one of
     * its later credentials (it says which in its log), and coturn granted that allocation.
     */
    private static boolean relaysAsLaterUser(DemoPage page, String first, TurnServerProcess coturn) {
        String user = null;
        for (String line : page.log()) {
            Matcher m = RELAYED_AS.matcher(line);
            if (m.find()) {
                user = m.group(1);
            }
        }
        return user != null && expiry(user) > expiry(first)
                && coturn.log().contains("user <" + user + ">: incoming packet ALLOCATE processed, success");
    }

    /** The TURN usernames the page received, in order (the {@code ice_servers} frames in its log). */
    private static List<String> usernames(List<String> log) {
        List<String> out = new ArrayList<>();
        for (String line : log) {
            Matcher m = USERNAME.matcher(line);
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        assertNotEquals(List.of(), out, "no ice_servers in " + log);
        return out;
    }

    private static long expiry(String username) {
        return Long.parseLong(username.substring(0, username.indexOf(':')));
    }

    private static long count(DemoPage page, String fragment) {
        return page.log().stream().filter(l -> l.contains(fragment)).count();
    }
}

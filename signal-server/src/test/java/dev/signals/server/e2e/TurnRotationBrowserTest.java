package dev.signals.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TURN credentials rotated on a live relayed connection (docs/turn.md "Rotation on a live
 * connection", docs/demo.md): two relay-only demo pages in session mode, with the shortest
 * {@code --turn-ttl}, keep their DataChannel through a real coturn past both pages' first
 * credentials' expiry. Each rotation reaches a page as an {@code ice_servers} frame; the page
 * that made the first offer restarts ICE, for its own rotation and when the other asks, and the
 * other only answers. Room, domain and call dialects; in the room, each page's selected pair ends
 * up relayed through an allocation that coturn granted to a credential the page received after
 * its first.
 */
@Tag("browser") // runs alone, after the other tests (signal-server/pom.xml)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class TurnRotationBrowserTest {
    private static final String SECRET = "rotation-test-turn-secret-5c1";
    private static final Pattern USERNAME = Pattern.compile("\\{\"ice_servers\":.*\"username\":\"(\\d+:[^\"]+)\"");
    private static final Pattern RELAYED_AS = Pattern.compile("uses relay → relay candidates \\(relay \\S+ as TURN user (\\S+)\\)");
    private static final String RESTARTING = "restarting ICE (this side made the first offer)";
    private static final Duration ROTATIONS = Duration.ofSeconds(60);
    private static RelayBench bench;

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a class-level @Timeout does not cover lifecycle methods
    static void startCoturnNodeAndBrowsers() {
        bench = RelayBench.start(SECRET, List.of("--verbose"), "--turn-ttl", "10s"); // --verbose: one line per ALLOCATE
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (bench != null) { // null when its start failed; it closed what it had started then
            bench.close();
        }
    }

    @Test
    void roomPagesKeepTheirRelayedChannelThroughRestartsFromTheMemberThatOffered() throws Exception {
        String room = "rotation-" + System.nanoTime();
        // alice is in the room first, so she makes the first offer (docs/room.md).
        DemoPage alice = page("alice", bench.one()).connect("room", room, null, null, false).awaitLog("\"joined\"");
        DemoPage bob = page("bob", bench.two()).connect("room", room, null, null, false);
        String offerOut = "→ WS /connect (resumable)\n{\"type\":\"offer\"";
        String offerIn = "← WS /connect (resumable)\n{\"type\":\"offer\"";
        keepsTheChannelThroughRotations("room", alice, bob, offerOut, offerIn, true);
    }

    @Test
    void domainPagesKeepTheirRelayedChannelThroughRestartsFromTheCaller() throws Exception {
        String callee = "rotation-callee-" + System.nanoTime();
        DemoPage alice = page("alice", bench.one()).connect("domain", callee, null, null, false)
                .awaitStatus("waiting");
        // bob calls alice, so he makes the first offer (docs/domain.md); offers go out as POST /offer.
        DemoPage bob = page("bob", bench.two()).connect("domain", "rotation-caller-" + System.nanoTime(), callee, null, false);
        String offerIn = "← WS /ws/" + callee + " (resumable)\n{\"ty\":\"offer\"";
        // Chromium may keep the caller's selected pair on its first relay port through every restart
        // (docs/turn.md "Rotation on a live connection"), so only the restarts are checked here.
        keepsTheChannelThroughRotations("domain", bob, alice, "→ POST /offer", offerIn, false);
    }

    @Test
    void callPagesKeepTheirRelayedChannelThroughRestartsFromThePageWhoseOfferWasAnswered() throws Exception {
        String call = "rotation-call-" + System.nanoTime();
        DemoPage alice = page("alice", bench.one()).connect("call", call, null, null, false);
        DemoPage bob = page("bob", bench.two()).connect("call", call, null, null, false);
        // Both pages offer when WELCOMEd; the one whose offer was answered made the first offer
        // (docs/demo.md), and it is the one to restart. Both post an OFFER at first, so the
        // offers on the wire are not checked here, only who restarts.
        DemoPage first = Await.value("a page restarting ICE", ROTATIONS,
                () -> count(alice, RESTARTING) > 0 ? alice : count(bob, RESTARTING) > 0 ? bob : null);
        keepsTheChannelThroughRotations("call", first, first == alice ? bob : alice, null, null, false);
    }

    private static DemoPage page(String name, Chromium browser) {
        return new DemoPage(name, browser).open(bench.node().uri("/?ice=relay")).resume(true);
    }

    /**
     * {@code first} made the first offer; {@code second} answered. Waits past both pages' first
     * credentials' expiry until {@code second} answered a restart and, with {@code laterUsers}, both
     * pages relay as later TURN users; then checks the channel and that only {@code first} ever
     * offered ({@code offerOut}/{@code offerIn}: how an offer shows in the offering and the
     * answering page's log; null: not checked).
     */
    private static void keepsTheChannelThroughRotations(String dialect, DemoPage first, DemoPage second, String offerOut,
            String offerIn, boolean laterUsers) throws Exception {
        first.awaitPeers(1).awaitLog("uses relay → relay candidates");
        second.awaitPeers(1).awaitLog("uses relay → relay candidates");
        String firstsFirst = usernames(first.log()).get(0);
        String secondsFirst = usernames(second.log()).get(0);
        long firstExpiry = Math.max(expiry(firstsFirst), expiry(secondsFirst));
        try {
            Await.until("both first credentials expired, a restart answered"
                            + (laterUsers ? " and both pages relayed as later TURN users" : ""), ROTATIONS,
                    () -> System.currentTimeMillis() / 1000 > firstExpiry
                            && count(second, "answering the other side's ICE restart") >= 1
                            && (!laterUsers || relaysAsLaterUser(first, firstsFirst) && relaysAsLaterUser(second, secondsFirst)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + first.name() + ": " + String.join("\n", first.log())
                    + "\n" + second.name() + ": " + String.join("\n", second.log()), e);
        }

        assertEquals("1", first.text("peers"), first.name() + "'s DataChannel closed");
        assertEquals("1", second.text("peers"), second.name() + "'s DataChannel closed");
        first.say("after the rotation, from " + first.name());
        second.awaitChatIn("after the rotation, from " + first.name());
        second.say("after the rotation, from " + second.name());
        first.awaitChatIn("after the rotation, from " + second.name());

        // One side restarts: the first offerer offers again on the same link, the other only answers (and asks).
        assertTrue(count(first, RESTARTING) >= 1, first.name() + " never restarted ICE");
        assertEquals(0, count(second, "restarting ICE"), second.name() + " restarted ICE");
        assertTrue(count(second, "answering the other side's ICE restart") >= 1, second.name() + " answered no restart");
        if (offerOut != null) {
            assertTrue(count(first, offerOut) >= 2, first.name() + " sent no restart offer after the first offer");
            assertTrue(count(second, offerIn) >= 2, second.name() + " received no restart offer");
            assertEquals(0, count(second, offerOut), second.name() + " sent an offer");
            assertEquals(0, count(first, offerIn), first.name() + " received an offer");
        }
        for (DemoPage page : List.of(first, second)) {
            page.screenshot(Path.of("target", "e2e-screenshots", "turnRotation-" + dialect + "-" + page.name() + ".png"));
            assertEquals(List.of(), page.consoleErrors(), page.name() + " logged console errors");
        }
    }

    /**
     * Whether the page's latest selected pair is relayed through an allocation made with one of
     * its later credentials (it says which in its log), and coturn granted that allocation.
     */
    private static boolean relaysAsLaterUser(DemoPage page, String first) {
        String user = null;
        for (String line : page.log()) {
            Matcher m = RELAYED_AS.matcher(line);
            if (m.find()) {
                user = m.group(1);
            }
        }
        return user != null && expiry(user) > expiry(first)
                && bench.coturn().log().contains("user <" + user + ">: incoming packet ALLOCATE processed, success");
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

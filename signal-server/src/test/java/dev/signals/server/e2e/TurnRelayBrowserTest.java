package dev.signals.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two Chromium pages of the demo, allowed relayed candidates only ({@code iceTransportPolicy:
 * "relay"}), meet in a room and open a DataChannel through a real coturn, with the credentials
 * this server hands out at {@code GET /ice-servers} (docs/turn.md). Each page reports the path
 * its connection settled on from {@code getStats()}: relay candidates on both ends.
 */
@Tag("browser") // runs alone, after the other tests (signal-server/pom.xml)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TurnRelayBrowserTest {
    private static final String SECRET = "browser-test-turn-secret-0b7";
    private static RelayBench bench;

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a class-level @Timeout does not cover lifecycle methods
    static void startCoturnNodeAndBrowsers() {
        bench = RelayBench.start(SECRET, List.of());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (bench != null) { // null when its start failed; it closed what it had started then
            bench.close();
        }
    }

    @Test
    void twoRelayOnlyPagesConnectThroughCoturnWithTheServersCredentials() {
        String room = "relay-" + ProcessHandle.current().pid();
        DemoPage alice = new DemoPage("alice", bench.one()).open(bench.node().uri("/?ice=relay")).connect("room", room, null, null, false);
        DemoPage bob = new DemoPage("bob", bench.two()).open(bench.node().uri("/?ice=relay")).connect("room", room, null, null, false);
        alice.awaitPeers(1);
        bob.awaitPeers(1);
        alice.say("hello through the relay");
        bob.awaitChatIn("hello through the relay");
        bob.say("and back");
        alice.awaitChatIn("and back");
        for (DemoPage page : List.of(alice, bob)) {
            page.awaitLog("GET /ice-servers → 200").awaitLog("uses relay → relay candidates");
            page.screenshot(Path.of("target", "e2e-screenshots", "turnRelay-" + page.name() + ".png"));
            assertEquals(List.of(), page.consoleErrors(), page.name() + " logged console errors");
        }
    }
}

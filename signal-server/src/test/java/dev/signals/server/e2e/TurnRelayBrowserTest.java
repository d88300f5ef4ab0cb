package dev.signals.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.TurnServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two Chromium pages of the demo, allowed relayed candidates only ({@code iceTransportPolicy:
 * "relay"}), meet in a room and open a DataChannel through a real coturn, with the credentials
 * this server hands out at {@code GET /ice-servers} (docs/turn.md). Each page reports the path
 * its connection settled on from {@code getStats()}: relay candidates on both ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TurnRelayBrowserTest {
    private static final String SECRET = "browser-test-turn-secret-0b7";
    private static final List<AutoCloseable> STARTED = new ArrayList<>();
    private static TestNode node;
    private static Chromium one;
    private static Chromium two;

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a class-level @Timeout does not cover lifecycle methods
    static void startCoturnNodeAndBrowsers() {
        TurnServerProcess coturn = started(TurnServerProcess.start(List.of(SECRET)));
        node = started(TestNode.start("--turn-urls", coturn.turnUrl(), "--turn-secret", SECRET));
        one = started(Chromium.launch());
        two = started(Chromium.launch());
    }

    private static <T extends AutoCloseable> T started(T resource) {
        STARTED.add(0, resource);
        return resource;
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable resource : STARTED) {
            resource.close();
        }
        STARTED.clear();
    }

    @Test
    void twoRelayOnlyPagesConnectThroughCoturnWithTheServersCredentials() {
        String room = "relay-" + ProcessHandle.current().pid();
        DemoPage alice = new DemoPage("alice", one).open(node.uri("/?ice=relay")).connect("room", room, null, null, false);
        DemoPage bob = new DemoPage("bob", two).open(node.uri("/?ice=relay")).connect("room", room, null, null, false);
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

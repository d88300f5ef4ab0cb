package dev.signals.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client library's {@code applyIceServersTo(pc)} in a real browser (docs/turn.md "Rotation on
 * a live connection"): a relay-only {@code RTCPeerConnection} takes the {@code ice_servers} of a
 * resumable session, the first and the fresh one before it expires, and keeps the rest of its
 * configuration.
 */
@Tag("browser") // runs alone, after the other tests (signal-server/pom.xml)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClientLibraryIceServersBrowserTest {
    private static final String PUSHES = """
            const done = arguments[arguments.length - 1];
            import("/client/signal.js").then(({ ResumableSocket }) => {
              const pc = new RTCPeerConnection({ iceTransportPolicy: "relay", bundlePolicy: "max-bundle" });
              const socket = new ResumableSocket(`ws://${location.host}/connect`);
              const stop = socket.applyIceServersTo(pc);
              const seen = [];
              // Added after applyIceServersTo, so it runs after the configuration was changed.
              socket.addEventListener("iceservers", (e) => {
                const config = pc.getConfiguration();
                seen.push({ pushed: e.detail.iceServers[0].username, applied: config.iceServers[0].username,
                            policy: config.iceTransportPolicy, bundle: config.bundlePolicy });
                if (seen.length === 2) {
                  stop();
                  socket.close();
                  pc.close();
                  done(seen);
                }
              });
            }).catch((e) => done(String(e)));
            """;

    @Test
    @SuppressWarnings("unchecked")
    void aLiveConnectionTakesEveryPushedCredentialAndKeepsItsPolicy() {
        try (TestNode node = TestNode.start("--turn-urls", "turn:127.0.0.1:3478", "--turn-secret", "library-secret",
                "--turn-ttl", "10s");
             Chromium browser = Chromium.launch()) {
            browser.driver().get(node.uri("/").toString());
            // The second frame comes at 80 % of the 10 s lifetime.
            browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(40));
            Object result = browser.driver().executeAsyncScript(PUSHES);
            assertTrue(result instanceof List, "the script failed: " + result);
            List<Map<String, Object>> seen = (List<Map<String, Object>>) result;
            assertEquals(2, seen.size(), seen.toString());
            for (Map<String, Object> push : seen) {
                assertEquals(push.get("pushed"), push.get("applied"), seen.toString());
                assertEquals("relay", push.get("policy"), seen.toString());
                assertEquals("max-bundle", push.get("bundle"), seen.toString());
            }
            assertNotEquals(seen.get(0).get("applied"), seen.get(1).get("applied"), seen.toString());
        }
    }
}

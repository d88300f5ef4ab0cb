package dev.signals.server.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.CutProxy;
import dev.signals.server.testing.TestNode;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client library in a real browser (docs/resume.md): the demo page with "resume" on loses its
 * connection after joining a room, the library resumes it, and the peer that arrives meanwhile
 * negotiates with it through the resumed session; the DataChannel opens and no leave was seen.
 */
@Tag("browser") // runs alone, after the other tests (signal-server/pom.xml)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResumeBrowserTest {
    @Test
    void aPageWhoseConnectionIsCutResumesAndStillMeetsItsPeer() throws Exception {
        try (TestNode node = TestNode.start(); CutProxy proxy = CutProxy.to(node.port());
             Chromium one = Chromium.launch(); Chromium two = Chromium.launch()) {
            String room = "resume-" + System.nanoTime();
            DemoPage alice = new DemoPage("alice", one).open(URI.create("http://127.0.0.1:" + proxy.port() + "/"))
                    .resume(true).connect("room", room, null, null, false);
            alice.awaitLog("\"joined\"");
            proxy.cutAll();
            DemoPage bob = new DemoPage("bob", two).open(node.uri("/")).resume(true).connect("room", room, null, null, false);
            alice.awaitPeers(1);
            bob.awaitPeers(1);
            alice.say("after the cut");
            bob.awaitChatIn("after the cut");
            alice.awaitText("session-note", "session resumed");
            assertTrue(alice.text("session-note").startsWith("session resumed"), alice.text("session-note"));
            assertFalse(bob.log().stream().anyMatch(l -> l.contains("leave-client")), "bob saw alice leave");
        }
    }
}

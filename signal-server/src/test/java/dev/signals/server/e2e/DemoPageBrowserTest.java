package dev.signals.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real browsers through a real node: for each dialect, two pages of the demo connect with
 * RTCPeerConnection through the server and a DataChannel message travels both ways; the room
 * dialect also forms a full mesh of three and sees one of them leave. Each passing run leaves
 * screenshots in {@code target/e2e-screenshots/}. Three headless Chromiums are shared by the tests;
 * each test uses names of its own, so no test sees another's peers.
 */
@Tag("browser") // runs alone, after the other tests (signal-server/pom.xml)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoPageBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static TestNode node;
    private static final List<Chromium> BROWSERS = new ArrayList<>();

    private String test;

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS) // a class-level @Timeout does not cover lifecycle methods
    static void startNodeAndBrowsers() {
        node = TestNode.start();
        for (int i = 0; i < 3; i++) {
            BROWSERS.add(Chromium.launch());
        }
    }

    @AfterAll
    static void stopAll() {
        BROWSERS.forEach(Chromium::close);
        BROWSERS.clear();
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void name(TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void roomTwoPagesChatBothWaysWithCameraAndMicrophone() {
        String room = unique("room");
        DemoPage alice = page(0, "alice").connect("room", room, null, null, true);
        DemoPage bob = page(1, "bob").connect("room", room, null, null, true);
        meetAndChat(alice, bob);
        alice.awaitRemoteVideos(1);
        bob.awaitRemoteVideos(1);
        alice.awaitLog("notify-client-id").awaitLog("new-client");
        bob.awaitLog("\"joined\"");
        passed(alice, bob);
    }

    @Test
    void roomThreePagesFormAFullMeshAndSeeOneLeave() {
        String room = unique("mesh");
        DemoPage a = page(0, "a").connect("room", room, null, null, false);
        DemoPage b = page(1, "b").connect("room", room, null, null, false);
        DemoPage c = page(2, "c").connect("room", room, null, null, false);
        for (DemoPage p : List.of(a, b, c)) {
            p.awaitPeers(2);
        }
        a.say("from a");
        b.awaitChatIn("from a");
        c.awaitChatIn("from a");
        c.say("from c");
        a.awaitChatIn("from c");
        b.awaitChatIn("from c");
        b.say("from b");
        a.awaitChatIn("from b");
        c.awaitChatIn("from b");
        passed(a, b, c);

        c.closeTab();
        for (DemoPage p : List.of(a, b)) {
            p.awaitPeers(1).awaitLog("leave-client");
        }
        a.say("after c left");
        b.awaitChatIn("after c left");
        assertNoConsoleErrors(a, b);
    }

    @Test
    void withAuthOnThePagesCarryTheirTokens() {
        try (TestNode secured = TestNode.start("--auth-secret", Tokens.SECRET)) {
            String room = unique("secured");
            DemoPage refused = new DemoPage("refused", BROWSERS.get(0)).open(secured.uri("/"))
                    .connect("room", room, null, null, false).awaitStatus("error");
            assertEquals("Error: WS /connect: the server refused the WebSocket (close 1006)", refused.text("error"));
            List<String> errors = refused.consoleErrors(); // only the browser's own line for the 401
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("/connect' failed: HTTP Authentication failed"), errors.toString());

            String token = Tokens.valid(Map.of("room", room, "key", "*"));
            DemoPage alice = new DemoPage("alice", BROWSERS.get(0)).open(secured.uri("/")).token(token)
                    .connect("room", room, null, null, false);
            DemoPage bob = new DemoPage("bob", BROWSERS.get(1)).open(secured.uri("/")).token(token)
                    .connect("room", room, null, null, false);
            meetAndChat(alice, bob);
            passed(alice, bob);
        }
    }

    @Test
    void callTwoPagesChatBothWays() {
        String call = unique("call");
        DemoPage alice = page(0, "alice").connect("call", call, null, null, false);
        alice.awaitLog("WELCOME");
        DemoPage bob = page(1, "bob").connect("call", call, null, null, false);
        meetAndChat(alice, bob);
        alice.awaitLog("\"kind\":\"PEER\"");
        passed(alice, bob);
    }

    @Test
    void domainTwoPagesChatBothWays() {
        String callee = unique("alice");
        String caller = unique("bob");
        DemoPage alice = page(0, "alice").connect("domain", callee, null, null, false);
        alice.awaitLog("WS /ws/" + callee + ": open");
        DemoPage bob = page(1, "bob").connect("domain", caller, callee, null, false);
        meetAndChat(alice, bob);
        alice.awaitLog("\"ty\":\"offer\"");
        bob.awaitLog("\"ty\":\"answer\"");
        passed(alice, bob);
    }

    @Test
    void errorsAreShownAndAFailedCallLeavesThePageRegistered() {
        String nobody = unique("nobody");
        String alice = unique("alice");
        DemoPage page = page(0, "alice").connect("domain", alice, nobody, null, false);
        page.awaitLog("answer domain not connected");
        assertEquals("Error: calling " + nobody + ": 404 answer domain not connected", page.text("error"));
        assertEquals("registered as " + alice + ", waiting to be called", page.text("status"));
        // The browser itself reports the failed fetch; nothing else went wrong.
        List<String> errors = page.consoleErrors();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("/offer - Failed to load resource: the server responded with a status of 404"), errors.toString());

        DemoPage bob = page(1, "bob").connect("domain", unique("bob"), alice, null, false);
        meetAndChat(page, bob);
        passed(page, bob);
    }

    @Test
    void mailboxTwoPagesChatBothWays() {
        String key = unique("key");
        DemoPage offerer = page(0, "offerer").connect("mailbox", key, null, "offer", false);
        DemoPage answerer = page(1, "answerer").connect("mailbox", key, null, "answer", false);
        meetAndChat(offerer, answerer);
        offerer.awaitLog("POST /offer/sdp/");
        answerer.awaitLog("GET /answer/sdp/");
        passed(offerer, answerer);
    }

    @Test
    void swaggerUiShowsTheDocumentSameOrigin() {
        var driver = BROWSERS.get(0).driver();
        driver.get(node.uri("/swagger/").toString());
        new WebDriverWait(driver, DemoPage.WAIT).until(d -> !d.findElements(By.cssSelector(".information-container .title")).isEmpty()
                && !d.findElements(By.cssSelector(".opblock-tag-section")).isEmpty());
        assertTrue(driver.findElement(By.cssSelector(".information-container .title")).getText().startsWith("signal"));
        List<String> tags = driver.findElements(By.cssSelector(".opblock-tag")).stream().map(e -> e.getDomAttribute("data-tag")).toList();
        assertEquals(List.of("page", "mailbox", "domain", "room", "call", "turn", "admin"), tags);
        DemoPage page = new DemoPage("swagger", BROWSERS.get(0));
        page.screenshot(SCREENSHOTS.resolve(test + ".png"));
        assertNoConsoleErrors(page);
    }

    private DemoPage page(int browser, String name) {
        return new DemoPage(name, BROWSERS.get(browser)).open(node.uri("/"));
    }

    /** Both pages see one open peer, then a message travels each way over the DataChannel. */
    private static void meetAndChat(DemoPage one, DemoPage two) {
        one.awaitPeers(1);
        two.awaitPeers(1);
        one.say("hello from " + one.name());
        two.awaitChatIn("hello from " + one.name());
        two.say("hello back from " + two.name());
        one.awaitChatIn("hello back from " + two.name());
    }

    private void passed(DemoPage... pages) {
        for (DemoPage p : pages) {
            p.screenshot(SCREENSHOTS.resolve(test + "-" + p.name() + ".png"));
        }
        assertNoConsoleErrors(pages);
    }

    private static void assertNoConsoleErrors(DemoPage... pages) {
        for (DemoPage p : pages) {
            assertEquals(List.of(), p.consoleErrors(), p.name() + " logged console errors");
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
    }
}

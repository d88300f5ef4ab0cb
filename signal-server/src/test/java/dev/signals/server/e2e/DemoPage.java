package dev.signals.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in one browser, used the way a person would: fill the form, press Connect, type
 * in the chat. Every wait has a timeout and, when it runs out, says what the page showed.
 */
final class DemoPage {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final String name;
    private final ChromeDriver driver;

    DemoPage(String name, Chromium browser) {
        this.name = name;
        this.driver = browser.driver();
    }

    String name() {
        return name;
    }

    /** Loads {@code url} afresh (leaving any earlier page, which closes its connections). */
    DemoPage open(URI url) {
        consoleErrors(); // drop what an earlier test's page logged in this browser
        driver.get(url.toString());
        await("the page's modules to load", d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        return this;
    }

    /** Picks a dialect and name; {@code peer} (domain) and {@code role} (mailbox) may be null. */
    DemoPage connect(String dialect, String roomName, String peer, String role, boolean media) {
        new Select(driver.findElement(By.id("dialect"))).selectByValue(dialect);
        type("name", roomName);
        if (peer != null) {
            type("peer", peer);
        }
        if (role != null) {
            driver.findElement(By.cssSelector("input[name=role][value=" + role + "]")).click();
        }
        WebElement camera = driver.findElement(By.id("media"));
        if (camera.isSelected() != media) {
            camera.click();
        }
        driver.findElement(By.id("connect")).click();
        return this;
    }

    /** Ticks or clears the "resume" toggle (docs/resume.md); call before {@link #connect}. */
    DemoPage resume(boolean on) {
        WebElement toggle = driver.findElement(By.id("resume"));
        if (toggle.isSelected() != on) {
            toggle.click();
        }
        return this;
    }

    /** Fills the token field, for a node with auth on (SECURITY.md "Per dialect, without and with authentication"); call before {@link #connect}. */
    DemoPage token(String jwt) {
        type("token", jwt);
        return this;
    }

    DemoPage awaitStatus(String state) {
        return await("status " + state, d -> state.equals(d.findElement(By.id("status")).getDomAttribute("data-state")));
    }

    /** Waits until exactly {@code count} peers have an open DataChannel with this page. */
    DemoPage awaitPeers(int count) {
        return await(count + " open peer(s)",
                d -> Integer.toString(count).equals(d.findElement(By.id("peers")).getDomAttribute("data-count")));
    }

    DemoPage say(String text) {
        type("chat-input", text);
        driver.findElement(By.id("send")).click();
        return this;
    }

    DemoPage awaitChatIn(String text) {
        return await("chat message \"" + text + "\"", d -> received().contains(text));
    }

    /** The chat lines received from peers, without the sender prefix. */
    List<String> received() {
        List<String> out = new ArrayList<>();
        for (WebElement li : driver.findElements(By.cssSelector("#chat li.in"))) {
            String who = li.findElement(By.tagName("b")).getText();
            out.add(li.getText().substring(who.length()).trim());
        }
        return out;
    }

    /** Waits until the remote video from every other peer is playing real frames. */
    DemoPage awaitRemoteVideos(int count) {
        return await(count + " playing remote video(s)", d -> ((Number) driver.executeScript(
                "return [...document.querySelectorAll('#videos figure')]"
                        + ".filter(f => f.dataset.peer !== 'me' && f.querySelector('video').videoWidth > 0).length")).intValue() == count);
    }

    /** The signaling log's lines as shown, e.g. {@code "← WS /connect"} plus the message (one script call). */
    @SuppressWarnings("unchecked")
    List<String> log() {
        return new ArrayList<>((List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#log li')].map(li => li.innerText.trim())"));
    }

    DemoPage awaitLog(String fragment) {
        return await("a log line containing " + fragment, d -> log().stream().anyMatch(l -> l.contains(fragment)));
    }

    /** Waits until the element {@code id} shows text starting with {@code prefix}. */
    DemoPage awaitText(String id, String prefix) {
        return await("#" + id + " to start with " + prefix, d -> d.findElement(By.id(id)).getText().startsWith(prefix));
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Closes this page's tab for real; the browser keeps a fresh blank tab for the next test. */
    void closeTab() {
        String old = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String fresh = driver.getWindowHandle();
        driver.switchTo().window(old).close();
        driver.switchTo().window(fresh);
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            driver.executeScript("window.scrollTo(0, 0)"); // typing scrolled the chat box into view
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console errors (and failed loads) since the last call. */
    List<String> consoleErrors() {
        List<String> out = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                out.add(entry.getMessage());
            }
        }
        return out;
    }

    private void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private DemoPage await(String what, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(condition::apply);
            return this;
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": waited " + WAIT.toSeconds() + " s for " + what + "; page shows status \""
                    + text("status") + "\", error \"" + text("error") + "\", log tail " + tail(log(), 8), e);
        }
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}

package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.signals.server.SignalServer;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code *} in the origin allow-list works, and is never silent: a warning at start-up (docs/security.md "Before any dialect sees the request"). */
class OriginWildcardTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(SignalServer.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void capture() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
    }

    private List<String> warnings() {
        return events.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aWildcardFromEitherFlagIsWarnedAboutAndAllowsAnyOrigin() throws Exception {
        for (String flag : List.of("--allowed-origins", "--origin")) {
            events.list.clear();
            try (TestNode node = TestNode.start(flag, "*");
                 WsTestClient ws = node.ws("/connect", Map.of("Origin", "https://anywhere.example"))) {
                assertEquals(101, ws.status());
                assertEquals(List.of("allowed origins include *: every web page may use this server from its visitors' browsers"),
                        warnings(), flag);
            }
        }
    }

    @Test
    void noWildcardNoWarningAndForeignOriginsAreRefused() throws Exception {
        try (TestNode node = TestNode.start("--allowed-origins", "https://app.example.com");
             WsTestClient ws = node.ws("/connect", Map.of("Origin", "https://anywhere.example"))) {
            assertEquals(403, ws.status());
            assertEquals(List.of(), warnings());
        }
    }

    /**
     * Issue 19 item 8: a {@code https://*.example.org} entry is matched on the parsed scheme, host
     * and port, so an origin that only ends in {@code .example.org} as text is refused.
     */
    @Test
    void aSubdomainPatternMatchesTheParsedHostOnly() throws Exception {
        try (TestNode node = TestNode.start("--allowed-origins", "https://*.example.org,http://app.example.com:8080/")) {
            for (String allowed : List.of("https://a.example.org", "https://a.b.example.org", "HTTPS://A.Example.ORG:443",
                    "https://a.example.org/", "http://app.example.com:8080")) {
                assertEquals(101, upgrade(node, allowed), allowed);
            }
            for (String refused : List.of("https://evil.com/.example.org", "https://evil.com#.example.org",
                    "https://evil.com?.example.org", "https://evil.com/?x=.example.org", "https://evil.com@a.example.org",
                    "https://x.example.org@evil.com", "https://evilexample.org", "https://example.org",
                    "https://.example.org", "https://a..example.org", "http://a.example.org", "https://a.example.org:8443",
                    "https://a.example.org.evil.com", "http://app.example.com", "http://app.example.com:8080/path", "null")) {
                assertEquals(403, upgrade(node, refused), refused);
            }
        }
    }

    @Test
    void anEntryThatIsNotAnOriginIsAStartupError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestNode.start("--allowed-origins", "https://*.example.org/path").close());
        assertEquals("invalid value for --allowed-origins: 'https://*.example.org/path': not an origin "
                + "(scheme://host[:port], scheme://*.domain[:port] or *)", e.getMessage());
    }

    private static int upgrade(TestNode node, String origin) throws Exception {
        try (WsTestClient ws = node.ws("/connect", Map.of("Origin", origin))) {
            return ws.status();
        }
    }
}

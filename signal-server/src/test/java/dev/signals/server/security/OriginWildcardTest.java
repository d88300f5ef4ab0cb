package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** {@code *} in the origin allow-list works, and is never silent: a warning at start-up (PROTOCOLS.md §1.3). */
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
}

package dev.signals.server.container;

import static dev.signals.server.room.RoomClients.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.server.room.RoomClients;
import dev.signals.server.room.RoomClients.Client;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of the provisioned Grafana dashboard, the metric names it reads, and the traffic
 * that makes a node publish its lazily created meters, so tests can hold the dashboard to what a
 * running node's {@code /metrics} really shows.
 */
final class DashboardQueries {
    /** Series Prometheus makes itself while scraping; no node publishes them. */
    static final Set<String> SYNTHETIC = Set.of("up");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "and", "or", "unless");

    private final JsonNode dashboard;

    private DashboardQueries(JsonNode dashboard) {
        this.dashboard = dashboard;
    }

    static DashboardQueries read(Path file) throws IOException {
        return new DashboardQueries(new ObjectMapper().readTree(file.toFile()));
    }

    JsonNode json() {
        return dashboard;
    }

    /** Every {@code expr} of every panel target, rows' nested panels included. */
    List<String> expressions() {
        List<String> out = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Metric names read by panels and by template-variable queries. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        expressions().forEach(e -> names.addAll(metricNames(e)));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = LABEL_VALUES.matcher(variable.path("definition").asText());
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Metric names in one PromQL expression: identifiers that are not functions, keywords or labels. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String rest = bare.substring(m.end()).stripLeading();
            if (!rest.startsWith("(") && !KEYWORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** Names of the series in a Prometheus text exposition. */
    static Set<String> exposed(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** Queried names a node does not publish, synthetic ones aside. */
    Set<String> missingFrom(String scrape) {
        Set<String> missing = new TreeSet<>(metricNames());
        missing.removeAll(exposed(scrape));
        missing.removeAll(SYNTHETIC);
        return missing;
    }

    /**
     * Room traffic that creates every lazily registered room meter: connections, messages both
     * ways, a relay, an error and — on a node started with a per-connection rate of at most 10 —
     * a rate-limited message.
     */
    static void exerciseRoom(int port) throws IOException, InterruptedException {
        try (Client a = connect(port); Client b = connect(port)) {
            RoomClients.joinTogether("dashboard", a, b);
            a.send(RoomClients.offer(b.id(), "v=0"));
            assertEquals(RoomClients.relayed("offer", a.id(), "v=0"), b.next());
            b.send("{\"type\":\"no-such-type\"}");
            b.next();
            for (int i = 0; i < 30; i++) {
                a.send("{\"type\":\"ping\"}");
            }
            assertEquals(RoomClients.error("rate limit exceeded"), a.next());
        }
    }
}

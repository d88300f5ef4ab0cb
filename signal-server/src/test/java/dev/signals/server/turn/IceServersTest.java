package dev.signals.server.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.TurnClient;
import dev.signals.server.testing.TurnServerProcess;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /ice-servers} against a real coturn (docs/turn.md): what the server hands out
 * allocates a relay; coturn refuses the same kind of credential once expired, or signed with a
 * secret it no longer holds; and a secret can be rotated without a moment where credentials fail.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class IceServersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CURRENT = "current-turn-secret-9f2c";
    private static final String RETIRED = "retired-turn-secret-41ab";
    private static TurnServerProcess coturn;

    @BeforeAll
    static void startCoturn() {
        coturn = TurnServerProcess.start(List.of(CURRENT));
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
        }
    }

    private static TestNode node(String secrets, String... more) {
        List<String> flags = new java.util.ArrayList<>(List.of("--turn-urls", coturn.turnUrl() + ",stun:127.0.0.1:" + coturn.port(),
                "--turn-secret", secrets));
        flags.addAll(List.of(more));
        return TestNode.start(flags.toArray(String[]::new));
    }

    private static JsonNode iceServers(TestNode node) throws Exception {
        HttpResponse<String> res = node.get("/ice-servers");
        assertEquals(200, res.statusCode(), res.body());
        return JSON.readTree(res.body());
    }

    @Test
    void credentialsFromTheServerAllocateARelayOnCoturn() throws Exception {
        try (TestNode node = node(CURRENT)) {
            long before = Instant.now().getEpochSecond();
            HttpResponse<String> res = node.get("/ice-servers");
            long after = Instant.now().getEpochSecond();
            assertEquals(200, res.statusCode());
            assertEquals("application/json", res.headers().firstValue("content-type").orElse(""));
            assertEquals("no-store", res.headers().firstValue("cache-control").orElse(""));
            JsonNode body = JSON.readTree(res.body());
            assertEquals(List.of("iceServers", "ttl"), fieldNames(body));
            assertEquals(3600, body.get("ttl").asLong());
            JsonNode relay = body.get("iceServers").get(0);
            assertEquals(List.of("urls", "username", "credential"), fieldNames(relay));
            assertEquals(coturn.turnUrl(), relay.get("urls").get(0).asText());
            String username = relay.get("username").asText();
            assertTrue(username.matches("\\d+:[0-9a-f]{16}"), username);
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            assertTrue(expiry >= before + 3600 && expiry <= after + 3600, username + " vs issued between " + before + " and " + after);
            JsonNode stun = body.get("iceServers").get(1);
            assertEquals(List.of("urls"), fieldNames(stun), "a STUN-only entry carries no credential");
            assertEquals(2, body.get("iceServers").size());

            TurnClient.Allocation allocation = coturn.client().allocate(username, relay.get("credential").asText());
            assertTrue(allocation.allocated(), allocation + "\n" + coturn.log());
            assertEquals("127.0.0.1", allocation.relayed().getAddress().getHostAddress());

            String other = iceServers(node).get("iceServers").get(0).get("username").asText();
            assertFalse(other.equals(username), "without auth every request gets its own random id");
            assertEquals(2.0, node.metric("signal_turn_credentials_total"));
        }
    }

    @Test
    void anExpiredCredentialIsRefusedByCoturn() throws Exception {
        try (TestNode node = node(CURRENT, "--turn-ttl", "10s")) {
            long before = Instant.now().getEpochSecond();
            JsonNode body = iceServers(node);
            long after = Instant.now().getEpochSecond();
            assertEquals(10, body.get("ttl").asLong());
            String username = body.get("iceServers").get(0).get("username").asText();
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            assertTrue(expiry >= before + 10 && expiry <= after + 10, "the credential ends one --turn-ttl after issue");
        }
        // The same issuer, with the same secret, at an expiry already past: what a client holding
        // a credential beyond its TTL presents. coturn refuses it; one a minute ahead passes.
        TurnCredentials issuer = new TurnCredentials(List.of(coturn.turnUrl()), CURRENT, Duration.ofSeconds(10), Clock.systemUTC());
        TurnClient.Allocation expired = allocate(issuer.issue("late", Instant.now().minusSeconds(1)));
        assertEquals(401, expired.status(), expired.toString());
        TurnClient.Allocation fresh = allocate(issuer.issue("timely", Instant.now().plusSeconds(60)));
        assertTrue(fresh.allocated(), fresh.toString());
    }

    @Test
    void aCredentialFromTheServerIsRefusedOnceItsTtlHasPassed() throws Exception {
        try (TestNode node = node(CURRENT, "--turn-ttl", "10s")) {
            JsonNode relay = iceServers(node).get("iceServers").get(0);
            String username = relay.get("username").asText();
            String credential = relay.get("credential").asText();
            assertTrue(coturn.client().allocate(username, credential).allocated(), "valid when issued");
            // coturn refuses once its clock is past the expiry second; wait until ours is, plus one.
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            while (Instant.now().getEpochSecond() <= expiry + 1) {
                Thread.sleep(200);
            }
            TurnClient.Allocation late = coturn.client().allocate(username, credential);
            assertEquals(401, late.status(), late.toString());
        }
    }

    @Test
    void aCredentialSignedWithARetiredSecretIsRefused() throws Exception {
        // The node lists the retired secret second: it signs with the first only.
        try (TestNode node = node(CURRENT + "," + RETIRED)) {
            JsonNode relay = iceServers(node).get("iceServers").get(0);
            assertTrue(coturn.client().allocate(relay.get("username").asText(), relay.get("credential").asText()).allocated());
        }
        TurnCredentials retired = new TurnCredentials(List.of(coturn.turnUrl()), RETIRED, Duration.ofHours(1), Clock.systemUTC());
        TurnClient.Allocation refused = allocate(retired.issue("someone"));
        assertEquals(401, refused.status(), refused.toString());
    }

    @Test
    void rotatingTheSharedSecretNeverRefusesACredential() throws Exception {
        // docs/turn.md#rotating-the-shared-secret: coturn learns the new secret first, then the
        // node signs with it, and coturn drops the old one only after one TTL.
        String next = "next-turn-secret-7d10";
        try (TurnServerProcess both = TurnServerProcess.start(List.of(CURRENT, next))) {
            IceServers signedBefore = new TurnCredentials(List.of(both.turnUrl()), CURRENT, Duration.ofHours(1), Clock.systemUTC())
                    .issue("before");
            try (TestNode node = TestNode.start("--turn-urls", both.turnUrl(), "--turn-secret", next + "," + CURRENT)) {
                JsonNode relay = iceServers(node).get("iceServers").get(0);
                assertTrue(both.client().allocate(relay.get("username").asText(), relay.get("credential").asText()).allocated());
            }
            IceServers.Entry old = signedBefore.iceServers().get(0);
            assertTrue(both.client().allocate(old.username(), old.credential()).allocated(),
                    "a credential issued before the switch still works while coturn holds both secrets");
        }
    }

    @Test
    void theRequestRatePerIpAppliesAndA429CarriesNoCredential() throws Exception {
        // A burst of 2 that refills once every 100 s: the third request is over the limit.
        try (TestNode node = node(CURRENT, "--http-rate-limit", "0.01", "--http-rate-burst", "2")) {
            assertEquals(200, node.get("/ice-servers").statusCode());
            assertEquals(200, node.get("/ice-servers").statusCode());
            HttpResponse<String> limited = node.get("/ice-servers");
            assertEquals(429, limited.statusCode());
            assertEquals("", limited.body());
            assertEquals(2.0, node.metric("signal_turn_credentials_total"));
            assertEquals(1.0, node.metric("signal_rate_limited_total{dialect=\"turn\"}"));
        }
    }

    private static TurnClient.Allocation allocate(IceServers servers) throws Exception {
        IceServers.Entry entry = servers.iceServers().get(0);
        return coturn.client().allocate(entry.username(), entry.credential());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

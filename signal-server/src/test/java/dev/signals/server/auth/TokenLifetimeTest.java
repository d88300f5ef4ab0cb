package dev.signals.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 6: a token's clock skew, maximum lifetime, audience and issuer (SECURITY.md), seen
 * through a domain upgrade, which answers 101 or 401 {@code invalid token}.
 */
class TokenLifetimeTest {
    private static final String INVALID = "{\"code\":-1,\"msg\":\"invalid token\",\"data\":null}";

    /** Claims granting every domain, expiring {@code expiresIn} from now, issued {@code issuedAgo} ago (null: no iat). */
    private static JWTClaimsSet.Builder claims(Duration expiresIn, Duration issuedAgo) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("tester").claim("domain", "*")
                .expirationTime(Date.from(now.plus(expiresIn)));
        return issuedAgo == null ? claims : claims.issueTime(Date.from(now.minus(issuedAgo)));
    }

    private static void assertUpgrade(TestNode node, JWTClaimsSet.Builder claims, int status, String why) throws Exception {
        try (WsTestClient c = node.ws("/ws/D?token=" + Tokens.hs256(Tokens.SECRET, claims.build()))) {
            assertEquals(status, c.status(), why);
            if (status == 401) {
                assertEquals(INVALID, c.body(), why);
            }
        }
    }

    @Test
    void defaultsAllowFiveSecondsOfSkewAndADayOfLifetime() throws Exception {
        try (TestNode node = TestNode.start("--auth-secret", Tokens.SECRET)) {
            assertUpgrade(node, claims(Duration.ofSeconds(-10), null), 401, "expired 10 s ago");
            assertUpgrade(node, claims(Duration.ofDays(36_525), null), 401, "a 100-year exp, no iat");
            assertUpgrade(node, claims(Duration.ofDays(36_525), Duration.ofDays(36_525)), 401,
                    "a 200-year lifetime that is half over");
            assertUpgrade(node, claims(Duration.ofHours(25), Duration.ZERO), 401, "25 h from iat");
            assertUpgrade(node, claims(Duration.ofHours(2), Duration.ofHours(-1)), 401, "iat an hour ahead");
            assertUpgrade(node, claims(Duration.ofHours(23), Duration.ZERO), 101, "23 h from iat");
            assertUpgrade(node, claims(Duration.ofHours(1), Duration.ofHours(20)), 101, "21 h lifetime, 1 h left");
            assertUpgrade(node, claims(Duration.ofSeconds(-2), null), 101, "expired within the skew");
            assertUpgrade(node, claims(Duration.ofMinutes(5), null).audience("anyone").issuer("anybody"), 101,
                    "aud and iss are not checked unless configured");
        }
    }

    @Test
    void audienceIssuerAndLifetimeAreSettings() throws Exception {
        try (TestNode node = TestNode.start("--auth-secret", Tokens.SECRET, "--auth-audience", "signal",
                "--auth-issuer", "https://id.example.org", "--auth-max-lifetime", "0", "--auth-clock-skew", "0")) {
            JWTClaimsSet.Builder right = claims(Duration.ofDays(36_525), null).audience("signal")
                    .issuer("https://id.example.org");
            assertUpgrade(node, right, 101, "lifetime unbounded with --auth-max-lifetime 0");
            assertUpgrade(node, claims(Duration.ofMinutes(5), null).issuer("https://id.example.org"), 401, "no aud");
            assertUpgrade(node, claims(Duration.ofMinutes(5), null).audience("other").issuer("https://id.example.org"),
                    401, "wrong aud");
            assertUpgrade(node, claims(Duration.ofMinutes(5), null).audience("signal"), 401, "no iss");
            assertUpgrade(node, claims(Duration.ofMinutes(5), null).audience("signal").issuer("https://evil.example"),
                    401, "wrong iss");
            assertUpgrade(node, claims(Duration.ofSeconds(-2), null).audience("signal").issuer("https://id.example.org"),
                    401, "expired 2 s ago with no skew allowed");
        }
    }
}

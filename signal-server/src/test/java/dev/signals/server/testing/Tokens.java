package dev.signals.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Mints HS256 test tokens with chosen grants and expiry. */
public final class Tokens {
    public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";

    private Tokens() {
    }

    public static String hs256(String secret, Duration validFor, Map<String, String> grants) {
        return hs256(secret, "tester", validFor, grants);
    }

    /** A valid token of {@code subject}, for tests that tell principals apart. */
    public static String of(String subject, Map<String, String> grants) {
        return hs256(SECRET, subject, Duration.ofMinutes(5), grants);
    }

    private static String hs256(String secret, String subject, Duration validFor, Map<String, String> grants) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(Date.from(Instant.now().plus(validFor)));
        grants.forEach(claims::claim);
        return hs256(secret, claims.build());
    }

    /** Signs exactly {@code claims} with the HS256 key {@code secret}. */
    public static String hs256(String secret, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static String valid(Map<String, String> grants) {
        return hs256(SECRET, Duration.ofMinutes(5), grants);
    }
}

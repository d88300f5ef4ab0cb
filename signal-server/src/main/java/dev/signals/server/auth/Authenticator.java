package dev.signals.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.signals.server.config.ConfigException;
import dev.signals.server.config.SignalConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Optional JWT authentication (SECURITY.md "Per dialect, without and with authentication"): verifies a token from
 * {@code Authorization: Bearer …} or {@code ?token=…} with an HS256 secret or the RS256/ES256 keys
 * of a JWKS file, checks its lifetime, audience and issuer ({@link TokenClaimsVerifier}), and turns the grant claims into {@link Grants}. Verification
 * is pure computation, so it runs on the event loop; keys are loaded once at start-up.
 */
public final class Authenticator {
    /** The result of checking one request. */
    public sealed interface Outcome {
        /** Allowed in, with what the token grants. */
        record Authenticated(Principal principal) implements Outcome {
        }

        /** No token, or one that is malformed, badly signed or expired. */
        record Rejected(String reason) implements Outcome {
        }
    }

    private static final Outcome ANONYMOUS = new Outcome.Authenticated(Principal.ANONYMOUS);

    private final DefaultJWTProcessor<SecurityContext> processor;

    private Authenticator(DefaultJWTProcessor<SecurityContext> processor) {
        this.processor = processor;
    }

    /** Builds the authenticator the configuration asks for; off when neither secret nor JWKS is set. */
    public static Authenticator from(SignalConfig.Auth config) throws ConfigException {
        if (!config.enabled()) {
            return new Authenticator(null);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        if (config.secret() != null) {
            byte[] secret = config.secret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new ConfigException("--auth-secret must be at least 32 bytes for HS256");
            }
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        } else {
            JWKSet keys;
            try {
                keys = JWKSet.load(config.jwks().toFile());
            } catch (IOException | ParseException e) {
                throw new ConfigException("--auth-jwks: cannot read " + config.jwks() + ": " + e.getMessage());
            }
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                    Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), new ImmutableJWKSet<>(keys)));
        }
        processor.setJWTClaimsSetVerifier(new TokenClaimsVerifier(config.clockSkew(), config.maxLifetime(),
                config.audience(), config.issuer()));
        return new Authenticator(processor);
    }

    public boolean enabled() {
        return processor != null;
    }

    /** Checks the request's token; with auth off every request is the anonymous, all-granted principal. */
    public Outcome authenticate(HttpServerRequest request) {
        if (processor == null) {
            return ANONYMOUS;
        }
        String token = token(request);
        if (token == null || token.isEmpty()) {
            return new Outcome.Rejected("missing token");
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            return new Outcome.Authenticated(new Principal(claims.getSubject(), grants(claims)));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return new Outcome.Rejected("invalid token");
        }
    }

    private static Grants grants(JWTClaimsSet claims) {
        Map<String, String> byKind = new HashMap<>();
        for (String kind : Grants.KINDS) {
            Object value = claims.getClaim(kind);
            if (value instanceof String) {
                byKind.put(kind, (String) value);
            }
        }
        return new Grants(byKind);
    }

    private static String token(HttpServerRequest request) {
        String header = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        List<String> fromQuery = new QueryStringDecoder(request.uri()).parameters().get("token");
        return fromQuery == null || fromQuery.isEmpty() ? null : fromQuery.get(0);
    }
}

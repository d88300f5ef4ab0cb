package dev.signals.server.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.time.Duration;
import java.util.Date;
import java.util.Set;

/**
 * The claim checks of SECURITY.md#per-dialect-without-and-with-authentication: {@code exp}
 * required and not past (within the clock skew), {@code nbf} reached, {@code aud} and {@code iss}
 * when configured, an {@code iat} not in the future, and a lifetime of at most the maximum, so a
 * token cannot be minted to work for a century.
 */
final class TokenClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final long skewMillis;
    private final long maxLifetimeMillis;

    /** {@code audience}, {@code issuer} null when not checked; {@code maxLifetime} zero when unbounded. */
    TokenClaimsVerifier(Duration clockSkew, Duration maxLifetime, String audience, String issuer) {
        super(audience, issuer == null ? null : new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"));
        setMaxClockSkew((int) clockSkew.toSeconds());
        this.skewMillis = clockSkew.toMillis();
        this.maxLifetimeMillis = maxLifetime.toMillis();
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        super.verify(claims, context);
        long now = currentTime().getTime();
        Date issued = claims.getIssueTime();
        if (issued != null && issued.getTime() > now + skewMillis) {
            throw new BadJWTException("JWT issued in the future");
        }
        if (maxLifetimeMillis == 0) {
            return;
        }
        // Without iat the token's remaining validity is the only lifetime it proves.
        long from = issued == null ? now : issued.getTime();
        if (claims.getExpirationTime().getTime() - from > maxLifetimeMillis + skewMillis) {
            throw new BadJWTException("JWT lifetime longer than the maximum");
        }
    }
}

package dev.signals.server.turn;

import dev.signals.server.auth.Principal;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.ws.IceServersPush;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues short-lived TURN credentials in the TURN REST form coturn's {@code use-auth-secret}
 * checks (docs/turn.md#credentials): username {@code <unix expiry>:<id>}, credential
 * base64(HMAC-SHA1(secret, username)), always signed with the first configured secret. Pure
 * computation on the caller's thread: the key is set up once, each credential is a clone of it.
 */
public final class TurnCredentials implements IceServersPush {
    private static final String HMAC_SHA1 = "HmacSHA1";

    private final List<String> relayUrls = new ArrayList<>();
    private final List<String> stunUrls = new ArrayList<>();
    private final Duration ttl;
    private final Clock clock;
    private final Mac signer;

    /** Signs with {@code config}'s first secret; credentials live {@code config.ttl()} from {@code clock}'s now. */
    public TurnCredentials(SignalConfig.Turn config, Clock clock) {
        this(config.urls(), config.secrets().isEmpty() ? null : config.secrets().get(0), config.ttl(), clock);
    }

    /** Signs with {@code secret} (null when every URL is {@code stun:}, which needs no credential). */
    public TurnCredentials(List<String> urls, String secret, Duration ttl, Clock clock) {
        for (String url : urls) {
            (url.startsWith("turn") ? relayUrls : stunUrls).add(url);
        }
        this.ttl = ttl;
        this.clock = clock;
        this.signer = secret == null ? null : signer(secret);
    }

    private static Mac signer(String secret) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    public Duration ttl() {
        return ttl;
    }

    /** Credentials for {@code principal}: its token's subject as the id, or a fresh random id when it has none. */
    public IceServers issue(Principal principal) {
        return forSubject(principal.subject());
    }

    /**
     * The {@code {"iceServers":[…],"ttl":n}} JSON for {@code principal}, as {@code GET /ice-servers}
     * answers it; a session layer sends the same object in its {@code ice_servers} frame.
     */
    public String iceServersJson(Principal principal) {
        return issue(principal).toJson();
    }

    @Override
    public String iceServersJson(String subject) {
        return forSubject(subject).toJson();
    }

    /** A token's subject names the credential; without one (auth off) a fresh random id does. */
    private IceServers forSubject(String subject) {
        return issue(subject == null || subject.isEmpty() ? randomId() : subject);
    }

    /** Fresh credentials at 80 % of their lifetime, so the old ones are still valid when they arrive. */
    @Override
    public Duration refreshEvery() {
        return ttl.multipliedBy(4).dividedBy(5);
    }

    /** Credentials for {@code id} that expire one TTL from now. */
    public IceServers issue(String id) {
        return issue(id, clock.instant().plus(ttl));
    }

    /** Credentials for {@code id} that expire at {@code expiry} (whole seconds; the past is allowed). */
    public IceServers issue(String id, Instant expiry) {
        List<IceServers.Entry> entries = new ArrayList<>(2);
        if (!relayUrls.isEmpty()) {
            String username = expiry.getEpochSecond() + ":" + id;
            entries.add(new IceServers.Entry(relayUrls, username, sign(username)));
        }
        if (!stunUrls.isEmpty()) {
            entries.add(new IceServers.Entry(stunUrls, null, null));
        }
        return new IceServers(entries, ttl.toSeconds());
    }

    /** base64(HMAC-SHA1(secret, username)): the password coturn derives from the same secret. */
    String sign(String username) {
        Mac mac;
        try {
            mac = (Mac) signer.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the runtime's HmacSHA1 cannot be cloned", e);
        }
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    /** 64 random bits in hex: an id only tells allocations apart in the TURN server's log, so it need not be secret. */
    private static String randomId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}

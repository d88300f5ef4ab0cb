package dev.signals.server.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of what {@link TurnCredentials} issues (docs/turn.md#credentials), with a fixed
 * clock: the credential is the one {@code openssl dgst -sha1 -hmac SECRET -binary | base64} gives
 * for the username, and the JSON is what {@code GET /ice-servers} and a session frame carry.
 */
class TurnCredentialsTest {
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_767_222_000L), ZoneOffset.UTC);

    @Test
    void usernameIsExpiryColonSubjectAndTheCredentialItsHmacSha1() {
        TurnCredentials turn = new TurnCredentials(List.of("turn:turn.example.com:3478?transport=udp",
                "turns:turn.example.com:5349", "stun:turn.example.com:3478"), "north", Duration.ofHours(1), NOW);
        // echo -n "1767225600:alice" | openssl dgst -sha1 -hmac north -binary | base64
        assertEquals("{\"iceServers\":[{\"urls\":[\"turn:turn.example.com:3478?transport=udp\",\"turns:turn.example.com:5349\"],"
                + "\"username\":\"1767225600:alice\",\"credential\":\"qnVCfmDqv+5N7tpxKH0liO/huIU=\"},"
                + "{\"urls\":[\"stun:turn.example.com:3478\"]}],\"ttl\":3600}",
                turn.iceServersJson(new Principal("alice", Grants.everything())));
    }

    @Test
    void anAnonymousPrincipalGetsARandomIdAndStunOnlyNeedsNoSecret() {
        TurnCredentials turn = new TurnCredentials(List.of("turn:t.example"), "north", Duration.ofSeconds(10), NOW);
        String username = turn.issue(Principal.ANONYMOUS).iceServers().get(0).username();
        assertTrue(username.matches("1767222010:[0-9a-f]{16}"), username);
        String emptySubject = turn.issue(new Principal("", Grants.everything())).iceServers().get(0).username();
        assertTrue(emptySubject.matches("1767222010:[0-9a-f]{16}"), emptySubject);

        TurnCredentials stunOnly = new TurnCredentials(List.of("stun:s.example:3478"), null, Duration.ofMinutes(1), NOW);
        assertEquals("{\"iceServers\":[{\"urls\":[\"stun:s.example:3478\"]}],\"ttl\":60}",
                stunOnly.iceServersJson(Principal.ANONYMOUS));
    }
}

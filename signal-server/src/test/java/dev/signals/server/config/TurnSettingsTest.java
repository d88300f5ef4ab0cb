package dev.signals.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code [turn]} settings (docs/turn.md): every source works, bad values stop the start with
 * a message naming the flag, and no message, nor the configuration's text, ever shows a secret.
 */
class TurnSettingsTest {
    private static final String SECRET = "s3cr3t-never-printed";
    private static final String URL = "turn:turn.example.com:3478?transport=udp";

    @TempDir
    Path dir;

    private SignalConfig.Turn load(Map<String, String> env, String... args) throws ConfigException {
        return new ConfigLoader(env, dir).load(args).config().turn();
    }

    private String error(String... args) {
        String message = assertThrows(ConfigException.class, () -> load(Map.of(), args)).getMessage();
        assertFalse(message.contains(SECRET), message);
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void offByDefaultWithAnHourTtl() throws Exception {
        SignalConfig.Turn turn = load(Map.of());
        assertFalse(turn.enabled());
        assertEquals(Duration.ofHours(1), turn.ttl());
        assertEquals(List.of(), turn.secrets());
    }

    @Test
    void flagsEnvironmentTomlAndSecretFile() throws Exception {
        SignalConfig.Turn fromFlags = load(Map.of(), "--turn-urls", URL + ", stun:turn.example.com", "--turn-secret",
                SECRET + ",old-one", "--turn-ttl", "10m");
        assertEquals(List.of(URL, "stun:turn.example.com"), fromFlags.urls());
        assertEquals(List.of(SECRET, "old-one"), fromFlags.secrets());
        assertEquals(Duration.ofMinutes(10), fromFlags.ttl());
        assertTrue(fromFlags.enabled());

        SignalConfig.Turn fromEnv = load(Map.of("SIGNALS_TURN_URLS", URL, "SIGNALS_TURN_SECRET", SECRET));
        assertEquals(List.of(SECRET), fromEnv.secrets());

        Path secrets = Files.writeString(dir.resolve("turn-secrets"), "# newest first\n" + SECRET + "\n\n  old,with,commas  \n");
        Files.writeString(dir.resolve("config.toml"), "[turn]\nurls = [\"" + URL + "\", \"turns:turn.example.com:5349\"]\n"
                + "secret_file = \"turn-secrets\"\nttl = \"24h\"\n");
        SignalConfig.Turn fromToml = load(Map.of());
        assertEquals(List.of(URL, "turns:turn.example.com:5349"), fromToml.urls());
        assertEquals(List.of(SECRET, "old,with,commas"), fromToml.secrets());
        assertEquals(Duration.ofHours(24), fromToml.ttl());
        assertTrue(Files.exists(secrets));

        assertEquals(List.of("stun:stun.example.com:3478"), load(Map.of(), "--turn-urls", "stun:stun.example.com:3478").urls(),
                "STUN-only URLs need no secret");
    }

    @Test
    void theConfigurationsTextHidesTheSecrets() throws Exception {
        SignalConfig config = new ConfigLoader(Map.of(), dir).load("--turn-urls", URL, "--turn-secret", SECRET).config();
        assertFalse(config.toString().contains(SECRET), config.toString());
        assertTrue(config.turn().toString().contains("1 hidden"), config.turn().toString());
    }

    @Test
    void badValuesNameTheFlagAndNeverTheSecret() throws Exception {
        assertEquals("invalid value for --turn-ttl: '9s': must be 10s to 24h", error("--turn-ttl", "9s"));
        assertEquals("invalid value for --turn-ttl: '25h': must be 10s to 24h", error("--turn-ttl", "25h"));
        assertEquals("invalid value for --turn-ttl: 'soon': not a duration (use e.g. 500ms, 5s, 2m)", error("--turn-ttl", "soon"));
        assertEquals("invalid value for --turn-urls: 'http://turn.example.com': must be turn:HOST[:PORT][?transport=udp|tcp], "
                + "turns:…, or stun:HOST[:PORT]", error("--turn-urls", "http://turn.example.com", "--turn-secret", SECRET));
        assertEquals("invalid value for --turn-urls: 'turn:turn.example.com:70000': port must be 1-65535",
                error("--turn-urls", "turn:turn.example.com:70000", "--turn-secret", SECRET));
        assertEquals("--turn-urls lists turn: URLs but neither --turn-secret nor --turn-secret-file is set", error("--turn-urls", URL));
        assertEquals("--turn-secret is set but --turn-urls is empty: no credential would be handed out",
                error("--turn-secret", SECRET));
        assertEquals("invalid value for --turn-secret: a secret in the list is empty",
                error("--turn-urls", URL, "--turn-secret", SECRET + ",,other"));
        Files.writeString(dir.resolve("secrets"), SECRET + "\n");
        assertEquals("set --turn-secret or --turn-secret-file, not both",
                error("--turn-urls", URL, "--turn-secret", SECRET, "--turn-secret-file", "secrets"));
        assertEquals("invalid value for --turn-secret-file: cannot read " + dir.resolve("missing"),
                error("--turn-urls", URL, "--turn-secret-file", "missing"));
        Files.writeString(dir.resolve("empty"), "# nothing yet\n\n");
        assertEquals("invalid value for --turn-secret-file: " + dir.resolve("empty") + " holds no secret",
                error("--turn-urls", URL, "--turn-secret-file", "empty"));
    }
}

package dev.signals.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/configuration.md: flag > SIGNALS_* env > TOML > default, legacy spellings, and one-line errors. */
class FlagParsingTest {
    @TempDir
    Path dir;

    private SignalConfig load(Map<String, String> env, String... args) throws ConfigException {
        return new ConfigLoader(env, dir).load(args).config();
    }

    private String error(Map<String, String> env, String... args) {
        return assertThrows(ConfigException.class, () -> load(env, args)).getMessage();
    }

    @Test
    void defaultsMatchTheContract() throws Exception {
        SignalConfig c = load(Map.of());
        assertEquals("0.0.0.0", c.listen().main().getHostString());
        assertEquals(8080, c.listen().main().getPort());
        assertEquals(8090, c.listen().admin().getPort());
        assertEquals(2, c.call().seatCount());
        assertEquals(Duration.ofSeconds(30), c.call().seatTimeout());
        assertEquals(Duration.ofSeconds(5), c.webSocket().pingInterval());
        assertEquals(Duration.ofSeconds(10), c.webSocket().readTimeout());
        assertEquals(64 * 1024, c.limits().maxMessageBytes());
        assertEquals(50, c.limits().rateLimit());
        assertEquals(200_000, c.limits().maxConnections());
        assertEquals(64, c.room().maxClients());
        assertEquals(256L * 1024 * 1024, c.mailbox().maxBytes());
        assertEquals(Duration.ofMinutes(10), c.mailbox().maxLifetime());
        assertFalse(c.redis().enabled());
        assertFalse(c.auth().enabled());
        assertTrue(c.allowedOrigins().isEmpty());
    }

    @Test
    void flagBeatsEnvironmentBeatsTomlBeatsDefault() throws Exception {
        Files.writeString(dir.resolve("config.toml"), "[call]\nseat_count = 3\nseat_timeout = \"7s\"\n[room]\nmax_clients = 9\n");
        Map<String, String> env = Map.of("SIGNALS_SEAT_COUNT", "4", "SIGNALS_ROOM_MAX_CLIENTS", "11");
        SignalConfig c = load(env, "--seat-count", "5");
        assertEquals(5, c.call().seatCount(), "flag wins");
        assertEquals(11, c.room().maxClients(), "env beats TOML");
        assertEquals(Duration.ofSeconds(7), c.call().seatTimeout(), "TOML beats default");
        assertEquals(Duration.ofSeconds(10), c.webSocket().readTimeout(), "default");
    }

    @Test
    void explicitConfigFileAndServerHost() throws Exception {
        Path file = dir.resolve("other.toml");
        Files.writeString(file, "[server]\nhost = \"127.0.0.1:9091\"\nalso_listen = [\"127.0.0.1:5000\"]\n");
        SignalConfig c = load(Map.of(), "--config", file.toString());
        assertEquals("127.0.0.1", c.listen().main().getHostString());
        assertEquals(9091, c.listen().main().getPort());
        assertEquals(5000, c.listen().also().get(0).getPort());
    }

    @Test
    void legacySpellingsSetTheMainListener() throws Exception {
        assertEquals(5000, load(Map.of(), "-it", "127.0.0.1:5000").listen().main().getPort());
        SignalConfig roomSeed = load(Map.of("SIGNALS_ADDR", "10.0.0.1:7000"), "-port", "5001");
        assertEquals("10.0.0.1", roomSeed.listen().main().getHostString(), "-port keeps the host from env");
        assertEquals(5001, roomSeed.listen().main().getPort());
        SignalConfig hostOnly = load(Map.of(), "-addr", "127.0.0.2");
        assertEquals("127.0.0.2", hostOnly.listen().main().getHostString());
        assertEquals(8080, hostOnly.listen().main().getPort(), "-addr keeps the default port");
        assertEquals(":9000".length(), 5);
        assertEquals(9000, load(Map.of(), "--addr", ":9000").listen().main().getPort());
    }

    @Test
    void durationsSizesAndBooleans() throws Exception {
        SignalConfig c = load(Map.of(), "--ws-ping-interval", "500ms", "--seat-timeout", "2m",
                "--max-message-bytes", "1MiB", "--mailbox-max-bytes", "512", "--call-leave-events=false",
                "--healthz-addr", "off", "--rate-limit", "0");
        assertEquals(Duration.ofMillis(500), c.webSocket().pingInterval());
        assertEquals(Duration.ofMinutes(2), c.call().seatTimeout());
        assertEquals(1024 * 1024, c.limits().maxMessageBytes());
        assertEquals(512, c.mailbox().maxBytes());
        assertFalse(c.call().leaveEvents());
        assertNull(c.listen().admin());
        assertEquals(0, c.limits().rateLimit());
        assertTrue(load(Map.of(), "--call-leave-events").call().leaveEvents());
    }

    @Test
    void theMailboxShareIsAFractionOfTheBudgetOrASize() throws Exception {
        assertEquals(128, load(Map.of(), "--mailbox-max-bytes", "512", "--mailbox-ip-share", "25%").mailbox().ipShareBytes());
        assertEquals(256, load(Map.of(), "--mailbox-max-bytes", "512", "--mailbox-ip-share", "0.5").mailbox().ipShareBytes());
        assertEquals(2048, load(Map.of(), "--mailbox-max-bytes", "512", "--mailbox-ip-share", "2KiB").mailbox().ipShareBytes());
        assertEquals(0, load(Map.of(), "--mailbox-max-bytes", "0", "--mailbox-ip-share", "10%").mailbox().ipShareBytes(),
                "a fraction of no budget is no share");
        assertEquals(256L * 1024 * 1024 / 10, load(Map.of()).mailbox().ipShareBytes());
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "--mailbox-ip-share", "150%"));
        assertEquals("invalid value for --mailbox-ip-share: '150%': a share is at most 100% of the budget", e.getMessage());
    }

    @Test
    void theTcpCapIsDerivedFromTheFileLimitLessAReserve() throws Exception {
        assertEquals(18_000, FileLimit.derivedCap(20_000), "a tenth kept back");
        assertEquals(36, FileLimit.derivedCap(100), "at least 64 kept back");
        assertEquals(0, FileLimit.derivedCap(-1), "no limit known: no cap");
        assertEquals(0, load(Map.of(), "--max-tcp-connections", "0").limits().maxTcpConnections());
        assertEquals(500, load(Map.of(), "--max-tcp-connections", "500").limits().maxTcpConnections());
        assertTrue(load(Map.of()).limits().maxTcpConnections() > 0, "auto, on a platform that tells its file limit");
    }

    @Test
    void badInputIsOneLineNamingTheFlag() {
        assertEquals("Unknown option: '--bogus'", error(Map.of(), "--bogus"));
        assertEquals("invalid value for --seat-count: 'two': must be a whole number", error(Map.of(), "--seat-count", "two"));
        assertEquals("invalid value for SIGNALS_WS_PING_INTERVAL: '5 parsecs': not a duration (use e.g. 500ms, 5s, 2m)",
                error(Map.of("SIGNALS_WS_PING_INTERVAL", "5 parsecs")));
        assertEquals("invalid value for --max-message-bytes: 'lots': not a size (use e.g. 512, 64KiB, 1MiB)",
                error(Map.of(), "--max-message-bytes", "lots"));
        assertEquals("invalid value for --addr: 'nohostport': must be HOST:PORT", error(Map.of(), "--addr", "nohostport"));
        assertEquals("invalid value for --disable: unknown dialect 'video'", error(Map.of(), "--disable", "video"));
        assertEquals("invalid value for --trusted-proxies: 'proxy.local': not an IP address or CIDR: 'proxy.local'",
                error(Map.of(), "--trusted-proxies", "10.0.0.0/8,proxy.local"));
        assertEquals("invalid value for --trusted-proxies: '10.0.0.0/33': prefix out of range in '10.0.0.0/33'",
                error(Map.of(), "--trusted-proxies", "10.0.0.0/33"));
        assertEquals("invalid value for --auth-clock-skew: '1500ms': must be whole seconds",
                error(Map.of(), "--auth-clock-skew", "1500ms"));
        assertEquals("invalid value for --origin: 'app.example.com': not an origin "
                + "(scheme://host[:port], scheme://*.domain[:port] or *)", error(Map.of(), "--origin", "app.example.com"));
        assertTrue(error(Map.of(), "--addr").startsWith("Missing required parameter for option '--addr'"));
        assertFalse(error(Map.of(), "--seat-count", "-1").contains("\n"));
    }

    @Test
    void unknownTomlKeyIsAStartupErrorNamingTheKey() throws Exception {
        Files.writeString(dir.resolve("config.toml"), "[room]\nmax_clients = 3\nmax_clientz = 4\n");
        assertTrue(error(Map.of()).endsWith("unknown key [room] max_clientz"));
    }

    @Test
    void helpListsEveryFlagWithItsDefault() throws Exception {
        String help = new ConfigLoader(Map.of(), dir).load("--help").helpText().replaceAll("\\s+", " ");
        for (Setting s : Setting.values()) {
            assertTrue(help.contains("--" + s.flag()), s.flag());
        }
        assertTrue(help.contains("default: 64KiB"));
        assertTrue(help.contains("-it"));
    }
}

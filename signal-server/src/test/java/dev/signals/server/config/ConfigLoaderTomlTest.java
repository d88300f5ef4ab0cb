package dev.signals.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TOML configuration (docs/configuration.md): flag > SIGNALS_* env > TOML > default, unknown keys refused. */
class ConfigLoaderTomlTest {
    @TempDir
    Path dir;

    private SignalConfig load(Map<String, String> env, String... args) throws ConfigException {
        return new ConfigLoader(env, dir).load(args).config();
    }

    private ConfigException refused(String... args) {
        return assertThrows(ConfigException.class, () -> load(Map.of(), args));
    }

    private void write(String name, String toml) throws Exception {
        Files.writeString(dir.resolve(name), toml);
    }

    private static InetSocketAddress addr(String host, int port) {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Test
    void seedConfigFileIsHonouredAsIs() throws Exception {
        // Seed 002's file, indentation and all.
        write("config.toml", "#设置信令服务器的地址\n[server]\n    host = \"0.0.0.1:9091\"\n"
                + "#配置日志输出的位置和文件\n[log]\n    out_dir = \"/log/signal-server\"\n    out_file = \"signal-server.log\"\n");
        SignalConfig c = load(Map.of());
        assertEquals(addr("0.0.0.1", 9091), c.listen().main());
        assertEquals(Path.of("/log/signal-server"), c.log().dir());
        assertEquals("signal-server.log", c.log().file());
    }

    @Test
    void flagBeatsEnvBeatsTomlBeatsDefault() throws Exception {
        write("config.toml", "[server]\nhost = \"127.0.0.1:7001\"\n[limits]\nrate_limit = 7\nrate_burst = 70\n"
                + "[call]\nseat_count = 3\n");
        SignalConfig tomlOnly = load(Map.of());
        assertEquals(addr("127.0.0.1", 7001), tomlOnly.listen().main());
        assertEquals(7, tomlOnly.limits().rateLimit());
        assertEquals(70, tomlOnly.limits().rateBurst());
        assertEquals(3, tomlOnly.call().seatCount());
        assertEquals(Duration.ofSeconds(30), tomlOnly.call().seatTimeout(), "untouched settings keep their default");

        Map<String, String> env = Map.of("SIGNALS_ADDR", "127.0.0.1:7002", "SIGNALS_RATE_LIMIT", "8");
        SignalConfig withEnv = load(env);
        assertEquals(addr("127.0.0.1", 7002), withEnv.listen().main());
        assertEquals(8, withEnv.limits().rateLimit());
        assertEquals(70, withEnv.limits().rateBurst(), "TOML still fills what env leaves out");

        SignalConfig withFlags = load(env, "--addr", "127.0.0.1:7003", "--rate-limit", "9");
        assertEquals(addr("127.0.0.1", 7003), withFlags.listen().main());
        assertEquals(9, withFlags.limits().rateLimit());
        assertEquals(70, withFlags.limits().rateBurst());
        assertEquals(3, withFlags.call().seatCount());
    }

    @Test
    void legacyPortFlagKeepsTheTomlHost() throws Exception {
        write("config.toml", "[server]\nhost = \"127.0.0.2:9091\"\n");
        assertEquals(addr("127.0.0.2", 9999), load(Map.of(), "-port", "9999").listen().main());
        assertEquals(addr("127.0.0.3", 9091), load(Map.of(), "-addr", "127.0.0.3").listen().main());
    }

    @Test
    void explicitConfigFileReplacesTheDefaultOne() throws Exception {
        write("config.toml", "[server]\nhost = \"127.0.0.1:7001\"\n");
        write("other.toml", "[room]\nmax_clients = 5\n");
        SignalConfig c = load(Map.of(), "--config", "other.toml");
        assertEquals(5, c.room().maxClients());
        assertEquals(addr("0.0.0.0", 8080), c.listen().main(), "./config.toml is not read when --config is given");
        assertTrue(refused("--config", "missing.toml").getMessage().contains("missing.toml"));
    }

    @Test
    void withoutAnyFileEverythingIsDefault() throws Exception {
        SignalConfig c = load(Map.of());
        assertEquals(addr("0.0.0.0", 8080), c.listen().main());
        assertNull(c.log().dir());
    }

    @Test
    void tomlTypesMapOntoSettings() throws Exception {
        write("config.toml", "[server]\nalso_listen = [\"127.0.0.1:5000\", \"127.0.0.1:9091\"]\ndisable = [\"mailbox\"]\n"
                + "shutdown_timeout = \"2m\"\n[limits]\nmax_message_bytes = \"1MiB\"\nhttp_rate_limit = 0.5\n"
                + "[call]\nleave_events = false\n[admin]\naddr = \"off\"\n[log]\nout_dir = \"logs\"\nlevel = \"debug\"\n");
        SignalConfig c = load(Map.of());
        assertEquals(List.of(addr("127.0.0.1", 5000), addr("127.0.0.1", 9091)), c.listen().also());
        assertFalse(c.dialectEnabled("mailbox"));
        assertEquals(Duration.ofMinutes(2), c.shutdownTimeout());
        assertEquals(1024 * 1024, c.limits().maxMessageBytes());
        assertEquals(0.5, c.limits().httpRateLimit());
        assertFalse(c.call().leaveEvents());
        assertNull(c.listen().admin());
        assertEquals(dir.resolve("logs"), c.log().dir(), "a relative out_dir is relative to the working directory");
        assertEquals("debug", c.log().level());
    }

    @Test
    void unknownKeysAndSectionsAreStartupErrorsNamingTheKey() throws Exception {
        write("config.toml", "[server]\nhots = \"127.0.0.1:1\"\n");
        assertTrue(refused().getMessage().contains("unknown key [server] hots"), refused().getMessage());
        write("config.toml", "[servers]\nhost = \"127.0.0.1:1\"\n");
        assertTrue(refused().getMessage().contains("unknown key [servers] host"), refused().getMessage());
        write("config.toml", "host = \"127.0.0.1:1\"\n");
        assertTrue(refused().getMessage().contains("unknown key host"), refused().getMessage());
        write("config.toml", "[server.tls]\ncert = \"x\"\n");
        assertTrue(refused().getMessage().contains("unknown key [server] tls"), refused().getMessage());
    }

    @Test
    void badFilesAndValuesAreNamed() throws Exception {
        write("config.toml", "[server\nhost = 1\n");
        assertEquals(dir.resolve("config.toml") + ": not valid TOML (near line 1): Newline not permitted here", refused().getMessage());
        write("config.toml", "# the seed's keys\n[server]\nhost = \"a:1\"\nhost = \"b:2\"\n");
        assertEquals(dir.resolve("config.toml") + ": not valid TOML (near line 5): Duplicate key", refused().getMessage());
        write("config.toml", "[limits]\nrate_limit = \"fast\"\n");
        String msg = refused().getMessage();
        assertTrue(msg.contains("[limits] rate_limit") && msg.contains("'fast'"), msg);
        write("config.toml", "[log]\nout_dir = \"logs\"\nout_file = \" \"\n");
        assertTrue(refused().getMessage().contains("[log] out_file") && refused().getMessage().endsWith("must not be empty"),
                refused().getMessage());
        write("config.toml", "[server]\nhost = \"nohostport\"\n");
        assertTrue(refused().getMessage().contains("[server] host"), refused().getMessage());
    }
}

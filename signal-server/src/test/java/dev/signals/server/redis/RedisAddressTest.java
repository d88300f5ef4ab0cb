package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.config.ConfigException;
import dev.signals.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --redis-addr} forms (PROTOCOLS.md §6) and their validation at startup. */
class RedisAddressTest {

    @Test
    void hostAndPort() {
        assertEquals(new RedisAddress("10.0.0.5", 6380, false, null, null, 0), RedisAddress.parse("10.0.0.5:6380"));
        assertEquals(new RedisAddress("::1", 6379, false, null, null, 0), RedisAddress.parse("[::1]:6379"));
    }

    @Test
    void uriWithPasswordDatabaseAndTls() {
        assertEquals(new RedisAddress("redis.local", 6379, false, null, "pw", 2), RedisAddress.parse("redis://:pw@redis.local/2"));
        assertEquals(new RedisAddress("h", 7000, true, "user", "p:w", 0), RedisAddress.parse("rediss://user:p%3Aw@h:7000"));
        assertEquals(new RedisAddress("h", 6379, false, null, null, 0), RedisAddress.parse("redis://h"));
    }

    @Test
    void thePasswordNeverShowsInText() {
        String shown = RedisAddress.parse("rediss://:topsecret@h:7000/3").toString();
        assertEquals("rediss://:***@h:7000/3", shown);
    }

    @Test
    void badAddressesAreRefused() {
        for (String bad : new String[] {"", "justahost", "http://h:1", "redis://:pw@/1", "redis://h:99999", "redis://h/x", "redis://h?x=1"}) {
            assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(bad), bad);
        }
    }

    @Test
    void aBadRedisAddrIsAStartupErrorNamingTheFlag() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), Path.of("").toAbsolutePath()).load("--redis-addr", "http://h:1"));
        assertTrue(e.getMessage().contains("--redis-addr"), e.getMessage());
        ConfigException lease = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), Path.of("").toAbsolutePath()).load("--node-lease", "100ms"));
        assertTrue(lease.getMessage().contains("--node-lease"), lease.getMessage());
    }
}

package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.config.ConfigException;
import dev.signals.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --redis-addr} forms (docs/cluster.md) and their validation at startup. */
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
    void sentinelsAndTheMasterName() {
        RedisAddress a = RedisAddress.parse("redis-sentinel://:pw@s1:26380,[::1],s3:5000/mymaster");
        assertEquals(new RedisAddress(RedisAddress.Topology.SENTINEL, List.of(new RedisAddress.Endpoint("s1", 26380),
                new RedisAddress.Endpoint("::1", 26379), new RedisAddress.Endpoint("s3", 5000)), false, null, "pw", 0, "mymaster"), a);
        RedisAddress tls = RedisAddress.parse("rediss-sentinel://u:p%40w@s1/main/2");
        assertEquals(new RedisAddress(RedisAddress.Topology.SENTINEL, List.of(new RedisAddress.Endpoint("s1", 26379)),
                true, "u", "p@w", 2, "main"), tls);
    }

    @Test
    void thePasswordNeverShowsInText() {
        String shown = RedisAddress.parse("rediss://:topsecret@h:7000/3").toString();
        assertEquals("rediss://:***@h:7000/3", shown);
        assertEquals("redis-sentinel://:***@s1:26379,[::1]:26379/mymaster",
                RedisAddress.parse("redis-sentinel://:topsecret@s1,[::1]/mymaster").toString());
    }

    @Test
    void badAddressesAreRefused() {
        for (String bad : new String[] {"", "justahost", "http://h:1", "redis://:pw@/1", "redis://h:99999", "redis://h/x", "redis://h?x=1",
            "redis-sentinel://s1:26379", "redis-sentinel://s1:26379/", "redis-sentinel://s1,,s2/m", "redis-sentinel://s1:0/m",
            "redis-sentinel://s1/m/x", "redis-sentinel://s1/m/1/2", "redis-sentinel://s1/m?x=1", "redis-sentinel://:pw@/m"}) {
            assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(bad), bad);
        }
    }

    @Test
    void clusterSeedsParse() {
        assertEquals(new RedisAddress(RedisAddress.Topology.CLUSTER, List.of(new RedisAddress.Endpoint("h1", 7000),
                new RedisAddress.Endpoint("h2", 6379), new RedisAddress.Endpoint("::1", 7001)), false, null, "pw", 0, null),
                RedisAddress.parse("redis-cluster://:pw@h1:7000,h2,[::1]:7001"));
        assertEquals(new RedisAddress(RedisAddress.Topology.CLUSTER, List.of(new RedisAddress.Endpoint("h1", 6379)),
                true, "u", "p@w", 0, null), RedisAddress.parse("rediss-cluster://u:p%40w@h1/"));
        assertEquals("rediss-cluster://u:***@h1:6379,h2:7000", RedisAddress.parse("rediss-cluster://u:secret@h1,h2:7000").toString());
        for (String bad : new String[] {"redis-cluster://", "redis-cluster://h1,,h2", "redis-cluster://h1/0", "redis-cluster://h1:0",
            "redis-cluster://h1?x=1", "redis-cluster://:pw@"}) {
            assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(bad), bad);
        }
    }

    @Test
    void aClusterAddressNeedsSessionsOffAndSaysHow() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of(), Path.of("").toAbsolutePath());
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load("--redis-addr", "redis-cluster://h1:6379,h2:6379"));
        for (String part : new String[] {"--redis-addr", "Redis Cluster", "resumable sessions", "not supported yet",
            "--resume-window 0", "docs/cluster.md#redis-cluster", "redis-sentinel://"}) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
        ConfigException fromEnv = assertThrows(ConfigException.class, () -> new ConfigLoader(
                Map.of("SIGNALS_REDIS_ADDR", "rediss-cluster://h1"), Path.of("").toAbsolutePath()).load("--resume-window", "5s"));
        assertTrue(fromEnv.getMessage().startsWith("SIGNALS_REDIS_ADDR names a Redis Cluster"), fromEnv.getMessage());
        assertEquals("redis-cluster://h1:6379,h2:6379", loader.load("--redis-addr", "redis-cluster://h1:6379,h2:6379",
                "--resume-window", "0").config().redis().addr());
        assertEquals("h:1", loader.load("--redis-addr", "h:1").config().redis().addr());
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

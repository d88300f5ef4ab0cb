package dev.signals.server.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A primary, one replica and three Sentinels (quorum 2) on free loopback ports, as
 * docs/cluster.md describes the Sentinel topology. Started ready to fail over: the replica is in
 * sync and every Sentinel knows the replica and the other Sentinels. {@link #killPrimary()} and
 * {@link #awaitFailover} drive a failover; commands always go to the current primary.
 */
public final class RedisSentinelTopology implements RedisTopology {
    public static final String MASTER = "signal";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final List<RedisProcess> dataNodes = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private RedisSentinelTopology() {
    }

    /** Starts the five processes and waits until a failover would work. */
    public static RedisSentinelTopology start() {
        return start(null);
    }

    /**
     * As {@link #start()}, with data nodes that require {@code password} (or none when null);
     * the Sentinels themselves ask for none.
     */
    public static RedisSentinelTopology start(String password) {
        RedisSentinelTopology t = new RedisSentinelTopology();
        List<String> auth = password == null ? List.of() : List.of("--requirepass", password, "--masterauth", password);
        try {
            RedisProcess primary = RedisProcess.start(auth.toArray(String[]::new));
            t.dataNodes.add(primary);
            List<String> replica = new ArrayList<>(auth);
            replica.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
            t.dataNodes.add(RedisProcess.start(replica.toArray(String[]::new)));
            for (int i = 0; i < 3; i++) {
                t.sentinels.add(password == null ? RedisProcess.sentinel(MASTER, primary.port())
                        : RedisProcess.sentinel(MASTER, primary.port(), "sentinel auth-pass " + MASTER + " " + password));
            }
            t.awaitReady();
            return t;
        } catch (Exception e) {
            t.close();
            throw new IllegalStateException("Sentinel topology did not come up: " + e, e);
        }
    }

    private void awaitReady() throws Exception {
        await(() -> info(dataNodes.get(1), "replication").contains("master_link_status:up"), "replica in sync");
        for (RedisProcess s : sentinels) {
            await(() -> ((List<?>) s.command("SENTINEL", "REPLICAS", MASTER)).size() == 1, "Sentinel knows the replica");
            await(() -> ((List<?>) s.command("SENTINEL", "SENTINELS", MASTER)).size() == 2, "Sentinels know each other");
        }
    }

    @Override
    public String address() {
        return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",")) + "/" + MASTER;
    }

    /** The data node the Sentinels name as primary now. */
    public RedisProcess primary() throws IOException {
        List<?> addr = (List<?>) sentinels.get(0).command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
        int port = Integer.parseInt(String.valueOf(addr.get(1)));
        return dataNodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IOException("Sentinels name an unknown primary on port " + port));
    }

    @Override
    public Object command(String... args) throws IOException {
        return primary().command(args);
    }

    /** SIGKILLs the current primary (no goodbye to clients or replicas); answers it. */
    public RedisProcess killPrimary() throws IOException {
        RedisProcess primary = primary();
        primary.kill();
        return primary;
    }

    /** Asks a Sentinel for a failover on command, as an operator would for maintenance. */
    public void failover() throws IOException {
        sentinels.get(0).command("SENTINEL", "FAILOVER", MASTER);
    }

    /**
     * Waits until every Sentinel names a primary other than {@code old} and that node answers as a
     * writable primary; answers the new primary.
     */
    public RedisProcess awaitFailover(RedisProcess old, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                RedisProcess now = primary();
                boolean agreed = true;
                for (RedisProcess s : sentinels) {
                    List<?> addr = (List<?>) s.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
                    agreed &= Integer.parseInt(String.valueOf(addr.get(1))) == now.port();
                }
                if (agreed && now != old && info(now, "replication").contains("role:master")) {
                    return now;
                }
            } catch (IOException e) {
                // a node in the middle of changing roles
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no failover away from port " + old.port() + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static String info(RedisProcess node, String section) throws IOException {
        return String.valueOf(node.command("INFO", section));
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException e) {
                // not answering yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(what + ": not within " + READY_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        dataNodes.forEach(RedisProcess::close);
    }
}

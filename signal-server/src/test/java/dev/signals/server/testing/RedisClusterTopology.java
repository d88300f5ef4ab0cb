package dev.signals.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of three masters and three replicas on free loopback ports, made with
 * {@code redis-cli --cluster create} as docs/cluster.md#redis-cluster describes the topology; or
 * of three masters alone ({@link #withoutReplicas}), also over TLS ({@link #overTls}).
 * Started with a short {@code cluster-node-timeout}, so a master failure is detected in about a
 * second. Commands follow {@code MOVED} redirections to the master serving the key's slot;
 * {@link #killMaster}, {@link #awaitFailover} and {@link #migrateSlot} drive failures.
 */
public final class RedisClusterTopology implements RedisTopology {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int MASTERS = 3;

    private static RedisClusterTopology shared;

    private final List<RedisProcess> nodes = new ArrayList<>();
    /** The JVM's {@link #shared()} Cluster, which {@link #close()} leaves running. */
    private boolean keep;

    /** One line of {@code CLUSTER NODES}: a server, its role and, for a master, its slot ranges. */
    public record Node(String id, int port, boolean master, boolean failed, String masterId, List<int[]> slots) {
        boolean serves(int slot) {
            return slots.stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
        }
    }

    private final int replicasPerMaster;
    private final boolean tls;

    private RedisClusterTopology(int replicasPerMaster, boolean tls) {
        this.replicasPerMaster = replicasPerMaster;
        this.tls = tls;
    }

    /** Starts six servers, joins them into a cluster and waits until every slot is served and every replica is in sync. */
    public static RedisClusterTopology start() {
        return start(1, null);
    }

    /**
     * Three masters and no replica, each started with {@code serverArgs} besides the defaults: a
     * killed master's slots are served by nobody until it is restarted ({@link #restart}).
     */
    public static RedisClusterTopology withoutReplicas(String... serverArgs) {
        return start(0, null, serverArgs);
    }

    /**
     * Three masters and no replica listening on TLS ports only ({@code port 0}), their cluster bus
     * over TLS too ({@code tls-cluster}, {@code tls-replication}), serving {@code tls}'s certificate;
     * {@link #address()} is then a {@code rediss-cluster://} address.
     */
    public static RedisClusterTopology overTls(TlsFiles tls) {
        return start(0, tls, "--tls-cluster", "yes", "--tls-replication", "yes");
    }

    private static RedisClusterTopology start(int replicasPerMaster, TlsFiles tls, String... serverArgs) {
        RedisClusterTopology t = new RedisClusterTopology(replicasPerMaster, tls != null);
        try {
            for (int i = 0; i < MASTERS * (1 + replicasPerMaster); i++) {
                List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "1000",
                        // A replica takes over however long its master has been silent (tests kill masters at will).
                        "--cluster-replica-validity-factor", "0"));
                args.addAll(List.of(serverArgs));
                String[] all = args.toArray(String[]::new);
                t.nodes.add(tls == null ? RedisProcess.start(all) : RedisProcess.startTls(tls, all));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli"));
            if (tls != null) {
                create.addAll(List.of("--tls", "--cacert", tls.cert().toString()));
            }
            create.addAll(List.of("--cluster", "create"));
            t.nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
            run(create);
            t.awaitHealthy();
            return t;
        } catch (Exception e) {
            t.close();
            throw new IllegalStateException("Redis Cluster did not come up: " + e, e);
        }
    }

    /**
     * One Cluster for every test class of this JVM that only runs nodes on it, each test under a
     * fresh key prefix (no server killed, no slot moved): started on first use, stopped when the JVM
     * exits, so the classes share one start-up instead of one each.
     */
    public static synchronized RedisClusterTopology shared() {
        if (shared == null) {
            RedisClusterTopology t = start();
            t.keep = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> t.nodes.forEach(RedisProcess::close)));
            shared = t;
        }
        return shared;
    }

    /** Waits until every live server agrees the cluster is whole and every master's replica is in sync. */
    private void awaitHealthy() throws Exception {
        Await.until("every slot served, every replica in sync", READY_TIMEOUT, () -> {
            for (RedisProcess n : live()) {
                if (!String.valueOf(n.command("CLUSTER", "INFO")).contains("cluster_state:ok")) {
                    return false;
                }
            }
            List<Node> view = topology();
            long masters = view.stream().filter(n -> n.master() && !n.failed() && !n.slots().isEmpty()).count();
            for (Node n : view) {
                if (!n.master() && !n.failed() && !String.valueOf(process(n).command("INFO", "replication"))
                        .contains("master_link_status:up")) {
                    return false;
                }
            }
            return masters == MASTERS
                    && view.stream().filter(n -> !n.master() && !n.failed()).count() >= (long) MASTERS * replicasPerMaster;
        });
    }

    /** The seed nodes (the three first masters) as the value for {@code --redis-addr}. */
    @Override
    public String address() {
        return (tls ? "rediss-cluster://" : "redis-cluster://") + nodes.subList(0, MASTERS).stream().map(n -> "127.0.0.1:" + n.port())
                .collect(Collectors.joining(","));
    }

    /** The hash slot of {@code key} ({@code CLUSTER KEYSLOT}). */
    public int slot(String key) throws IOException {
        return ((Long) any().command("CLUSTER", "KEYSLOT", key)).intValue();
    }

    /**
     * One command, sent to a live master and re-sent where a {@code MOVED} redirection points
     * (keyless commands are answered by the first live master).
     */
    @Override
    public Object command(String... args) throws IOException {
        RedisProcess target = any();
        for (int hop = 0; hop < 5; hop++) {
            try {
                return target.command(args);
            } catch (IOException e) {
                String error = String.valueOf(e.getMessage());
                if (!error.startsWith("MOVED ")) {
                    throw e;
                }
                int port = Integer.parseInt(error.substring(error.lastIndexOf(':') + 1));
                target = nodes.stream().filter(n -> n.port() == port).findFirst()
                        .orElseThrow(() -> new IOException("redirected to an unknown server: " + error));
            }
        }
        throw new IOException("too many redirections for " + String.join(" ", args));
    }

    /** One command sent to {@code node} itself, without following redirections. */
    public Object commandOn(Node node, String... args) throws IOException {
        return process(node).command(args);
    }

    /** The keys under {@code prefix} on every live master together. */
    @Override
    @SuppressWarnings("unchecked")
    public List<String> keys(String prefix) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (Node n : topology()) {
            if (n.master() && !n.failed()) {
                keys.addAll((List<String>) (List<?>) process(n).command("KEYS", prefix + "*"));
            }
        }
        return new ArrayList<>(keys);
    }

    /** The cluster as a live server sees it now. */
    public List<Node> topology() throws IOException {
        List<Node> out = new ArrayList<>();
        for (String line : String.valueOf(any().command("CLUSTER", "NODES")).split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            String hostPort = f[1].substring(0, f[1].indexOf('@'));
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated or imported, listed as well under its owner
                }
                String[] range = f[i].split("-");
                slots.add(new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1])});
            }
            boolean failed = f[2].contains("fail") && !f[2].contains("fail?") || f[7].equals("disconnected");
            out.add(new Node(f[0], port, f[2].contains("master"), failed, f[3], slots));
        }
        return out;
    }

    /** The master serving {@code slot} now. */
    public Node master(int slot) throws IOException {
        return topology().stream().filter(n -> n.master() && !n.failed() && n.serves(slot)).findFirst()
                .orElseThrow(() -> new IOException("no master serves slot " + slot));
    }

    /** SIGKILLs the master serving {@code slot} (no goodbye to clients or its replica); answers it. */
    public Node killMaster(int slot) throws IOException {
        Node master = master(slot);
        kill(master);
        return master;
    }

    /** SIGKILLs {@code node}. */
    public void kill(Node node) {
        process(node).kill();
    }

    /**
     * Waits until a master other than {@code old} serves {@code slot} and every live server sees
     * the cluster whole again; answers the new master.
     */
    public Node awaitFailover(Node old, int slot, Duration timeout) throws Exception {
        return Await.value("slot " + slot + " served by a master other than port " + old.port(), timeout, () -> {
            try {
                Node now = master(slot);
                for (RedisProcess n : live()) {
                    if (!String.valueOf(n.command("CLUSTER", "INFO")).contains("cluster_state:ok")) {
                        return null;
                    }
                }
                return now.port() != old.port() ? now : null;
            } catch (IOException e) {
                return null; // a server in the middle of changing roles
            }
        });
    }

    /** The replica of {@code master}. */
    public Node replicaOf(Node master) throws IOException {
        return topology().stream().filter(n -> !n.master() && n.masterId().equals(master.id())).findFirst()
                .orElseThrow(() -> new IOException("no replica of port " + master.port()));
    }

    /**
     * Freezes {@code node} (SIGSTOP): a paused replica cannot take over from its master. Until
     * {@link #unpause}, only {@link #kill(Node)} and {@link #unpause} may be called: the others
     * ask every server, and a paused one answers nothing.
     */
    public void pause(Node node) throws IOException {
        process(node).pause();
    }

    /** Lets a {@link #pause paused} server run again. */
    public void unpause(Node node) throws IOException {
        process(node).unpause();
    }

    /**
     * Restarts a killed server on its port with its {@code nodes.conf}; it rejoins the cluster (as
     * a replica if it was failed over, else as the master of its slots).
     */
    public void restart(Node node) throws Exception {
        process(node).restart();
        awaitHealthy();
    }

    /**
     * Moves {@code slot} and its keys from its master to another master, the way
     * {@code redis-cli --cluster reshard} does: IMPORTING on the target, MIGRATING on the source,
     * the keys moved in batches with {@code MIGRATE}, then the slot assigned to the target
     * everywhere. Answers the new master.
     */
    public Node migrateSlot(int slot) throws Exception {
        Node from = master(slot);
        Node to = topology().stream().filter(n -> n.master() && !n.failed() && n.port() != from.port()
                && !n.slots().isEmpty()).findFirst().orElseThrow();
        RedisProcess source = process(from);
        RedisProcess target = process(to);
        String s = Integer.toString(slot);
        target.command("CLUSTER", "SETSLOT", s, "IMPORTING", from.id());
        source.command("CLUSTER", "SETSLOT", s, "MIGRATING", to.id());
        while (true) {
            List<?> keys = (List<?>) source.command("CLUSTER", "GETKEYSINSLOT", s, "100");
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(to.port()), "", "0",
                    "5000", "KEYS"));
            keys.forEach(k -> migrate.add(String.valueOf(k)));
            source.command(migrate.toArray(String[]::new));
        }
        // The target first, then the source, then the rest (the order redis-cli uses).
        String[] assign = {"CLUSTER", "SETSLOT", s, "NODE", to.id()};
        target.command(assign);
        source.command(assign);
        for (Node n : topology()) {
            if (n.master() && !n.failed() && n.port() != from.port() && n.port() != to.port()) {
                process(n).command(assign);
            }
        }
        Await.until("slot " + slot + " served by port " + to.port(), READY_TIMEOUT, () -> master(slot).port() == to.port());
        return to;
    }

    private RedisProcess process(Node node) {
        return nodes.stream().filter(n -> n.port() == node.port()).findFirst().orElseThrow();
    }

    private List<RedisProcess> live() {
        List<RedisProcess> out = new ArrayList<>();
        for (RedisProcess n : nodes) {
            try {
                n.command("PING");
                out.add(n);
            } catch (IOException e) {
                // killed by the test
            }
        }
        return out;
    }

    private RedisProcess any() throws IOException {
        List<RedisProcess> live = live();
        if (live.isEmpty()) {
            throw new IOException("no cluster server answers");
        }
        return live.get(0);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** For diagnostics: each server's port and role. */
    @Override
    public String toString() {
        try {
            return topology().stream().map(n -> n.port() + (n.master() ? " master" : " replica") + (n.failed() ? " (failed)" : ""))
                    .collect(Collectors.joining(", ", "Redis Cluster [", "]"));
        } catch (IOException e) {
            return "Redis Cluster (unreachable)";
        }
    }

    @Override
    public void close() {
        if (!keep) {
            nodes.forEach(RedisProcess::close);
        }
    }
}

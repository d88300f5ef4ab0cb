package dev.signals.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A node that dies with {@code kill -9} beside survivors sharing its Redis (docs/cluster.md
 * "Resumable sessions"): one real Redis under a unique prefix, survivor nodes in this JVM and the
 * doomed node in its own process ({@code --node-id doomed}, lease 2 s), optionally reaching Redis
 * through a {@link CutProxy}. Everything is closed newest first, whatever a test left open.
 */
public final class NodeDeathFixture implements AutoCloseable {
    public final String prefix = RedisProcess.uniquePrefix();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<String> survivorIds = new ArrayList<>();
    private final List<TestNode> survivors = new ArrayList<>();
    public final RedisProcess redis;
    /** Between the doomed node and Redis, with {@link Builder#cutLink()}; null otherwise. */
    public final CutProxy link;
    public final ChildNode doomed;

    private NodeDeathFixture(Builder b) throws Exception {
        try {
            redis = open(RedisProcess.start());
            link = b.cutLink ? open(CutProxy.to(redis.port())) : null;
            for (Survivor s : b.survivors) {
                survivors.add(open(TestNode.clustered(redis.address(), prefix, s.nodeId(), s.flags())));
                survivorIds.add(s.nodeId());
            }
            List<String> flags = new ArrayList<>(List.of("--redis-addr", link != null ? "127.0.0.1:" + link.port() : redis.address(),
                    "--redis-prefix", prefix, "--node-id", "doomed", "--node-lease", "2s", "--resume-window", b.window));
            flags.addAll(b.doomedFlags);
            doomed = open(ChildNode.startReady(flags.toArray(String[]::new)));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** The usual pair: one survivor, {@code survivor} with a 2 s lease, and the doomed node with {@code window}. */
    public static NodeDeathFixture start(String window) throws Exception {
        return with().survivor("survivor", "--node-lease", "2s").doomed(window).start();
    }

    public static Builder with() {
        return new Builder();
    }

    /** The first survivor. */
    public TestNode survivor() {
        return survivors.get(0);
    }

    /** The survivor started {@code index}-th (from 0). */
    public TestNode survivor(int index) {
        return survivors.get(index);
    }

    /** SIGKILL to the doomed node, then its exit status 137 within 10 s. */
    public void killDoomed() throws InterruptedException {
        doomed.kill();
        assertEquals(137, doomed.awaitExit(Duration.ofSeconds(10)), "killed by SIGKILL");
    }

    /** Waits (20 s) until Redis's live nodes are the survivors alone (as it lists them; meant for one): the doomed one was reaped. */
    public void awaitDoomedReaped() throws Exception {
        Await.until("the survivor reaped the killed node", Duration.ofSeconds(20),
                () -> survivorIds.equals(redis.command("ZRANGE", prefix + "nodes", "0", "-1")));
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // keep closing the rest: a node that fails to stop must not leave Redis running
            }
        }
        opened.clear();
    }

    private record Survivor(String nodeId, String[] flags) {
    }

    /** What the fixture starts: survivors in order (each a node id and its flags), the doomed node's window and flags. */
    public static final class Builder {
        private final List<Survivor> survivors = new ArrayList<>();
        private final List<String> doomedFlags = new ArrayList<>();
        private String window = "30s";
        private boolean cutLink;

        /** A survivor node {@code nodeId} in this JVM, with {@code flags} after its Redis flags. */
        public Builder survivor(String nodeId, String... flags) {
            survivors.add(new Survivor(nodeId, flags.clone()));
            return this;
        }

        /** The doomed node's {@code --resume-window} and any further flags. */
        public Builder doomed(String resumeWindow, String... flags) {
            window = resumeWindow;
            doomedFlags.addAll(List.of(flags));
            return this;
        }

        /** The doomed node reaches Redis through a {@link CutProxy} ({@link NodeDeathFixture#link}). */
        public Builder cutLink() {
            cutLink = true;
            return this;
        }

        public NodeDeathFixture start() throws Exception {
            if (survivors.isEmpty()) {
                throw new IllegalStateException("a node death needs a survivor");
            }
            return new NodeDeathFixture(this);
        }
    }
}

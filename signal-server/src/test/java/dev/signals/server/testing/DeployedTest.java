package dev.signals.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the dialect flow tests, written once for every {@link Deployment} (docs/cluster.md
 * "Contract suites"): each class runs on one node, then on two nodes over each Redis topology, with
 * clients spread over the nodes by {@link #node(int)}. The Redis and the class's nodes (with
 * {@link #flags()}) are started once per class and run; tests keep apart by {@link #unique} names.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Deployment.class)
public abstract class DeployedTest {
    private static RedisTopology redis;
    private static Deployment.Nodes shared;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final List<AutoCloseable> open = new ArrayList<>();
    @Parameter
    protected Deployment deployment;

    @BeforeParameterizedClassInvocation
    static void startRedis(Deployment deployment) {
        redis = deployment.startRedis();
    }

    @AfterParameterizedClassInvocation
    static void stopAll() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    /** The flags of this class's shared nodes; limits stay at their defaults unless a class says otherwise. */
    protected String[] flags() {
        return new String[0];
    }

    @BeforeEach
    void startNodes() throws Exception {
        if (shared == null) {
            shared = new Deployment.Nodes(deployment, redis, flags());
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    /** The shared node serving the {@code i}-th client of a test: on two nodes, even and odd clients differ. */
    protected TestNode node(int i) {
        return shared.node(i);
    }

    /**
     * A deployment of this test's own with {@code flags} (a fresh key prefix on the shared Redis),
     * for a test that needs other settings; closed after the test. Its {@code i}-th client's node.
     */
    protected Nodes deploy(String... flags) throws Exception {
        Deployment.Nodes nodes = new Deployment.Nodes(deployment, redis, flags);
        open.add(nodes);
        return nodes::node;
    }

    /** Nodes of a deployment: the one serving the {@code i}-th client. */
    @FunctionalInterface
    protected interface Nodes {
        TestNode node(int i);
    }

    /** {@code base} made unique in this JVM, for names (keys, domains, calls) tests must not share. */
    protected static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    /** Closes {@code closeable} after the test. */
    protected <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }
}

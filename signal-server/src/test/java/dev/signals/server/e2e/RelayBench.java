package dev.signals.server.e2e;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.TurnServerProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * What the TURN browser tests share (docs/turn.md): a real coturn on one shared secret, a node
 * handing out its credentials at {@code GET /ice-servers}, and two Chromiums. Closes them in the
 * reverse of their start, also when a start fails part way.
 */
final class RelayBench implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();
    private final TurnServerProcess coturn;
    private final TestNode node;
    private final Chromium one;
    private final Chromium two;

    private RelayBench(String secret, List<String> coturnArgs, List<String> nodeArgs) {
        try {
            coturn = started(TurnServerProcess.start(List.of(secret), coturnArgs.toArray(String[]::new)));
            List<String> args = new ArrayList<>(List.of("--turn-urls", coturn.turnUrl(), "--turn-secret", secret));
            args.addAll(nodeArgs);
            node = started(TestNode.start(args.toArray(String[]::new)));
            one = started(Chromium.launch());
            two = started(Chromium.launch());
        } catch (RuntimeException | Error e) {
            closeQuietly(e);
            throw e;
        }
    }

    /** Starts coturn with {@code coturnArgs} and the node with {@code nodeArgs} after its TURN flags. */
    static RelayBench start(String secret, List<String> coturnArgs, String... nodeArgs) {
        return new RelayBench(secret, coturnArgs, List.of(nodeArgs));
    }

    TurnServerProcess coturn() {
        return coturn;
    }

    TestNode node() {
        return node;
    }

    Chromium one() {
        return one;
    }

    Chromium two() {
        return two;
    }

    private <T extends AutoCloseable> T started(T resource) {
        started.add(0, resource);
        return resource;
    }

    private void closeQuietly(Throwable cause) {
        try {
            close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : started) {
            resource.close();
        }
        started.clear();
    }
}

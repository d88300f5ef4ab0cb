package dev.signals.server.security;

import dev.signals.server.testing.TestNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a hostile-input or flood test checks on a node after each run, through the admin listener
 * only: metric values from {@code /metrics}, and that {@code /debug/state} returns to empty.
 */
final class NodeChecks {
    private static final Pattern CONNECTIONS = Pattern.compile("\"connections\":\\{([^}]*)}");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern NON_ZERO_COUNT = Pattern.compile("\"(\\w+)\":([1-9][0-9]*)");

    private NodeChecks() {
    }

    /** The sum of every sample whose line starts with {@code series} (name and, optionally, labels). */
    static double metric(TestNode node, String series) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : node.adminGet("/metrics").body().split("\n")) {
            if (line.startsWith(series) && !line.startsWith("#")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Handler failures ({@code WsSession} closes 1011 and counts them as reason "internal"). */
    static double internalErrors(TestNode node) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : node.adminGet("/metrics").body().split("\n")) {
            if (line.startsWith("signal_errors_total{") && line.contains("reason=\"internal\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /**
     * Fails if any {@code signal_*} series carries a label value that could have come from a client
     * (docs/production.md "Monitoring": tags carry dialect, direction, type and reason only): after hostile input
     * every value must still be a short identifier, and the series few.
     */
    static void assertMetricLabelsBounded(TestNode node) throws IOException, InterruptedException {
        int series = 0;
        for (String line : node.adminGet("/metrics").body().split("\n")) {
            if (!line.startsWith("signal_")) {
                continue;
            }
            series++;
            Matcher labels = LABEL.matcher(line);
            while (labels.find()) {
                if (!labels.group(2).matches("[A-Za-z0-9_.+-]{1,40}")) {
                    throw new AssertionError("label " + labels.group(1) + " carries client input: " + line);
                }
            }
        }
        if (series > 400) {
            throw new AssertionError(series + " signal_* series: a label is unbounded");
        }
    }

    /**
     * Waits until the node holds nothing: no open connection in any dialect and every count in
     * {@code /debug/state} (rooms, members, domains, sockets, seats, calls, mailbox keys and bytes)
     * back at zero. Fails after 5 s with the last state.
     */
    static void awaitEmpty(TestNode node) throws IOException, InterruptedException {
        node.awaitState(NodeChecks::empty);
    }

    static boolean empty(String state) {
        Matcher conns = CONNECTIONS.matcher(state);
        if (!conns.find() || NON_ZERO_COUNT.matcher(conns.group(1)).find()) {
            return false;
        }
        return !NON_ZERO_COUNT.matcher(state.replace(conns.group(), "")).find();
    }
}

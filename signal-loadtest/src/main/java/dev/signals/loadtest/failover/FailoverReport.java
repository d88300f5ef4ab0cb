package dev.signals.loadtest.failover;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a failover run found, as written to {@code report.json} and {@code report.md}: the exact
 * accounting of every relayed message ({@code total}: sent = received + lost + in doubt, plus
 * duplicates),
 * which sessions resumed and how fast, which expired and why. The room dialect's report has no
 * "in doubt" line: it sends over its socket only, where nothing can be in doubt.
 */
public record FailoverReport(String label, String dialect, List<String> targets, Map<String, String> parameters,
                             String kill, double killedAtSeconds, Tally total, long notSentAfterExpiry, int clients,
                             int resumed, double resumeP50Ms, double resumeP99Ms, double resumeMaxMs,
                             long replayed, long expired, Map<String, Long> expiredReasons, long leavesSeen,
                             long serverErrors, Map<String, Long> serverErrorReasons, List<PairLoss> inexactPairs) {

    /**
     * One direction of one pair whose count was not exact (at most the first 50 are listed), with
     * the numbers that never arrived (lost, then in doubt; at most ten of each).
     */
    public record PairLoss(int pair, String direction, Tally tally, List<Long> lost, List<Long> inDoubt) {
    }

    /** The one line the command prints at the end. */
    public String summaryLine() {
        String doubt = posts() ? String.format(Locale.ROOT, ", in doubt %d", total.inDoubt()) : "";
        return String.format(Locale.ROOT, "done: failover %s: sent %d, received %d, lost %d, duplicated %d%s; "
                        + "%d of %d clients resumed (p50 %.1f ms, p99 %.1f ms), %d expired",
                label, total.sent(), total.received(), total.lost(), total.duplicated(), doubt, resumed, clients,
                resumeP50Ms, resumeP99Ms, expired);
    }

    /** True for the dialects that send some messages as HTTP POSTs, whose outcome a node's death can leave unknown. */
    private boolean posts() {
        return !"room".equals(dialect);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# failover — ").append(label).append("\n\n");
        md.append("| parameter | value |\n|---|---|\n");
        md.append("| targets | ").append(String.join(", ", targets)).append(" |\n");
        parameters.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("| kill | ").append(kill).append(String.format(Locale.ROOT, " at %.1f s |\n\n", killedAtSeconds));
        md.append("| result | value |\n|---|---|\n");
        row(md, "messages sent", total.sent());
        row(md, "messages received (each once)", total.received());
        row(md, "messages lost", total.lost());
        if (posts()) {
            row(md, "messages in doubt (POSTed, the node died before answering, never arrived)", total.inDoubt());
        }
        row(md, "messages duplicated", total.duplicated());
        row(md, "messages out of order", total.reordered());
        row(md, "messages never sent (sender's session expired)", notSentAfterExpiry);
        row(md, "clients resumed / clients", resumed + " / " + clients);
        row(md, "time to resume p50 / p99 / max (ms)",
                String.format(Locale.ROOT, "%.1f / %.1f / %.1f", resumeP50Ms, resumeP99Ms, resumeMaxMs));
        row(md, "frames replayed on resume", replayed);
        row(md, "sessions expired", expired);
        // The room rows keep their names; the call dialect's leave is LEAVE, the domain dialect has none.
        switch (dialect) {
            case "room" -> {
                row(md, "leave-client seen by peers", leavesSeen);
                row(md, "server error frames", serverErrors);
            }
            case "call" -> {
                row(md, "LEAVE seen by peers", leavesSeen);
                row(md, "server errors (HTTP error answers)", serverErrors);
            }
            default -> row(md, "server errors (error frames, HTTP error answers)", serverErrors);
        }
        if (!expiredReasons.isEmpty()) {
            md.append("\nExpired sessions by reason:\n\n");
            expiredReasons.forEach((k, v) -> md.append("* ").append(k).append(": ").append(v).append('\n'));
        }
        if (!serverErrorReasons.isEmpty()) {
            md.append("\nServer errors by text:\n\n");
            serverErrorReasons.forEach((k, v) -> md.append("* ").append(k).append(": ").append(v).append('\n'));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Object value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}

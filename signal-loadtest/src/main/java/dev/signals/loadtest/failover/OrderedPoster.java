package dev.signals.loadtest.failover;

import dev.signals.loadtest.net.HttpReply;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongFunction;

/**
 * One client's numbered messages sent as HTTP POSTs ({@code POST /signal}, {@code POST /offer})
 * through the node its session is on, one at a time so that they are published in order. While
 * the session is resuming they wait, and go through the node that resumed it. A POST that could
 * not connect was never sent and is tried again; one whose node died before answering may or may
 * not have been published, and these dialects have no idempotency key to resend it safely, so it
 * is not resent and the ledger counts it in doubt unless it arrives. Lives on the client's lane.
 */
final class OrderedPoster {
    /** Far more than a resume's worth at any sensible rate; beyond it a message is counted not sent. */
    private static final int MAX_QUEUED = 4096;
    private static final long RETRY_MS = 50;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private record Post(long number, String body) {
    }

    private final FailoverContext ctx;
    private final ResumableClient client;
    private final DirectionLedger ledger;
    private final String path;
    private final LongFunction<String> body;
    private final ArrayDeque<Post> queue = new ArrayDeque<>();
    private boolean inFlight;

    /** @param body the JSON body carrying number {@code n} */
    OrderedPoster(FailoverContext ctx, int sender, String path, LongFunction<String> body) {
        this.ctx = ctx;
        this.client = ctx.client(sender);
        this.ledger = ctx.ledger(sender);
        this.path = path;
        this.body = body;
    }

    /** Numbers the next message and posts it after those before it. */
    void fire() {
        if (!client.live() || queue.size() >= MAX_QUEUED) {
            ctx.notSent();
            return;
        }
        long n = ledger.issue();
        queue.addLast(new Post(n, body.apply(n)));
        pump();
    }

    /** Posts the oldest waiting message unless one is in flight or the session is not attached to a node. */
    void pump() {
        if (inFlight || queue.isEmpty() || !client.open()) {
            return;
        }
        Post p = queue.peekFirst();
        inFlight = true;
        client.node().http().post(path, p.body(), "Content-Type", "application/json")
                .timeout(ANSWER_TIMEOUT)
                .subscribe(r -> client.execute(() -> answered(r)), e -> client.execute(() -> failed(p, e)));
    }

    private void answered(HttpReply reply) {
        inFlight = false;
        queue.removeFirst();
        if (reply.status() != 200) {
            // Refused (e.g. 404 for a domain not connected): the number never arrives and counts as lost.
            String text = reply.body().length() > 60 ? reply.body().substring(0, 60) + "…" : reply.body();
            ctx.serverError("POST " + path + " " + reply.status() + " " + text);
        }
        pump();
    }

    private void failed(Post p, Throwable e) {
        inFlight = false;
        if (neverSent(e)) {
            client.executeAfter(RETRY_MS, this::pump);
            return;
        }
        queue.removeFirst();
        ledger.inDoubt(p.number());
        pump();
    }

    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}

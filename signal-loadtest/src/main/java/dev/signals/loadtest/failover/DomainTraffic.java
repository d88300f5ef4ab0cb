package dev.signals.loadtest.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.loadtest.net.HttpReply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Domain pairs (docs/domain.md): each pair is an offering and an answering domain, each registered
 * over its own resumable {@code /ws/{domain}} on a different node. The offerer posts numbered offers
 * to the answerer with {@code POST /offer} through the node its session is on
 * ({@link OrderedPoster}); the answerer answers each offer it receives over its socket with a
 * numbered answer of its own, which reaches the offerer's socket. So the first direction crosses
 * HTTP and the second the socket's {@code cseq}; {@code --rate} counts both.
 */
final class DomainTraffic implements FailoverTraffic {
    private static final String PROBE = "failover-probe";

    private final FailoverContext ctx;
    /** SDP filler; never empty (the dialect requires a non-empty {@code offer_sdp} and {@code answer_sdp}). */
    private final String sdp;
    private final OrderedPoster[] posters;
    private final AtomicIntegerArray probed;

    DomainTraffic(FailoverContext ctx) {
        this.ctx = ctx;
        this.sdp = "eA" + ctx.padding;
        this.posters = new OrderedPoster[ctx.clientCount()];
        this.probed = new AtomicIntegerArray(ctx.clientCount());
    }

    /** Client {@code 2p} offers, {@code 2p+1} answers. */
    private String domain(int client) {
        return "fo-" + ctx.runId + "-" + client / 2 + (client % 2 == 0 ? "-o" : "-a");
    }

    @Override
    public String path(int client) {
        return ctx.settings.path() + "/" + domain(client);
    }

    /**
     * A domain is registered once its upgrade is handled: every domain gets an unnumbered probe
     * offer, posted until it answers 200, and set-up ends once every socket received its probe.
     */
    @Override
    public void setUp() {
        Duration wait = ctx.setupWait();
        for (int i = 0; i < ctx.clientCount(); i++) {
            if (i % 2 == 0) {
                int sender = i;
                posters[i] = new OrderedPoster(ctx, i, "/offer", n -> offer(sender, FailoverContext.numbered(n)));
            }
            String probe = offer(i ^ 1, PROBE);
            int target = i;
            FailoverContext.require(() -> {
                HttpReply r = ctx.nodes().get(ctx.firstNode(target)).http().post("/offer", probe,
                        "Content-Type", "application/json").block(wait);
                if (r != null && r.status() == 200) {
                    return true;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                return false;
            }, wait, "domain " + domain(i) + " was not registered");
        }
        FailoverContext.require(() -> {
            for (int i = 0; i < probed.length(); i++) {
                if (probed.get(i) == 0) {
                    return false;
                }
            }
            return true;
        }, wait, "not every domain received its probe");
    }

    /** An offer from {@code from} to its partner whose candidate carries {@code mark}. */
    private String offer(int from, String mark) {
        return "{\"offer_sdp\":\"" + sdp + "\",\"candidate\":[\"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host "
                + mark + "\"],\"answer_domain\":\"" + domain(from ^ 1) + "\",\"offer_domain\":\"" + domain(from) + "\"}";
    }

    @Override
    public void fire(int sender) {
        if (sender % 2 == 0) {
            posters[sender].fire();
        }
    }

    @Override
    public void onMessage(ResumableClient client, JsonNode frame) {
        int id = client.id();
        switch (frame.path("ty").asText("")) {
            case "offer" -> {
                String candidate = frame.path("offer_req").path("candidate").path(0).asText("");
                if (candidate.endsWith(PROBE)) {
                    probed.set(id, 1);
                    return;
                }
                ctx.ledger(id ^ 1).received(FailoverContext.numberIn(candidate));
                if (id % 2 == 1) {
                    answer(client);
                }
            }
            case "answer" -> ctx.ledger(id ^ 1).received(
                    FailoverContext.numberIn(frame.path("answer_resp").path("candidate").path(0).asText("")));
            case "error" -> ctx.serverError(frame.path("msg").asText(""));
            default -> { }
        }
    }

    /** The answerer's reply to an offer, numbered in its own direction and sent over its session. */
    private void answer(ResumableClient answerer) {
        if (!answerer.live()) {
            ctx.notSent();
            return;
        }
        int id = answerer.id();
        long n = ctx.ledger(id).issue();
        answerer.send("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"" + sdp + "\",\"offer_domain\":\""
                + domain(id ^ 1) + "\",\"candidate\":[\"candidate:1 1 udp 2122260223 127.0.0.1 50001 typ host "
                + FailoverContext.numbered(n) + "\"]}}");
    }

    @Override
    public void onResumed(ResumableClient client) {
        OrderedPoster p = posters[client.id()];
        if (p != null) {
            p.pump();
        }
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dialect", "domain: offers by POST /offer through the offerer's node, each answered over the answerer's "
                + "resumable socket");
        p.put("path", ctx.settings.path() + "/{domain}");
        return p;
    }

    @Override
    public String direction(int sender) {
        return sender % 2 == 0 ? "offers, first to second" : "answers, second to first";
    }
}

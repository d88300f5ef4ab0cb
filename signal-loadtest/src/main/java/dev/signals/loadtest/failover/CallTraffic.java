package dev.signals.loadtest.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.loadtest.net.HttpReply;
import dev.signals.loadtest.net.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Call pairs (docs/call.md): each pair is one call of two seated sessions, each joined over its
 * own resumable {@code /ws} on a different node. Each side posts numbered {@code OFFER}s with
 * {@code POST /signal} through the node its session is on ({@link OrderedPoster}); the other side
 * reads them on its socket.
 */
final class CallTraffic implements FailoverTraffic {

    private final FailoverContext ctx;
    private final String[] sessions;
    private final OrderedPoster[] posters;
    private final AtomicInteger welcomed = new AtomicInteger();

    CallTraffic(FailoverContext ctx) {
        this.ctx = ctx;
        this.sessions = new String[ctx.clientCount()];
        this.posters = new OrderedPoster[ctx.clientCount()];
    }

    private String call(int client) {
        return "fo-" + ctx.runId + "-" + client / 2;
    }

    @Override
    public String path(int client) {
        return ctx.settings.path();
    }

    /** Both seats of every call, each taken through the node its session will open on. */
    @Override
    public void prepare() {
        for (int i = 0; i < sessions.length; i++) {
            HttpReply r = ctx.nodes().get(ctx.firstNode(i)).http().get("/call/" + call(i)).block(ctx.setupWait());
            String session = r == null || r.status() != 200 ? "" : Json.read(r.body()).path("session").asText("");
            if (session.isEmpty()) {
                throw new IllegalStateException("GET /call/" + call(i) + " answered "
                        + (r == null ? "nothing" : r.status() + " " + r.body()));
            }
            sessions[i] = session;
        }
    }

    @Override
    public void setUp() {
        for (int i = 0; i < sessions.length; i++) {
            int sender = i;
            ResumableClient c = ctx.client(i);
            posters[i] = new OrderedPoster(ctx, i, "/signal", n -> "{\"call\":\"" + call(sender) + "\",\"session\":\""
                    + sessions[sender] + "\",\"kind\":\"OFFER\",\"body\":\"v=0\\r\\n" + FailoverContext.numbered(n)
                    + "\\r\\na=" + ctx.padding + "\"}");
            String join = "{\"kind\":\"JOIN\",\"call\":\"" + call(i) + "\",\"session\":\"" + sessions[i] + "\"}";
            c.execute(() -> c.send(join));
        }
        FailoverContext.require(() -> welcomed.get() >= sessions.length, ctx.setupWait(),
                "not every session was welcomed to its call");
    }

    @Override
    public void fire(int sender) {
        posters[sender].fire();
    }

    @Override
    public void onMessage(ResumableClient client, JsonNode frame) {
        switch (frame.path("kind").asText("")) {
            case "OFFER" -> ctx.ledger(client.id() ^ 1).received(FailoverContext.numberIn(frame.path("body").asText("")));
            case "WELCOME" -> welcomed.incrementAndGet();
            case "LEAVE" -> ctx.leaveSeen();
            default -> { } // PEER: the partner took its seat
        }
    }

    @Override
    public void onResumed(ResumableClient client) {
        posters[client.id()].pump();
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dialect", "call: OFFER both ways, POST /signal through the sender's node, read on the resumable socket");
        p.put("path", ctx.settings.path());
        return p;
    }

}

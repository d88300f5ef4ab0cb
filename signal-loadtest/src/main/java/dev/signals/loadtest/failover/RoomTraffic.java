package dev.signals.loadtest.failover;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Room pairs (docs/room.md): each pair joins a room of its own over {@code /connect}; both members
 * send numbered {@code offer}s to the other's {@code client_id} over their resumable sockets, which
 * resend what the server had not processed ({@code cseq}) after a resume.
 */
final class RoomTraffic implements FailoverTraffic {
    private final FailoverContext ctx;
    private final AtomicReferenceArray<String> clientIds;
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger newClients = new AtomicInteger();

    RoomTraffic(FailoverContext ctx) {
        this.ctx = ctx;
        this.clientIds = new AtomicReferenceArray<>(ctx.clientCount());
    }

    @Override
    public String path(int client) {
        return ctx.settings.path();
    }

    @Override
    public void setUp() {
        FailoverContext.require(() -> {
            for (int i = 0; i < clientIds.length(); i++) {
                if (clientIds.get(i) == null) {
                    return false;
                }
            }
            return true;
        }, ctx.setupWait(), "not every client opened a session and received notify-client-id");
        // Members join one side at a time; a join is complete once the room told the other member.
        int pairs = ctx.settings.pairs();
        for (int side = 0; side < 2; side++) {
            for (int i = side; i < ctx.clientCount(); i += 2) {
                String join = "{\"type\":\"join\",\"payload\":{\"room_id\":\"fo-" + ctx.runId + "-" + i / 2 + "\"}}";
                ResumableClient c = ctx.client(i);
                c.execute(() -> c.send(join));
            }
            int joinedWanted = (side + 1) * pairs;
            FailoverContext.require(() -> joined.get() >= joinedWanted, ctx.setupWait(), "not every client was told it joined");
        }
        FailoverContext.require(() -> newClients.get() >= pairs, ctx.setupWait(), "not every first member was told of its peer");
    }

    @Override
    public void fire(int sender) {
        ResumableClient c = ctx.client(sender);
        if (!c.live()) {
            ctx.notSent();
            return;
        }
        long k = ctx.ledger(sender).issue();
        c.send("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + clientIds.get(sender ^ 1) + "\",\"sdp\":\"v=0\\r\\n"
                + FailoverContext.numbered(k) + "\\r\\na=" + ctx.padding + "\"}}");
    }

    @Override
    public void onMessage(ResumableClient client, JsonNode frame) {
        String type = frame.path("type").asText("");
        JsonNode payload = frame.path("payload");
        switch (type) {
            case "offer" -> ctx.ledger(client.id() ^ 1).received(FailoverContext.numberIn(payload.path("sdp").asText("")));
            case "notify-client-id" -> clientIds.set(client.id(), payload.path("client_id").asText(null));
            case "joined" -> joined.incrementAndGet();
            case "new-client" -> newClients.incrementAndGet();
            case "leave-client" -> ctx.leaveSeen();
            case "error" -> ctx.serverError(payload.isObject() ? payload.path("error").asText() : payload.asText());
            default -> { } // ping and the like carry nothing to count
        }
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("path", ctx.settings.path());
        return p;
    }
}

package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.Inbox;
import dev.signals.loadtest.net.Json;
import dev.signals.loadtest.net.WsConn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * {@code call}: the call dialect's whole exchange (docs/call.md) per unit, on a call of its
 * own: A takes a seat ({@code GET /call/{call}}) and joins over {@code /ws} until WELCOME; B
 * does the same; A posts an OFFER to {@code /signal}, which B must receive; B posts the ANSWER,
 * which A must receive; both sockets close. Seats are not released on close (docs/call.md), so every
 * exchange uses a new call name.
 */
public final class CallScenario extends ExchangeScenario {
    private final String runId = Long.toString(System.nanoTime() & 0xFFFFFFFFFFL, 36);
    private String offerSdp;
    private String answerSdp;

    /** One seated, welcomed peer. */
    private record Party(String session, WsConn conn, Inbox inbox) {
    }

    public CallScenario(int maxInFlight, Duration timeout) {
        super(maxInFlight, timeout);
    }

    @Override
    public String name() {
        return "call";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("exchange", "2x GET /call, 2x /ws JOIN->WELCOME, POST /signal OFFER and ANSWER, both delivered");
    }

    @Override
    void prepare() {
        offerSdp = SdpText.of(ctx.settings().messageSize());
        answerSdp = offerSdp.replace("a=setup:actpass", "a=setup:active");
    }

    @Override
    Mono<Void> exchange(long seq) {
        String call = "lt-" + runId + "-" + seq;
        List<Party> parties = new ArrayList<>(2);
        return join(call, parties)
                .then(Mono.defer(() -> join(call, parties)))
                .then(Mono.defer(() -> {
                    Party a = parties.get(0);
                    Party b = parties.get(1);
                    Mono<String> offerSeen = b.inbox().expect(text -> text.contains("\"kind\":\"OFFER\""));
                    return signal(call, a.session(), "OFFER", offerSdp).then(offerSeen)
                            .then(Mono.defer(() -> {
                                Mono<String> answerSeen = a.inbox().expect(text -> text.contains("\"kind\":\"ANSWER\""));
                                return signal(call, b.session(), "ANSWER", answerSdp).then(answerSeen);
                            }));
                }))
                .then(Mono.defer(() -> Mono.when(parties.get(0).conn().close(Duration.ofSeconds(5)),
                        parties.get(1).conn().close(Duration.ofSeconds(5)))))
                .doFinally(signal -> {
                    if (signal != SignalType.ON_COMPLETE) {
                        synchronized (parties) {
                            parties.forEach(p -> p.conn().abort());
                        }
                    }
                });
    }

    /** Takes a seat, opens {@code /ws}, sends JOIN and waits for WELCOME. */
    private Mono<Void> join(String call, List<Party> parties) {
        return ctx.connector().http().get("/call/" + call).flatMap(reply -> {
            String session = Json.read(reply.body()).path("session").asText("");
            if (reply.status() != 200 || session.isEmpty()) {
                return Mono.error(new ExchangeFailure("GET /call/{call}: " + reply.status() + " " + brief(reply.body())));
            }
            Inbox inbox = new Inbox();
            return ctx.connector().open(parties.size(), "/ws", inbox).flatMap(conn -> {
                synchronized (parties) {
                    parties.add(new Party(session, conn, inbox));
                }
                ctx.stats().connectionOpened();
                conn.closed().subscribe(null, null, () -> ctx.stats().connectionClosed());
                Mono<String> welcome = inbox.expect(text -> text.contains("\"kind\":\"WELCOME\""));
                conn.send(Json.write(Json.object().put("kind", "JOIN").put("call", call).put("session", session)));
                return welcome.onErrorMap(e -> new ExchangeFailure("/ws JOIN: " + e.getMessage())).then();
            });
        });
    }

    private Mono<Void> signal(String call, String session, String kind, String sdp) {
        String body = Json.write(Json.object().put("call", call).put("session", session).put("kind", kind).put("body", sdp));
        return ctx.connector().http().post("/signal", body, "Content-Type", "application/json").flatMap(reply ->
                reply.status() == 200 ? Mono.<Void>empty()
                        : Mono.error(new ExchangeFailure("POST /signal " + kind + ": " + reply.status() + " " + brief(reply.body()))));
    }

    static String brief(String body) {
        return body.length() > 60 ? body.substring(0, 60) + "…" : body;
    }

    @Override
    public void close() {
        // Every connection is closed by its own exchange.
    }
}

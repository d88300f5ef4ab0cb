package dev.signals.loadtest.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signals.loadtest.net.Frames;
import dev.signals.loadtest.net.Json;
import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsListener;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * {@code domain}: the domain dialect's exchange (docs/domain.md) between registered peers.
 * Set-up registers {@code connections/2} offerer and answerer domains over {@code /ws/{domain}}.
 * Each unit POSTs an offer to {@code /offer} for one answerer; the answerer's socket receives
 * it and answers over its socket, echoing the offer's candidates; the unit completes when the
 * offerer's socket receives that answer. The exchange is recognised by a tag in its candidate.
 */
public final class DomainScenario extends ExchangeScenario {
    private static final byte[] TAG = Frames.ascii("lt-x-");
    private static final byte[] TY_ANSWER = Frames.ascii("\"ty\":\"answer\"");
    private static final byte[] PROBE = Frames.ascii("-probe");

    private final String runId = Long.toString(System.nanoTime() & 0xFFFFFFFFFFL, 36);
    private final ConcurrentHashMap<Long, Sinks.Empty<Void>> awaiting = new ConcurrentHashMap<>();
    private final List<WsConn> sockets = new ArrayList<>();
    private String offerSdp;
    private String answerSdp;
    private int pairs;
    private volatile boolean closing;

    public DomainScenario(int maxInFlight, Duration timeout) {
        super(maxInFlight, timeout);
    }

    @Override
    public String name() {
        return "domain";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("exchange", "POST /offer -> pushed to answerer socket -> answer over socket -> delivered to offerer socket");
    }

    @Override
    void prepare() {
        closing = false;
        pairs = Math.max(1, ctx.settings().connections() / 2);
        String sdp = SdpText.of(ctx.settings().messageSize());
        offerSdp = base64(Json.write(Json.object().put("type", "offer").put("sdp", sdp)));
        answerSdp = base64(Json.write(Json.object().put("type", "answer").put("sdp", sdp.replace("a=setup:actpass", "a=setup:active"))));
        WsConn[] conns = ConnectionSet.openAll(ctx, pairs * 2, i -> "/ws/" + domain(i), i -> i % 2 == 0 ? new Offerer() : new Answerer());
        sockets.addAll(List.of(conns));
        // A socket's domain is registered once its upgrade is handled; probe every pair before measuring.
        Flux.range(0, pairs)
                .flatMap(p -> post(offer(p, -1))
                        .retryWhen(Retry.fixedDelay(50, Duration.ofMillis(100)).filter(e -> e instanceof ExchangeFailure)), 64)
                .then()
                .block(Duration.ofSeconds(30));
    }

    /** Socket {@code i}: even ones offer, odd ones answer; pair p is sockets 2p and 2p+1. */
    private String domain(int socket) {
        return "lt-" + runId + (socket % 2 == 0 ? "-o" : "-a") + socket / 2;
    }

    private String offer(int pair, long tag) {
        ObjectNode req = Json.object().put("offer_sdp", offerSdp);
        req.putArray("candidate").add("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host lt-x-" + Math.max(0, tag)
                + (tag < 0 ? "-probe" : ""));
        req.put("answer_domain", domain(pair * 2 + 1)).put("offer_domain", domain(pair * 2));
        return Json.write(req);
    }

    @Override
    Mono<Void> exchange(long seq) {
        int pair = (int) (seq % pairs);
        Sinks.Empty<Void> answered = Sinks.empty();
        awaiting.put(seq, answered);
        return Mono.when(post(offer(pair, seq)), answered.asMono())
                .doFinally(signal -> awaiting.remove(seq));
    }

    private Mono<Void> post(String body) {
        return ctx.connector().http().post("/offer", body, "Content-Type", "application/json").flatMap(reply ->
                reply.status() == 200 ? Mono.<Void>empty()
                        : Mono.error(new ExchangeFailure("POST /offer: " + reply.status() + " " + CallScenario.brief(reply.body()))));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An offerer's socket: an answer completes the exchange its tag names. */
    private final class Offerer implements WsListener {
        @Override
        public void onText(WsConn conn, ByteBuf utf8) {
            if (Frames.indexOf(utf8, TY_ANSWER, 0) >= 0) {
                long tag = Frames.numberAfter(utf8, TAG);
                Sinks.Empty<Void> sink = tag < 0 || Frames.indexOf(utf8, PROBE, 0) >= 0 ? null : awaiting.get(tag);
                if (sink != null) {
                    sink.tryEmitEmpty();
                }
                return;
            }
            socketError(Frames.text(utf8));
        }

        @Override
        public void onClosed(WsConn conn, int code, String reason) {
            closedSocket(code, reason);
        }
    }

    /** An answerer's socket: every offer is answered at once, its candidates (and tag) echoed. */
    private final class Answerer implements WsListener {
        @Override
        public void onText(WsConn conn, ByteBuf utf8) {
            JsonNode msg = Json.read(Frames.text(utf8));
            if (!"offer".equals(msg.path("ty").asText())) {
                socketError(Frames.text(utf8));
                return;
            }
            JsonNode req = msg.path("offer_req");
            ObjectNode answer = Json.object().put("ty", "answer");
            ObjectNode resp = answer.putObject("answer_resp").put("answer_sdp", answerSdp)
                    .put("offer_domain", req.path("offer_domain").asText());
            resp.set("candidate", req.path("candidate").deepCopy());
            answer.set("offer_req", req.deepCopy());
            conn.send(Json.write(answer));
        }

        @Override
        public void onClosed(WsConn conn, int code, String reason) {
            closedSocket(code, reason);
        }
    }

    private void socketError(String text) {
        JsonNode msg = Json.read(text);
        ctx.stats().error("socket message: " + (msg.has("msg") ? msg.path("msg").asText() : CallScenario.brief(text)));
    }

    private void closedSocket(int code, String reason) {
        ctx.stats().connectionClosed();
        if (!closing) {
            ctx.stats().error("connection closed by the server (" + code + " " + reason + ")");
        }
    }

    @Override
    public boolean healthy() {
        return sockets.stream().allMatch(WsConn::isOpen);
    }

    @Override
    public void close() {
        closing = true;
        ConnectionSet.closeAll(sockets);
        sockets.clear();
    }
}

package dev.signals.loadtest.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.loadtest.net.HttpReply;
import dev.signals.loadtest.net.Json;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * {@code mailbox}: the mailbox dialect's whole hand-over (docs/mailbox.md) per unit, on a key of
 * its own: the offerer posts its SDP, the answerer fetches it and posts an answer, each side
 * posts a candidate and fetches the other's, and the offerer fetches the answer — eight
 * requests in order, each checked for {@code msg == ""} and the exact data stored.
 */
public final class MailboxScenario extends ExchangeScenario {
    /** Keys expire soon after the exchange; the dialect clamps TTLs to (0, 30] s. */
    private static final int KEY_TTL_SECONDS = 10;

    private final String runId = Long.toString(System.nanoTime() & 0xFFFFFFFFL, 36);
    private String offerData;
    private String answerData;
    private String offerBody;

    public MailboxScenario(int maxInFlight, Duration timeout) {
        super(maxInFlight, timeout);
    }

    @Override
    public String name() {
        return "mailbox";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("exchange", "POST offer sdp, GET+POST answer sdp, POST+GET both candidates, GET answer sdp");
    }

    @Override
    void prepare() {
        String sdp = SdpText.of(ctx.settings().messageSize());
        offerData = Json.write(Json.object().put("type", "offer").put("sdp", sdp));
        answerData = Json.write(Json.object().put("type", "answer").put("sdp", sdp.replace("a=setup:actpass", "a=setup:active")));
        offerBody = Json.write(Json.object().put("key_ttl", KEY_TTL_SECONDS).put("data", offerData));
    }

    @Override
    Mono<Void> exchange(long seq) {
        String key = "lt" + runId + "-" + seq;
        String offerCandidate = "{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
        String answerCandidate = "{\"candidate\":\"candidate:2 1 udp 2122260223 127.0.0.1 50001 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
        return post(key, "/offer/sdp/", offerBody)
                .then(get(key, "/answer/sdp/", offerData))
                .then(post(key, "/answer/sdp/", answerData))
                .then(post(key, "/offer/candidate/", offerCandidate))
                .then(get(key, "/answer/candidate/", offerCandidate))
                .then(post(key, "/answer/candidate/", answerCandidate))
                .then(get(key, "/offer/candidate/", answerCandidate))
                .then(get(key, "/offer/sdp/", answerData));
    }

    private Mono<Void> post(String key, String path, String body) {
        return Mono.defer(() -> ctx.connector().http().post(path, body, "key", key))
                .flatMap(reply -> check("POST " + path, reply, null));
    }

    private Mono<Void> get(String key, String path, String expected) {
        return Mono.defer(() -> ctx.connector().http().get(path, "key", key))
                .flatMap(reply -> check("GET " + path, reply, expected));
    }

    private static Mono<Void> check(String step, HttpReply reply, String expectedData) {
        JsonNode body = Json.read(reply.body());
        String msg = body.path("msg").asText(null);
        if (reply.status() != 200 || msg == null) {
            return Mono.error(new ExchangeFailure(step + ": " + reply.status() + " " + CallScenario.brief(reply.body())));
        }
        if (!msg.isEmpty()) {
            return Mono.error(new ExchangeFailure(step + ": " + msg));
        }
        if (expectedData != null && !expectedData.equals(body.path("data").asText(null))) {
            return Mono.error(new ExchangeFailure(step + ": data differs from what was posted"));
        }
        return Mono.empty();
    }

    @Override
    public void close() {
        // HTTP only: nothing held between exchanges.
    }
}

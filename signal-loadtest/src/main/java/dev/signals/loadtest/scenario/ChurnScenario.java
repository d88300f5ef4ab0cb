package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.Inbox;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * {@code churn}: each unit is one client's whole life in the room dialect (docs/room.md) on
 * a fresh connection — connect, wait for {@code notify-client-id}, {@code join} a room of its
 * own (waiting for {@code joined} unless told the server has none, as singo has not),
 * {@code leave}, close — timed from its intended start to the end of the close handshake.
 */
public final class ChurnScenario extends ExchangeScenario {
    private final String path;
    private final boolean awaitJoined;
    private final String runId = Long.toString(System.nanoTime() & 0xFFFFFFFFFFL, 36);

    public ChurnScenario(String path, boolean awaitJoined, int maxInFlight, Duration timeout) {
        super(maxInFlight, timeout);
        this.path = path;
        this.awaitJoined = awaitJoined;
    }

    @Override
    public String name() {
        return "churn";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("path", path, "await-joined", Boolean.toString(awaitJoined));
    }

    @Override
    Mono<Void> exchange(long seq) {
        Inbox inbox = new Inbox();
        return ctx.connector().open((int) seq, path, inbox).flatMap(conn -> {
            ctx.stats().connectionOpened();
            conn.closed().subscribe(null, null, () -> ctx.stats().connectionClosed());
            return inbox.expect(text -> RoomMessages.isType(text, "notify-client-id"))
                    .flatMap(notify -> {
                        Mono<String> joined = awaitJoined
                                ? inbox.expect(text -> RoomMessages.isType(text, "joined") || RoomMessages.isType(text, "error"))
                                : Mono.just("");
                        conn.send(RoomMessages.join("lt-" + runId + "-c" + seq));
                        return joined;
                    })
                    .flatMap(reply -> {
                        if (RoomMessages.isType(reply, "error")) {
                            return Mono.error(new ExchangeFailure("join refused: " + reply));
                        }
                        conn.send(RoomMessages.leave());
                        return conn.close(Duration.ofSeconds(5));
                    })
                    .doFinally(signal -> {
                        if (signal != SignalType.ON_COMPLETE) {
                            conn.abort();
                        }
                    });
        });
    }

    @Override
    public void close() {
        // Every connection is closed by its own cycle.
    }
}

package dev.signals.server.redis;

import dev.signals.server.config.SignalConfig;
import dev.signals.server.ws.SessionKey;
import dev.signals.server.ws.SessionLogContract;
import dev.signals.server.ws.SharedSessions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SessionLogContract} on {@link RedisSessionStore}'s scripts ({@code session-lib.lua}), on
 * one real {@code redis-server} per class: frames are numbered by {@code session-append}, acknowledged
 * by {@code session-ack}, and a resume's frames are what {@code session-attach} answers.
 */
class RedisSessionLogContractTest extends SessionLogContract {
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final SessionKey KEY = new SessionKey("room", "/connect", null);

    @Override
    protected Log log(int maxFrames, long maxBytes) {
        SharedSessions store = redis.nodes().startOver("n1", "session", null, backplane ->
                new RedisSessionStore(backplane, new SignalConfig.Resume(Duration.ofSeconds(30), maxFrames, maxBytes)));
        String address = "s" + System.nanoTime();
        store.open(address, "secret", KEY, "conn", "").block(WAIT);
        return new Log() {
            @Override
            public long append(String frame) {
                return store.append(address, frame).block(WAIT);
            }

            @Override
            public void ack(long seq) {
                store.ack(address, seq).block(WAIT);
            }

            @Override
            public List<String> after(long seq) {
                SharedSessions.Attached attached = store.attach(address, "secret", KEY, seq, "conn").block(WAIT);
                return attached.refusal() == null ? attached.frames() : null;
            }
        };
    }
}

package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.core.domain.DomainDirectory;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.ws.SessionKey;
import dev.signals.server.ws.SessionLogContract;
import dev.signals.server.ws.SharedSessions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    /**
     * A frame appended for another session records its sender's cseq in the same script
     * (docs/cluster.md "Resumable sessions"): only ever growing, and a sender whose session is gone
     * does not keep the frame from being logged.
     */
    @Test
    void anAppendRecordsItsSendersCseqOnlyEverGrowing() {
        SharedSessions store = store(10, 10_000);
        String sender = "s" + System.nanoTime();
        String target = "t" + System.nanoTime();
        store.open(sender, "secret", KEY, "conn", "").block(WAIT);
        store.open(target, "secret", KEY, "conn", "").block(WAIT);
        assertEquals(1, store.append(target, "{}", new SharedSessions.Cseq(sender, 5)).block(WAIT).longValue());
        assertEquals(5, store.attach(sender, "secret", KEY, 0, "conn").block(WAIT).cseq());
        assertEquals(2, store.append(target, "{}", new SharedSessions.Cseq(sender, 3)).block(WAIT).longValue());
        assertEquals(5, store.attach(sender, "secret", KEY, 0, "conn").block(WAIT).cseq(), "a cseq never goes back");
        assertEquals(3, store.append(target, "{}", new SharedSessions.Cseq("gone" + sender, 7)).block(WAIT).longValue());
        assertEquals(5, store.attach(sender, "secret", KEY, 0, "conn").block(WAIT).cseq());
    }

    /**
     * A domain frame's route records its sender's cseq in the same script, whatever it answers
     * (docs/cluster.md "Resumable sessions"): only ever growing, and a sender whose session is gone
     * does not keep the frame from being routed.
     */
    @Test
    void aDomainRouteRecordsItsSendersCseqWhateverItAnswers() {
        SignalConfig.Resume resume = new SignalConfig.Resume(Duration.ofSeconds(30), 10, 10_000);
        record Node(SharedSessions store, DomainDirectory domains) {
        }
        Node node = redis.nodes().startOver("n1", "domain", null, backplane ->
                new Node(new RedisSessionStore(backplane, resume), new RedisStores(backplane, resume).domains()));
        String sender = "s" + System.nanoTime();
        String domain = "d" + System.nanoTime();
        node.store().open(sender, "secret", KEY, "conn", "").block(WAIT);
        assertEquals(DomainDirectory.Routed.ABSENT, node.domains().route(domain, "[]", "{}", sender, 4).block(WAIT));
        assertEquals(4, node.store().attach(sender, "secret", KEY, 0, "conn").block(WAIT).cseq());
        node.domains().claim(domain, "c1").block(WAIT);
        assertEquals(DomainDirectory.Routed.HERE, node.domains().route(domain, "[]", "{}", sender, 6).block(WAIT));
        assertEquals(6, node.store().attach(sender, "secret", KEY, 0, "conn").block(WAIT).cseq());
        assertEquals(DomainDirectory.Routed.HERE, node.domains().route(domain, "[]", "{}", sender, 5).block(WAIT));
        assertEquals(6, node.store().attach(sender, "secret", KEY, 0, "conn").block(WAIT).cseq(), "a cseq never goes back");
        assertEquals(DomainDirectory.Routed.HERE, node.domains().route(domain, "[]", "{}", "gone" + sender, 9).block(WAIT));
        assertEquals(6, node.store().attach(sender, "secret", KEY, 0, "conn").block(WAIT).cseq());
    }

    private static SharedSessions store(int maxFrames, long maxBytes) {
        return redis.nodes().startOver("n1", "session", null, backplane ->
                new RedisSessionStore(backplane, new SignalConfig.Resume(Duration.ofSeconds(30), maxFrames, maxBytes)));
    }

    @Override
    protected Log log(int maxFrames, long maxBytes) {
        SharedSessions store = store(maxFrames, maxBytes);
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

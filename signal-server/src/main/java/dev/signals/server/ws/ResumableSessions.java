package dev.signals.server.ws;

import dev.signals.server.config.SignalConfig;
import dev.signals.server.http.ConnectionSlot;
import dev.signals.server.logging.ConnLog;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.metrics.Metrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;

/**
 * The resumable sessions of one node, by token (docs/resume.md): opens them, decides on a resume
 * before the upgrade, forgets them when they end, and counts them. A session holds its first
 * socket's connection slot until it ends, so held sessions count against the node's limits.
 * Clustered, sessions of dialects that can be restored elsewhere are shared through
 * {@link SharedSessions}, and a resume of one is decided there and may restore it on this node.
 */
public final class ResumableSessions {
    private static final int TOKEN_BYTES = 18;

    /** The answer to a resume request before the upgrade. */
    sealed interface Decision permits Refused, Resume {
    }

    /** Refused with {@code status} and {@code reason}; {@code result} tags the metric. */
    record Refused(HttpResponseStatus status, String reason, String result) implements Decision {
    }

    /**
     * Go ahead: attach the upgraded socket, named {@code conn}, to {@code session} and replay after
     * {@code lastSeq}; {@code restored} when the session was restored on this node and takes the
     * resuming socket's connection slot.
     */
    record Resume(ResumableSession session, long lastSeq, String conn, boolean restored) implements Decision {
    }

    /** Makes a dialect's handler for a session restored on this node from its remembered state. */
    public interface Restorer {
        WsHandler restore(WsConnection session, String address, String state);
    }

    private final SignalConfig.Resume settings;
    private final Duration pingInterval;
    private final Metrics metrics;
    private final ConcurrentHashMap<String, ResumableSession> byToken = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final IceServersPush iceServers;
    /** Clustered: where shared sessions live (null standalone), and this node's share of them by address. */
    private final SharedSessions shared;
    private final ConcurrentHashMap<String, ResumableSession> byAddress = new ConcurrentHashMap<>();

    /** With {@code iceServers} (null without {@code --turn-urls}), every session is sent TURN credentials and fresh ones before they expire (docs/turn.md). */
    public ResumableSessions(SignalConfig.Resume settings, Duration pingInterval, Metrics metrics, IceServersPush iceServers,
                             SharedSessions shared) {
        this.settings = settings;
        this.pingInterval = pingInterval;
        this.metrics = metrics;
        this.iceServers = iceServers;
        this.shared = shared;
        if (shared != null) {
            shared.listen(new HomeEvents());
        }
        metrics.gauge(MeterName.SESSIONS_HELD, "resumable sessions waiting for their client to resume", held::get);
    }

    /** What pushes TURN credentials to sessions, or {@code null} without {@code --turn-urls}. */
    IceServersPush iceServers() {
        return iceServers;
    }

    boolean enabled() {
        return settings.enabled();
    }

    Duration window() {
        return settings.window();
    }

    Duration pingInterval() {
        return pingInterval;
    }

    /** Where shared sessions live, or {@code null} when this node keeps every session in memory. */
    public SharedSessions shared() {
        return shared;
    }

    /**
     * Opens a session whose first socket is {@code first}; it owns {@code slot} from now on. A
     * {@code restorable} one is shared when clustered, once its dialect remembers its address.
     */
    ResumableSession open(SessionKey key, WsSession first, ConnLog log, ConnectionSlot slot, boolean restorable) {
        String token = newToken();
        ResumableSession session = new ResumableSession(token, key, first.eventLoop(), log,
                new SessionLog(settings.bufferMessages(), settings.bufferBytes()), this, slot);
        if (restorable && shared != null) {
            session.shareThrough(shared);
        }
        byToken.put(token, session);
        return session;
    }

    /** {@code session} is shared now, under a token that names its address; {@code secret} was its token. */
    void shared(ResumableSession session, String secret) {
        byToken.remove(secret, session);
        byToken.put(session.token(), session);
        byAddress.put(session.address(), session);
    }

    /** A name for a socket of a shared session. */
    String newConn() {
        return newToken().substring(0, 12);
    }

    /**
     * docs/resume.md#refusals. A shared session's resume is decided in Redis, and when its dialect
     * was served by another node, it is restored here with {@code restorer} on {@code loop}, owning
     * {@code slot} (docs/cluster.md "Resumable sessions").
     */
    Mono<Decision> decide(ResumeRequest request, SessionKey key, EventLoop loop, ConnectionSlot slot, ConnLog log,
                          Restorer restorer) {
        if (request.kind() == ResumeRequest.Kind.MALFORMED) {
            return Mono.just(new Refused(HttpResponseStatus.BAD_REQUEST, request.problem(), "invalid"));
        }
        ResumableSession local = byToken.get(request.token());
        int dash = request.token().indexOf('-');
        if (shared == null || (local != null && !local.isShared()) || dash <= 0) {
            return Mono.just(decide(request, key.dialect(), key.path(), key.subject()));
        }
        String address = request.token().substring(0, dash);
        String secret = request.token().substring(dash + 1);
        String conn = newConn();
        return shared.attach(address, secret, key, request.lastSeq(), conn).<Decision>map(attached -> {
            // On the backplane thread, before any frame Redis sends this node for the session.
            if ("forbidden".equals(attached.refusal())) {
                return new Refused(HttpResponseStatus.FORBIDDEN, "session of another principal", "forbidden");
            }
            if ("invalid".equals(attached.refusal())) {
                return new Refused(HttpResponseStatus.BAD_REQUEST, "last_seq beyond the session", "invalid");
            }
            if (attached.refusal() != null) {
                return expired();
            }
            ResumableSession home = byAddress.get(address);
            if (home != null && !home.ended()) {
                return new Resume(home, request.lastSeq(), conn, false);
            }
            if (restorer == null) {
                return expired();
            }
            ResumableSession restored = new ResumableSession(request.token(), key, loop, log,
                    SessionLog.mirror(request.lastSeq(), attached.issued(), attached.frames()), this, slot);
            restored.restored(shared, address, attached.cseq());
            restored.bind(restorer.restore(restored, address, attached.state()));
            byToken.put(request.token(), restored);
            byAddress.put(address, restored);
            return new Resume(restored, request.lastSeq(), conn, true);
        }).onErrorResume(e -> Mono.just(new Refused(HttpResponseStatus.SERVICE_UNAVAILABLE, "backend unavailable", "expired")));
    }

    /** docs/resume.md#refusals: 400 malformed, 410 unknown/ended/too old, 403 someone else's. */
    private Decision decide(ResumeRequest request, String dialect, String path, String subject) {
        ResumableSession session = byToken.get(request.token());
        if (session == null || session.ended() || !session.key().samePlace(dialect, path)) {
            return expired();
        }
        if (!session.key().samePrincipal(subject)) {
            return new Refused(HttpResponseStatus.FORBIDDEN, "session of another principal", "forbidden");
        }
        if (request.lastSeq() > session.issued()) {
            return new Refused(HttpResponseStatus.BAD_REQUEST, "last_seq beyond the session", "invalid");
        }
        if (!session.canResumeAfter(request.lastSeq())) {
            return expired();
        }
        return new Resume(session, request.lastSeq(), newConn(), false);
    }

    private static Refused expired() {
        return new Refused(HttpResponseStatus.GONE, "session expired", "expired");
    }

    void resumeRefused(String dialect, String result) {
        metrics.counter(MeterName.RESUMES, "dialect", dialect, "result", result).increment();
    }

    void resumedOk(String dialect, long replayed) {
        metrics.counter(MeterName.RESUMES, "dialect", dialect, "result", "resumed").increment();
        metrics.counter(MeterName.REPLAYED_MESSAGES, "dialect", dialect).increment(replayed);
    }

    void heldChanged(int delta) {
        held.addAndGet(delta);
    }

    /** Sessions held right now on this node. */
    public int held() {
        return held.get();
    }

    void ended(ResumableSession session, ResumableSession.End why) {
        byToken.remove(session.token(), session);
        if (session.address() != null) {
            byAddress.remove(session.address(), session);
        }
    }

    /** The drain's last step: every session still open on this node ends (docs/resume.md#drain). */
    CompletableFuture<Void> endAll() {
        return CompletableFuture.allOf(byToken.values().stream().map(ResumableSession::endWithNode)
                .toArray(CompletableFuture[]::new));
    }

    /** What Redis tells this node about the shared sessions it is home to. */
    private final class HomeEvents implements SharedSessions.Events {
        @Override
        public void frame(String address, long seq, String wire) {
            ResumableSession session = byAddress.get(address);
            if (session != null) {
                session.delivered(seq, wire);
            }
        }

        @Override
        public void movedAway(String address) {
            ResumableSession session = byAddress.get(address);
            if (session != null) {
                session.movedAway();
            }
        }

        @Override
        public void overflowed(String address) {
            ResumableSession session = byAddress.get(address);
            if (session != null) {
                session.overflowed();
            }
        }
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

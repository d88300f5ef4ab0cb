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

/**
 * The resumable sessions of one node, by token, in memory (docs/resume.md): opens them, decides
 * on a resume before the upgrade, forgets them when they end, and counts them. A session holds its
 * first socket's connection slot until it ends, so held sessions count against the node's limits.
 */
public final class ResumableSessions {
    private static final int TOKEN_BYTES = 18;

    /** The answer to a resume request before the upgrade. */
    sealed interface Decision permits Refused, Resume {
    }

    /** Refused with {@code status} and {@code reason}; {@code result} tags the metric. */
    record Refused(HttpResponseStatus status, String reason, String result) implements Decision {
    }

    /** Go ahead: attach the upgraded socket to {@code session} and replay after {@code lastSeq}. */
    record Resume(ResumableSession session, long lastSeq) implements Decision {
    }

    private final SignalConfig.Resume settings;
    private final Duration pingInterval;
    private final Metrics metrics;
    private final ConcurrentHashMap<String, ResumableSession> byToken = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final IceServersPush iceServers;

    /** With {@code iceServers} (null without {@code --turn-urls}), every session is sent TURN credentials and fresh ones before they expire (docs/turn.md). */
    public ResumableSessions(SignalConfig.Resume settings, Duration pingInterval, Metrics metrics, IceServersPush iceServers) {
        this.settings = settings;
        this.pingInterval = pingInterval;
        this.metrics = metrics;
        this.iceServers = iceServers;
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

    /** Opens a session whose first socket is {@code first}; it owns {@code slot} from now on. */
    ResumableSession open(SessionKey key, WsSession first, ConnLog log, ConnectionSlot slot) {
        String token = newToken();
        ResumableSession session = new ResumableSession(token, key, first.eventLoop(), log,
                new SessionLog(settings.bufferMessages(), settings.bufferBytes()), this, slot);
        byToken.put(token, session);
        return session;
    }

    /** docs/resume.md#refusals: 400 malformed, 410 unknown/ended/too old, 403 someone else's. */
    Decision decide(ResumeRequest request, String dialect, String path, String subject) {
        if (request.kind() == ResumeRequest.Kind.MALFORMED) {
            return new Refused(HttpResponseStatus.BAD_REQUEST, request.problem(), "invalid");
        }
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
        return new Resume(session, request.lastSeq());
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
    }

    /** The drain's last step: every session still open on this node ends (docs/resume.md#drain). */
    CompletableFuture<Void> endAll() {
        return CompletableFuture.allOf(byToken.values().stream().map(ResumableSession::endWithNode)
                .toArray(CompletableFuture[]::new));
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

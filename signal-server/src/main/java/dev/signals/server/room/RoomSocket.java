package dev.signals.server.room;

import dev.signals.core.limits.TokenBucket;
import dev.signals.core.room.RoomCodec;
import dev.signals.core.room.PlainSdpSpan;
import dev.signals.core.room.RoomErrors;
import dev.signals.core.room.RoomProtocolException;
import dev.signals.core.room.RoomRequest;
import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.CseqClaim;
import dev.signals.server.ws.TextFrame;
import dev.signals.server.ws.WsHandler;
import dev.signals.server.ws.WsConnection;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayDeque;
import java.nio.charset.StandardCharsets;

/**
 * One {@code /connect} client (docs/room.md): announces its id, joins at most one room at a
 * time, relays offers, answers and candidates to members of its room, and leaves on close.
 * Callbacks run on the connection's event loop; {@link #deliver} may be called from any thread.
 * A join may settle later (across nodes it waits for the directory): until it does, this
 * client's next messages wait, in order, so none overtakes the join (docs/security.md "On a WebSocket").
 */
final class RoomSocket implements WsHandler, RoomMember {
    private static final String DIALECT = RoomDialect.NAME;
    /** Messages held while a join settles; more than this is a flood. */
    private static final int MAX_WAITING = 256;

    private final WsConnection session;
    private final String clientId;
    private final Principal principal;
    private final RoomCodec codec;
    private final RoomService rooms;
    private final Metrics metrics;
    private final Duration keepAliveInterval;
    /**
     * Room changes this client may still make (docs/room.md#errors): each change sends an event
     * to every member of the rooms it leaves and joins, so its cost is charged here, to the
     * client that causes it, never to the members who receive it (SECURITY.md).
     */
    private final TokenBucket roomChanges;
    /** The room this client is in, or null; written only on this connection's event loop. */
    private volatile String roomId;
    /** Event-loop state: a join is settling, the messages that arrived meanwhile, and a close. */
    private boolean joining;
    private boolean closed;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** The envelopes of this client's relayed offers and answers, by kind; made on the event loop when first used (an idle client has none). */
    private SplicedSdpFrame.Prefix[] relayPrefixes;
    /** Restored on this node from a resumable session served elsewhere (docs/cluster.md "Resumable sessions"). */
    private final boolean restored;

    RoomSocket(WsConnection session, String clientId, Principal principal, RoomCodec codec, RoomService rooms,
               Metrics metrics, Duration keepAliveInterval, TokenBucket roomChanges) {
        this(session, clientId, "", principal, codec, rooms, metrics, keepAliveInterval, roomChanges, false);
    }

    /** A client whose resumable session resumed on this node: the same id, in {@code roomId} (empty: none). */
    RoomSocket(WsConnection session, String clientId, String roomId, Principal principal, RoomCodec codec,
               RoomService rooms, Metrics metrics, Duration keepAliveInterval, TokenBucket roomChanges) {
        this(session, clientId, roomId, principal, codec, rooms, metrics, keepAliveInterval, roomChanges, true);
    }

    private RoomSocket(WsConnection session, String clientId, String roomId, Principal principal, RoomCodec codec,
                       RoomService rooms, Metrics metrics, Duration keepAliveInterval, TokenBucket roomChanges,
                       boolean restored) {
        this.session = session;
        this.clientId = clientId;
        this.principal = principal;
        this.codec = codec;
        this.rooms = rooms;
        this.metrics = metrics;
        this.keepAliveInterval = keepAliveInterval;
        this.roomChanges = roomChanges;
        this.restored = restored;
        this.roomId = roomId.isEmpty() ? null : roomId;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    boolean isOpen() {
        return session.isOpen();
    }

    /** Queues a server frame for this client; never blocks. */
    @Override
    public void deliver(String type, String frame) {
        deliver(type, frame, CseqClaim.NONE);
    }

    /** A relayed frame: a session in Redis logs it with the sender's {@code cseq} (docs/cluster.md). */
    void deliver(String type, String frame, CseqClaim cseq) {
        if (session.send(frame, cseq)) {
            metrics.message(DIALECT, "out", type);
        }
    }

    /** A relayed frame the target's socket may write from bytes; otherwise as {@link #deliver(String, String, CseqClaim)}. */
    void deliver(String type, TextFrame frame, CseqClaim cseq) {
        if (session.send(frame, cseq)) {
            metrics.message(DIALECT, "out", type);
        }
    }

    @Override
    public void onOpen() {
        session.every(keepAliveInterval, () -> deliver("ping", codec.keepAlive()));
        if (restored) {
            session.log().debug("client {} resumed here", clientId);
            adopt();
            return;
        }
        session.log().debug("client {} connected", clientId);
        // A resumable session shares this under the client id (docs/cluster.md "Resumable sessions").
        session.remember(clientId, "");
        deliver("notify-client-id", codec.notifyClientId(clientId));
    }

    /** Takes this client's place in its room on this node; its messages wait meanwhile, as for a join. */
    private void adopt() {
        String target = roomId;
        if (target == null) {
            return;
        }
        joining = true;
        rooms.adopt(this, target, outcome -> session.execute(() -> {
            if (outcome != RoomService.JoinOutcome.JOINED) {
                roomId = null;
                session.remember(clientId, "");
            }
            settled();
        }));
    }

    @Override
    public void onText(String text) {
        long arrived = System.nanoTime();
        // Asked for now: a message that waits for a join runs later, after its cseq was stored alone.
        CseqClaim cseq = session.cseq();
        inTurn(() -> handle(text, cseq, arrived), cseq);
    }

    /**
     * The relay's hot path (docs/room.md "Relaying an offer or answer"): a plain offer or answer is
     * relayed from the bytes it arrived in, its SDP copied once into the target's frame.
     */
    @Override
    public Runnable textBytes(ByteBuf utf8) {
        PlainSdpSpan plain = codec.plainSdp(utf8.nioBuffer());
        return plain == null ? null : () -> relayPlain(plain, utf8);
    }

    private void relayPlain(PlainSdpSpan plain, ByteBuf utf8) {
        long arrived = System.nanoTime();
        CseqClaim cseq = session.cseq();
        if (joining) { // it waits as text: its bytes are released once this returns
            String text = utf8.toString(StandardCharsets.US_ASCII);
            inTurn(() -> handle(text, cseq, arrived), cseq);
            return;
        }
        RoomRequest.SdpKind kind = plain.kind();
        metrics.message(DIALECT, "in", kind.wireType());
        int start = utf8.readerIndex();
        String targetId = utf8.toString(start + plain.targetFrom(), plain.targetTo() - plain.targetFrom(),
                StandardCharsets.US_ASCII);
        TextFrame frame = new SplicedSdpFrame(relayPrefix(kind), utf8, start + plain.sdpFrom(),
                plain.sdpTo() - plain.sdpFrom());
        relay(targetId, kind.wireType(), kind.transferError(), frame, cseq, arrived);
    }

    /** This client's envelope for relayed offers or answers, made once per kind. */
    private SplicedSdpFrame.Prefix relayPrefix(RoomRequest.SdpKind kind) {
        if (relayPrefixes == null) {
            relayPrefixes = new SplicedSdpFrame.Prefix[RoomRequest.SdpKind.values().length];
        }
        SplicedSdpFrame.Prefix prefix = relayPrefixes[kind.ordinal()];
        if (prefix == null) {
            prefix = SplicedSdpFrame.Prefix.of(codec.relayedSdpPrefix(kind, clientId));
            relayPrefixes[kind.ordinal()] = prefix;
        }
        return prefix;
    }

    /** Runs {@code work} now, or after the join that is settling. */
    private void inTurn(Runnable work, CseqClaim cseq) {
        if (!joining) {
            work.run();
        } else if (waiting.size() < MAX_WAITING) {
            waiting.add(work);
        } else {
            fail(RoomErrors.RATE_LIMITED, "join_backlog", cseq);
        }
    }

    private void handle(String text, CseqClaim cseq, long arrived) {
        RoomRequest request;
        try {
            request = codec.decode(text);
        } catch (RoomProtocolException e) {
            fail(e.reason(), "invalid", cseq);
            return;
        }
        if (!(request instanceof RoomRequest.Sdp || request instanceof RoomRequest.IceCandidate)) {
            // A join or leave writes the directory and the session's state: the cseq goes first.
            cseq.storeAlone();
        }
        if (request instanceof RoomRequest.Join) {
            join(((RoomRequest.Join) request).roomId());
        } else if (request instanceof RoomRequest.Sdp) {
            RoomRequest.Sdp sdp = (RoomRequest.Sdp) request;
            metrics.message(DIALECT, "in", sdp.kind().wireType());
            relay(sdp.targetId(), sdp.kind().wireType(), sdp.kind().transferError(),
                    () -> relayPrefix(sdp.kind()).frame(sdp.escapedSdp()), cseq, arrived);
        } else if (request instanceof RoomRequest.IceCandidate) {
            RoomRequest.IceCandidate ice = (RoomRequest.IceCandidate) request;
            metrics.message(DIALECT, "in", "ice-candidate");
            relay(ice.targetId(), "ice-candidate", RoomErrors.TRANSFER_ICE,
                    () -> codec.relayedCandidate(ice, clientId), cseq, arrived);
        } else if (request instanceof RoomRequest.Leave) {
            metrics.message(DIALECT, "in", "leave");
            if (roomId != null && !mayChangeRoom()) {
                return;
            }
            leaveCurrentRoom();
        } else {
            metrics.message(DIALECT, "in", "ping");
        }
    }

    /** A relay's script, or the error that answers the frame, records its cseq (docs/cluster.md "Resumable sessions"). */
    @Override
    public boolean handsOnCseq() {
        return true;
    }

    @Override
    public void onBinary() {
        inTurn(() -> fail(RoomErrors.INVALID_PAYLOAD, "binary"), CseqClaim.NONE);
    }

    @Override
    public void onClose() {
        closed = true;
        if (!joining) {
            leaveCurrentRoom();
        }
        session.log().debug("client {} disconnected", clientId);
    }

    @Override
    public String rateLimitedFrame() {
        return codec.error(RoomErrors.RATE_LIMITED);
    }

    @Override
    public String busyFrame() {
        return codec.error(RoomErrors.SERVER_BUSY);
    }

    private void join(String target) {
        metrics.message(DIALECT, "in", "join");
        if (!principal.allows(Grants.ROOM, target)) {
            fail(RoomErrors.FORBIDDEN, "forbidden"); // SECURITY.md "Per dialect, without and with authentication": the client stays where it was
            return;
        }
        if (!target.equals(roomId) && !mayChangeRoom()) {
            return; // the client stays where it was, like any refused join
        }
        joining = true;
        rooms.join(this, roomId, target, outcome -> session.execute(() -> joinSettled(target, outcome)));
    }

    /** The join is decided: take the new room, or report why not; then resume waiting messages. */
    private void joinSettled(String target, RoomService.JoinOutcome outcome) {
        joining = false;
        if (outcome == RoomService.JoinOutcome.FULL) {
            fail(RoomErrors.ROOM_FULL, "room_full");
        } else if (outcome == RoomService.JoinOutcome.FAILED) {
            fail(RoomErrors.JOIN_FAILED, "backplane");
        } else {
            roomId = target;
        }
        settled();
    }

    /**
     * The directory took this client into {@code target}; called before its {@code joined} is
     * sent, so a session restored on another node once that frame was out knows its room
     * (docs/cluster.md "Resumable sessions"). Any thread.
     */
    void enteredInDirectory(String target) {
        session.remember(clientId, target);
    }

    /** A join or an adoption is settled: a close that came meanwhile leaves; waiting messages run. */
    private void settled() {
        joining = false;
        if (closed) {
            leaveCurrentRoom();
            return;
        }
        while (!joining && !waiting.isEmpty()) {
            waiting.poll().run();
        }
    }

    /** Takes one room change, or answers {@code rate limit exceeded} when none is left. */
    private boolean mayChangeRoom() {
        if (roomChanges.tryTake(System.nanoTime())) {
            return true;
        }
        metrics.rateLimited(DIALECT);
        fail(RoomErrors.RATE_LIMITED, "room_change_rate");
        return false;
    }

    private void leaveCurrentRoom() {
        String current = roomId;
        if (current != null) {
            roomId = null;
            rooms.leave(this, current);
            if (!closed) {
                session.remember(clientId, "");
            }
        }
    }

    private void relay(String targetId, String type, String failure, TextFrame frame, CseqClaim cseq,
                       long arrived) {
        String current = roomId;
        if (current == null) {
            fail(failure, "unknown_target", cseq);
            return;
        }
        // A relay that fails at once answers with an error, which then carries the cseq.
        rooms.relay(current, targetId, type, frame, cseq, arrived, () -> fail(failure, "unknown_target", cseq));
    }

    private void fail(String reason, String metricReason) {
        fail(reason, metricReason, CseqClaim.NONE);
    }

    /** Answers with an error; a session in Redis logs it with {@code cseq} when the error is the frame's effect. */
    private void fail(String reason, String metricReason, CseqClaim cseq) {
        metrics.error(DIALECT, metricReason);
        deliver("error", codec.error(reason), cseq);
    }
}

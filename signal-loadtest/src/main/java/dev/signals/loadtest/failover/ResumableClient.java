package dev.signals.loadtest.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signals.loadtest.net.Frames;
import dev.signals.loadtest.net.Json;
import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsConnector;
import dev.signals.loadtest.net.WsListener;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One dialect WebSocket wrapped in a resumable session, speaking docs/resume.md itself: opens
 * with {@code resume=new}, numbers what it sends ({@code cseq}) and keeps it until a
 * {@code resumed} says it was processed, acknowledges what it receives, and after losing its
 * socket resumes with {@code last_seq} over the node URLs in turn until one answers. All of its
 * state lives on one single-threaded {@code lane}: inbound frames and losses hop onto it, and
 * callers run their sends on it through {@link #execute}, so frames leave in {@code cseq} order.
 */
public final class ResumableClient {
    /** What the client reports; called on its lane. */
    public interface Events {
        void onMessage(ResumableClient client, JsonNode dialectFrame);

        void onResumed(ResumableClient client, long lostAtNanos, long resumedAtNanos, long replayed);

        void onExpired(ResumableClient client, String why);
    }

    enum State { CONNECTING, OPEN, RESUMING, EXPIRED, CLOSED }

    private record Sent(long cseq, String text) {
    }

    /** Closes after which the session is over (docs/resume.md "Held, not gone", "Bounded"). */
    private static final Set<Integer> FINAL_CLOSES = Set.of(1000, 4000, 4001, 4002);
    private static final int ACK_EVERY = 16;
    private static final long ACK_AFTER_MS = 1000;
    private static final long MAX_BACKOFF_MS = 1000;

    private final int id;
    private final List<WsConnector> nodes;
    private final String path;
    private final ScheduledExecutorService lane;
    private final Events events;
    private final ArrayDeque<Sent> unconfirmed = new ArrayDeque<>();
    private int nodeIndex;
    private State state = State.CONNECTING;
    private WsConn conn;
    private String token;
    private long windowMs;
    private long lastSeq;
    private long acked;
    private long nextCseq = 1;
    private long lostAtNanos;
    private int attempt;
    private ScheduledFuture<?> ackTimer;

    /**
     * @param firstNode index into {@code nodes} of the node the session opens on
     * @param path the dialect's WebSocket path, e.g. {@code /connect}
     */
    public ResumableClient(int id, List<WsConnector> nodes, int firstNode, String path, ScheduledExecutorService lane,
                           Events events) {
        this.id = id;
        this.nodes = List.copyOf(nodes);
        this.nodeIndex = firstNode;
        this.path = path;
        this.lane = lane;
        this.events = events;
    }

    public int id() {
        return id;
    }

    /** Opens the session on the first node. */
    public void start() {
        execute(() -> open(path + "?resume=new"));
    }

    /** Runs {@code task} on this client's lane, where {@link #send} and the state may be used. */
    public void execute(Runnable task) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            // the run is over and its lanes stopped: late frames and closes have nobody to tell
        }
    }

    /** Runs {@code task} on this client's lane after {@code millis}. */
    public void executeAfter(long millis, Runnable task) {
        try {
            lane.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the run is over, as in execute
        }
    }

    /** On the lane: the node the session is on (or, while resuming, is being tried on). */
    public WsConnector node() {
        return nodes.get(Math.floorMod(nodeIndex, nodes.size()));
    }

    /** On the lane: true while the session may still deliver what is sent (open or resuming). */
    public boolean live() {
        return state == State.CONNECTING || state == State.OPEN || state == State.RESUMING;
    }

    /** On the lane: true once the session has a token and a socket. */
    public boolean open() {
        return state == State.OPEN;
    }

    /** On the lane: sends one dialect frame as {@code {"cseq":n,"msg":…}}; kept until known processed. */
    public void send(String dialectFrame) {
        if (!live()) {
            return;
        }
        Sent s = new Sent(nextCseq++, dialectFrame);
        unconfirmed.addLast(s);
        write(s);
    }

    /** Ends the session with close 1000 (the server runs the ordinary leave); completes once the socket is gone. */
    public CompletableFuture<Void> close(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            state = State.CLOSED;
            cancelAck();
            if (conn == null) {
                done.complete(null);
            } else {
                conn.close(timeout).subscribe(null, e -> done.complete(null), () -> done.complete(null));
            }
        });
        return done;
    }

    private void write(Sent s) {
        if (state == State.OPEN && conn != null) {
            conn.send("{\"cseq\":" + s.cseq + ",\"msg\":" + s.text + "}");
        }
    }

    private void open(String pathAndQuery) {
        WsConnector node = node();
        Listener listener = new Listener();
        node.open(id, pathAndQuery, listener).subscribe(
                c -> execute(() -> attached(listener, c)),
                e -> execute(() -> refused(e)));
    }

    private void attached(Listener listener, WsConn c) {
        if (state == State.CLOSED || state == State.EXPIRED) {
            c.abort();
            return;
        }
        listener.current = true;
        conn = c;
    }

    private void refused(Throwable e) {
        if (state == State.CONNECTING && token == null) {
            expire("could not open a session: " + e.getMessage());
            return;
        }
        int status = statusOf(e);
        if (status == 410 || status == 403 || status == 400) {
            // A refusal is the session's answer on any node (docs/resume.md "Refusals").
            expire("resume refused with " + status);
            return;
        }
        retryElsewhere();
    }

    private static int statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebSocketClientHandshakeException h && h.response() != null) {
                return h.response().status().code();
            }
        }
        return -1;
    }

    private void receive(String text) {
        JsonNode frame = Json.read(text);
        if (!frame.isObject()) {
            return;
        }
        if (frame.has("session")) {
            token = frame.get("session").path("token").asText();
            windowMs = frame.get("session").path("window_ms").asLong();
            state = State.OPEN;
            unconfirmed.forEach(this::write);
        } else if (frame.has("resumed")) {
            long lastCseq = frame.get("resumed").path("last_cseq").asLong();
            long issued = frame.get("resumed").path("last_seq").asLong();
            while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().cseq <= lastCseq) {
                unconfirmed.removeFirst();
            }
            state = State.OPEN;
            attempt = 0;
            long lost = lostAtNanos;
            lostAtNanos = 0;
            events.onResumed(this, lost, System.nanoTime(), Math.max(0, issued - lastSeq));
            unconfirmed.forEach(this::write);
        } else if (frame.has("seq") && frame.get("seq").canConvertToLong() && frame.has("msg")) {
            long seq = frame.get("seq").asLong();
            if (seq <= lastSeq) {
                return; // the contract says this never happens; the ledger would count it anyway
            }
            lastSeq = seq;
            events.onMessage(this, frame.get("msg"));
            scheduleAck();
        }
    }

    private void scheduleAck() {
        if (lastSeq - acked >= ACK_EVERY) {
            ack();
        } else if (ackTimer == null) {
            ackTimer = lane.schedule(() -> {
                ackTimer = null;
                ack();
            }, ACK_AFTER_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void ack() {
        cancelAck();
        if (state == State.OPEN && conn != null && lastSeq > acked && conn.send("{\"ack\":" + lastSeq + "}")) {
            acked = lastSeq;
        }
    }

    private void cancelAck() {
        if (ackTimer != null) {
            ackTimer.cancel(false);
            ackTimer = null;
        }
    }

    private void lost(int code, String reason) {
        if (!live()) {
            return;
        }
        cancelAck();
        conn = null;
        if (FINAL_CLOSES.contains(code) || (code == 1008 && "resume buffer overflow".equals(reason))) {
            expire("closed with " + code + " " + reason);
            return;
        }
        if (token == null) {
            expire("lost before the session began (" + code + ")");
            return;
        }
        if (lostAtNanos == 0) {
            lostAtNanos = System.nanoTime();
        }
        acked = Math.min(acked, lastSeq);
        retryElsewhere();
    }

    /** The next node, after a backoff that grows with each failed attempt, within the window. */
    private void retryElsewhere() {
        state = State.RESUMING;
        if (System.nanoTime() - lostAtNanos > TimeUnit.MILLISECONDS.toNanos(windowMs)) {
            expire("no node resumed the session within its window");
            return;
        }
        nodeIndex++;
        long delay = attempt == 0 ? 0 : Math.min(MAX_BACKOFF_MS, 25L << Math.min(attempt, 10));
        attempt++;
        lane.schedule(() -> {
            if (state == State.RESUMING) {
                open(path + "?resume=" + token + "&last_seq=" + lastSeq);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void expire(String why) {
        state = State.EXPIRED;
        unconfirmed.clear();
        cancelAck();
        events.onExpired(this, why);
    }

    /** Inbound traffic of one socket, moved onto the lane; a socket the client has moved past is ignored. */
    private final class Listener implements WsListener {
        private volatile boolean current;

        @Override
        public void onText(WsConn c, ByteBuf utf8) {
            String text = Frames.text(utf8);
            execute(() -> {
                if (current && c == conn) {
                    receive(text);
                }
            });
        }

        @Override
        public void onClosed(WsConn c, int code, String reason) {
            execute(() -> {
                if (current && c == conn) {
                    lost(code, reason);
                }
            });
        }
    }
}

package dev.signals.core.call;

import dev.signals.core.fanout.Outbox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Who is present in each call of one node (docs/call.md): the subscribed socket of each
 * session (at most one; a newer one replaces it) and the live sessions that have no socket yet.
 * Presence changes of one call run inside {@link ConcurrentHashMap#compute} on the call's key;
 * their {@link PresenceEvents} are queued there, in the call's outbox, and run after the update,
 * outside the map's bin lock, one call's events one at a time in the order the changes were made,
 * so every socket sees a call's arrivals and departures in one order. Each change's own events
 * have run when the call that made it returns. Fan-out of signals reads a snapshot and takes no lock.
 *
 * <p>A session is <em>live</em> from its seat grant, or from a WELCOME after it was gone, until
 * its socket closes other than by replacement, or — having no socket — until its seat lapses.
 *
 * @param <S> the socket handle; identity matters: a socket is detached only by itself
 */
public final class CallRegistry<S extends CallRegistry.Subscriber> {

    /** A subscribed socket. */
    public interface Subscriber {
        /** Queues one frame; never blocks. */
        void deliver(CallMessage.Kind kind, String frame);
    }

    /** Reactions to presence changes; one call's reactions never overlap, and they must not block. */
    public interface PresenceEvents<S> {
        /**
         * {@code socket} passed the handshake and has just been subscribed. The implementation
         * must make WELCOME precede every event published to the socket from now on, and since
         * the socket is already visible, no peer reacting to WELCOME can miss it (docs/security.md "On a WebSocket"
         * order). The server writes WELCOME on the socket's own event loop, where writes from
         * other threads queue behind it. (A call new to this node becomes visible when the
         * attach returns; until then it has no other socket that could be reacting.)
         */
        void welcomed(String call, S socket);

        /** {@code session} became live; {@code audience} is every other subscribed socket of the call. */
        void arrived(String call, String session, boolean returning, List<S> audience);

        /** {@code session} went from live to gone; {@code audience} is every remaining socket. */
        void left(String call, String session, List<S> audience);

        /** {@code previous} was replaced by a newer socket of the same session. */
        void replaced(S previous);
    }

    /** A live session that has no socket: its departure is its seat lapsing. */
    public record Orphan(String call, String session) {
    }

    /** A subscribed socket and the call and session it presents. */
    public record Attached<S>(String call, String session, S socket) {
    }

    private final ConcurrentHashMap<String, Call<S>> calls = new ConcurrentHashMap<>();
    private final Set<Orphan> orphans = ConcurrentHashMap.newKeySet();

    /** {@code session} was just granted a seat: it is live, without a socket. */
    public void seated(String call, String session, PresenceEvents<S> events) {
        Outbox[] outbox = new Outbox[1];
        calls.compute(call, (name, existing) -> {
            Call<S> c = existing == null ? new Call<>() : existing;
            if (!c.sockets.containsKey(session) && c.socketless.add(session)) {
                orphans.add(new Orphan(name, session));
            }
            List<S> audience = c.socketsExcept(session);
            outbox[0] = c.outbox.add(() -> events.arrived(name, session, false, audience));
            return c;
        });
        Outbox.flush(outbox[0]);
    }

    /** Subscribes {@code socket} for {@code session}, replacing the session's previous socket. */
    public void attach(String call, String session, S socket, PresenceEvents<S> events) {
        Outbox[] outbox = new Outbox[1];
        calls.compute(call, (name, existing) -> {
            Call<S> c = existing == null ? new Call<>() : existing;
            outbox[0] = c.outbox;
            S previous = c.put(session, socket);
            c.outbox.add(() -> events.welcomed(name, socket));
            boolean wasLive = previous != null || c.socketless.remove(session);
            orphans.remove(new Orphan(name, session));
            if (!wasLive) {
                List<S> audience = c.socketsExcept(session);
                c.outbox.add(() -> events.arrived(name, session, true, audience));
            }
            if (previous != null && previous != socket) {
                c.outbox.add(() -> events.replaced(previous));
            }
            return c;
        });
        Outbox.flush(outbox[0]);
    }

    /** {@code socket} closed: if it was still the session's socket, the session is gone. */
    public boolean detach(String call, String session, S socket, PresenceEvents<S> events) {
        return leave(call, session, events, c -> {
            if (c.sockets.get(session) != socket) {
                return false;
            }
            c.remove(session);
            return true;
        });
    }

    /** The socketless {@code session}'s seat lapsed: it is gone, unless a socket took it meanwhile. */
    public boolean expire(String call, String session, PresenceEvents<S> events) {
        return leave(call, session, events, c -> {
            if (!c.socketless.remove(session)) {
                return false;
            }
            orphans.remove(new Orphan(call, session));
            return true;
        });
    }

    /**
     * Runs {@code removal} inside the call's entry; when it took {@code session} out, the sockets left
     * behind hear so through the call's outbox, and a call left empty goes.
     */
    private boolean leave(String call, String session, PresenceEvents<S> events, Predicate<Call<S>> removal) {
        boolean[] left = new boolean[1];
        Outbox[] outbox = new Outbox[1];
        calls.computeIfPresent(call, (name, c) -> {
            if (!removal.test(c)) {
                return c;
            }
            left[0] = true;
            List<S> audience = c.socketsExcept(null);
            outbox[0] = c.outbox.add(() -> events.left(name, session, audience));
            return c.isEmpty() ? null : c;
        });
        Outbox.flush(outbox[0]);
        return left[0];
    }

    /** Live sessions without a socket, for the sweep that notices lapsed seats. */
    public List<Orphan> orphans() {
        return new ArrayList<>(orphans);
    }

    /**
     * Delivers {@code frame} to every socket of {@code call} except {@code exceptSession}'s;
     * lock-free. Returns how many sockets it was queued for.
     */
    public int publish(String call, String exceptSession, CallMessage.Kind kind, String frame) {
        Call<S> c = calls.get(call);
        if (c == null) {
            return 0;
        }
        int n = 0;
        for (Map.Entry<String, S> e : c.sockets.entrySet()) {
            if (!e.getKey().equals(exceptSession)) {
                e.getValue().deliver(kind, frame);
                n++;
            }
        }
        return n;
    }

    /** The socket subscribed for {@code session} in {@code call}, or {@code null}. */
    public S socket(String call, String session) {
        Call<S> c = calls.get(call);
        return c == null ? null : c.sockets.get(session);
    }

    /** Every subscribed socket (a snapshot, in no particular order). */
    public List<Attached<S>> sockets() {
        List<Attached<S>> out = new ArrayList<>();
        calls.forEach((call, c) -> c.sockets.forEach((session, socket) -> out.add(new Attached<>(call, session, socket))));
        return out;
    }

    /** Calls with a live session on this node. */
    public int callCount() {
        return calls.size();
    }

    /** Subscribed sockets over all calls (a snapshot). */
    public int socketCount() {
        int n = 0;
        for (Call<S> c : calls.values()) {
            n += c.sockets.size();
        }
        return n;
    }

    /**
     * One call. Its socket map is replaced, never mutated, so fan-out needs no lock; writers and
     * the socketless set are serialised by the registry's compute on the call's key.
     */
    private static final class Call<S> {
        private volatile Map<String, S> sockets = Map.of();
        private final Set<String> socketless = new HashSet<>(4);
        private final Outbox outbox = new Outbox();

        S put(String session, S socket) {
            Map<String, S> next = new HashMap<>(sockets);
            S previous = next.put(session, socket);
            sockets = Collections.unmodifiableMap(next);
            return previous;
        }

        void remove(String session) {
            Map<String, S> next = new HashMap<>(sockets);
            next.remove(session);
            sockets = Collections.unmodifiableMap(next);
        }

        List<S> socketsExcept(String session) {
            List<S> out = new ArrayList<>(sockets.size());
            for (Map.Entry<String, S> e : sockets.entrySet()) {
                if (!e.getKey().equals(session)) {
                    out.add(e.getValue());
                }
            }
            return out;
        }

        boolean isEmpty() {
            return sockets.isEmpty() && socketless.isEmpty();
        }
    }
}

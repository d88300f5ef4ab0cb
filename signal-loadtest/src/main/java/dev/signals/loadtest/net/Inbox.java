package dev.signals.loadtest.net;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A listener that keeps a connection's text messages for exchanges that wait for "the next
 * message like this": {@link #expect} registers its interest at once (before the request that
 * causes the message is sent), so a fast reply is never missed. Holds at most
 * {@value #MAX_BUFFERED} unclaimed messages; for low-rate, step-by-step exchanges only.
 */
public final class Inbox implements WsListener {
    private static final int MAX_BUFFERED = 64;

    private record Waiter(Predicate<String> match, Sinks.One<String> sink) {
    }

    private final ArrayDeque<String> buffered = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean closed;
    private int closeCode = -1;
    private String closeReason = "";

    @Override
    public void onText(WsConn conn, ByteBuf utf8) {
        String text = Frames.text(utf8);
        Sinks.One<String> taker = null;
        synchronized (this) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
                Waiter w = it.next();
                if (w.match.test(text)) {
                    it.remove();
                    taker = w.sink;
                    break;
                }
            }
            if (taker == null) {
                if (buffered.size() == MAX_BUFFERED) {
                    buffered.removeFirst();
                }
                buffered.addLast(text);
            }
        }
        if (taker != null) {
            taker.tryEmitValue(text);
        }
    }

    @Override
    public void onClosed(WsConn conn, int code, String reason) {
        List<Waiter> pending;
        synchronized (this) {
            closed = true;
            closeCode = code;
            closeReason = reason;
            pending = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Waiter w : pending) {
            w.sink.tryEmitError(new IllegalStateException("connection closed (" + code + " " + reason + ")"));
        }
    }

    /**
     * The first message matching {@code match}, among those already received and still unclaimed
     * or those still to come; fails if the connection closes first. Interest is registered now.
     */
    public Mono<String> expect(Predicate<String> match) {
        Sinks.One<String> sink = Sinks.one();
        String found = null;
        synchronized (this) {
            for (Iterator<String> it = buffered.iterator(); it.hasNext();) {
                String text = it.next();
                if (match.test(text)) {
                    it.remove();
                    found = text;
                    break;
                }
            }
            if (found == null) {
                if (closed) {
                    return Mono.error(new IllegalStateException("connection closed (" + closeCode + " " + closeReason + ")"));
                }
                waiters.add(new Waiter(match, sink));
            }
        }
        return found != null ? Mono.just(found) : sink.asMono();
    }
}

package dev.signals.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CallRegistryTest {

    /** A socket that records what it was sent. */
    static final class Socket implements CallRegistry.Subscriber {
        final String name;
        final List<String> received = new CopyOnWriteArrayList<>();

        Socket(String name) {
            this.name = name;
        }

        @Override
        public void deliver(CallMessage.Kind kind, String frame) {
            received.add(kind + ":" + frame);
        }
    }

    /** Records presence callbacks in order, as "event:call:session:audience". */
    static class Events implements CallRegistry.PresenceEvents<Socket> {
        final List<String> log = new ArrayList<>();

        @Override
        public void welcomed(String call, Socket socket) {
            log.add("welcome:" + call + ":" + socket.name);
        }

        @Override
        public void arrived(String call, String session, boolean returning, List<Socket> audience) {
            log.add((returning ? "returned:" : "arrived:") + call + ":" + session + ":" + names(audience));
        }

        @Override
        public void left(String call, String session, List<Socket> audience) {
            log.add("left:" + call + ":" + session + ":" + names(audience));
        }

        @Override
        public void replaced(Socket previous) {
            log.add("replaced:" + previous.name);
        }

        private static String names(List<Socket> sockets) {
            List<String> out = new ArrayList<>();
            sockets.forEach(s -> out.add(s.name));
            out.sort(null);
            return String.join(",", out);
        }
    }

    private final CallRegistry<Socket> registry = new CallRegistry<>();
    private final Events events = new Events();

    @Test
    void seatThenWelcomeAnnouncesOnceAndLeavesOnClose() {
        Socket a = new Socket("a1");
        Socket b = new Socket("b1");
        registry.seated("c", "a", events);
        registry.attach("c", "a", a, events);
        registry.seated("c", "b", events);
        registry.attach("c", "b", b, events);
        assertTrue(registry.detach("c", "b", b, events));
        assertFalse(registry.detach("c", "b", b, events), "a second close is not a second leave");
        assertEquals(List.of("arrived:c:a:", "welcome:c:a1", "arrived:c:b:a1", "welcome:c:b1", "left:c:b:a1"), events.log);
        assertEquals(1, registry.socketCount());
    }

    @Test
    void aWelcomedSocketIsAlreadySubscribed() {
        // So a peer reacting to the WELCOME (or to the PEER it causes) cannot publish past it.
        Socket a = new Socket("a1");
        List<Integer> subscribedAtWelcome = new ArrayList<>();
        registry.seated("c", "a", events);
        registry.attach("c", "a", a, new Events() {
            @Override
            public void welcomed(String call, Socket socket) {
                subscribedAtWelcome.add(registry.publish(call, "someone-else", CallMessage.Kind.OFFER, "probe"));
            }
        });
        assertEquals(List.of(1), subscribedAtWelcome);
        assertEquals(List.of("OFFER:probe"), a.received);
    }

    @Test
    void aReturningSessionArrivesAgain() {
        Socket a = new Socket("a1");
        Socket b1 = new Socket("b1");
        Socket b2 = new Socket("b2");
        registry.attach("c", "a", a, events);
        registry.seated("c", "b", events);
        registry.attach("c", "b", b1, events);
        registry.detach("c", "b", b1, events);
        registry.attach("c", "b", b2, events);
        assertEquals(List.of("welcome:c:a1", "returned:c:a:", "arrived:c:b:a1", "welcome:c:b1", "left:c:b:a1",
                "welcome:c:b2", "returned:c:b:a1"), events.log);
    }

    @Test
    void replacementIsNeitherArrivalNorLeave() {
        Socket a = new Socket("a1");
        Socket b1 = new Socket("b1");
        Socket b2 = new Socket("b2");
        registry.attach("c", "a", a, events);
        registry.seated("c", "b", events);
        registry.attach("c", "b", b1, events);
        events.log.clear();
        registry.attach("c", "b", b2, events);
        assertFalse(registry.detach("c", "b", b1, events), "the replaced socket's close is not a leave");
        assertTrue(registry.detach("c", "b", b2, events));
        assertEquals(List.of("welcome:c:b2", "replaced:b1", "left:c:b:a1"), events.log);
    }

    @Test
    void aSocketlessSessionLeavesWhenItsSeatLapses() {
        Socket a = new Socket("a1");
        registry.attach("c", "a", a, events);
        registry.seated("c", "b", events);
        assertEquals(List.of(new CallRegistry.Orphan("c", "b")), registry.orphans());
        assertTrue(registry.expire("c", "b", events));
        assertFalse(registry.expire("c", "b", events));
        assertTrue(registry.orphans().isEmpty());
        assertEquals("left:c:b:a1", events.log.get(events.log.size() - 1));
    }

    @Test
    void aSessionThatGotItsSocketIsNoLongerAnOrphan() {
        registry.seated("c", "b", events);
        registry.attach("c", "b", new Socket("b1"), events);
        assertTrue(registry.orphans().isEmpty());
        assertFalse(registry.expire("c", "b", events));
    }

    @Test
    void publishSkipsTheSenderAndOtherCalls() {
        Socket a = new Socket("a1");
        Socket b = new Socket("b1");
        Socket x = new Socket("x1");
        registry.attach("c", "a", a, events);
        registry.attach("c", "b", b, events);
        registry.attach("other", "x", x, events);
        assertEquals(1, registry.publish("c", "a", CallMessage.Kind.OFFER, "frame"));
        assertEquals(List.of("OFFER:frame"), b.received);
        assertTrue(a.received.isEmpty());
        assertTrue(x.received.isEmpty());
        assertEquals(0, registry.publish("nobody", "a", CallMessage.Kind.OFFER, "frame"));
    }

    @Test
    void emptyCallsAreForgotten() {
        Socket a = new Socket("a1");
        registry.seated("c", "a", events);
        registry.attach("c", "a", a, events);
        assertEquals(1, registry.callCount());
        registry.detach("c", "a", a, events);
        assertEquals(0, registry.callCount());
        registry.seated("d", "s", events);
        registry.expire("d", "s", events);
        assertEquals(0, registry.callCount());
    }

    /** Presence events run after the call's update, outside the map's bin lock: a call sharing the bin can change meanwhile. */
    @Test
    void anotherCallInTheSameBinChangesWhileACallsEventsRun() {
        assertEquals("Aa".hashCode(), "BB".hashCode(), "the two call ids share a bin");
        CallRegistry<Socket> registry = new CallRegistry<>();
        boolean[] otherCallChanged = new boolean[1];
        registry.seated("Aa", "s1", new Events() {
            @Override
            public void arrived(String call, String session, boolean returning, List<Socket> audience) {
                java.util.concurrent.CompletableFuture<Void> other = java.util.concurrent.CompletableFuture.runAsync(
                        () -> registry.seated("BB", "s2", new Events()));
                try {
                    other.get(2, java.util.concurrent.TimeUnit.SECONDS);
                    otherCallChanged[0] = true;
                } catch (Exception stillLocked) {
                    otherCallChanged[0] = false;
                }
            }
        });
        assertTrue(otherCallChanged[0], "call BB could change while call Aa's events ran");
        assertEquals(2, registry.orphans().size());
    }
}

package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many calls at once on one node: every pair completes its exchange and sees only its own call. */
class CallConcurrencyTest {
    private static final int CALLS = 200;

    @Test
    void twoHundredCallsOfTwoPeersAllCompleteTheirExchange() throws Exception {
        // Every client connects from 127.0.0.1, so the per-IP limits are off for this test.
        try (TestNode node = TestNode.start("--http-rate-limit", "0", "--conn-rate-limit", "0")) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Callable<String>> calls = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) {
                    String call = "load-" + i;
                    calls.add(() -> exchange(node, call));
                }
                List<Future<String>> results = pool.invokeAll(calls, 90, TimeUnit.SECONDS);
                for (int i = 0; i < CALLS; i++) {
                    assertTrue(results.get(i).isDone() && !results.get(i).isCancelled(), "call " + i + " did not finish in time");
                    assertEquals("load-" + i, results.get(i).get());
                }
                node.awaitState(s -> s.contains("\"call_sockets\":0"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String exchange(TestNode node, String call) throws Exception {
        try (CallPeer a = CallPeer.joined(node, call)) {
            try (CallPeer b = CallPeer.seat(node, call)) {
                assertEquals(peer(call), a.nextText());
                b.connect();
                a.send("OFFER", "offer for " + call);
                assertEquals(event(call, "OFFER", "offer for " + call), b.nextText());
                b.send("ANSWER", "answer for " + call);
                assertEquals(event(call, "ANSWER", "answer for " + call), a.nextText());
            }
        }
        return call;
    }
}

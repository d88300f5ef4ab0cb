package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.SUCCESS;
import static dev.signals.server.domain.DomainWire.answerFrame;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.offerFrame;
import static dev.signals.server.domain.DomainWire.offerReq;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many domains at once on one node: every socket receives exactly the offers and answers meant
 * for it, while offers are POSTed and socket messages sent concurrently. The per-IP rate limits
 * are switched off here, since all 500 clients share 127.0.0.1.
 */
class DomainConcurrencyTest {
    private static final int DOMAINS = 500;

    private static String name(int i) {
        return "peer-" + Math.floorMod(i, DOMAINS);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fiveHundredDomainsReceiveTheirOwnOffersOnly() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<WsTestClient> peers = new ArrayList<>();
        try (TestNode node = TestNode.start("--conn-rate-limit", "0", "--http-rate-limit", "0", "--rate-limit", "0")) {
            for (Future<WsTestClient> f : all(pool, DOMAINS, i -> node.ws("/ws/" + name(i)))) {
                peers.add(f.get(30, TimeUnit.SECONDS));
            }
            for (WsTestClient p : peers) {
                assertEquals(101, p.status(), p.body());
            }
            node.awaitState(s -> s.contains("\"domains\":" + DOMAINS + ","));

            // Offers POSTed concurrently: each domain gets its own and nothing else.
            each(pool, DOMAINS, i -> {
                assertResp(node.post("/offer", offerReq("post-" + i, "[\"c" + i + "\"]", name(i), "src-" + i)), 200, SUCCESS);
            });
            each(pool, DOMAINS, i -> {
                assertEquals(offerFrame(offerReq("post-" + i, "[\"c" + i + "\"]", name(i), "src-" + i)), peers.get(i).nextText());
            });

            // Every socket offers to its right neighbour and answers the one seven to its right, all at once.
            each(pool, DOMAINS, i -> {
                WsTestClient p = peers.get(i);
                p.sendText("{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":" + offerReq("ws-" + i, "[]", name(i + 1), name(i)) + "}");
                p.sendText("{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"ans-" + i + "\",\"offer_domain\":\"" + name(i + 7)
                        + "\",\"candidate\":[]},\"offer_req\":null}");
            });
            each(pool, DOMAINS, i -> {
                WsTestClient p = peers.get(i);
                Set<String> expected = Set.of(
                        offerFrame(offerReq("ws-" + Math.floorMod(i - 1, DOMAINS), "[]", name(i), name(i - 1))),
                        answerFrame("ans-" + Math.floorMod(i - 7, DOMAINS), name(i), "[]", "null"));
                assertEquals(expected, Set.of(p.nextText(), p.nextText()), name(i));
            });

            // A last offer to each: the next frame must be exactly it, so no stray frame is queued anywhere.
            for (int i = 0; i < DOMAINS; i++) {
                assertResp(node.post("/offer", offerReq("last", "[]", name(i), "end")), 200, SUCCESS);
            }
            for (int i = 0; i < DOMAINS; i++) {
                assertEquals(offerFrame(offerReq("last", "[]", name(i), "end")), peers.get(i).nextText(), name(i));
            }
        } finally {
            peers.forEach(WsTestClient::close);
            pool.shutdownNow();
        }
    }

    /** A task per index that may throw. */
    private interface Task<T> {
        T run(int i) throws Exception;
    }

    /** A task per index without a result. */
    private interface Step {
        void run(int i) throws Exception;
    }

    /** Runs {@code step} for every index on the pool and waits for all, rethrowing the first failure. */
    private static void each(ExecutorService pool, int n, Step step) throws Exception {
        for (Future<Object> f : all(pool, n, i -> {
            step.run(i);
            return null;
        })) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Error) {
                    throw (Error) e.getCause();
                }
                throw e;
            }
        }
    }

    private static <T> List<Future<T>> all(ExecutorService pool, int n, Task<T> task) {
        List<Future<T>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            Callable<T> c = () -> task.run(index);
            out.add(pool.submit(c));
        }
        return out;
    }
}

package dev.signals.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * docs/resume.md "Drain": two pages using the client library (/client/signal.js) with
 * both nodes' URLs negotiate through node 1; node 1 is killed with SIGKILL after the offer reached
 * the answerer and before the answer is sent; both pages resume their sessions on node 2, the
 * answer goes through, and the DataChannel opens. ICE is gathered before each description is
 * sent, so offer and answer are the whole negotiation.
 */
@Tag("browser") // runs alone, after the other tests (signal-server/pom.xml)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class NodeKillBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Installs the page's client: a resumable room socket over both nodes and one peer connection. */
    private static final String SETUP = """
            const [urls, room, done] = arguments;
            import('/client/signal.js').then(({ ResumableSocket }) => {
              const t = window.t = { ids: [], resumed: 0, expired: 0, offer: null, dc: false, chat: [], peer: null };
              const s = t.socket = new ResumableSocket(urls, { initialDelayMs: 100, maxDelayMs: 1000 });
              const pc = t.pc = new RTCPeerConnection({ iceServers: [] });
              const send = (type, payload) => s.send(JSON.stringify({ type, payload }));
              const gathered = () => pc.iceGatheringState === 'complete' ? Promise.resolve()
                : new Promise((ok) => pc.addEventListener('icegatheringstatechange',
                    () => pc.iceGatheringState === 'complete' && ok()));
              const channel = (dc) => {
                t.channel = dc;
                dc.onopen = () => { t.dc = true; };
                dc.onmessage = (e) => t.chat.push(e.data);
              };
              pc.ondatachannel = (e) => channel(e.channel);
              t.offerTo = async (peer) => {
                t.peer = peer;
                channel(pc.createDataChannel('chat'));
                await pc.setLocalDescription(await pc.createOffer());
                await gathered();
                send('offer', { client_id: peer, sdp: pc.localDescription.sdp });
              };
              t.answer = async () => {
                await pc.setRemoteDescription({ type: 'offer', sdp: t.offer.sdp });
                await pc.setLocalDescription(await pc.createAnswer());
                await gathered();
                send('answer', { client_id: t.offer.client_id, sdp: pc.localDescription.sdp });
              };
              s.addEventListener('resumed', () => { t.resumed++; });
              s.addEventListener('expired', () => { t.expired++; });
              s.addEventListener('message', (e) => {
                const m = JSON.parse(e.detail);
                t.ids.push(m.type);
                if (m.type === 'notify-client-id') { t.id = m.payload.client_id; send('join', { room_id: room }); }
                if (m.type === 'joined') t.joined = m.payload.client_ids;
                if (m.type === 'new-client') t.newcomer = m.payload.client_id;
                if (m.type === 'offer') t.offer = m.payload;
                if (m.type === 'answer') pc.setRemoteDescription({ type: 'answer', sdp: m.payload.sdp });
              });
              done(true);
            }, (e) => done(String(e)));
            """;

    @Test
    void bothPagesResumeOnTheSurvivorAfterTheirNodeIsKilledBetweenOfferAndAnswer() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode survivor = TestNode.clustered(redis.address(), prefix, "survivor", "--node-lease", "2s");
             ChildNode doomed = ChildNode.spawn(List.of(), "--redis-addr", redis.address(), "--redis-prefix", prefix,
                     "--node-id", "doomed", "--node-lease", "2s", "--backplane-wait", "1s",
                     "--allowed-origins", "http://127.0.0.1:" + survivor.port());
             Chromium one = Chromium.launch(); Chromium two = Chromium.launch()) {
            // A loaded machine may take longer than ChildNode.start allows for a JVM to start.
            Await.until("node 1 serving", Duration.ofSeconds(90), () -> doomed.port() > 0);
            doomed.awaitReady(WAIT);
            List<String> urls = List.of("ws://127.0.0.1:" + doomed.port() + "/connect",
                    "ws://127.0.0.1:" + survivor.port() + "/connect");
            String room = "node-kill-" + System.nanoTime();
            ChromeDriver alice = page(one, survivor, urls, room);
            Await.until("alice joined", WAIT, () -> Boolean.TRUE.equals(js(alice, "return !!window.t.joined")));
            ChromeDriver bob = page(two, survivor, urls, room);
            String bobId = Await.value("alice told of bob", WAIT, () -> (String) js(alice, "return window.t.newcomer || null"));
            assertEquals(bobId, js(bob, "return window.t.id"));

            js(alice, "window.t.offerTo(arguments[0])", bobId);
            Await.until("bob holds alice's offer", WAIT, () -> Boolean.TRUE.equals(js(bob, "return !!window.t.offer")));
            doomed.kill();
            assertEquals(137, doomed.awaitExit(WAIT), "node 1 died of SIGKILL");

            js(bob, "window.t.answer()");
            Await.until("the DataChannel open on both pages", WAIT, () -> Boolean.TRUE.equals(js(alice, "return window.t.dc"))
                    && Boolean.TRUE.equals(js(bob, "return window.t.dc")));
            js(alice, "window.t.channel.send('after the kill')");
            Await.until("bob got alice's DataChannel message", WAIT,
                    () -> String.valueOf(js(bob, "return window.t.chat")).contains("after the kill"));
            for (ChromeDriver page : List.of(alice, bob)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> state = (Map<String, Object>) js(page,
                        "return { resumed: window.t.resumed, expired: window.t.expired, ids: window.t.ids }");
                assertEquals(1L, state.get("resumed"), "resumed once: " + state);
                assertEquals(0L, state.get("expired"), "never started over: " + state);
                assertFalse(String.valueOf(state.get("ids")).contains("leave-client"), "no leave seen: " + state);
            }
            assertEquals(2, survivor.metric("signal_resumes_total{dialect=\"room\",result=\"resumed\"}"), "both resumes were node 2's");
        }
    }

    /** Opens the demo page on node 2 (an origin both nodes allow) and installs the test's client. */
    private static ChromeDriver page(Chromium browser, TestNode origin, List<String> urls, String room) {
        ChromeDriver d = browser.driver();
        d.get(origin.uri("/").toString());
        Object installed = d.executeAsyncScript(SETUP, urls, room);
        assertEquals(Boolean.TRUE, installed, "client installed: " + installed);
        return d;
    }

    private static Object js(ChromeDriver d, String script, Object... args) {
        return d.executeScript(script, args);
    }
}

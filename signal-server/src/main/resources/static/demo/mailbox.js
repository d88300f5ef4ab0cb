// The mailbox dialect (docs/mailbox.md): HTTP only. Both sides share a `key` header; the offerer
// posts its offer and polls for the answer, the answerer polls for the offer and posts its answer,
// and each posts its candidates to its own queue and polls the other's — as pion's pion-to-pion
// example does. Every answer is HTTP 200 {"msg","data"}; msg "" means success.
import { candidateFromString } from "./peer.js";
import { pause } from "./wire.js";

const POLL_MS = 400;
const KEY_TTL_SECONDS = 30;
// Answers that mean "nothing there yet": keep polling (§2 step 2 and 4).
const NOT_YET = new Set(["key未找到", "队列获取失败，因为不存在", "sdp没有值", "candidate没有值"]);

export async function start(ctx) {
  const side = ctx.role === "answer" ? "answer" : "offer";
  const headers = { key: ctx.name };
  const stop = ctx.signal;
  let release;
  // Our candidates are posted after our SDP: the offer creates the key, and the order reads well.
  let posts = new Promise((resolve) => (release = resolve));

  async function call(method, path, body, poll = false) {
    let res;
    try {
      res = await ctx.wire.request(method, path, { headers, body, poll });
    } catch (e) {
      // fetch refuses header values outside Latin-1 before anything is sent.
      throw new Error(e instanceof TypeError && /header/i.test(e.message) ? "a key in a browser must be Latin-1" : e.message);
    }
    const reply = JSON.parse(res.text);
    if (reply.msg && !(poll && NOT_YET.has(reply.msg))) throw new Error(`${method} ${path}: ${reply.msg}`);
    return reply.msg ? null : reply.data;
  }

  function postCandidate(candidate) {
    posts = posts.then(() => call("POST", `/${side}/candidate/`, candidate)).catch((e) => ctx.error(e.message));
  }

  async function poll(path, until) {
    while (!stop.aborted && !until()) {
      const data = await call("GET", path, undefined, true);
      if (data !== null) return data;
      await pause(POLL_MS, stop);
    }
    return null;
  }

  const link = ctx.peers.create(`${side === "offer" ? "answerer" : "offerer"} of ${ctx.name}`, {
    candidate: (c) => {
      if (c) postCandidate(c.candidate);
    },
  });
  const connected = () => link.open || link.closed;

  if (side === "offer") {
    const offer = await link.createOffer();
    await call("POST", "/offer/sdp/", JSON.stringify({ key_ttl: KEY_TTL_SECONDS, data: JSON.stringify(offer) }));
    release();
    ctx.status("waiting", "offer posted, waiting for an answerer");
    const answer = await poll("/offer/sdp/", connected);
    if (answer !== null) await link.acceptAnswer(JSON.parse(answer));
  } else {
    ctx.status("waiting", "waiting for an offer under this key");
    const offer = await poll("/answer/sdp/", connected);
    if (offer === null) return { stop() {} };
    const answer = await link.acceptOffer(JSON.parse(offer));
    await call("POST", "/answer/sdp/", JSON.stringify(answer));
    release();
  }
  ctx.status("connecting", "descriptions exchanged, trading candidates");
  // The other side's candidates, until the DataChannel opens (the key then simply expires).
  pollCandidates();
  return { stop() {} };

  async function pollCandidates() {
    const theirs = `/${side}/candidate/`;
    try {
      while (!stop.aborted && !connected()) {
        const candidate = await poll(theirs, connected);
        if (candidate !== null) await link.addCandidate(candidateFromString(candidate));
      }
    } catch (e) {
      ctx.error(e.message);
    }
  }
}

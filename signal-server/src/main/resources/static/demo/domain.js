// The domain dialect (docs/domain.md): register a name with a WebSocket at /ws/{domain}; the
// caller POSTs an OfferReq to /offer and the server pushes it to the callee's socket; the callee
// answers over its socket and the server forwards the answer to the caller's. SDPs travel as
// base64 of the description's JSON, candidates as an array of strings (the seed's tables), so
// each side waits for ICE gathering before sending.
import { candidateFromString } from "./peer.js";
import { parseJson } from "./wire.js";

export async function start(ctx) {
  const me = ctx.name;
  let queue = Promise.resolve();

  async function call(callee) {
    const link = ctx.peers.create(callee);
    const offer = await link.createOffer();
    await link.gatheringComplete();
    const res = await ctx.wire.request("POST", "/offer", {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ offer_sdp: encode(offer), candidate: link.gathered, answer_domain: callee, offer_domain: me }),
    });
    if (res.status !== 200) {
      link.close();
      ctx.status("waiting", `registered as ${me}, waiting to be called`);
      throw new Error(`calling ${callee}: ${errorText(res)}`);
    }
    ctx.status("waiting", `offer pushed to ${callee}, waiting for the answer`);
  }

  async function answer(req) {
    const link = ctx.peers.create(req.offer_domain);
    const description = await link.acceptOffer(decode(req.offer_sdp));
    for (const c of req.candidate ?? []) await link.addCandidate(candidateFromString(c));
    await link.gatheringComplete();
    socket.send(JSON.stringify({
      ty: "answer",
      answer_resp: { answer_sdp: encode(description), offer_domain: req.offer_domain, candidate: link.gathered },
      offer_req: req,
    }));
  }

  async function accept(resp, req) {
    const link = ctx.peers.get(req?.answer_domain ?? ctx.peer);
    if (!link) return;
    await link.acceptAnswer(decode(resp.answer_sdp));
    for (const c of resp.candidate ?? []) await link.addCandidate(candidateFromString(c));
  }

  async function handle(text) {
    const msg = parseJson(text, "domain message");
    if (msg.ty === "offer") await answer(msg.offer_req);
    else if (msg.ty === "answer") await accept(msg.answer_resp, msg.offer_req);
    else if (msg.ty === "error") ctx.error(`server: ${msg.msg}`);
  }

  const socket = await ctx.wire.socket(`/ws/${encodeURIComponent(me)}`, {
    message: (text) => {
      queue = queue.then(() => handle(text)).catch((e) => ctx.error(e.message));
    },
    close: (code, reason) => ctx.ended(`domain connection closed (${code}${reason ? ` ${reason}` : ""})`),
  });
  ctx.self(me);
  ctx.status("waiting", `registered as ${me}, waiting to be called`);
  // A failed call leaves this page registered: the other side can still call it.
  if (ctx.peer) await call(ctx.peer).catch((e) => ctx.error(e.message));
  return { stop: () => socket.close() };
}

function encode(description) {
  return btoa(JSON.stringify({ type: description.type, sdp: description.sdp }));
}

function decode(base64) {
  return parseJson(atob(base64), "SDP");
}

function errorText(res) {
  try {
    return `${res.status} ${JSON.parse(res.text).msg}`;
  } catch {
    return `${res.status}`;
  }
}

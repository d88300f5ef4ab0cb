// The domain dialect (docs/domain.md): register a name with a WebSocket at /ws/{domain}; the
// caller POSTs an OfferReq to /offer and the server pushes it to the callee's socket; the callee
// answers over its socket and the server forwards the answer to the caller's. SDPs travel as
// base64 of the description's JSON, candidates as an array of strings (the seed's tables), so
// each side waits for ICE gathering before sending. An ICE restart (fresh TURN credentials,
// docs/demo.md) is another POST /offer from the caller for the link both sides already have.
import { candidateFromString } from "./peer.js";
import { parseJson } from "./wire.js";

export async function start(ctx) {
  const me = ctx.name;
  let queue = Promise.resolve();

  function newLink(id) {
    return ctx.peers.create(id, { restart: (link) => enqueue(() => restartIce(link)) });
  }

  function enqueue(step) {
    queue = queue.then(step).catch((e) => ctx.error(e.message));
  }

  function postOffer(callee, description, candidates) {
    return ctx.wire.request("POST", "/offer", {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ offer_sdp: encode(description), candidate: candidates, answer_domain: callee, offer_domain: me }),
    });
  }

  async function restartIce(link) {
    const offer = await link.restartOfferWhenStable(ctx.peers);
    if (!offer) return;
    await link.gatheringComplete();
    const res = await postOffer(link.id, offer, link.gathered);
    if (res.status !== 200) throw new Error(`ICE restart with ${link.id}: ${errorText(res)}`);
  }

  async function call(callee) {
    const link = newLink(callee);
    const offer = await link.createOffer();
    await link.gatheringComplete();
    const res = await postOffer(callee, offer, link.gathered);
    if (res.status !== 200) {
      link.close();
      ctx.status("waiting", `registered as ${me}, waiting to be called`);
      throw new Error(`calling ${callee}: ${errorText(res)}`);
    }
    ctx.status("waiting", `offer pushed to ${callee}, waiting for the answer`);
  }

  async function answer(req) {
    const known = ctx.peers.get(req.offer_domain);
    const restart = known?.stable === true;
    if (restart) ctx.log.note(`connection with ${req.offer_domain}: answering the other side's ICE restart`);
    const link = restart ? known : newLink(req.offer_domain);
    const description = restart ? await link.acceptRestart(decode(req.offer_sdp)) : await link.acceptOffer(decode(req.offer_sdp));
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
    if (link.restartPending) {
      link.restartPending = false;
      await restartIce(link);
    }
  }

  async function handle(text) {
    const msg = parseJson(text, "domain message");
    if (msg.ty === "offer") await answer(msg.offer_req);
    else if (msg.ty === "answer") await accept(msg.answer_resp, msg.offer_req);
    else if (msg.ty === "error") ctx.error(`server: ${msg.msg}`);
  }

  const socket = await ctx.wire.socket(`/ws/${encodeURIComponent(me)}`, {
    message: (text) => enqueue(() => handle(text)),
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

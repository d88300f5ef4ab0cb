// The call dialect (docs/call.md): take a seat with GET /call/{call}, send that JOIN as the
// first frame on /ws, then post OFFER and ANSWER to POST /signal; the server fans them out to the
// call's other sockets. Sessions are never shown to peers and `body` is free text, so the body
// this page posts is its own convention: {"tag": random, "description": {type, sdp}} with every
// candidate inside the SDP (there is no candidate kind, so ICE gathering finishes first).
//
// Who offers: every page offers once it is WELCOMEd, since it cannot know whether anyone is
// there. When two offers meet, the page with the smaller tag yields and answers; the other posts
// its offer again, since the first copy may have been sent before the yielding page listened.
// An ICE restart (fresh TURN credentials, docs/demo.md) is an OFFER with a new SDP from the page
// whose offer was answered, on the connection both pages already have.
import { parseJson } from "./wire.js";

const PEER = "call peer";

export async function start(ctx) {
  const tag = randomTag();
  const seat = await ctx.wire.request("GET", `/call/${encodeURIComponent(ctx.name)}`);
  if (seat.status === 409) {
    throw new Error("the call is full: every seat is taken (a closed tab keeps its seat for --seat-timeout, 30 s)");
  }
  if (seat.status !== 200) throw new Error(`GET /call answered ${seat.status}`);
  const join = parseJson(seat.text, "JOIN");
  let offer = null; // { link, description } while our offer waits for an answer
  let answeredTag = null;
  let answeredSdp = null; // the offer we answered last: the same one again is a duplicate
  let queue = Promise.resolve();

  function enqueue(step) {
    queue = queue.then(step).catch((e) => ctx.error(e.message));
  }

  function newLink() {
    return ctx.peers.create(PEER, { restart: (link) => enqueue(() => restartIce(link)) });
  }

  // One restart at a time: one asked for while another waits for its answer runs after it.
  async function restartIce(link) {
    if (ctx.peers.get(PEER) !== link || link.closed) return;
    if (!link.stable || offer) {
      link.restartPending = true;
      return;
    }
    await link.restartOffer();
    await link.gatheringComplete();
    offer = { link, description: link.pc.localDescription.toJSON() };
    await post("OFFER", offer.description);
  }

  async function post(kind, description) {
    const body = JSON.stringify({ tag, description });
    const res = await ctx.wire.request("POST", "/signal", {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ call: join.call, session: join.session, kind, body }),
    });
    if (res.status !== 200) throw new Error(`POST /signal ${kind} answered ${res.status}${res.status === 409 ? " (seat lost)" : ""}`);
  }

  async function sendOffer() {
    const link = newLink();
    await link.createOffer();
    await link.gatheringComplete();
    offer = { link, description: link.pc.localDescription.toJSON() };
    answeredTag = null;
    await post("OFFER", offer.description);
  }

  async function onOffer(from, description) {
    if (from === answeredTag && description.sdp === answeredSdp) return; // the same offer again (see above)
    const known = ctx.peers.get(PEER);
    if (from === answeredTag && known?.stable) {
      ctx.log.note(`connection with ${PEER}: answering the other side's ICE restart`);
      await known.acceptRestart(description);
      await known.gatheringComplete();
      answeredSdp = description.sdp;
      await post("ANSWER", known.pc.localDescription.toJSON());
      return;
    }
    if (offer && tag > from) {
      await post("OFFER", offer.description);
      return;
    }
    offer = null;
    const link = newLink();
    await link.acceptOffer(description);
    await link.gatheringComplete();
    answeredTag = from;
    answeredSdp = description.sdp;
    await post("ANSWER", link.pc.localDescription.toJSON());
  }

  async function handle(text) {
    const event = parseJson(text, "call event");
    switch (event.kind) {
      case "WELCOME":
        ctx.status("waiting", `in call ${event.call}, waiting for a peer`);
        await sendOffer();
        break;
      case "OFFER": {
        const { tag: from, description } = parseJson(event.body, "OFFER body");
        await onOffer(from, description);
        break;
      }
      case "ANSWER": {
        const { tag: from, description } = parseJson(event.body, "ANSWER body");
        if (offer) {
          const { link } = offer;
          offer = null;
          answeredTag = from;
          await link.acceptAnswer(description);
          if (link.restartPending) {
            link.restartPending = false;
            await restartIce(link);
          }
        }
        break;
      }
      case "LEAVE":
        ctx.peers.close(PEER);
        offer = null;
        answeredTag = null;
        answeredSdp = null;
        ctx.status("waiting", "the peer left; waiting for another");
        break;
      default:
        break; // PEER: the newcomer offers once it is WELCOMEd, so nothing to do yet
    }
  }

  const socket = await ctx.wire.socket("/ws", {
    message: (text) => enqueue(() => handle(text)),
    close: (code, reason) => ctx.ended(`call connection closed (${code}${reason ? ` ${reason}` : ""})`),
  });
  socket.send(seat.text); // the JOIN, verbatim, as the first frame
  return { stop: () => socket.close() };
}

function randomTag() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// The room dialect (docs/room.md): one WebSocket at /connect, {type, payload} both ways, a full
// mesh. Members already in the room offer to each newcomer; candidates trickle as ice-candidate.
// An ICE restart (fresh TURN credentials, docs/demo.md) is an offer on a link both sides already
// have, always from the member that made the first offer.
import { parseJson } from "./wire.js";

export async function start(ctx) {
  let socket = null;
  let queue = Promise.resolve();

  function send(type, payload) {
    socket.send(JSON.stringify({ type, payload }));
  }

  function newLink(id) {
    return ctx.peers.create(id, {
      candidate: (c) => {
        if (c) send("ice-candidate", { client_id: id, candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex });
      },
      restart: (link) => enqueue(() => restartIce(link)),
    });
  }

  function enqueue(step) {
    queue = queue.then(step).catch((e) => ctx.error(e.message));
  }

  async function restartIce(link) {
    const offer = await link.restartOfferWhenStable(ctx.peers);
    if (!offer) return;
    send("offer", { client_id: link.id, sdp: offer.sdp });
  }

  async function handle(text) {
    const { type, payload } = parseJson(text, "room message");
    switch (type) {
      case "notify-client-id":
        ctx.self(payload.client_id);
        send("join", { room_id: ctx.name });
        break;
      case "joined":
        ctx.status("waiting", payload.client_ids.length
          ? `joined room, ${payload.client_ids.length} member(s) will call you`
          : "joined room, waiting for others");
        break;
      case "new-client": {
        const link = newLink(payload.client_id);
        const offer = await link.createOffer();
        send("offer", { client_id: payload.client_id, sdp: offer.sdp });
        break;
      }
      case "offer": {
        const known = ctx.peers.get(payload.client_id);
        if (known?.stable) {
          ctx.log.note(`connection with ${payload.client_id}: answering the other side's ICE restart`);
          const answer = await known.acceptRestart({ type: "offer", sdp: payload.sdp });
          send("answer", { client_id: payload.client_id, sdp: answer.sdp });
          break;
        }
        const link = newLink(payload.client_id);
        const answer = await link.acceptOffer({ type: "offer", sdp: payload.sdp });
        send("answer", { client_id: payload.client_id, sdp: answer.sdp });
        break;
      }
      case "answer": {
        const link = ctx.peers.get(payload.client_id);
        await link?.acceptAnswer({ type: "answer", sdp: payload.sdp });
        if (link?.restartPending) {
          link.restartPending = false;
          await restartIce(link);
        }
        break;
      }
      case "ice-candidate":
        await ctx.peers.get(payload.client_id)?.addCandidate({
          candidate: payload.candidate, sdpMid: payload.sdpMid, sdpMLineIndex: payload.sdpMLineIndex,
        });
        break;
      case "leave-client":
        ctx.peers.close(payload.client_id);
        break;
      case "error":
        ctx.error(`server: ${payload.error}`);
        break;
      default:
        break; // ping: nothing to answer (§4)
    }
  }

  socket = await ctx.wire.socket("/connect", {
    // One message at a time, in arrival order: an offer's link must exist before its candidates.
    message: (text) => enqueue(() => handle(text)),
    close: (code, reason) => ctx.ended(`room connection closed (${code}${reason ? ` ${reason}` : ""})`),
  });
  ctx.status("connecting", "connected to /connect, joining");
  return { stop: () => socket.close() };
}

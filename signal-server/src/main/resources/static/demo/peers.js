// The page's peers: one PeerLink per remote peer, wired to the chat list and to a video tile.
// Dialects create, look up and close links by the peer's id; the page reads the counts.
import { applyIceServers, isRelayed } from "/client/signal.js";
import { PeerLink, rtcConfig } from "./peer.js";

export class Peers {
  constructor({ videos, chat, log, onChange }) {
    this.videos = videos;
    this.chat = chat;
    this.log = log;
    this.onChange = onChange;
    this.links = new Map();
    this.media = null;
    this.signaling = { state: "idle", text: "idle" };
    this.config = rtcConfig([], false);
  }

  /** The STUN/TURN servers for the links made from now on; `relayOnly` allows relayed candidates only. */
  useIceServers(iceServers, relayOnly) {
    this.config = rtcConfig(iceServers, relayOnly);
  }

  /**
   * Fresh TURN credentials (docs/turn.md): every link gets them with setConfiguration, and a
   * relayed link moves onto them with an ICE restart made by the side that made the first offer
   * only, so the two sides never restart at once; the other side asks it to (docs/demo.md).
   */
  rotateIceServers(iceServers) {
    this.config = { ...this.config, iceServers };
    for (const link of this.links.values()) {
      if (applyIceServers(link.pc, iceServers)) this.restartIfRelayed(link, "fresh TURN credentials");
    }
  }

  async restartIfRelayed(link, why, { ask = true } = {}) {
    if (!link.restart || link.closed || !(await isRelayed(link.pc).catch(() => false))) return;
    if (link.madeFirstOffer) {
      this.log.note(`connection with ${link.id}: ${why} on a relayed path: restarting ICE (this side made the first offer)`);
      link.restart();
    } else if (ask) {
      this.log.note(`connection with ${link.id}: ${why} on a relayed path: asking the other side to restart ICE`);
      link.askForRestart();
    }
  }

  /**
   * A new link to `id` (replacing any old one); `candidate(init|null)` trickles local candidates,
   * `restart()` (for dialects that can renegotiate) sends an ICE restart offer on it.
   */
  create(id, { candidate = () => {}, restart = null } = {}) {
    this.close(id);
    const link = new PeerLink(id, this.media, this.config, {
      candidate,
      message: (text) => this.chatLine("in", id, text),
      open: () => {
        this.log.note(`DataChannel with ${id} open`);
        this.changed();
      },
      close: () => {
        if (this.links.get(id) === link) this.links.delete(id);
        this.tile(id)?.remove();
        this.log.note(`connection with ${id} closed`);
        this.changed();
      },
      state: (state) => this.log.note(`connection with ${id}: ${state}`),
      path: (local, remote, relay, user) => this.log.note(`connection with ${id} uses ${local} → ${remote} candidates`
        + (relay ? ` (relay ${relay}${user ? ` as TURN user ${user}` : ""})` : "")),
      track: (stream) => this.showVideo(id, stream, false),
      restartWanted: () => this.restartIfRelayed(link, "the other side has fresh TURN credentials", { ask: false }),
    });
    link.restart = restart && (() => restart(link));
    this.links.set(id, link);
    this.changed();
    return link;
  }

  get(id) {
    return this.links.get(id);
  }

  close(id) {
    this.links.get(id)?.close();
  }

  closeAll() {
    for (const link of [...this.links.values()]) link.close();
    this.videos.replaceChildren();
  }

  broadcast(text) {
    let sent = 0;
    for (const link of this.links.values()) {
      if (link.open) {
        link.send(text);
        sent++;
      }
    }
    if (sent) this.chatLine("out", "me", text);
  }

  setSignalingStatus(state, text) {
    this.signaling = { state, text };
    this.changed();
  }

  openCount() {
    let n = 0;
    for (const link of this.links.values()) if (link.open) n++;
    return n;
  }

  showLocal(stream) {
    this.showVideo("me", stream, true);
  }

  showVideo(id, stream, muted) {
    let tile = this.tile(id);
    if (!tile) {
      tile = document.createElement("figure");
      tile.dataset.peer = id;
      const video = document.createElement("video");
      video.autoplay = true;
      video.playsInline = true;
      video.muted = muted;
      const caption = document.createElement("figcaption");
      caption.textContent = id;
      tile.append(video, caption);
      this.videos.append(tile);
    }
    const video = tile.querySelector("video");
    if (video.srcObject !== stream) video.srcObject = stream;
  }

  tile(id) {
    return [...this.videos.children].find((el) => el.dataset.peer === id);
  }

  chatLine(kind, from, text) {
    const item = document.createElement("li");
    item.className = kind;
    item.dataset.from = from;
    const who = document.createElement("b");
    who.textContent = `${from}: `;
    item.append(who, text);
    this.chat.append(item);
    this.chat.scrollTop = this.chat.scrollHeight;
  }

  changed() {
    this.onChange(this.openCount(), this.signaling);
  }
}

// One RTCPeerConnection to one remote peer, the same for every dialect: a chat DataChannel, the
// local camera/microphone when the user allowed them, and the remote media as one MediaStream.
// Dialects only move descriptions and candidates; they never touch the connection directly.
import { selectedPair } from "/client/signal.js";

const KINDS = ["audio", "video"];

/**
 * The RTCConfiguration of every link. By default no STUN or TURN: the demo runs between tabs on
 * one machine or LAN, and must work offline; the page can add the server's (GET /ice-servers).
 * One transport for everything (max-bundle), so every candidate belongs to m-line 0.
 */
export function rtcConfig(iceServers, relayOnly) {
  return { iceServers, iceTransportPolicy: relayOnly ? "relay" : "all", bundlePolicy: "max-bundle" };
}

export class PeerLink {
  /**
   * @param id        the remote peer's name in this dialect (client id, domain, …)
   * @param media     the local MediaStream, or null for chat only
   * @param config    the RTCConfiguration (rtcConfig)
   * @param handlers  { candidate(init|null), message(text), open(), close(), state(text),
   *                    path(localType, remoteType, relayAddress, turnUser), track(stream), restartWanted() }
   */
  constructor(id, media, config, handlers) {
    this.id = id;
    this.media = media;
    this.handlers = handlers;
    this.remoteStream = new MediaStream();
    this.pendingCandidates = [];
    this.gathered = [];
    this.closed = false;
    this.madeFirstOffer = false;
    this.restartPending = false; // an ICE restart asked for while another waits for its answer
    this.pc = new RTCPeerConnection(config);
    // Negotiated with a fixed id on both sides, so neither has to wait for ondatachannel.
    this.chat = this.pc.createDataChannel("chat", { negotiated: true, id: 0 });
    this.chat.onopen = () => handlers.open();
    this.chat.onclose = () => this.close();
    this.chat.onmessage = (e) => handlers.message(String(e.data));
    // Page to page, never through the server: the answering side asks the side that made the
    // first offer to restart ICE when its own TURN credentials rotate (docs/demo.md).
    this.control = this.pc.createDataChannel("control", { negotiated: true, id: 1 });
    this.control.onmessage = (e) => {
      if (e.data === "restart-ice") handlers.restartWanted?.();
    };
    this.relayUsers = new Map(); // "address:port" of a local relay candidate → the TURN username it was gathered with
    this.pc.onicecandidate = (e) => {
      if (e.candidate) this.gathered.push(e.candidate.candidate);
      if (e.candidate?.type === "relay") this.relayUsers.set(`${e.candidate.address}:${e.candidate.port}`, this.turnUser());
      handlers.candidate(e.candidate ? e.candidate.toJSON() : null);
    };
    this.pc.onconnectionstatechange = () => {
      handlers.state(this.pc.connectionState);
      if (this.pc.connectionState === "connected") this.reportPath();
      if (this.pc.connectionState === "failed") this.close();
    };
    this.pc.ontrack = (e) => {
      this.remoteStream.addTrack(e.track);
      handlers.track(this.remoteStream);
    };
  }

  /** Offers audio and video either way (sendrecv with local media, else recvonly), plus the chat. */
  async createOffer() {
    this.madeFirstOffer = true;
    for (const kind of KINDS) {
      const track = this.localTrack(kind);
      if (track) this.pc.addTransceiver(track, { direction: "sendrecv", streams: [this.media] });
      else this.pc.addTransceiver(kind, { direction: "recvonly" });
    }
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.pc.localDescription.toJSON();
  }

  /** Applies a remote offer, sends local media on the offered m-lines, and returns the answer. */
  async acceptOffer(offer) {
    await this.pc.setRemoteDescription(offer);
    for (const t of this.pc.getTransceivers()) {
      const track = this.localTrack(t.receiver.track.kind);
      if (track) {
        await t.sender.replaceTrack(track);
        t.direction = "sendrecv";
      }
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.flushCandidates();
    return this.pc.localDescription.toJSON();
  }

  /** An ICE restart offer on the negotiated connection: fresh ICE credentials and candidates. */
  async restartOffer() {
    this.gathered = [];
    await this.pc.setLocalDescription(await this.pc.createOffer({ iceRestart: true }));
    return this.pc.localDescription.toJSON();
  }

  /**
   * An ICE restart offer if this link is still peers' current one and can renegotiate now;
   * otherwise null, and a link that is only mid-negotiation restarts once its answer is in (one
   * restart at a time: one asked for while another waits for its answer runs after it).
   */
  async restartOfferWhenStable(peers) {
    if (peers.get(this.id) !== this || this.closed) return null;
    if (!this.stable) {
      this.restartPending = true;
      return null;
    }
    return this.restartOffer();
  }

  /** Answers a renegotiation (an ICE restart) of this connection; media and channels stay. */
  async acceptRestart(offer) {
    this.gathered = [];
    await this.pc.setRemoteDescription(offer);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.flushCandidates();
    return this.pc.localDescription.toJSON();
  }

  /** Whether a renegotiation can start now (nothing half-negotiated, not closed). */
  get stable() {
    return !this.closed && this.pc.signalingState === "stable" && this.pc.remoteDescription !== null;
  }

  /** Asks the side that made the first offer to restart ICE (see the control channel above). */
  askForRestart() {
    if (this.control.readyState === "open") this.control.send("restart-ice");
  }

  async acceptAnswer(answer) {
    if (this.pc.signalingState !== "have-local-offer") {
      throw new Error(`answer from ${this.id} arrived in state ${this.pc.signalingState}`);
    }
    await this.pc.setRemoteDescription(answer);
    await this.flushCandidates();
  }

  /** Adds a remote candidate, holding it until the remote description is known. */
  async addCandidate(init) {
    if (this.closed || !init || !init.candidate) return;
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(init);
      return;
    }
    await this.pc.addIceCandidate(init);
  }

  /**
   * Resolves once ICE gathering is complete (or after timeoutMs), for dialects that send a
   * description with all its candidates at once instead of trickling them.
   */
  gatheringComplete(timeoutMs = 3000) {
    if (this.pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const pc = this.pc;
      function done() {
        clearTimeout(timer);
        pc.removeEventListener("icegatheringstatechange", check);
        resolve();
      }
      function check() {
        if (pc.iceGatheringState === "complete") done();
      }
      pc.addEventListener("icegatheringstatechange", check);
    });
  }

  get open() {
    return this.chat.readyState === "open";
  }

  send(text) {
    if (this.open) this.chat.send(text);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.chat.close();
    this.control.close();
    this.pc.close();
    this.handlers.close();
  }

  /**
   * Tells which kinds of candidate (host, srflx, relay) the connection settled on, and the local
   * relay address when relayed; again whenever the selected pair changes (an ICE restart).
   */
  async reportPath() {
    const ice = this.pc.sctp?.transport?.iceTransport;
    if (ice && !this.watchingPath) {
      this.watchingPath = true;
      ice.addEventListener("selectedcandidatepairchange", () => this.reportPath());
    }
    const pair = await selectedPair(this.pc);
    if (!pair || this.closed) return;
    const { local, remote } = pair;
    const relay = local.candidateType === "relay" ? `${local.address}:${local.port}` : null;
    this.handlers.path(local.candidateType, remote.candidateType, relay, this.relayUsers.get(relay) ?? null);
  }

  /** The TURN username of the current configuration (candidates gathered now allocate with it). */
  turnUser() {
    return this.pc.getConfiguration().iceServers?.find((s) => s.username)?.username ?? null;
  }

  localTrack(kind) {
    return this.media ? this.media.getTracks().find((t) => t.kind === kind) : undefined;
  }

  async flushCandidates() {
    const pending = this.pendingCandidates.splice(0);
    for (const init of pending) await this.pc.addIceCandidate(init);
  }
}

/** A candidate string received without its m-line (mailbox, domain): with max-bundle it is line 0. */
export function candidateFromString(candidate) {
  return { candidate, sdpMLineIndex: 0 };
}

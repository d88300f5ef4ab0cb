// signal.js — one dialect WebSocket of a signal server wrapped in a resumable session
// (docs/resume.md). ES module, no dependencies; served at /client/signal.js, usable as a file.
//
//   import { ResumableSocket, applyIceServers } from "/client/signal.js";
//   const s = new ResumableSocket(["wss://a.example/connect", "wss://b.example/connect"]);
//   s.addEventListener("message", (e) => handle(e.detail));     // a dialect frame, as text
//   s.addEventListener("resumed", (e) => note(e.detail));       // {url, lastSeq, lastCseq, replayed}
//   s.addEventListener("expired", () => startOver());           // the session is gone: a fresh one follows
//   s.addEventListener("iceservers", (e) => applyIceServers(pc, e.detail.iceServers));
//                                                               // TURN credentials, fresh before they expire (docs/turn.md)
//   const stop = s.applyIceServersTo(pc);                       // the same, for one connection, until stop() or pc closes
//   s.addEventListener("close", (e) => ended(e.detail));        // {code, reason}: final
//   s.send('{"type":"join","payload":{"room_id":"lobby"}}');
//
// Frames sent are numbered (cseq) and kept until the server reports them processed, so a frame
// sent while disconnected, or lost with the connection, is delivered exactly once after resume.

/** Closes after which the session is gone for good; anything else (1006, 1012, …) is resumed. */
const FINAL_CLOSES = new Set([1000, 4000, 4001]);
/** Closes that end the session on the server but not the client's wish: start a fresh session. */
const EXPIRED_CLOSES = new Set([4002]);

/**
 * Gives a live RTCPeerConnection new STUN/TURN servers (an `ice_servers` frame's or GET
 * /ice-servers' `iceServers`), keeping every other field of its configuration (iceTransportPolicy,
 * bundlePolicy, …). Allocations already made stay; the next allocation — an ICE restart — uses
 * these (docs/turn.md "Over a resumable session"). Answers false for a closed connection.
 */
export function applyIceServers(pc, iceServers) {
  if (pc.signalingState === "closed") return false;
  pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
  return true;
}

/**
 * The connection's selected candidate pair as {local, remote} RTCIceCandidateStats (candidateType
 * "host", "srflx", "prflx" or "relay"; address, port), or null before one is selected.
 */
export async function selectedPair(pc) {
  const stats = await pc.getStats();
  for (const report of stats.values()) {
    if (report.type !== "transport" || !report.selectedCandidatePairId) continue;
    const pair = stats.get(report.selectedCandidatePairId);
    const local = stats.get(pair?.localCandidateId);
    const remote = stats.get(pair?.remoteCandidateId);
    if (local && remote) return { local, remote };
  }
  return null;
}

/** Whether the connection's selected pair goes through a TURN relay at either end. */
export async function isRelayed(pc) {
  const pair = await selectedPair(pc);
  return pair !== null && (pair.local.candidateType === "relay" || pair.remote.candidateType === "relay");
}

export class ResumableSocket extends EventTarget {
  /**
   * @param urls one dialect WebSocket URL or a list of equivalent ones (nodes), tried in turn
   * @param options {initialDelayMs=250, maxDelayMs=10000, ackEvery=16, ackAfterMs=1000, WebSocket}
   */
  constructor(urls, options = {}) {
    super();
    this.urls = Array.isArray(urls) ? urls : [urls];
    this.options = { initialDelayMs: 250, maxDelayMs: 10000, ackEvery: 16, ackAfterMs: 1000, ...options };
    this.WebSocket = this.options.WebSocket ?? globalThis.WebSocket;
    this.token = null;
    this.windowMs = 0;
    this.lastSeq = 0;
    this.acked = 0;
    this.nextCseq = 1;
    this.unconfirmed = []; // [{cseq, text}] sent but not known processed
    this.urlIndex = 0;
    this.attempt = 0;
    this.lostAt = 0;
    this.closed = false;
    this.ws = null;
    this.ackTimer = null;
    this.iceServers = null; // the latest ice_servers frame: {iceServers, ttl}
    this.connect();
  }

  /**
   * Applies the latest and every later `ice_servers` to `pc` (applyIceServers) until the returned
   * function is called or `pc` closes. Restarting ICE on a relayed connection is the caller's
   * choice: one side only (docs/turn.md "Rotation on a live connection").
   */
  applyIceServersTo(pc) {
    const listener = (e) => {
      if (!applyIceServers(pc, e.detail.iceServers)) stop();
    };
    const stop = () => this.removeEventListener("iceservers", listener);
    this.addEventListener("iceservers", listener);
    if (this.iceServers) applyIceServers(pc, this.iceServers.iceServers);
    return stop;
  }

  /** Sends one dialect frame (a JSON object as text); kept and resent until processed. */
  send(text) {
    if (this.closed) throw new Error("ResumableSocket is closed");
    const frame = { cseq: this.nextCseq++, text };
    this.unconfirmed.push(frame);
    this.write(frame);
  }

  /** Ends the session (the server runs the dialect's ordinary leave at once). */
  close(code = 1000, reason = "bye") {
    this.closed = true;
    clearTimeout(this.ackTimer);
    if (this.ws && this.ws.readyState <= 1) this.ws.close(code, reason);
    this.emit("close", { code, reason });
  }

  // ---- internals ----

  connect() {
    const base = this.urls[this.urlIndex % this.urls.length];
    const query = this.token ? `resume=${encodeURIComponent(this.token)}&last_seq=${this.lastSeq}` : "resume=new";
    const url = `${base}${base.includes("?") ? "&" : "?"}${query}`;
    const ws = new this.WebSocket(url);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
    };
    ws.onmessage = (e) => this.receive(ws, base, e.data);
    ws.onerror = () => {};
    ws.onclose = (e) => {
      if (this.ws !== ws || this.closed) return;
      this.lost(opened, e.code, e.reason);
    };
  }

  receive(ws, url, data) {
    if (this.ws !== ws || typeof data !== "string") return;
    const frame = JSON.parse(data);
    if (frame.session) {
      this.token = frame.session.token;
      this.windowMs = frame.session.window_ms;
      this.attempt = 0;
      this.emit("open", { url, token: this.token });
      for (const f of this.unconfirmed) this.write(f);
    } else if (frame.resumed) {
      const { last_seq: lastSeq, last_cseq: lastCseq } = frame.resumed;
      this.unconfirmed = this.unconfirmed.filter((f) => f.cseq > lastCseq);
      this.attempt = 0;
      this.lostAt = 0;
      this.emit("resumed", { url, lastSeq, lastCseq, replayed: lastSeq - this.lastSeq });
      for (const f of this.unconfirmed) this.write(f);
    } else if (frame.ice_servers) {
      this.iceServers = frame.ice_servers;
      this.emit("iceservers", frame.ice_servers);
    } else if (typeof frame.seq === "number") {
      if (frame.seq <= this.lastSeq) return; // never delivered twice
      this.lastSeq = frame.seq;
      this.emit("message", JSON.stringify(frame.msg));
      this.scheduleAck();
    }
  }

  write(frame) {
    if (this.ws && this.ws.readyState === 1 && this.token) {
      this.ws.send(`{"cseq":${frame.cseq},"msg":${frame.text}}`);
    }
  }

  scheduleAck() {
    if (this.lastSeq - this.acked >= this.options.ackEvery) {
      this.ack();
    } else if (!this.ackTimer) {
      this.ackTimer = setTimeout(() => this.ack(), this.options.ackAfterMs);
    }
  }

  ack() {
    clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (this.ws && this.ws.readyState === 1 && this.lastSeq > this.acked) {
      this.ws.send(`{"ack":${this.lastSeq}}`);
      this.acked = this.lastSeq;
    }
  }

  lost(opened, code, reason) {
    clearTimeout(this.ackTimer);
    this.ackTimer = null;
    this.acked = Math.min(this.acked, this.lastSeq);
    if (opened && FINAL_CLOSES.has(code)) {
      this.closed = true;
      this.emit("close", { code, reason });
      return;
    }
    if (!this.lostAt) this.lostAt = Date.now();
    const expired = EXPIRED_CLOSES.has(code) || (code === 1008 && reason === "resume buffer overflow")
      || (this.token && Date.now() - this.lostAt > this.windowMs);
    if (expired) this.startOver();
    this.emit("reconnecting", { code, reason, attempt: this.attempt });
    // A refused resume (410) looks like any failed upgrade to a browser: move on to the next URL.
    if (!opened) this.urlIndex++;
    const base = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** this.attempt++);
    setTimeout(() => {
      if (!this.closed) this.connect();
    }, base / 2 + Math.random() * base / 2); // exponential backoff with jitter
  }

  /** The session is gone: the dialect's state with it. Frames not yet processed are dropped. */
  startOver() {
    this.token = null;
    this.lastSeq = 0;
    this.acked = 0;
    this.nextCseq = 1;
    this.unconfirmed = [];
    this.lostAt = 0;
    this.emit("expired", {});
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

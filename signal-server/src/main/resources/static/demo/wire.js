// The signaling transports every dialect uses — a WebSocket and fetch — with each message in and
// out written to the signaling log, so the page doubles as a protocol debugger. With a token (the
// server's auth is on, SECURITY.md "Per dialect, without and with authentication") sockets carry it as ?token= (browsers cannot set headers
// on a WebSocket) and requests as Authorization: Bearer.

import { ResumableSocket } from "/client/signal.js";

/**
 * The transports for one session: `socket(path, handlers)` and `request(method, path, options)`.
 * With `resume.on` sockets are resumable sessions (docs/resume.md), `resume.resumed(detail)`
 * hears of every resume and `resume.iceServers({iceServers, ttl})` of every `ice_servers` frame.
 */
export function createWire(log, token, resume = { on: false }) {
  return {
    socket: (path, handlers) => resume.on
      ? openResumable(withToken(path, token), log, handlers, resume)
      : openSocket(withToken(path, token), log, handlers),
    request: (method, path, options = {}) => {
      const headers = token ? { ...options.headers, Authorization: `Bearer ${token}` } : options.headers;
      return request(log, method, path, { ...options, headers });
    },
  };
}

function withToken(path, token) {
  return token ? `${path}${path.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}` : path;
}

/** The same-origin WebSocket URL of `path` (same origin is always allowed: docs/security.md "Before any dialect sees the request"). */
function wsUrl(path) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${path}`;
}

/**
 * Opens a WebSocket whose frames are logged. `handlers`: { message(text), close(code, reason) }.
 * Resolves with { send(text), close() } once open; rejects if it closes first.
 */
function openSocket(path, log, handlers) {
  const label = `WS ${path.split("?")[0]}`;
  log.note(`${label}: connecting`);
  const ws = new WebSocket(wsUrl(path));
  let opened = false;
  return new Promise((resolve, reject) => {
    ws.onopen = () => {
      opened = true;
      log.note(`${label}: open`);
      resolve({
        send(text) {
          log.out(label, text);
          ws.send(text);
        },
        close() {
          if (ws.readyState <= WebSocket.OPEN) ws.close(1000, "bye");
        },
      });
    };
    ws.onmessage = (e) => {
      const text = typeof e.data === "string" ? e.data : "(binary frame)";
      log.in(label, text);
      handlers.message(text);
    };
    // A failed upgrade only shows as error + close 1006; the close handler says what happened.
    ws.onerror = () => {};
    ws.onclose = (e) => {
      log.note(`${label}: closed ${e.code}${e.reason ? ` "${e.reason}"` : ""}`);
      if (opened) handlers.close(e.code, e.reason);
      else reject(new Error(`${label}: the server refused the WebSocket (close ${e.code})`));
    };
  });
}

/**
 * Opens a resumable session on `path` (the server numbers and replays; see /client/signal.js).
 * Same contract as openSocket; a resume is logged and reported, an expired session ends the page's.
 */
function openResumable(path, log, handlers, { resumed, iceServers }) {
  const label = `WS ${path.split("?")[0]} (resumable)`;
  log.note(`${label}: connecting`);
  const socket = new ResumableSocket([wsUrl(path)]);
  let opened = false;
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => {
      opened = true;
      log.note(`${label}: session open`);
      resolve({
        send(text) {
          log.out(label, text);
          socket.send(text);
        },
        close() {
          socket.close(1000, "bye");
        },
      });
    });
    socket.addEventListener("message", (e) => {
      log.in(label, e.detail);
      handlers.message(e.detail);
    });
    socket.addEventListener("iceservers", (e) => {
      log.in(label, JSON.stringify({ ice_servers: e.detail }));
      iceServers?.(e.detail);
    });
    socket.addEventListener("reconnecting", (e) => log.note(`${label}: lost (${e.detail.code}), reconnecting`));
    socket.addEventListener("resumed", (e) => {
      log.note(`${label}: resumed, ${e.detail.replayed} frame(s) replayed`);
      resumed?.(e.detail);
    });
    socket.addEventListener("expired", () => {
      socket.close(1000, "expired");
      if (opened) handlers.close(4002, "session expired");
      else reject(new Error(`${label}: the session expired`));
    });
    socket.addEventListener("close", (e) => {
      if (opened) handlers.close(e.detail.code, e.detail.reason);
      else reject(new Error(`${label}: closed ${e.detail.code}`));
    });
  });
}

/**
 * One HTTP exchange, logged both ways. Resolves with { status, text } for every status: a dialect
 * decides which statuses are errors. With `poll: true` the exchange is logged as one line, and a
 * repeat of the same answer only bumps that line's counter.
 */
async function request(log, method, path, { headers = {}, body, poll = false } = {}) {
  const shown = Object.entries(headers).filter(([name]) => name !== "Authorization");
  const label = `${method} ${path}${shown.length ? ` (${shown.map(([n, v]) => `${n}: ${v}`).join(", ")})` : ""}`;
  if (!poll) log.out(label, body ?? "");
  const res = await fetch(path, { method, headers, body, cache: "no-store" });
  const text = await res.text();
  if (poll) log.poll(`${label} → ${res.status}`, text);
  else log.in(`${method} ${path} → ${res.status}`, text);
  return { status: res.status, text };
}

/** Parses JSON from the server; a message that is not JSON is reported, not thrown at random. */
export function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON: ${text.slice(0, 80)}`);
  }
}

/** Resolves after `ms`, or at once when `signal` is aborted. */
export function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// The demo page: reads the form, starts the chosen dialect, and shows peers, chat, video, status,
// errors and the signaling log. Each dialect module exports start(ctx) → { stop() }; ctx is made
// here and is all a dialect sees of the page.
import { createLog } from "./log.js";
import { Peers } from "./peers.js";
import { createWire, parseJson } from "./wire.js";
import * as room from "./room.js";
import * as call from "./call.js";
import * as domain from "./domain.js";
import * as mailbox from "./mailbox.js";

const DIALECTS = { room, call, domain, mailbox };
const NAME_LABELS = { room: "Room", call: "Call", domain: "Your domain", mailbox: "Key" };
const $ = (id) => document.getElementById(id);

const log = createLog($("log"));
let current = null;

function showFieldsFor(dialect) {
  $("name-label").textContent = NAME_LABELS[dialect];
  for (const el of document.querySelectorAll("[data-for]")) el.hidden = el.dataset.for !== dialect;
}

function setStatus(state, text) {
  $("status").dataset.state = state;
  $("status").textContent = text;
}

function showError(text) {
  $("error").hidden = !text;
  $("error").textContent = text ? `Error: ${text}` : "";
  if (text) log.error(text);
}

function setConnected(connected) {
  for (const el of $("connect-form").elements) el.disabled = connected;
  $("disconnect").disabled = !connected;
}

function prefillFromUrl() {
  const params = new URLSearchParams(location.search);
  if (DIALECTS[params.get("dialect")]) $("dialect").value = params.get("dialect");
  if ($("ice").querySelector(`option[value="${params.get("ice")}"]`)) $("ice").value = params.get("ice");
  for (const field of ["name", "peer"]) if (params.has(field)) $(field).value = params.get(field);
  const role = document.querySelector(`input[name=role][value="${params.get("role")}"]`);
  if (role) role.checked = true;
}

function readForm() {
  const form = new FormData($("connect-form"));
  return {
    dialect: form.get("dialect"),
    name: form.get("name").trim(),
    peer: (form.get("peer") ?? "").trim(),
    role: form.get("role"),
    token: (form.get("token") ?? "").trim(),
    ice: form.get("ice"),
    withMedia: $("media").checked,
    resume: $("resume").checked,
  };
}

async function localMedia(wanted) {
  if (!wanted) return null;
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    peers.showLocal(stream);
    return stream;
  } catch (e) {
    showError(`no camera/microphone (${e.name}): chat only`);
    return null;
  }
}

async function connect(event) {
  event.preventDefault();
  const choice = readForm();
  const shown = { dialect: choice.dialect, name: choice.name, ...(choice.ice === "host" ? {} : { ice: choice.ice }) };
  history.replaceState(null, "", `?${new URLSearchParams(shown)}`);
  showError("");
  setConnected(true);
  setStatus("connecting", `connecting (${choice.dialect})…`);
  const stop = new AbortController();
  const session = { stop, dialect: null };
  current = session;
  const media = await localMedia(choice.withMedia);
  if (current !== session) {
    media?.getTracks().forEach((t) => t.stop());
    return;
  }
  peers.media = media;
  const inSession = choice.resume && choice.dialect !== "mailbox";
  const wire = createWire(log, choice.token, {
    on: inSession,
    resumed: (detail) => {
      $("session-note").hidden = false;
      $("session-note").textContent = `session resumed: ${detail.replayed} signaling message(s) replayed`;
    },
    iceServers: (detail) => {
      if (current === session && choice.ice !== "host") rotateIceServers(detail);
    },
  });
  try {
    const fetched = choice.ice === "host" ? null : await fetchIceServers(wire, choice.ice === "relay");
    peers.useIceServers(fetched?.iceServers ?? [], choice.ice === "relay");
    // Outside a session nothing is pushed: fetch again at 80 % of the lifetime (docs/turn.md).
    if (fetched && !inSession) refetchIceServers(wire, fetched.ttl, session);
  } catch (e) {
    if (current === session) disconnect(e.message);
    return;
  }
  const ctx = {
    name: choice.name,
    peer: choice.peer,
    role: choice.role,
    log,
    wire,
    peers,
    signal: stop.signal,
    status: (state, text) => peers.setSignalingStatus(state, text),
    self: (id) => ($("self").textContent = id),
    error: showError,
    ended: (text) => {
      if (current === session) disconnect(text);
    },
  };
  try {
    session.dialect = await DIALECTS[choice.dialect].start(ctx);
    if (stop.signal.aborted) session.dialect.stop();
  } catch (e) {
    if (current === session) disconnect(e.message);
  }
}

/**
 * TURN credentials from this server (docs/turn.md): {iceServers, ttl} of GET /ice-servers, usable
 * as they are. The server answers 404 when it hands out none (no --turn-urls): then none, unless
 * the page may use relayed candidates only, which cannot work without a TURN server.
 */
async function fetchIceServers(wire, relayOnly) {
  const { status, text } = await wire.request("GET", "/ice-servers");
  if (status === 404 && !relayOnly) {
    log.note("this server hands out no ICE servers: host candidates only");
    return null;
  }
  if (status === 404) throw new Error("GET /ice-servers → 404: this server hands out no ICE servers");
  if (status !== 200) throw new Error(`GET /ice-servers → ${status}${status === 401 ? ": a token is needed" : ""}`);
  return parseJson(text, "GET /ice-servers");
}

function refetchIceServers(wire, ttlSeconds, session) {
  setTimeout(async () => {
    if (current !== session) return;
    try {
      const fresh = await fetchIceServers(wire, false);
      if (current !== session || !fresh) return;
      rotateIceServers(fresh);
      refetchIceServers(wire, fresh.ttl, session);
    } catch (e) {
      showError(e.message);
    }
  }, ttlSeconds * 800);
}

/** Fresh credentials for every peer connection; a relayed one restarts ICE from one side. */
function rotateIceServers({ iceServers }) {
  const expiry = iceServers.map((s) => Number(String(s.username ?? "").split(":")[0])).find((t) => t > 0);
  log.note(`fresh ICE servers${expiry ? `: TURN credential valid until ${new Date(expiry * 1000).toISOString().slice(11, 19)}` : ""}`);
  peers.rotateIceServers(iceServers);
}

function disconnect(errorText) {
  const session = current;
  current = null;
  if (session) {
    session.stop.abort();
    session.dialect?.stop();
  }
  peers.closeAll();
  peers.media?.getTracks().forEach((t) => t.stop());
  peers.media = null;
  setConnected(false);
  $("self").textContent = "—";
  $("session-note").hidden = true;
  if (errorText) {
    showError(errorText);
    setStatus("error", "disconnected");
  } else {
    setStatus("closed", "disconnected");
  }
}

function sendChat(event) {
  event.preventDefault();
  const text = $("chat-input").value;
  if (!text) return;
  peers.broadcast(text);
  $("chat-input").value = "";
}

const peers = new Peers({
  videos: $("videos"),
  chat: $("chat"),
  log,
  onChange(openCount, signaling) {
    $("peers").textContent = String(openCount);
    $("peers").dataset.count = String(openCount);
    $("chat-input").disabled = $("send").disabled = openCount === 0;
    if (!current) return;
    if (openCount > 0) setStatus("connected", `connected to ${openCount} peer${openCount === 1 ? "" : "s"}`);
    else setStatus(signaling.state, signaling.text);
  },
});

prefillFromUrl();
showFieldsFor($("dialect").value);
$("dialect").addEventListener("change", (e) => showFieldsFor(e.target.value));
$("connect-form").addEventListener("submit", connect);
$("disconnect").addEventListener("click", () => disconnect());
$("chat-form").addEventListener("submit", sendChat);
$("clear-log").addEventListener("click", () => log.clear());
window.addEventListener("pagehide", () => disconnect());
document.body.dataset.ready = "true";

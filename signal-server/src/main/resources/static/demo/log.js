// The signaling log: every message in and out, newest last. Long bodies (SDPs) fold into a
// <details>, and a poll answered exactly as the one before bumps a counter instead of adding a line.

const FOLD_AT = 160;
const KEEP = 500;

export function createLog(list) {
  function add(kind, label, text) {
    const last = list.lastElementChild;
    const key = `${kind}\n${label}\n${text}`;
    if (kind === "poll" && last?.dataset.key === key) {
      const count = Number(last.dataset.count) + 1;
      last.dataset.count = String(count);
      last.querySelector(".count").textContent = ` ×${count}`;
      return;
    }
    const item = document.createElement("li");
    item.className = kind;
    item.dataset.key = key;
    item.dataset.count = "1";
    const head = document.createElement("div");
    const arrow = { out: "→", in: "←", poll: "⇄", note: "·", error: "!" }[kind];
    head.textContent = `${new Date().toISOString().slice(11, 23)} ${arrow} ${label}`;
    const count = document.createElement("span");
    count.className = "count";
    head.append(count);
    item.append(head);
    if (text) item.append(body(text));
    list.append(item);
    while (list.childElementCount > KEEP) list.firstElementChild.remove();
    list.scrollTop = list.scrollHeight;
  }

  function body(text) {
    if (text.length <= FOLD_AT) {
      const code = document.createElement("code");
      code.textContent = text;
      return code;
    }
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = text.slice(0, FOLD_AT) + "…";
    const pre = document.createElement("pre");
    pre.textContent = text;
    details.append(summary, pre);
    return details;
  }

  return {
    /** A message sent: a WebSocket frame or an HTTP request. */
    out: (label, text) => add("out", label, text),
    /** A message received: a WebSocket frame or an HTTP response. */
    in: (label, text) => add("in", label, text),
    /** A polling request and its answer in one line; repeats of it are counted, not repeated. */
    poll: (label, text) => add("poll", label, text),
    note: (text) => add("note", text, ""),
    error: (text) => add("error", text, ""),
    clear: () => list.replaceChildren(),
  };
}

#!/usr/bin/env bash
# The stalled-reader attack of SECURITY.md "Memory budget" as a benchmark (docs/benchmarks.md):
# starts signal with a set direct memory, pinned to one CPU, and runs signal-loadtest's
# stalled-readers against it from another CPU: 15 rooms whose reader stops reading (pinging every
# 4 s) while its attacker sends 250 offers of 63 KB, and an innocent pair relaying 60 KB offers.
# Prints the innocent pair's latency percentiles and the server's peak direct memory.
# Everything stays on 127.0.0.1 and is bounded in count and time.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench-results/stalled-readers-$(date +%Y%m%d-%H%M%S)}
SERVER_CPU=${SERVER_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
DIRECT=${DIRECT:-64m}
HEAP=${HEAP:-256m}
PORT=${PORT:-18180}
ADMIN=${ADMIN:-18190}
DURATION=${DURATION:-30s}
SIGNAL_JAR=signal-server/target/signal-server.jar
LOADTEST_JAR=signal-loadtest/target/signal-loadtest.jar
mkdir -p "$OUT"

# SERVER_ARGS adds server flags (e.g. SERVER_ARGS="--ws-read-rate 0" for the run without a read budget).
# The node's defaults otherwise: per-socket queue caps, send budget (half the direct memory), rate limits.
taskset -c "$SERVER_CPU" java "-Xmx$HEAP" "-XX:MaxDirectMemorySize=$DIRECT" -jar "$SIGNAL_JAR" \
  --addr "127.0.0.1:$PORT" --healthz-addr "127.0.0.1:$ADMIN" --log-level warn ${SERVER_ARGS:-} > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; see $OUT/server.log" >&2; exit 1; }
  sleep 0.2
done

taskset -c "$GEN_CPU" java -jar "$LOADTEST_JAR" stalled-readers --target "http://127.0.0.1:$PORT" \
  --admin "http://127.0.0.1:$ADMIN" --duration "$DURATION" ${PAIRS:+--pairs "$PAIRS"} --out "$OUT/stalled-readers.md" | tee "$OUT/run.log"
if grep -q "OutOfMemoryError\|OutOfDirectMemoryError" "$OUT/server.log"; then
  echo "the server ran out of memory; see $OUT/server.log" >&2
  exit 1
fi

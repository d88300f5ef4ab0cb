#!/usr/bin/env bash
# Compares --transport epoll, io_uring and nio (docs/production.md "Transport") on the room relay:
# signal pinned to one CPU with every limit off, the generator on the other, 1,000 clients in
# rooms of 2, 2 KiB SDPs, a fixed open-loop rate; ROUNDS rounds, the transports alternating
# within each, so a machine whose load drifts affects each alike. Prints, per run, the server CPU
# per relayed message and the latency percentiles from the generator's report.
# Needs `./mvnw -B package -DskipTests` first. Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-bench-results/transports-$(date +%Y%m%d-%H%M%S)}
SERVER_CPU=${SERVER_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
RATE=${RATE:-10000}
CONNECTIONS=${CONNECTIONS:-1000}
DURATION=${DURATION:-20s}
ROUNDS=${ROUNDS:-2}
TRANSPORTS=${TRANSPORTS:-"epoll io_uring nio"}
PORT=${PORT:-18280}
ADMIN=${ADMIN:-18290}
SIGNAL_JAR=signal-server/target/signal-server.jar
LOADTEST_JAR=signal-loadtest/target/signal-loadtest.jar
mkdir -p "$OUT"

run_one() { # transport round
  local t=$1 r=$2 dir="$OUT/$1-$2"
  taskset -c "$SERVER_CPU" java -Xms1g -Xmx1g -jar "$SIGNAL_JAR" --transport "$t" \
    --addr "127.0.0.1:$PORT" --healthz-addr "127.0.0.1:$ADMIN" --rate-limit 0 --ws-read-rate 0 \
    --http-rate-limit 0 --conn-rate-limit 0 --max-message-bytes 0 --max-connections 0 \
    --max-connections-per-ip 0 --max-tcp-connections 0 --room-max-clients 0 --log-level warn \
    > "$OUT/server-$t-$r.log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do
    (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.2
  done
  taskset -c "$GEN_CPU" java -jar "$LOADTEST_JAR" room-relay --target "http://127.0.0.1:$PORT" \
    --connections "$CONNECTIONS" --room-size 2 --message-size 2048 --rate "$RATE" --warmup 10s \
    --duration "$DURATION" --server-pid "$pid" --label "$t" --out "$dir" > "$dir.log" 2>&1 || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  awk -F'|' -v t="$t" -v r="$r" '
    $2 ~ /^ measured \(s\)/ { secs = $3 }
    $2 ~ /^ completed/ { done = $3 }
    $2 ~ /^ errors/ { errs = $3 }
    $2 ~ /^ latency p50/ { split($3, l, "/"); p50 = l[1]; p99 = l[3] }
    $2 ~ /^ server CPU seconds/ { cpu = $3 }
    END { printf "| %s | %s | %.0f | %s | %s / %s | %.2f | %.1f |\n", t, r, done / secs, errs, p50, p99, cpu, cpu * 1e6 / done }
  ' "$dir/report.md"
}

{
  echo "| transport | round | relayed/s | errors | p50 / p99 (ms) | server CPU s | server µs per message |"
  echo "|---|---|---|---|---|---|---|"
  for r in $(seq "$ROUNDS"); do
    for t in $TRANSPORTS; do
      run_one "$t" "$r"
    done
  done
} | tee "$OUT/summary.md"

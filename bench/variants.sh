#!/usr/bin/env bash
# Compares ways to run one signal build on the room relay (docs/production.md "Transport" and
# "JVM"): each variant is a transport (--transport epoll, io_uring, nio) and a JVM collector with
# its heap options. signal is pinned to one CPU with every limit off, the generator to the other,
# 1,000 clients in rooms of 2, 2 KiB SDPs, a fixed open-loop rate; ROUNDS rounds, the variants
# alternating within each, so a machine whose load drifts affects each alike. Prints, per run,
# the server CPU per relayed message, the latency percentiles from the generator's report and the
# collector's pauses in the measured window (-Xlog:gc).
#   TRANSPORTS="epoll io_uring nio"   transports to compare (default: all three)
#   COLLECTORS="shipped"              collectors: shipped (the container's options: ZGC), default
#                                     (the collector the JVM picks), serial, parallel, g1,
#                                     shenandoah, zgc
#   HEAP="-Xms1g -Xmx1g"              heap options of every run
# Needs `./mvnw -B package -DskipTests` first. Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-bench-results/variants-$(date +%Y%m%d-%H%M%S)}
SERVER_CPU=${SERVER_CPU:-0}
GEN_CPU=${GEN_CPU:-1}
RATE=${RATE:-10000}
CONNECTIONS=${CONNECTIONS:-1000}
DURATION=${DURATION:-20s}
ROUNDS=${ROUNDS:-2}
TRANSPORTS=${TRANSPORTS:-"epoll io_uring nio"}
COLLECTORS=${COLLECTORS:-"shipped"}
HEAP=${HEAP:-"-Xms1g -Xmx1g"}
PORT=${PORT:-18280}
ADMIN=${ADMIN:-18290}
SIGNAL_JAR=signal-server/target/signal-server.jar
LOADTEST_JAR=signal-loadtest/target/signal-loadtest.jar
mkdir -p "$OUT"
# shellcheck source=bench/gc-pauses.sh
. bench/gc-pauses.sh

collector_flags() {
  case "$1" in
    shipped) echo "-XX:+UseZGC -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" ;; # docker/Dockerfile
    default) echo "-XX:MaxRAMPercentage=50" ;; # the collector the JVM picks: serial on one CPU
    serial) echo "-XX:+UseSerialGC" ;;
    parallel) echo "-XX:+UseParallelGC" ;;
    g1) echo "-XX:+UseG1GC" ;;
    shenandoah) echo "-XX:+UseShenandoahGC" ;;
    zgc) echo "-XX:+UseZGC" ;;
    *) echo "unknown collector: $1" >&2; exit 2 ;;
  esac
}

run_one() { # transport collector round
  local t=$1 c=$2 r=$3 name="$1-$2-$3" dir="$OUT/$1-$2-$3"
  local started
  started=$(date +%s.%N)
  # shellcheck disable=SC2046 # the flags are words
  taskset -c "$SERVER_CPU" java $HEAP $(collector_flags "$c") "-Xlog:gc,gc+phases:file=$OUT/gc-$name.log:uptime" \
    -jar "$SIGNAL_JAR" --transport "$t" \
    --addr "127.0.0.1:$PORT" --healthz-addr "127.0.0.1:$ADMIN" --rate-limit 0 --ws-read-rate 0 \
    --http-rate-limit 0 --conn-rate-limit 0 --max-message-bytes 0 --max-connections 0 \
    --max-connections-per-ip 0 --max-tcp-connections 0 --room-max-clients 0 --log-level warn \
    > "$OUT/server-$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do
    (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.2
  done
  taskset -c "$GEN_CPU" java -jar "$LOADTEST_JAR" room-relay --target "http://127.0.0.1:$PORT" \
    --connections "$CONNECTIONS" --room-size 2 --message-size 2048 --rate "$RATE" --warmup 10s \
    --duration "$DURATION" --server-pid "$pid" --label "$t $c" --out "$dir" > "$dir.log" 2>&1 || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local gc
  gc=$(gc_pauses "$OUT/gc-$name.log" "$dir/report.json" "$started")
  jq -r --arg t "$t" --arg c "$c" --arg r "$r" --arg gc "$gc" \
    '"| \($t) | \($c) | \($r) | \(.throughputPerSecond | round) | \(.errors) | \(.latency.p50) / \(.latency.p99) | \(.server.cpuSeconds * 100 | round / 100) | \(if .server.unitsPerCpuSecond > 0 then (1e7 / .server.unitsPerCpuSecond | round / 10) else "-" end) | \($gc) |"' \
    "$dir/report.json"
}

{
  echo "| transport | collector | round | relayed/s | errors | p50 / p99 (ms) | server CPU s | server µs per message | GC pauses measured | pause p99 (ms) | pause max (ms) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for r in $(seq "$ROUNDS"); do
    for c in $COLLECTORS; do
      for t in $TRANSPORTS; do
        run_one "$t" "$c" "$r"
      done
    done
  done
} | tee "$OUT/summary.md"

#!/usr/bin/env bash
# Cross-node relay over the Redis backplane (docs/cluster.md, BENCHMARKS.md "Cross-node relay"):
# one Redis and two signal nodes pinned to the server CPU, the room-relay generator on the other
# CPU with --more-targets, so every room of two has one member on each node and every relayed
# message crosses Redis once. Runs a ladder of fixed rates and reports, per rate, the throughput,
# latency and Redis CPU per message (the generator samples the redis-server process).
# The nodes run on a Redis Cluster (docs/cluster.md#redis-cluster), but this script does not start
# one yet, so only --topology single runs today. Everything stays on 127.0.0.0/8 and is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() {
  cat <<'USAGE'
usage: bench/cross-node.sh [options]
  --topology T          single (default); cluster is not implemented here yet
  --rates LIST          fixed offered rates, comma-separated (default: 1000,2000,4000)
  --duration D          measured time per rate (default: 15s)
  --warmup D            warm-up per rate (default: 5s)
  --first-warmup D      an unreported run at the first rate before the ladder, so the nodes' JIT
                        is warm when measuring starts (default: 20s; 0 skips it)
  --connections N       room-relay clients, rooms of two spanning both nodes (default: 200)
  --message-size BYTES  SDP size (default: 2048)
  --server-cpu N        CPU of Redis and both nodes (default: 0)
  --generator-cpu N     CPU of the load generator (default: 1)
  --out DIR             results directory (default: bench-results/cross-node-<time>)
  --skip-build          use the jars already built
USAGE
}

TOPOLOGY=single; RATES=1000,2000,4000; FIRST_WARMUP=20s; DURATION=15s; WARMUP=5s; CONNECTIONS=200; MESSAGE_SIZE=2048
SERVER_CPU=0; GEN_CPU=1; OUT="bench-results/cross-node-$(date +%Y%m%d-%H%M%S)"; BUILD=true
while (($#)); do
  case "$1" in
    --topology) TOPOLOGY=$2; shift ;;
    --rates) RATES=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --first-warmup) FIRST_WARMUP=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --message-size) MESSAGE_SIZE=$2; shift ;;
    --server-cpu) SERVER_CPU=$2; shift ;;
    --generator-cpu) GEN_CPU=$2; shift ;;
    --out) OUT=$2; shift ;;
    --skip-build) BUILD=false ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [[ "$TOPOLOGY" != single ]]; then
  echo "topology $TOPOLOGY: not implemented by this script yet (docs/cluster.md#redis-cluster)" >&2; exit 2
fi

SIGNAL_JAR=$ROOT/signal-server/target/signal-server.jar
LOADTEST_JAR=$ROOT/signal-loadtest/target/signal-loadtest.jar
if $BUILD; then ./mvnw -q -B -pl signal-server,signal-loadtest -am package -DskipTests; fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
LOG=$OUT/run.log
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG"; }

PIDS=()
stop_all() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap stop_all EXIT

REDIS_PORT=16379
REDIS_DIR=$(mktemp -d)
taskset -c "$SERVER_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$REDIS_DIR" --loglevel warning > "$OUT/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
for n in 1 2; do
  taskset -c "$SERVER_CPU" java -Xms512m -Xmx512m -jar "$SIGNAL_JAR" --addr "127.0.0.1:1808$n" \
    --healthz-addr "127.0.0.1:1809$n" --redis-addr "127.0.0.1:$REDIS_PORT" --redis-prefix "bench:" \
    --node-id "bench-$n" --rate-limit 0 --ws-read-rate 0 --http-rate-limit 0 --conn-rate-limit 0 --max-message-bytes 0 \
    --max-connections 0 --room-max-clients 0 --log-level warn > "$OUT/node-$n.log" 2>&1 &
  PIDS+=("$!")
done
for n in 1 2; do
  for _ in $(seq 300); do
    if curl -fs "http://127.0.0.1:1809$n/readyz" > /dev/null 2>&1; then break; fi
    sleep 0.2
  done
  curl -fs "http://127.0.0.1:1809$n/readyz" > /dev/null || { log "node $n not ready; see node-$n.log"; exit 1; }
done
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
  echo "redis: $(redis-server --version | cut -d' ' -f3)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "redis + both nodes on cpu $SERVER_CPU, generator on cpu $GEN_CPU"
} | tee "$OUT/machine.txt" | tee -a "$LOG"

# relay RATE DURATION WARMUP DIR: one fixed-rate room-relay run across both nodes, Redis sampled.
relay() {
  taskset -c "$GEN_CPU" java -Djava.awt.headless=true -jar "$LOADTEST_JAR" room-relay \
    --target http://127.0.0.1:18081 --more-targets http://127.0.0.1:18082 --label "single Redis" \
    --rate "$1" --duration "$2" --warmup "$3" --connections "$CONNECTIONS" --room-size 2 \
    --message-size "$MESSAGE_SIZE" --server-pid "$REDIS_PID" --out "$4" >> "$LOG" 2>&1
}

IFS=, read -ra LADDER <<< "$RATES"
if [[ "$FIRST_WARMUP" != 0 && "$FIRST_WARMUP" != 0s ]]; then
  log "warm-up run at ${LADDER[0]}/s for $FIRST_WARMUP (not reported)"
  relay "${LADDER[0]}" "$FIRST_WARMUP" 0s "$OUT/warmup" || true
fi
for rate in "${LADDER[@]}"; do
  log "room-relay at $rate/s across both nodes"
  relay "$rate" "$DURATION" "$WARMUP" "$OUT/rate-$rate" || log "rate $rate: the run reported errors (see rate-$rate/report.md)"
done

python3 - "$OUT" "${LADDER[@]}" > "$OUT/summary.md" <<'PY'
import json, sys
out, rates = sys.argv[1], sys.argv[2:]
print("| offered (msg/s) | delivered (msg/s) | errors | p50 (ms) | p99 (ms) | Redis CPU (s) | Redis CPU per message (µs) | messages per Redis CPU-second |")
print("|---|---|---|---|---|---|---|---|")
for rate in rates:
    try:
        r = json.load(open(f"{out}/rate-{rate}/report.json"))
    except OSError:
        print(f"| {rate} | no report | | | | | | |")
        continue
    cpu, done = r["server"]["cpuSeconds"], r["received"]
    per = f"{1e6 * cpu / done:.1f}" if done else "-"
    rate_per_cpu = f"{done / cpu:,.0f}" if cpu > 0 else "-"
    print(f"| {rate} | {r['throughputPerSecond']:.0f} | {r['errors']} | {r['latency']['p50']:.2f} | "
          f"{r['latency']['p99']:.1f} | {cpu:.2f} | {per} | {rate_per_cpu} |")
PY
cat "$OUT/summary.md" | tee -a "$LOG"

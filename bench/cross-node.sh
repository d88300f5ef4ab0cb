#!/usr/bin/env bash
# Cross-node relay over the Redis backplane (docs/cluster.md, BENCHMARKS.md "Cross-node relay"):
# Redis and two signal nodes pinned to the server CPU, the room-relay generator on the other CPU
# with --more-targets, so every room of two has one member on each node and every relayed message
# crosses Redis once. Runs a ladder of fixed rates and reports, per rate, the throughput, latency,
# and the CPU per message of Redis and of both nodes.
# --topology single: one redis-server. --topology cluster: a Redis Cluster of 3 masters and no
# replicas (enough for throughput and CPU; failover is not measured here) on free loopback ports,
# the nodes with --resume-window 0 (no sessions on a Cluster yet, docs/cluster.md#redis-cluster).
# CPU is measured by the generator over its exact measured window, for both topologies alike: the
# nodes' pids as --server-pid and every redis-server's as --backend-pid, each figure summed over its
# processes (docs/benchmarks.md "Cross-node relay"). Everything stays on 127.0.0.1, every process
# started here is stopped on exit (failure included), and the run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() {
  cat <<'USAGE'
usage: bench/cross-node.sh [options]
  --topology T          single (default): one redis-server; cluster: a Redis Cluster of 3 masters,
                        no replicas, on free loopback ports, the nodes with --resume-window 0
  --rates LIST          fixed offered rates, comma-separated (default: 1000,2000,4000)
  --duration D          measured time per rate (default: 15s)
  --warmup D            warm-up per rate (default: 5s)
  --first-warmup D      an unreported run at the first rate before the ladder, so the nodes' JIT
                        is warm when measuring starts (default: 20s; 0 skips it)
  --connections N       room-relay clients, rooms of two spanning both nodes (default: 200)
  --message-size BYTES  SDP size (default: 2048)
  --server-cpu N        CPU of Redis (every master) and both nodes (default: 0)
  --generator-cpu N     CPU of the load generator (default: 1)
  --out DIR             results directory (default: bench-results/cross-node-<time>)
  --sessions on|off     single Redis: resumable sessions on (the default, as the server's) or off
                        (--resume-window 0, as a Cluster runs today)
  --skip-build          use the jars already built
Redis CPU per message is the summed CPU of every redis-server over the measured window divided
by the messages delivered in it, for both topologies; node CPU per message likewise for both
signal nodes. The generator samples both (--backend-pid and --server-pid) and writes them to each
rate's report.json ("backend" and "server"), which summary.md is made from.
USAGE
}

TOPOLOGY=single; SESSIONS=on; RATES=1000,2000,4000; FIRST_WARMUP=20s; DURATION=15s; WARMUP=5s; CONNECTIONS=200; MESSAGE_SIZE=2048
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
    --sessions) SESSIONS=$2; shift ;;
    --skip-build) BUILD=false ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$TOPOLOGY" in
  single|cluster) ;;
  *) echo "unknown topology: $TOPOLOGY (single or cluster)" >&2; usage >&2; exit 2 ;;
esac

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

REDIS_PIDS=()
if [[ "$TOPOLOGY" == single ]]; then
  REDIS_PORT=16379
  mkdir -p "$OUT/redis"
  taskset -c "$SERVER_CPU" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$OUT/redis" --loglevel warning > "$OUT/redis.log" 2>&1 &
  REDIS_PIDS+=("$!"); PIDS+=("$!")
  REDIS_ADDR="127.0.0.1:$REDIS_PORT"; RESUME=(); LABEL="single Redis"
  # Sessions on make a cross-node relay one script instead of one PUBLISH (docs/cluster.md
  # "Resumable sessions"): --sessions off compares like for like with a Cluster, which runs without.
  if [[ "$SESSIONS" == off ]]; then RESUME=(--resume-window 0); LABEL="single Redis, sessions off"; fi
else
  # Three free ports whose cluster bus ports (port + 10000) are free as well.
  read -ra CLUSTER_PORTS <<< "$(python3 -c '
import random, socket
def free(p):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", p))
            return True
        except OSError:
            return False
ports = []
for p in random.sample(range(20000, 30000), 2000):
    if free(p) and free(p + 10000) and all(abs(p - q) > 1 for q in ports):
        ports.append(p)
    if len(ports) == 3:
        break
print(*ports)')"
  ((${#CLUSTER_PORTS[@]} == 3)) || { log "no free loopback ports for the Cluster"; exit 1; }
  SEEDS=()
  for port in "${CLUSTER_PORTS[@]}"; do
    mkdir -p "$OUT/redis-$port"
    taskset -c "$SERVER_CPU" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
      --cluster-enabled yes --cluster-config-file "$OUT/redis-$port/nodes-$port.conf" \
      --dir "$OUT/redis-$port" --loglevel warning > "$OUT/redis-$port.log" 2>&1 &
    REDIS_PIDS+=("$!"); PIDS+=("$!")
    SEEDS+=("127.0.0.1:$port")
  done
  for port in "${CLUSTER_PORTS[@]}"; do
    for _ in $(seq 100); do
      if redis-cli -h 127.0.0.1 -p "$port" ping > /dev/null 2>&1; then break; fi
      sleep 0.1
    done
  done
  redis-cli --cluster create "${SEEDS[@]}" --cluster-replicas 0 --cluster-yes >> "$LOG" 2>&1 \
    || { log "redis-cli --cluster create failed; see run.log"; exit 1; }
  for port in "${CLUSTER_PORTS[@]}"; do
    for _ in $(seq 150); do
      if redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; then break; fi
      sleep 0.2
    done
    redis-cli -h 127.0.0.1 -p "$port" cluster info | grep -q '^cluster_state:ok' \
      || { log "Cluster master $port never reported cluster_state:ok"; exit 1; }
  done
  REDIS_ADDR="redis-cluster://$(IFS=,; echo "${SEEDS[*]}")"; RESUME=(--resume-window 0)
  LABEL="Redis Cluster (3 masters)"
fi
NODE_PIDS=()
for n in 1 2; do
  taskset -c "$SERVER_CPU" java -Xms512m -Xmx512m -jar "$SIGNAL_JAR" --addr "127.0.0.1:1808$n" \
    --healthz-addr "127.0.0.1:1809$n" --redis-addr "$REDIS_ADDR" ${RESUME[@]+"${RESUME[@]}"} --redis-prefix "bench:" \
    --node-id "bench-$n" --rate-limit 0 --ws-read-rate 0 --http-rate-limit 0 --conn-rate-limit 0 --max-message-bytes 0 \
    --max-connections 0 --room-max-clients 0 --log-level warn > "$OUT/node-$n.log" 2>&1 &
  NODE_PIDS+=("$!"); PIDS+=("$!")
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
  echo "topology: $LABEL, --redis-addr $REDIS_ADDR"
  echo "redis + both nodes on cpu $SERVER_CPU, generator on cpu $GEN_CPU"
} | tee "$OUT/machine.txt" | tee -a "$LOG"

# relay RATE DURATION WARMUP DIR: one fixed-rate room-relay run across both nodes; the generator
# samples both nodes (server) and every redis-server (backend) over its measured window.
relay() {
  mkdir -p "$4"
  taskset -c "$GEN_CPU" java -Djava.awt.headless=true -jar "$LOADTEST_JAR" room-relay \
    --target http://127.0.0.1:18081 --more-targets http://127.0.0.1:18082 --label "$LABEL" \
    --rate "$1" --duration "$2" --warmup "$3" --connections "$CONNECTIONS" --room-size 2 \
    --message-size "$MESSAGE_SIZE" --server-pid "$(IFS=,; echo "${NODE_PIDS[*]}")" \
    --backend-pid "$(IFS=,; echo "${REDIS_PIDS[*]}")" --out "$4" >> "$LOG" 2>&1
}

IFS=, read -ra LADDER <<< "$RATES"
if [[ "$FIRST_WARMUP" != 0 && "$FIRST_WARMUP" != 0s ]]; then
  log "warm-up run at ${LADDER[0]}/s for $FIRST_WARMUP (not reported)"
  relay "${LADDER[0]}" "$FIRST_WARMUP" 0s "$OUT/warmup" || true
fi
for rate in "${LADDER[@]}"; do
  log "room-relay at $rate/s across both nodes ($LABEL)"
  relay "$rate" "$DURATION" "$WARMUP" "$OUT/rate-$rate" || log "rate $rate: the run reported errors (see rate-$rate/report.md)"
done

python3 - "$OUT" "$LABEL" "${LADDER[@]}" > "$OUT/summary.md" <<'PY'
import json, sys
out, label, rates = sys.argv[1], sys.argv[2], sys.argv[3:]
print(f"{label}; CPU over the generator's measured window: Redis summed over every redis-server, nodes over both")
print()
print("| offered (msg/s) | delivered (msg/s) | errors | p50 (ms) | p99 (ms) | Redis CPU (s) | Redis CPU per message (µs) "
      "| messages per Redis CPU-second | nodes CPU (s) | nodes CPU per message (µs) |")
print("|---|---|---|---|---|---|---|---|---|---|")
def cpu(figure):
    # The report's own figures: CPU seconds over the measured window, and messages delivered in that
    # window per CPU-second (-1 when a process could not be read or nothing was delivered).
    c = figure["cpuSeconds"] if figure else -1
    per_s = figure["unitsPerCpuSecond"] if figure else -1
    return (f"{c:.2f}" if c >= 0 else "-"), (f"{1e6 / per_s:.1f}" if per_s > 0 else "-"), \
        (f"{per_s:,.0f}" if per_s > 0 else "-")
for rate in rates:
    try:
        r = json.load(open(f"{out}/rate-{rate}/report.json"))
    except (OSError, ValueError):
        print(f"| {rate} | no report | | | | | | | | |")
        continue
    redis_s, redis_per, redis_rate = cpu(r.get("backend"))
    nodes_s, nodes_per, _ = cpu(r.get("server"))
    print(f"| {rate} | {r['throughputPerSecond']:.0f} | {r['errors']} | {r['latency']['p50']:.2f} | "
          f"{r['latency']['p99']:.1f} | {redis_s} | {redis_per} | {redis_rate} | {nodes_s} | {nodes_per} |")
PY
cat "$OUT/summary.md" | tee -a "$LOG"

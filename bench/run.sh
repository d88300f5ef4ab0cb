#!/usr/bin/env bash
# Side-by-side benchmark of room-dialect servers on one machine (docs/benchmarks.md):
#   signal (this repository), an optional baseline given as a command line (e.g. singo — never part
#   of this repository), and signal-loadtest's bare relay (the ceiling).
# Each server is pinned to one CPU and the load generator to another with taskset. Results go to
# --out: per-run report.md/report.json/PNGs, compare.md (ratios against baseline and limit), open.md and
# closed.md (the open- and closed-loop relay shapes), idle-large.md (heap per idle WebSocket, projected
# to 100k), dialects/ and summary.md.
# Every load stays on 127.0.0.0/8 and is bounded in count and time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() {
  cat <<'USAGE'
usage: bench/run.sh [options]
  --baseline-cmd CMD      command starting the baseline server (e.g. "/path/singo -addr 127.0.0.1 -port 5000")
  --baseline-name NAME    label of the baseline (default: singo)
  --baseline-port PORT    port the baseline listens on (default: 5000)
  --out DIR               results directory (default: bench-results/<time>)
  --server-cpu N          CPU for the server under test (default: 0)
  --generator-cpu N       CPU for the load generator (default: 1)
  --connections N         room-relay clients (default: 1000)
  --room-size K           clients per room (default: 2)
  --message-size BYTES    SDP size (default: 2048)
  --p99-limit MS          sustainable means p99 below this (default: 50)
  --start-rate N          first rate of the search (default: 2000)
  --step-duration D       measured time per search step (default: 10s)
  --duration D            measured time at 50 % of the maximum (default: 30s)
  --idle-connections N    connections per server in the comparison idle run (default: 5000)
  --large-idle N          connections in the large signal idle run (default: 19500; 0 skips it)
  --idle-generators N     generator processes for the large idle run (default: 2)
  --large-idle-ramp N     new connections per second per generator in the large idle run (default: 250)
  --dialect-start-rate N  first rate of the call/domain/mailbox maximum-rate searches (default: 100; 0 skips them)
  --churn-start-rate N    first rate of the churn search, run against every server (default: 1000; 0 skips it)
  --warmup D              warm-up before each search, stepping up to half its start rate (default: 30s)
  --signal-java-opts S    JVM options of the signal server (default: "-Xms1g -Xmx1g -XX:+UseZGC", the image's collector)
  --transport T           event-loop transport of signal and of the bare relay alike: epoll, io_uring or nio
                          (default: epoll, the one signal's auto takes; the bare relay alone would take io_uring)
  --session-rate N        fixed rate of the sessions on/off relay comparison (default: 1500; 0 skips it)
  --session-rounds N      off/on pairs of that comparison, alternating (default: 2)
  --failover-pairs N      pairs of the failover run over two nodes and Redis (default: 50; 0 skips it)
  --failover-rate N       messages per second of the failover run (default: 500)
  --failover-duration D   how long each failover run relays; the kill is 10 s in (default: 30s)
  --failover-dialects L   dialects of the failover runs, comma-separated: room, call, domain (default: all three)
  --open-rates L          fixed open-loop relay rates of the "open" part, comma-separated (default: 5000,10000)
  --open-duration D       measured time per open-loop rate, after a 10 s warm-up (default: 20s)
  --closed-shapes L       closed-loop relay shapes of the "closed" part, CONNECTIONSxIN_FLIGHT comma-separated:
                          rooms of two, each pair keeping IN_FLIGHT messages in flight (default: 100x4,1000x1,4000x1)
  --closed-duration D     measured time per closed-loop shape, after a 10 s warm-up (default: 20s)
  --only PARTS            run only these parts, comma-separated: relay, open, closed, large-idle, dialects,
                          sessions, failover (default: all)
  --skip-build            use the jars already built
USAGE
}

BASELINE_CMD=""; BASELINE_NAME="singo"; BASELINE_PORT=5000
OUT="bench-results/$(date +%Y%m%d-%H%M%S)"; SERVER_CPU=0; GEN_CPU=1
CONNECTIONS=1000; ROOM_SIZE=2; MESSAGE_SIZE=2048; P99_LIMIT=50; START_RATE=2000
STEP_DURATION=10s; DURATION=30s; IDLE_CONNECTIONS=5000; LARGE_IDLE=19500; IDLE_GENERATORS=2; LARGE_IDLE_RAMP=250
ONLY="relay,open,closed,large-idle,dialects,sessions,failover"
OPEN_RATES="5000,10000"; OPEN_DURATION=20s; CLOSED_SHAPES="100x4,1000x1,4000x1"; CLOSED_DURATION=20s
SESSION_RATE=1500; SESSION_ROUNDS=2; FAILOVER_PAIRS=50; FAILOVER_RATE=500; FAILOVER_DURATION=30s
FAILOVER_DIALECTS="room,call,domain"
DIALECT_RATE=100; CHURN_RATE=1000; WARMUP=30s; SIGNAL_JAVA_OPTS="-Xms1g -Xmx1g -XX:+UseZGC"; BUILD=true; TRANSPORT=epoll
while (($#)); do
  case "$1" in
    --baseline-cmd) BASELINE_CMD=$2; shift ;;
    --baseline-name) BASELINE_NAME=$2; shift ;;
    --baseline-port) BASELINE_PORT=$2; shift ;;
    --out) OUT=$2; shift ;;
    --server-cpu) SERVER_CPU=$2; shift ;;
    --generator-cpu) GEN_CPU=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --room-size) ROOM_SIZE=$2; shift ;;
    --message-size) MESSAGE_SIZE=$2; shift ;;
    --p99-limit) P99_LIMIT=$2; shift ;;
    --start-rate) START_RATE=$2; shift ;;
    --step-duration) STEP_DURATION=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --idle-connections) IDLE_CONNECTIONS=$2; shift ;;
    --large-idle) LARGE_IDLE=$2; shift ;;
    --idle-generators) IDLE_GENERATORS=$2; shift ;;
    --large-idle-ramp) LARGE_IDLE_RAMP=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --open-rates) OPEN_RATES=$2; shift ;;
    --open-duration) OPEN_DURATION=$2; shift ;;
    --closed-shapes) CLOSED_SHAPES=$2; shift ;;
    --closed-duration) CLOSED_DURATION=$2; shift ;;
    --session-rate) SESSION_RATE=$2; shift ;;
    --session-rounds) SESSION_ROUNDS=$2; shift ;;
    --failover-pairs) FAILOVER_PAIRS=$2; shift ;;
    --failover-rate) FAILOVER_RATE=$2; shift ;;
    --failover-duration) FAILOVER_DURATION=$2; shift ;;
    --failover-dialects) FAILOVER_DIALECTS=$2; shift ;;
    --dialect-start-rate) DIALECT_RATE=$2; shift ;;
    --churn-start-rate) CHURN_RATE=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --signal-java-opts) SIGNAL_JAVA_OPTS=$2; shift ;;
    --transport) TRANSPORT=$2; shift ;;
    --skip-build) BUILD=false ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for shape in ${CLOSED_SHAPES//,/ }; do
  [[ $shape =~ ^[0-9]*[02468]x[1-9][0-9]*$ ]] || {
    echo "--closed-shapes: CONNECTIONSxIN_FLIGHT with an even number of connections, e.g. 100x4; got $shape" >&2; exit 2; }
done

SIGNAL_JAR=$ROOT/signal-server/target/signal-server.jar
LOADTEST_JAR=$ROOT/signal-loadtest/target/signal-loadtest.jar
SIGNAL_PORT=18080; SIGNAL_ADMIN=18090; BARE_PORT=18089
# Benchmarks run with signal's limits off (SECURITY.md "Limits and their defaults"), and say so.
SIGNAL_FLAGS=(--addr "127.0.0.1:$SIGNAL_PORT" --healthz-addr "127.0.0.1:$SIGNAL_ADMIN" --rate-limit 0 --ws-read-rate 0
  --http-rate-limit 0 --conn-rate-limit 0 --max-message-bytes 0 --max-connections 0 --max-connections-per-ip 0 --max-tcp-connections 0 --room-max-clients 0
  --log-level warn --transport "$TRANSPORT")
# The bare relay on the same transport: a change of transport applies to both servers alike.
BARE_FLAGS=(--port "$BARE_PORT" --transport "$TRANSPORT")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
LOG=$OUT/bench.log
SERVER_PID=""

part() { [[ ",$ONLY," == *",$1,"* ]]; }
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$LOG"; }
gen() { taskset -c "$GEN_CPU" java -Djava.awt.headless=true -jar "$LOADTEST_JAR" "$@"; }

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

# start_server NAME PORT COMMAND...: pinned to the server CPU; the PID is the server's own.
start_server() {
  local name=$1 port=$2; shift 2
  # Something else on the port would be measured in the server's place.
  if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then log "port $port is already in use; $name not started"; return 1; fi
  log "starting $name: taskset -c $SERVER_CPU $*"
  echo "$name: taskset -c $SERVER_CPU $*" >> "$OUT/commands.txt"
  taskset -c "$SERVER_CPU" "$@" > "$OUT/server-$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 150); do
    if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then sleep 1; return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$name exited; see server-$name.log"; return 1; }
    sleep 0.2
  done
  log "$name did not open port $port"; return 1
}

machine_facts() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "kernel: $(uname -r)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "open files per process: $(ulimit -n)"
    echo "ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range | tr '\t' '-')"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "server cpu: $SERVER_CPU, generator cpu: $GEN_CPU"
  } > "$OUT/machine.txt"
  cat "$OUT/machine.txt" | tee -a "$LOG"
}

# relay NAME PORT [ADMIN_URL]: maximum-rate search, then a window at 50 % of the maximum.
relay() {
  local name=$1 port=$2 admin=${3:-}
  local extra=(--server-pid "$SERVER_PID" --label "$name")
  [[ -n "$admin" ]] && extra+=(--admin "$admin")
  local cmd=(room-relay --target "http://127.0.0.1:$port" --find-max-rate --p99-limit "$P99_LIMIT"
    --start-rate "$START_RATE" --connections "$CONNECTIONS" --room-size "$ROOM_SIZE" --message-size "$MESSAGE_SIZE"
    --step-duration "$STEP_DURATION" --warmup "$WARMUP" --duration "$DURATION" --out "$OUT/room-relay-$name" "${extra[@]}")
  echo "generator: taskset -c $GEN_CPU java -jar signal-loadtest.jar ${cmd[*]}" >> "$OUT/commands.txt"
  log "room-relay against $name"
  gen "${cmd[@]}" 2>&1 | tee -a "$LOG" | grep -E '^search|^measuring|^done' || true
}

# idle NAME PORT [ADMIN_URL]: memory per idle connection, on a freshly started server.
idle() {
  local name=$1 port=$2 admin=${3:-}
  local extra=(--server-pid "$SERVER_PID" --label "$name")
  [[ -n "$admin" ]] && extra+=(--admin "$admin" --gc)
  local cmd=(idle --target "http://127.0.0.1:$port" --connections "$IDLE_CONNECTIONS" --ramp-rate 1000 --duration 10s
    --out "$OUT/idle-$name" "${extra[@]}")
  echo "generator: taskset -c $GEN_CPU java -jar signal-loadtest.jar ${cmd[*]}" >> "$OUT/commands.txt"
  log "idle ($IDLE_CONNECTIONS) against $name"
  gen "${cmd[@]}" 2>&1 | tee -a "$LOG" | grep -E '^ramp|^done' || true
}

# churn NAME PORT: connect -> join -> leave -> close cycles, maximum-rate search then 50 %. Every
# server is driven the same way, without waiting for signal's 'joined' reply (singo and the bare
# relay send none), so signal still does the extra work of sending it.
churn() {
  local name=$1 port=$2
  local cmd=(churn --target "http://127.0.0.1:$port" --no-await-joined --find-max-rate --p99-limit "$P99_LIMIT"
    --start-rate "$CHURN_RATE" --step-duration 5s --warmup "$WARMUP" --duration 20s --server-pid "$SERVER_PID"
    --label "$name" --out "$OUT/churn-$name")
  echo "generator: taskset -c $GEN_CPU java -jar signal-loadtest.jar ${cmd[*]}" >> "$OUT/commands.txt"
  log "churn against $name"
  gen "${cmd[@]}" 2>&1 | tee -a "$LOG" | grep -E '^search|^measuring|^done' || true
}

# measure NAME PORT ADMIN_URL COMMAND...: relay, then churn, on one server process; idle on a fresh one.
measure() {
  local name=$1 port=$2 admin=$3; shift 3
  start_server "$name" "$port" "$@"
  relay "$name" "$port" "$admin"
  ((CHURN_RATE > 0)) && churn "$name" "$port"
  stop_server
  start_server "$name-idle" "$port" "$@"
  idle "$name" "$port" "$admin"
  stop_server
}

if $BUILD; then
  log "building jars"
  ./mvnw -B -q -o -pl signal-server,signal-loadtest -am package -DskipTests
fi
machine_facts
touch "$OUT/commands.txt"

# 1. Room relay and idle memory: signal, the baseline, the bare relay — one at a time.
if part relay; then
  measure signal "$SIGNAL_PORT" "http://127.0.0.1:$SIGNAL_ADMIN" java $SIGNAL_JAVA_OPTS -jar "$SIGNAL_JAR" "${SIGNAL_FLAGS[@]}"
  REPORTS=("$OUT/room-relay-signal")
  if [[ -n "$BASELINE_CMD" ]]; then
    measure "$BASELINE_NAME" "$BASELINE_PORT" "" bash -c "exec $BASELINE_CMD"
    REPORTS+=("$OUT/room-relay-$BASELINE_NAME")
  fi
  measure bare-relay "$BARE_PORT" "" java -jar "$LOADTEST_JAR" bare-relay "${BARE_FLAGS[@]}"
  REPORTS+=("$OUT/room-relay-bare-relay")
  COMPARE=(compare --out "$OUT" --limit bare-relay)
  [[ -n "$BASELINE_CMD" ]] && COMPARE+=(--baseline "$BASELINE_NAME")
  java -jar "$LOADTEST_JAR" "${COMPARE[@]}" "${REPORTS[@]}" | tee -a "$LOG"
  if ((CHURN_RATE > 0)); then
    CHURN_COMPARE=(compare --out "$OUT/churn" --limit bare-relay)
    [[ -n "$BASELINE_CMD" ]] && CHURN_COMPARE+=(--baseline "$BASELINE_NAME")
    java -jar "$LOADTEST_JAR" "${CHURN_COMPARE[@]}" "${REPORTS[@]/room-relay-/churn-}" | tee -a "$LOG"
  fi
fi

# relay_window PART RUN NAME PORT DURATION LOAD_ARGS... -- SERVER_COMMAND...: one room-relay run (10 s warm-up,
# DURATION measured) against a freshly started server, its report in $OUT/PART/NAME-RUN.
relay_window() {
  local part=$1 run=$2 name=$3 port=$4 duration=$5; shift 5
  local load=()
  while [[ $1 != -- ]]; do load+=("$1"); shift; done
  shift
  date +%s.%N > "$OUT/$part/$name-$run.started"
  start_server "$name-$part-$run" "$port" "$@"
  local cmd=(room-relay --target "http://127.0.0.1:$port" --message-size "$MESSAGE_SIZE" "${load[@]}" --warmup 10s
    --duration "$duration" --server-pid "$SERVER_PID" --label "$name" --out "$OUT/$part/$name-$run")
  echo "generator: taskset -c $GEN_CPU java -jar signal-loadtest.jar ${cmd[*]}" >> "$OUT/commands.txt"
  log "$part loop: $name, $run"
  gen "${cmd[@]}" 2>&1 | tee -a "$LOG" | grep -E '^done' || true
  stop_server
}

# relay_matrix PART RUN DURATION LOAD_ARGS...: relay_window against signal (its collector logged for
# bench/gc-pauses.sh), the baseline if given, and the bare relay, one after the other.
relay_matrix() {
  local part=$1 run=$2 duration=$3; shift 3
  mkdir -p "$OUT/$part"
  relay_window "$part" "$run" signal "$SIGNAL_PORT" "$duration" "$@" -- java $SIGNAL_JAVA_OPTS \
    "-Xlog:gc,gc+phases:file=$OUT/$part/signal-$run-gc.log:uptime" -jar "$SIGNAL_JAR" "${SIGNAL_FLAGS[@]}"
  if [[ -n "$BASELINE_CMD" ]]; then
    relay_window "$part" "$run" "$BASELINE_NAME" "$BASELINE_PORT" "$duration" "$@" -- bash -c "exec $BASELINE_CMD"
  fi
  relay_window "$part" "$run" bare-relay "$BARE_PORT" "$duration" "$@" -- java -jar "$LOADTEST_JAR" bare-relay "${BARE_FLAGS[@]}"
}

# gc_lines PART FORMAT RUN...: signal's collector pauses in the measured window of each run (FORMAT names the run).
gc_lines() {
  local part=$1 format=$2; shift 2
  for run in "$@"; do
    local g="$OUT/$part/signal-$run-gc.log" r="$OUT/$part/signal-$run"
    [[ -f "$g" && -f "$r/report.json" ]] || continue
    echo; echo "signal $(printf "$format" "$run"), collector pauses in the measured window: count | p99 ms | max ms: $(gc_pauses "$g" \
      "$r/report.json" "$(cat "$r.started")")"
  done
}

# report_field FILE JQ_FILTER: the value, or "-" when the run left no report.
report_field() {
  if [[ -f "$1" ]]; then jq -r "$2 // \"-\"" "$1"; else echo "-"; fi
}

# ratio A B: A / B to two decimals, or "-" when either is unknown.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f×", a / b; else printf "-" }'
}

# slashed A B...: "A / B / ..."
slashed() {
  local IFS=/
  echo "$*" | sed 's|/| / |g'
}

if part open || part closed; then
  # shellcheck source=bench/gc-pauses.sh
  . "$ROOT/bench/gc-pauses.sh"
fi

# 1b. Open loop at fixed rates (issue 16's shape): the same offered rates for every server, 1,000
#     clients in rooms of two, one fresh server process per rate; server CPU per message, latency
#     and, for signal, its collector's pauses in the measured window (-Xlog:gc, bench/gc-pauses.sh).
if part open; then
  for rate in ${OPEN_RATES//,/ }; do
    relay_matrix open "$rate" "$OPEN_DURATION" --connections "$CONNECTIONS" --room-size "$ROOM_SIZE" --rate "$rate"
  done
  {
    # "from send": p99 from each message's actual send, without the generator's own lag (docs/benchmarks.md "How it measures").
    echo "| server | offered/s | delivered/s | p50 ms | p99 ms | p99 from send ms | server CPU s | messages per server CPU-second | errors |"
    echo "|---|---|---|---|---|---|---|---|---|"
    for f in "$OUT"/open/*/report.json; do
      jq -r --arg run "$(basename "$(dirname "$f")")" '"| \(.label) | \($run | split("-") | last) | \(.throughputPerSecond | round) | \(.latency.p50) | \(.latency.p99) | \(.latencyFromSend.p99 // "-") | \(.server.cpuSeconds * 100 | round / 100) | \(.server.unitsPerCpuSecond | round) | \(.errors) |"' "$f"
    done
    # shellcheck disable=SC2046
    gc_lines open "at %s/s" ${OPEN_RATES//,/ }
    echo
  } > "$OUT/open.md"
  log "open loop:"; tee -a "$LOG" < "$OUT/open.md"
fi

# 1c. Closed loop (issue 16's shapes, docs/benchmarks.md "Closed loop"): for each shape of
#     --closed-shapes, rooms of two whose pairs each keep a fixed number of messages in flight, every
#     message answered on arrival; one fresh server process per shape and server. Compared:
#     messages per server CPU-second (over the measured window) and p99.
if part closed; then
  for shape in ${CLOSED_SHAPES//,/ }; do
    relay_matrix closed "$shape" "$CLOSED_DURATION" --connections "${shape%x*}" --room-size 2 --in-flight "${shape#*x}"
  done
  {
    names=(signal); [[ -n "$BASELINE_CMD" ]] && names+=("$BASELINE_NAME"); names+=(bare-relay)
    all=$(slashed "${names[@]}")
    head="| connections x in flight |"; rule="|---|"
    for n in "${names[@]}"; do head+=" $n: msgs per server CPU-s |"; rule+="---|"; done
    [[ -n "$BASELINE_CMD" ]] && { head+=" signal ÷ $BASELINE_NAME |"; rule+="---|"; }
    echo "$head signal ÷ bare-relay | p99 ms: $all | delivered/s: $all | server, generator CPU-s per s: $all | silent pairs: $all | errors: $all |"
    echo "$rule---|---|---|---|---|---|"
    for shape in ${CLOSED_SHAPES//,/ }; do
      row="| $shape |"; per=(); p99=(); rate=(); busy=(); silent=(); errors=()
      for n in "${names[@]}"; do
        f="$OUT/closed/$n-$shape/report.json"
        per+=("$(report_field "$f" '.server.unitsPerCpuSecond | round')")
        p99+=("$(report_field "$f" '.latency.p99')")
        rate+=("$(report_field "$f" '.throughputPerSecond | round')")
        busy+=("$(report_field "$f" '"\(.server.cpuSeconds / .measuredSeconds * 100 | round / 100), \(.schedule.cpuSeconds / .measuredSeconds * 100 | round / 100)"')")
        silent+=("$(report_field "$f" '.extras["pairs silent through the measured window"]')")
        errors+=("$(report_field "$f" '.errors')")
        row+=" ${per[-1]} |"
      done
      [[ -n "$BASELINE_CMD" ]] && row+=" $(ratio "${per[0]}" "${per[1]}") |"
      echo "$row $(ratio "${per[0]}" "${per[-1]}") | $(slashed "${p99[@]}") | $(slashed "${rate[@]}") | $(slashed "${busy[@]}") | $(slashed "${silent[@]}") | $(slashed "${errors[@]}") |"
    done
    # shellcheck disable=SC2046
    gc_lines closed "at %s" ${CLOSED_SHAPES//,/ }
    echo
  } > "$OUT/closed.md"
  log "closed loop:"; tee -a "$LOG" < "$OUT/closed.md"
fi

# 2. The largest idle run one signal process allows, spread over several generator processes
#    connecting from different loopback addresses. The ramp is gentle: an open-model ramp faster
#    than the server accepts only piles up connects that time out.
if part large-idle && ((LARGE_IDLE > 0)); then
  start_server signal-idle "$SIGNAL_PORT" java $SIGNAL_JAVA_OPTS -jar "$SIGNAL_JAR" "${SIGNAL_FLAGS[@]}"
  # Live heap after a full GC, by class (docs/benchmarks.md "Heap per connection").
  probe() { java -jar "$LOADTEST_JAR" probe --server-pid "$SERVER_PID" --admin "http://127.0.0.1:$SIGNAL_ADMIN" --gc --histogram-out "$1"; }
  field() { sed -E "s/.*\"$1\":(-?[0-9.]+).*/\1/"; }
  before=$(probe "$OUT/idle-large-before.histo")
  per=$((LARGE_IDLE / IDLE_GENERATORS))
  hold=60
  pids=()
  for i in $(seq 1 "$IDLE_GENERATORS"); do
    src="127.0.0.$((i + 1))"
    cmd=(idle --target "http://127.0.0.1:$SIGNAL_PORT" --connections "$per" --ramp-rate "$LARGE_IDLE_RAMP"
      --duration "${hold}s" --connect-timeout 30s --source-addresses "$src" --label "signal-gen$i"
      --out "$OUT/idle-large/gen$i")
    echo "generator $i: taskset -c $GEN_CPU java -jar signal-loadtest.jar ${cmd[*]}" >> "$OUT/commands.txt"
    gen "${cmd[@]}" > "$OUT/idle-large-gen$i.log" 2>&1 &
    pids+=($!)
  done
  log "large idle: $IDLE_GENERATORS generators x $per connections at $LARGE_IDLE_RAMP/s each"
  # Sample once every generator has finished its ramp (it then holds for $hold s).
  for _ in $(seq $((per / LARGE_IDLE_RAMP * 4 + 120))); do
    done_count=$(cat "$OUT"/idle-large-gen*.log | grep -c '^ramp done' || true)
    ((done_count >= IDLE_GENERATORS)) && break
    sleep 1
  done
  sleep 5
  # WebSockets the server holds (a TCP connection still waiting for its upgrade is not one).
  held=$(curl -s "http://127.0.0.1:$SIGNAL_ADMIN/metrics" | awk '/^signal_connections\{dialect="room"/ {printf "%d", $2}')
  after=$(probe "$OUT/idle-large-after.histo")
  for p in "${pids[@]}"; do wait "$p" || true; done
  stop_server
  hb=$(echo "$before" | field heap_used_bytes); ha=$(echo "$after" | field heap_used_bytes)
  rb=$(echo "$before" | field rss_bytes); ra=$(echo "$after" | field rss_bytes)
  awk -v n="$held" -v want="$((per * IDLE_GENERATORS))" -v hb="$hb" -v ha="$ha" -v rb="$rb" -v ra="$ra" 'BEGIN {
    printf "| metric | value |\n|---|---|\n";
    printf "| connections requested / held (server side, signal_connections) | %d / %d |\n", want, n;
    printf "| live heap before / after (MiB, after full GC) | %.1f / %.1f |\n", hb/1048576, ha/1048576;
    printf "| RSS before / after (MiB) | %.1f / %.1f |\n", rb/1048576, ra/1048576;
    if (n > 0) {
      heap = (ha - hb) / n; rss = (ra - rb) / n;
      printf "| heap per connection (bytes) | %.0f |\n", heap;
      printf "| RSS per connection (bytes) | %.0f |\n", rss;
      printf "| projected heap at 100k connections (MiB) | %.0f |\n", (hb + heap * 100000) / 1048576;
    }
  }' > "$OUT/idle-large.md"
  if ((held > 0)); then
    { echo; java -jar "$LOADTEST_JAR" heap-growth "$OUT/idle-large-before.histo" "$OUT/idle-large-after.histo" --units "$held"; } \
      >> "$OUT/idle-large.md"
  fi
  log "large idle:"; tee -a "$LOG" < "$OUT/idle-large.md"
fi

# 3. The other dialects against signal: each one's maximum sustainable exchange rate
#    (same search and p99 limit as the relay, shorter steps), then a window at 50 % of it; the
#    mailbox searched again against the bare mailbox, its ceiling, on the same transport.
if part dialects && ((DIALECT_RATE > 0)); then
  start_server signal-dialects "$SIGNAL_PORT" java $SIGNAL_JAVA_OPTS -jar "$SIGNAL_JAR" "${SIGNAL_FLAGS[@]}"
  # run_dialect SCENARIO START_RATE PORT LABEL [ARGS...]: a maximum-rate search, its report in dialects/LABEL.
  run_dialect() {
    local scenario=$1 start=$2 port=$3 label=$4; shift 4
    local cmd=("$scenario" --target "http://127.0.0.1:$port" --find-max-rate --p99-limit "$P99_LIMIT"
      --start-rate "$start" --step-duration 5s --warmup "$WARMUP" --duration 20s --server-pid "$SERVER_PID"
      --label "$label" --out "$OUT/dialects/$label" "$@")
    echo "generator: taskset -c $GEN_CPU java -jar signal-loadtest.jar ${cmd[*]}" >> "$OUT/commands.txt"
    log "$scenario: searching from $start/s against $label"
    gen "${cmd[@]}" 2>&1 | tee -a "$LOG" | grep -E '^search|^measuring|^done' || true
  }
  run_dialect call "$DIALECT_RATE" "$SIGNAL_PORT" signal-call
  run_dialect domain "$DIALECT_RATE" "$SIGNAL_PORT" signal-domain --connections 200
  run_dialect mailbox "$DIALECT_RATE" "$SIGNAL_PORT" signal-mailbox
  stop_server
  # The mailbox's ceiling on the same transport: what Reactor Netty's HTTP and the kernel cost alone.
  start_server bare-mailbox "$BARE_PORT" java -jar "$LOADTEST_JAR" bare-mailbox "${BARE_FLAGS[@]}"
  run_dialect mailbox "$DIALECT_RATE" "$BARE_PORT" bare-mailbox
  stop_server
  java -jar "$LOADTEST_JAR" compare --out "$OUT/mailbox-ceiling" --limit bare-mailbox \
    "$OUT/dialects/signal-mailbox" "$OUT/dialects/bare-mailbox" | tee -a "$LOG"
fi

# 4. The session layer's cost (docs/resume.md): the room relay at one fixed rate with resumable
#    sessions off and on, alternating, against the same server process (pinned as above); one
#    unrecorded run of each first, so that both paths are compiled before anything is measured.
#    Compared: server CPU per relayed message (from /proc), throughput and latency.
if part sessions && ((SESSION_RATE > 0)); then
  start_server signal-sessions "$SIGNAL_PORT" java $SIGNAL_JAVA_OPTS -jar "$SIGNAL_JAR" "${SIGNAL_FLAGS[@]}"
  session_run() {
    local mode=$1 dir=$2 warmup=$3
    local cmd=(room-relay --target "http://127.0.0.1:$SIGNAL_PORT" --connections 200 --room-size 2 --message-size "$MESSAGE_SIZE"
      --rate "$SESSION_RATE" --warmup "$warmup" --duration 20s --server-pid "$SERVER_PID" --admin "http://127.0.0.1:$SIGNAL_ADMIN"
      --label "sessions-$mode" --out "$dir")
    [[ $mode == on ]] && cmd+=(--sessions)
    echo "generator: taskset -c $GEN_CPU java -jar signal-loadtest.jar ${cmd[*]}" >> "$OUT/commands.txt"
    log "room-relay at $SESSION_RATE/s, sessions $mode"
    gen "${cmd[@]}" 2>&1 | tee -a "$LOG" | grep -E '^done' || true
  }
  session_run off "$OUT/sessions/warm-off" 20s
  session_run on "$OUT/sessions/warm-on" 20s
  for r in $(seq 1 "$SESSION_ROUNDS"); do
    session_run off "$OUT/sessions/off-$r" 6s
    session_run on "$OUT/sessions/on-$r" 6s
  done
  stop_server
  {
    echo "| run | throughput/s | p50 ms | p99 ms | server CPU s | server CPU µs per message |"
    echo "|---|---|---|---|---|---|"
    for f in "$OUT"/sessions/{off,on}-*/report.json; do
      jq -r '"| \(.label) (\(input_filename | split("/")[-2])) | \(.throughputPerSecond) | \(.latency.p50) | \(.latency.p99) | \(.server.cpuSeconds * 1000 | round / 1000) | \(if .server.unitsPerCpuSecond > 0 then (1e6 / .server.unitsPerCpuSecond * 10 | round / 10) else "-" end) |"' "$f"
    done
    off=$(jq -s '[.[].server.unitsPerCpuSecond] | add / length' "$OUT"/sessions/off-*/report.json)
    on=$(jq -s '[.[].server.unitsPerCpuSecond] | add / length' "$OUT"/sessions/on-*/report.json)
    awk -v off="$off" -v on="$on" 'BEGIN { printf "\nCPU per message, mean of the rounds: off %.1f µs, on %.1f µs: sessions cost %+.1f %%\n", 1e6/off, 1e6/on, (off/on - 1) * 100 }'
  } > "$OUT/sessions.md"
  log "sessions on/off:"; tee -a "$LOG" < "$OUT/sessions.md"
fi

# 5. Failover: two nodes sharing a Redis (started here on a free port, persistence off), pairs of
#    resumable clients across them at a fixed rate, one node killed with SIGKILL mid-run
#    (docs/resume.md), once per dialect of --failover-dialects, each on two fresh nodes. Both nodes
#    share the server CPU; the report counts every message.
if part failover && ((FAILOVER_PAIRS > 0)); then
  REDIS_PORT=18379
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no > "$OUT/redis.log" 2>&1 &
  REDIS_PID=$!
  NODE_B_PID=""
  trap 'stop_server; kill $REDIS_PID $NODE_B_PID 2>/dev/null || true' EXIT
  for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null && break; sleep 0.1; done
  for dialect in ${FAILOVER_DIALECTS//,/ }; do
    CLUSTER_FLAGS=(--redis-addr "redis://127.0.0.1:$REDIS_PORT" --redis-prefix "bench-$dialect-$(date +%s):" --node-lease 5s --backplane-wait 60s)
    # SIGNAL_FLAGS without its leading --addr and --healthz-addr, which node b sets to its own ports.
    taskset -c "$SERVER_CPU" java $SIGNAL_JAVA_OPTS -jar "$SIGNAL_JAR" --addr "127.0.0.1:$((SIGNAL_PORT + 1))" \
      --healthz-addr "127.0.0.1:$((SIGNAL_ADMIN + 1))" "${SIGNAL_FLAGS[@]:4}" --node-id bench-b "${CLUSTER_FLAGS[@]}" \
      > "$OUT/server-failover-$dialect-b.log" 2>&1 &
    NODE_B_PID=$!
    start_server "failover-$dialect-a" "$SIGNAL_PORT" java $SIGNAL_JAVA_OPTS -jar "$SIGNAL_JAR" "${SIGNAL_FLAGS[@]}" --node-id bench-a "${CLUSTER_FLAGS[@]}"
    # Both nodes ready, backplane included (/readyz), before any client connects.
    for admin in "$SIGNAL_ADMIN" "$((SIGNAL_ADMIN + 1))"; do
      for _ in $(seq 300); do curl -sf "http://127.0.0.1:$admin/readyz" > /dev/null && break; sleep 0.2; done
    done
    cmd=(failover --dialect "$dialect" --targets "http://127.0.0.1:$SIGNAL_PORT,http://127.0.0.1:$((SIGNAL_PORT + 1))"
      --kill-pid "$SERVER_PID" --pairs "$FAILOVER_PAIRS" --rate "$FAILOVER_RATE" --duration "$FAILOVER_DURATION" --kill-after 10s
      --drain-timeout 15s --label "signal-$dialect" --out "$OUT/failover/$dialect")
    echo "generator: taskset -c $GEN_CPU java -jar signal-loadtest.jar ${cmd[*]}" >> "$OUT/commands.txt"
    log "failover ($dialect): $FAILOVER_PAIRS pairs at $FAILOVER_RATE/s, node a killed after 10 s"
    gen "${cmd[@]}" 2>&1 | tee -a "$LOG" | grep -E '^killed|^done' || true
    stop_server # already dead when the run got as far as the kill
    kill "$NODE_B_PID" 2>/dev/null || true
    wait "$NODE_B_PID" 2>/dev/null || true
    NODE_B_PID=""
  done
  kill "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
fi

{
  echo "# Benchmark summary"; echo
  echo '```'; cat "$OUT/machine.txt"; echo '```'; echo
  [[ -f "$OUT/compare.md" ]] && { echo "## Room relay"; echo; cat "$OUT/compare.md"; echo; }
  [[ -f "$OUT/churn/compare.md" ]] && { echo "## Connection churn"; echo; cat "$OUT/churn/compare.md"; echo; }
  [[ -f "$OUT/open.md" ]] && { echo "## Room relay, open loop at fixed rates"; echo; cat "$OUT/open.md"; echo; }
  [[ -f "$OUT/closed.md" ]] && { echo "## Room relay, closed loop"; echo; cat "$OUT/closed.md"; echo; }
  echo "## Idle memory (comparison runs)"; echo
  for d in "$OUT"/idle-*/; do [[ -f "$d/report.md" ]] && { echo "### $(basename "$d")"; grep -E 'held at end|per connection|projected' "$d/report.md"; echo; }; done
  [[ -f "$OUT/idle-large.md" ]] && { echo "## Large idle run (signal)"; echo; cat "$OUT/idle-large.md"; echo; }
  [[ -f "$OUT/sessions.md" ]] && { echo "## Resumable sessions off and on"; echo; cat "$OUT/sessions.md"; echo; }
  for dialect in ${FAILOVER_DIALECTS//,/ }; do
    f="$OUT/failover/$dialect/report.md"
    [[ -f "$f" ]] && { echo "## Failover ($dialect)"; echo; sed 1,2d "$f"; echo; }
  done
  if [[ -d "$OUT/dialects" ]]; then
    java -jar "$LOADTEST_JAR" compare --out "$OUT/dialects" "$OUT"/dialects/*/ > /dev/null
    echo "## Other dialects (signal; the mailbox's ceiling, bare-mailbox, beside it)"; echo; cat "$OUT/dialects/compare.md"
  fi
  if [[ -f "$OUT/mailbox-ceiling/compare.md" ]]; then
    echo; echo "## Mailbox against its ceiling (bare-mailbox)"; echo; cat "$OUT/mailbox-ceiling/compare.md"
  fi
  echo; echo "## Command lines"; echo; echo '```'; cat "$OUT/commands.txt"; echo '```'
} > "$OUT/summary.md"
log "summary: $OUT/summary.md"

# Sourced by bench/*.sh. gc_pauses GC_LOG REPORT_JSON STARTED: the collector's pauses in a run's
# measured window as "count | p99 ms | max ms", from a log written with
# -Xlog:gc,gc+phases:file=GC_LOG:uptime ("[31.2s]... Pause Young (Allocation Failure) ... 1.234ms";
# ZGC's and Shenandoah's pauses are phases of their own, "Pause Mark Start 0.012ms"). STARTED is
# when the JVM was launched (date +%s.%N); the window starts at the first "measure" sample of the
# generator's timeline, counted from the generator's start (startedAt in REPORT_JSON).
gc_pauses() {
  local log=$1 report=$2 started=$3 from
  from=$(jq -r --arg s "$started" '(.startedAt | split(".")) as $p
    | ($p[0] + "Z" | fromdateiso8601) + ("0." + ($p[1] | rtrimstr("Z")) | tonumber)
      + ([.timeline[] | select(.phase == "measure") | .t] | min) - 1 - ($s | tonumber)' "$report")
  grep -E 'Pause' "$log" | awk -v from="$from" '{ t = substr($1, 2) + 0 } t >= from' \
    | grep -oE '[0-9.]+ms$' | tr -d 'ms' | sort -n | awk '{ v[NR] = $1 }
    END { if (!NR) { print "0 | - | -"; exit } i = int(NR * 0.99); if (i < NR * 0.99) i++; printf "%d | %.2f | %.2f", NR, v[i], v[NR] }'
}

#!/bin/bash
# Container entry point: java with a direct-memory ceiling of a quarter of the container's memory
# limit, beside the heap's half (docs/production.md "The image"), so heap plus Netty's buffers stay
# inside the limit. A MaxDirectMemorySize already in JDK_JAVA_OPTIONS wins; without a limit the
# JVM's default (the heap's maximum) applies.
set -u
options=()
if [[ "${JDK_JAVA_OPTIONS:-}" != *MaxDirectMemorySize* ]]; then
  limit=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || echo max)
  # cgroup v1 reports "no limit" as a number near 2^63.
  if [[ "$limit" =~ ^[0-9]+$ ]] && (( limit < (1 << 50) )); then
    options+=("-XX:MaxDirectMemorySize=$(( limit / 4 ))")
  fi
fi
exec java "${options[@]}" -jar /app/signal-server.jar "$@"

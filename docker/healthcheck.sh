#!/bin/bash
# Container HEALTHCHECK: GET /healthz on the admin listener, healthy on status 200 only.
# Uses bash's /dev/tcp so the image needs neither curl nor wget. The port follows
# SIGNALS_HEALTHZ_ADDR (HOST:PORT, default 8090); with the admin listener off there is no check.
set -u
addr="${SIGNALS_HEALTHZ_ADDR:-0.0.0.0:8090}"
if [ "$addr" = "off" ]; then
  exit 0
fi
port="${addr##*:}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
IFS= read -r -t 2 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "unhealthy: ${status%$'\r'}"; exit 1 ;;
esac

#!/usr/bin/env bash
# The whole test suite, as README.md documents it. Installs the system packages the tests use
# (real Redis, headless Chromium, coturn) when they are missing, then runs every module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
command -v openssl >/dev/null 2>&1 || packages+=(openssl)   # the rediss:// test makes a certificate
# The browser tests drive Debian's Chromium through Debian's chromedriver (same source package,
# so their versions always match).
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || packages+=(chromium-driver)
# The TURN tests check issued credentials against a real coturn (turnserver).
command -v turnserver >/dev/null 2>&1 || packages+=(coturn)
if ((${#packages[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${packages[*]} (install them, or run as root)" >&2
    exit 1
  fi
  echo "installing: ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

exec ./mvnw -B -ntp verify "$@"

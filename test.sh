#!/usr/bin/env bash
# Runs every test. It first makes sure what the tests need is there, installing it when it can,
# and fails (never skips) when something cannot be had:
#   - Node.js 20 or later, for the JavaScript language workers (Debian package nodejs).
set -euo pipefail
cd "$(dirname "$0")"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if ! command -v node >/dev/null 2>&1 || [ "$(node_major)" -lt 20 ]; then
  echo "test.sh: Node.js 20+ is missing; installing the Debian package nodejs" >&2
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs >/dev/null || {
      apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs >/dev/null; }
  fi
  if ! command -v node >/dev/null 2>&1 || [ "$(node_major)" -lt 20 ]; then
    echo "test.sh: Node.js 20 or later is required (apt-get install nodejs) and could not be installed." >&2
    exit 1
  fi
fi

dotnet test JobRuntime.sln "$@"

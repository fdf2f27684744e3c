#!/usr/bin/env bash
# Runs every test. It first makes sure what the tests need is there, installing it when it can,
# and fails (never skips) when something cannot be had:
#   - Node.js 20 or later, for the JavaScript language workers (Debian package nodejs);
#   - Chromium, for the web console's browser tests (Debian package chromium; Playwright drives it);
#   - PostgreSQL (Debian package postgresql) and Azurite (npm), started on free loopback ports by
#     scripts/test-services.sh for the cluster profiles' tests, and stopped at the end.
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

if ! [ -x /usr/bin/chromium ]; then
  echo "test.sh: Chromium is missing; installing the Debian package chromium" >&2
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null || {
      apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null; }
  fi
  if ! [ -x /usr/bin/chromium ]; then
    echo "test.sh: Chromium is required for the console tests (apt-get install chromium) and could not be installed." >&2
    exit 1
  fi
fi

scripts/test-services.sh start
# shellcheck disable=SC1091
source .test-services.env

# The runner's own summary is one line per test project; the last line adds them up.
log=$(mktemp)
trap 'rm -f "$log"; scripts/test-services.sh stop' EXIT
# The solution is built once; then each test project runs on its own, one after another. Run in
# parallel, the projects' silo processes crowd each other on a 2-core machine, and a kill -9 test
# of a client's durable stream subscription stops receiving (see the issue notes).
set +e
dotnet build JobRuntime.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ]; then
  for project in tests/*/*.Tests.csproj; do
    dotnet test "$project" --no-build "$@" 2>&1 | tee -a "$log"
    project_status=${PIPESTATUS[0]}
    [ "$project_status" -ne 0 ] && status=$project_status
  done
fi
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
echo "$passed passed, $failed failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"

#!/usr/bin/env bash
# Starts (or stops) the servers the tests run against, on free loopback ports:
#   - PostgreSQL from the machine's Debian packages (initdb/pg_ctl in a fresh temporary cluster);
#   - Azurite, the Azure Storage emulator, from npm (installed under .tools/ on first use).
# Installs what is missing when it can, and fails (never skips) when a server cannot start.
#
#   scripts/test-services.sh start   # writes .test-services.env: source it to get the variables
#   scripts/test-services.sh stop
#
# The variables the tests read:
#   JOBRUNTIME_TEST_POSTGRES       an Npgsql connection string to a superuser on the server
#   JOBRUNTIME_TEST_AZURE_STORAGE  an Azure Storage connection string naming Azurite's endpoints
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
env_file="$root/.test-services.env"
state_dir="$root/.tools/services"
azurite_version=3.35.0

fail() { echo "test-services: $*" >&2; exit 1; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

apt_install() {
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null 2>&1 || {
    apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null; }
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Runs a command as the unprivileged user that owns the cluster (initdb refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    echo "test-services: PostgreSQL is missing; installing the Debian package postgresql" >&2
    apt_install postgresql || true
  fi
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || fail "PostgreSQL (Debian package postgresql) is required and could not be installed."
  local data="$state_dir/postgres" port; port=$(free_port)
  rm -rf "$data"; mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$data"
  as_pg "$bin/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --no-sync >"$state_dir/postgres-initdb.log" 2>&1 \
    || fail "initdb failed: $(tail -5 "$state_dir/postgres-initdb.log")"
  as_pg "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
    || fail "PostgreSQL did not start on 127.0.0.1:$port: $(tail -5 "$data/server.log")"
  echo "export JOBRUNTIME_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'" >>"$env_file"
}

start_azurite() {
  local dir="$root/.tools/azurite"
  if [ ! -x "$dir/node_modules/.bin/azurite" ]; then
    echo "test-services: installing Azurite $azurite_version from npm" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "azurite@$azurite_version" >/dev/null \
      || fail "Azurite could not be installed from npm."
  fi
  local blob queue table; blob=$(free_port); queue=$(free_port); table=$(free_port)
  local log="$state_dir/azurite.log"
  nohup "$dir/node_modules/.bin/azurite" --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$log" 2>&1 &
  echo $! >"$state_dir/azurite.pid"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$queue") 2>/dev/null; then
      local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
      local account=devstoreaccount1
      echo "export JOBRUNTIME_TEST_AZURE_STORAGE='DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/$account;QueueEndpoint=http://127.0.0.1:$queue/$account;TableEndpoint=http://127.0.0.1:$table/$account;'" >>"$env_file"
      return 0
    fi
    kill -0 "$(cat "$state_dir/azurite.pid")" 2>/dev/null || fail "Azurite exited: $(tail -5 "$log")"
    sleep 0.2
  done
  fail "Azurite did not listen on 127.0.0.1:$table within 20 s: $(tail -5 "$log")"
}

stop() {
  if [ -f "$state_dir/azurite.pid" ]; then
    kill "$(cat "$state_dir/azurite.pid")" 2>/dev/null || true
    rm -f "$state_dir/azurite.pid"
  fi
  if [ -d "$state_dir/postgres/db" ] && [ -n "$(pg_bin)" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$state_dir/postgres/db" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -f "$env_file"
}

case "${1:-}" in
  start)
    stop
    mkdir -p "$state_dir"
    [ "$(id -u)" -eq 0 ] && chmod 755 "$root/.tools" "$state_dir"
    : >"$env_file"
    start_postgres
    start_azurite
    echo "test-services: PostgreSQL and Azurite are up; source $(basename "$env_file") for their addresses" >&2
    ;;
  stop) stop ;;
  *) fail "usage: scripts/test-services.sh start|stop" ;;
esac

#!/usr/bin/env bash
# Builds (once, cached) and starts FerretDB v1.24.2 on loopback.
#
#   scripts/ferretdb.sh build            -> prints the path of the cached binary
#   scripts/ferretdb.sh start DIR        -> SQLite handler, data and state under DIR, prints "PID PORT"
#   scripts/ferretdb.sh start-pg DIR     -> a throwaway PostgreSQL cluster (scripts/postgres.sh) under
#                                           DIR/pg and the PostgreSQL handler on it, prints "PID PORT"
#   scripts/ferretdb.sh stop DIR         -> stops whatever start/start-pg started under DIR
#
# `handler` prints the handler tests use by default: FERRETDB_HANDLER if set (postgresql|sqlite),
# else postgresql where PostgreSQL's server binaries are found, else sqlite.
#
# Why not plain `go install ...@v1.24.2`: the module as published lacks build/version/version.txt,
# and a binary built that way panics at start ("Invalid build/version/version.txt"). We build the
# very same module version from the Go module cache with that one file added, and with
# scripts/ferretdb-id-index.patch applied.
set -euo pipefail
VERSION=v1.24.2
CACHE_DIR="${FERRETDB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dan-van-bot}"
# Our one patch to the pinned source (see the file): `_id` lookups and updates use the `_id` index
# on both handlers. The binary's name carries the patch's hash, so a changed patch is rebuilt.
# FERRETDB_UNPATCHED=1 builds/uses the release as published (to measure what the patch changes).
PATCH="$(cd "$(dirname "$0")" && pwd)/ferretdb-id-index.patch"
if [ "${FERRETDB_UNPATCHED:-}" = 1 ]; then
  BIN="$CACHE_DIR/ferretdb-$VERSION"
else
  BIN="$CACHE_DIR/ferretdb-$VERSION-$(sha256sum "$PATCH" | cut -c1-12)"
fi

build() {
  if [ -x "$BIN" ]; then echo "$BIN"; return 0; fi
  command -v go >/dev/null || { echo "ferretdb.sh: the Go toolchain is needed to build FerretDB (apt-get install golang)" >&2; exit 3; }
  echo "ferretdb.sh: building FerretDB $VERSION (first time only, about a minute)..." >&2
  mkdir -p "$CACHE_DIR"
  local src tmp
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$src" ] || { echo "ferretdb.sh: could not download the FerretDB module" >&2; exit 3; }
  tmp=$(mktemp -d)
  cp -r "$src/." "$tmp/"
  chmod -R u+w "$tmp"
  echo "$VERSION" > "$tmp/build/version/version.txt"
  if [ "${FERRETDB_UNPATCHED:-}" != 1 ]; then
    (cd "$tmp" && git apply --unsafe-paths -p1 "$PATCH") || { echo "ferretdb.sh: $PATCH does not apply" >&2; rm -rf "$tmp"; exit 3; }
  fi
  (cd "$tmp" && GOFLAGS=-buildvcs=false go build -o "$BIN.tmp" ./cmd/ferretdb) >&2
  mv "$BIN.tmp" "$BIN"
  rm -rf "$tmp"
  echo "$BIN"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Starts FerretDB with the given handler arguments, waits for its port, prints "PID PORT".
run_ferretdb() {
  local dir="$1" bin port pid
  shift
  bin=$(build)
  mkdir -p "$dir"
  port=$(free_port)
  "$bin" "$@" --state-dir="$dir" \
    --listen-addr="127.0.0.1:$port" --debug-addr="127.0.0.1:0" --telemetry=disable \
    --log-level=warn >"$dir/ferretdb.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/ferretdb.pid"
  for _ in $(seq 1 100); do
    if node -e 'const c=require("net").connect(+process.argv[1],"127.0.0.1",()=>{c.end();process.exit(0)});c.on("error",()=>process.exit(1))' "$port" 2>/dev/null; then
      echo "$pid $port"; return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/ferretdb.log" >&2; stop "$dir"; exit 4; }
    sleep 0.1
  done
  echo "ferretdb.sh: FerretDB did not accept connections in 10 s" >&2
  stop "$dir"
  exit 4
}

start() {
  local dir="$1"
  mkdir -p "$dir"
  run_ferretdb "$dir" --handler=sqlite --sqlite-url="file:$dir/"
}

start_pg() {
  local dir="$1" here pg_pid pg_url
  here=$(dirname "$0")
  build >/dev/null
  mkdir -p "$dir"
  chmod 711 "$dir" # the cluster's unprivileged user must reach DIR/pg
  read -r pg_pid pg_url < <(bash "$here/postgres.sh" start "$dir/pg" | tail -n 1) || true
  [ -n "${pg_url:-}" ] || { echo "ferretdb.sh: PostgreSQL did not start" >&2; exit 4; }
  run_ferretdb "$dir" --handler=postgresql --postgresql-url="$pg_url"
}

stop() {
  local dir="$1" pid
  if [ -f "$dir/ferretdb.pid" ]; then
    pid=$(cat "$dir/ferretdb.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/ferretdb.pid"
  fi
  if [ -d "$dir/pg" ]; then bash "$(dirname "$0")/postgres.sh" stop "$dir/pg"; fi
}

handler() {
  case "${FERRETDB_HANDLER:-}" in
    postgresql|sqlite) echo "$FERRETDB_HANDLER" ;;
    "") if bash "$(dirname "$0")/postgres.sh" available >/dev/null 2>&1; then echo postgresql; else echo sqlite; fi ;;
    *) echo "ferretdb.sh: FERRETDB_HANDLER must be postgresql or sqlite" >&2; exit 2 ;;
  esac
}

case "${1:-}" in
  build) build ;;
  start) start "${2:?usage: ferretdb.sh start DIR}" ;;
  start-pg) start_pg "${2:?usage: ferretdb.sh start-pg DIR}" ;;
  stop) stop "${2:?usage: ferretdb.sh stop DIR}" ;;
  handler) handler ;;
  *) echo "usage: ferretdb.sh build | start DIR | start-pg DIR | stop DIR | handler" >&2; exit 2 ;;
esac

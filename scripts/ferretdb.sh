#!/usr/bin/env bash
# Builds (once, cached) and starts FerretDB v1.24.2 on loopback with the SQLite handler.
#
#   scripts/ferretdb.sh build            -> prints the path of the cached binary
#   scripts/ferretdb.sh start DIR        -> starts it with state under DIR, prints "PID PORT"
#
# Why not plain `go install ...@v1.24.2`: the module as published lacks build/version/version.txt,
# and a binary built that way panics at start ("Invalid build/version/version.txt"). We build the
# very same module version from the Go module cache with that one file added.
set -euo pipefail
VERSION=v1.24.2
CACHE_DIR="${FERRETDB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dan-van-bot}"
BIN="$CACHE_DIR/ferretdb-$VERSION"

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
  (cd "$tmp" && GOFLAGS=-buildvcs=false go build -o "$BIN.tmp" ./cmd/ferretdb) >&2
  mv "$BIN.tmp" "$BIN"
  rm -rf "$tmp"
  echo "$BIN"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local dir="$1" bin port pid
  bin=$(build)
  mkdir -p "$dir"
  port=$(free_port)
  "$bin" --handler=sqlite --sqlite-url="file:$dir/" --state-dir="$dir" \
    --listen-addr="127.0.0.1:$port" --debug-addr="127.0.0.1:0" --telemetry=disable \
    --log-level=warn >"$dir/ferretdb.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    if node -e 'const c=require("net").connect(+process.argv[1],"127.0.0.1",()=>{c.end();process.exit(0)});c.on("error",()=>process.exit(1))' "$port" 2>/dev/null; then
      echo "$pid $port"; return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/ferretdb.log" >&2; exit 4; }
    sleep 0.1
  done
  echo "ferretdb.sh: FerretDB did not accept connections in 10 s" >&2
  kill "$pid" 2>/dev/null || true
  exit 4
}

case "${1:-}" in
  build) build ;;
  start) start "${2:?usage: ferretdb.sh start DIR}" ;;
  *) echo "usage: ferretdb.sh build | start DIR" >&2; exit 2 ;;
esac

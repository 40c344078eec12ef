#!/usr/bin/env bash
# Starts a throwaway FerretDB (built once and cached by scripts/ferretdb.sh), runs the given
# command (default: npm test) with MONGODB_URI pointing at it, and always stops it.
#
# The handler: FERRETDB_HANDLER=postgresql|sqlite, by default postgresql where PostgreSQL's server
# binaries are found (a throwaway cluster from scripts/postgres.sh, stopped with FerretDB), else
# sqlite. FERRETDB_HANDLER=sqlite runs against what `npm start` embeds.
set -euo pipefail
cd "$(dirname "$0")/.."
handler=$(bash scripts/ferretdb.sh handler)
dir=$(mktemp -d)
cleanup() { bash scripts/ferretdb.sh stop "$dir" || true; rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ "$handler" = postgresql ]; then
  read -r pid port < <(bash scripts/ferretdb.sh start-pg "$dir" | tail -n 1) || true
else
  read -r pid port < <(bash scripts/ferretdb.sh start "$dir" | tail -n 1) || true
fi
[ -n "${port:-}" ] || { echo "test-db.sh: FerretDB did not start" >&2; exit 4; }
export MONGODB_URI="mongodb://127.0.0.1:$port/"
export FERRETDB_HANDLER="$handler"
echo "FerretDB ($handler handler) on 127.0.0.1:$port (pid $pid)" >&2
if [ "$#" -gt 0 ]; then "$@"; else npm test; fi

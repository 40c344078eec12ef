#!/usr/bin/env bash
# Starts a throwaway FerretDB (built once and cached by scripts/ferretdb.sh), runs the given
# command (default: npm test) with MONGODB_URI pointing at it, and always stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
read -r pid port < <(bash scripts/ferretdb.sh start "$dir" | tail -n 1)
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
export MONGODB_URI="mongodb://127.0.0.1:$port/"
echo "FerretDB on 127.0.0.1:$port (pid $pid)" >&2
if [ "$#" -gt 0 ]; then "$@"; else npm test; fi

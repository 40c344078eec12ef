#!/usr/bin/env bash
# bench:cadres on both FerretDB handlers in one run, one after the other, each on a throwaway
# server from scripts/test-db.sh (PostgreSQL: a throwaway cluster too), with the same settings
# (BENCH_CADRES, BENCH_ROUNDS, BENCH_WARMUP). Exits non-zero if either run fails its checks.
set -euo pipefail
cd "$(dirname "$0")/.."
rc=0
for handler in postgresql sqlite; do
  echo "### FerretDB 1.24.2, $handler handler"
  echo
  FERRETDB_HANDLER=$handler bash scripts/test-db.sh npx tsx bench/cadres.bench.ts || rc=1
  echo
done
exit $rc

#!/usr/bin/env bash
# Generates a province's unit tree and old-to-new mapping from the maintained Python datasets,
# in a throwaway virtual environment (removed afterwards; never a dependency of the bot).
#   bash scripts/units/generate.sh "An Giang" --prefix ag --out-dir src/templates
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$(mktemp -d "${TMPDIR:-/tmp}/dvk-units.XXXXXX")"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  'vietnam-provinces==2025.10.1' 'vietnamadminunits==1.0.4'
"$venv/bin/python" "$here/generate.py" "$@"

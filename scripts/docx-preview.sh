#!/usr/bin/env bash
# The first page of a Word file as a PNG, to look at a generated document next to a real one:
#   bash scripts/docx-preview.sh FILE.docx [OUT.png]     (default: FILE.png beside the document)
# Needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui, or libreoffice-writer) and
# pdftoppm (poppler-utils). The document is converted to PDF headless, in a throwaway profile so a
# running LibreOffice is not disturbed, then page 1 is rendered at 110 dpi. CI does not run this.
set -euo pipefail
in="${1:?usage: scripts/docx-preview.sh FILE.docx [OUT.png]}"
out="${2:-${in%.docx}.png}"
soffice="$(command -v soffice || command -v libreoffice || true)"
[ -n "$soffice" ] || { echo "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "pdftoppm is not installed (apt-get install poppler-utils)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$soffice" -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$work" "$in" >/dev/null
pdf="$work/$(basename "${in%.docx}").pdf"
[ -s "$pdf" ] || { echo "LibreOffice made no PDF of $in" >&2; exit 1; }
pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$pdf" "$work/page"
mv "$work/page.png" "$out"
echo "$out"

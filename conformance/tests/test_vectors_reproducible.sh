#!/bin/bash
# The generator is deterministic and the committed vectors are its output:
# regenerate into a scratch directory and compare every file's sha256, size,
# generator, path and coverage text with vectors/MANIFEST (the `agrees` column
# is kept by the generator only when the bytes are unchanged, so it may differ
# in a fresh directory and is not compared).
# usage: test_vectors_reproducible.sh MXCTS VECTORS_DIR WORK_DIR
set -euo pipefail
mxcts=$1 src=$2 work=$3/vectors-regen
rm -rf "$work"
"$mxcts" vectors generate --out "$work" >/dev/null
if ! diff <(grep -v '^#' "$src/MANIFEST" | cut -f1-5) <(grep -v '^#' "$work/MANIFEST" | cut -f1-5); then
    echo "FAIL: regenerated vectors differ from $src/MANIFEST (lines above: < committed, > regenerated)"
    exit 1
fi
echo "vectors regenerate: $(grep -vc '^#' "$work/MANIFEST") files identical to $src/MANIFEST"
rm -rf "$work"

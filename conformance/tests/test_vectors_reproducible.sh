#!/bin/bash
# The generator is deterministic and the committed vectors are its output:
# regenerate into a scratch directory and compare every file's sha256, size,
# generator, path and coverage text with vectors/MANIFEST (the `agrees` column
# is kept by the generator only when the bytes are unchanged, so it may differ
# in a fresh directory and is not compared). Also `mxcts vectors list`: it
# prints the committed MANIFEST and exits 0, and a missing directory is an
# error with a message.
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

# `vectors list DIR`: one line per file, "PATH  SIZE bytes  GENERATOR  SHA256". The expected line is
# typed from vectors/MANIFEST's decode/e4m3.vec row (sha256 45dbb298..., 3588 bytes; `sha256sum
# vectors/decode/e4m3.vec` and `stat -c %s` give the same). The summary line must count the
# MANIFEST's non-comment lines and give the MANIFEST's own sha256 as coreutils computes it.
list=$("$mxcts" vectors list "$src")
want='decode/e4m3.vec  3588 bytes  mxcts-vectors/1  45dbb298a987b2ca5e0b88dfe407ce6d4a407f2cc27e73aca8034555969c8c40'
if ! grep -qxF "$want" <<<"$list"; then
    echo "FAIL: vectors list lacks the line [$want]"
    exit 1
fi
nfiles=$(grep -vc '^#' "$src/MANIFEST")
msha=$(sha256sum "$src/MANIFEST" | cut -d' ' -f1)
if ! grep -q "^$nfiles files, [0-9]* bytes; MANIFEST sha256 $msha\$" <<<"$list"; then
    echo "FAIL: vectors list summary is not '$nfiles files, ... MANIFEST sha256 $msha': $(tail -1 <<<"$list")"
    exit 1
fi
echo "vectors list: decode/e4m3.vec with its sha256, $nfiles files, MANIFEST sha256 $msha"
# a directory that does not exist: non-zero exit, nothing on stdout, the path named on stderr
missing=$3/no-such-vectors-dir
if [ -e "$missing" ]; then
    echo "FAIL: $missing exists; it must not for this check"
    exit 1
fi
rc=0
"$mxcts" vectors list "$missing" >"$3/vectors-list.out" 2>"$3/vectors-list.err" || rc=$?
if [ "$rc" = 0 ] || [ -s "$3/vectors-list.out" ] ||
   [ "$(cat "$3/vectors-list.err")" != "mxcts vectors list: $missing/MANIFEST: cannot open" ]; then
    echo "FAIL: vectors list $missing: exit $rc, stdout [$(cat "$3/vectors-list.out")], stderr [$(cat "$3/vectors-list.err")]"
    exit 1
fi
echo "vectors list of a missing directory: exit $rc, '$(cat "$3/vectors-list.err")'"
rm -f "$3/vectors-list.out" "$3/vectors-list.err"

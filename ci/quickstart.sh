#!/usr/bin/env bash
# Quick start, step 1: install what is needed, build, and run the main job
# (for now: a demonstration of `mxcts encode` / `mxcts decode`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
M=build/conformance/mxcts
echo "== mxcts $($M --version | cut -d' ' -f2): OCP E4M3 around its overflow boundary (RNE, sat and nonsat)"
echo "   448 464 464.00003 1e9 inf -> sat:"; $M encode e4m3 448 464 464.00003 1e9 inf | paste -sd' '
echo "   the same, nonsat:"; $M encode e4m3 --overflow nonsat 448 464 464.00003 1e9 inf | paste -sd' '
echo "== decode: E4M3 0x7e 0x7f (NaN, never 480), E8M0 0x00 (2^-127) and 0xff (NaN)"
$M decode e4m3 0x7e 0x7f
$M decode e8m0 0x00 0xff
echo "== FP4 ties go to even: 0.25 1.25 2.5 5.0 ->"; $M encode e2m1 0.25 1.25 2.5 5.0 | paste -sd' '
echo "== mxcts run: conformance of the kernel library on the best backend found (hip if a GPU is visible, else cpu), smoke level"
$M run --level smoke | tail -4

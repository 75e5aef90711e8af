#!/usr/bin/env bash
# Line coverage (gcov + lcov) of reference/, kernels/ (CPU parts: hip/ left
# out) and conformance/, from the quick tests in the coverage preset
# (build-cov/, -O1 --coverage). Gates: reference/ >= 90 % of lines, all three
# together >= 80 %. HTML report: out/coverage/index.html; summary:
# out/coverage/summary.txt. Test code (*/tests/*) is not counted.
# The long reference sweeps (same list as ci/sanitizers.sh) are left out:
# they add run time, not lines.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
REF_MIN=${REF_MIN:-90}
ALL_MIN=${ALL_MIN:-80}
HEAVY='^(ref_quick_f16_bf16|ref_quick_random|ref_quick_f64|ref_determinism|ref_quick_sweep_sample|crosscheck_ml_dtypes)$'
OUT=out/coverage
cmake --preset coverage >/dev/null
cmake --build build-cov -j2 >/dev/null
lcov -q --zerocounters -d build-cov
# Test failures are the quick workflow's verdict; here they only matter for
# the lines they reach, so a failing test is reported and coverage goes on.
(cd build-cov && ctest -L quick -E "$HEAVY" -j2 --timeout 1500 >ctest-coverage.log 2>&1) \
  || { echo "coverage: some tests failed (see build-cov/ctest-coverage.log):"; grep -E '\*\*\*|Failed' build-cov/ctest-coverage.log || true; }
rm -rf "$OUT"; mkdir -p "$OUT"
info=build-cov/coverage.info
lcov -q -c -d build-cov -o $info.raw 2>/dev/null
src=$(pwd)
lcov -q -e $info.raw "$src/reference/*" "$src/kernels/*" "$src/conformance/*" -o $info.sel
lcov -q -r $info.sel '*/tests/*' "$src/kernels/hip/*" -o $info
pct() { lcov --summary "$1" 2>&1 | sed -n 's/.*lines\.*: *\([0-9.]*\)%.*/\1/p'; }
{
  for d in reference kernels conformance; do
    lcov -q -e $info "$src/$d/*" -o build-cov/cov-$d.info
    printf '%-12s %6s %% of lines\n' "$d/" "$(pct build-cov/cov-$d.info)"
  done
  printf '%-12s %6s %% of lines\n' "all" "$(pct $info)"
} | tee "$OUT/summary.txt"
genhtml -q --title "mxcts coverage (quick tests)" -o "$OUT" $info >/dev/null
ref=$(pct build-cov/cov-reference.info); all=$(pct $info)
ok=1
awk -v v="$ref" -v m="$REF_MIN" 'BEGIN{exit !(v>=m)}' || { echo "coverage: FAIL reference/ $ref % < $REF_MIN %"; ok=0; }
awk -v v="$all" -v m="$ALL_MIN" 'BEGIN{exit !(v>=m)}' || { echo "coverage: FAIL overall $all % < $ALL_MIN %"; ok=0; }
echo "coverage: report in $OUT/index.html ($(( $(date +%s) - t0 )) s)"
[[ $ok == 1 ]] && echo "coverage: gate passed (reference/ >= $REF_MIN %, all >= $ALL_MIN %)"
[[ $ok == 1 ]]

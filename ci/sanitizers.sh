#!/usr/bin/env bash
# Sanitizer checks (issue 7).
#  asan: gcc with AddressSanitizer + UndefinedBehaviorSanitizer (preset asan,
#        build-asan/) running the quick tests except the long reference
#        sweeps named in HEAVY (they repeat the same code paths over millions
#        of inputs; the full quick label under ASan+UBSan is in docs/HARDENING.md).
#  tsan: clang-14 with ThreadSanitizer (preset tsan, build-tsan/) running the
#        concurrency test; OpenMP synchronisation is made visible to TSan by
#        LLVM's Archer tool (libomp's OMPT interface).
# Usage: ci/sanitizers.sh [asan|tsan|all] (default all); ASAN_FULL=1 runs every quick test.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
HEAVY='^(ref_quick_f16_bf16|ref_quick_random|ref_quick_f64|ref_determinism|ref_quick_sweep_sample|crosscheck_ml_dtypes)$'

if [[ $what == asan || $what == all ]]; then
  t0=$(date +%s)
  cmake --preset asan >/dev/null
  cmake --build build-asan -j2 >/dev/null
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  excl=$HEAVY
  [[ ${ASAN_FULL:-0} == 1 ]] && excl='^$'
  # cli_run runs plugins that crash on purpose in forked children: ASan must
  # leave SIGSEGV to the runner (which reports it) there, so it runs apart.
  (cd build-asan && ctest -L quick -E "$excl|^cli_run$" -j2 --output-on-failure --timeout 1500)
  (cd build-asan && ASAN_OPTIONS=$ASAN_OPTIONS:handle_segv=0 ctest -R '^cli_run$' --output-on-failure --timeout 1500)
  echo "sanitizers: asan+ubsan quick tests passed ($(( $(date +%s) - t0 )) s)"
fi

if [[ $what == tsan || $what == all ]]; then
  t0=$(date +%s)
  archer=$(ls /usr/lib/llvm-14/lib/libarcher.so 2>/dev/null || true)
  [[ -n $archer ]] || { echo "sanitizers: libarcher.so (libomp-14-dev) missing"; exit 1; }
  cmake --preset tsan >/dev/null
  cmake --build build-tsan -j2 --target test_concurrency >/dev/null
  OMP_TOOL_LIBRARIES=$archer TSAN_OPTIONS="ignore_noninstrumented_modules=1 halt_on_error=1 exitcode=66" \
    build-tsan/kernels/tests/test_concurrency 3
  echo "sanitizers: tsan concurrency test passed ($(( $(date +%s) - t0 )) s)"
fi

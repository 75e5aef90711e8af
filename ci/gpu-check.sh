#!/usr/bin/env bash
# GPU check of the kernel library on an NVIDIA GPU (the H100 of the device
# tool): builds the HIP sources through nvcc (sm_90), checks the SASS of the
# sm_90 hardware conversion path, runs the quick GPU tests under
# compute-sanitizer memcheck, racecheck and initcheck, then the full bit-exact checks (every f32 input
# for every format x rounding x overflow; MX quantise/dequantise of 2^28
# elements). Prints a summary; exit 0 only when everything passed.
#   ci/gpu-check.sh [build-dir]      (GPU_CHECK_SECONDS: wall budget, default 580: the exhaustive conversion sweep needs ~270 s of it after the GEMM, sanitizer and sabotage steps; the device tool allows 600 s a command)
set -u -o pipefail
cd "$(dirname "$0")/.."
B=${1:-build-gpu}
T0=$(date +%s)
DEADLINE=$((T0 + ${GPU_CHECK_SECONDS:-580}))
LOG=${OUT:-/tmp}/gpu-check.log
: > "$LOG"
say() { echo "$*" | tee -a "$LOG"; }
export PATH=/usr/local/cuda/bin:$PATH
say "== gpu-check $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee -a "$LOG"
nvcc --version | tail -1 | tee -a "$LOG"
say "host: $(nproc) cores"

mkdir -p "$B"
# Sabotaged copies (built beside the real one): the TMA GEMM with one wrong
# factor offset, the TMA GEMM's split-K sum without its second partial, the
# TMA GEMV with a wrong swizzle; the GEMM parts that reach
# those kernels must fail on them (else the tests do not reach the kernels)
SAB=$(mktemp -d)
sab_build() { # sab_build NAME FILE SED-EXPR
  mkdir -p "$SAB/$1" && tar --exclude='./build*' -cf - . | tar -xf - -C "$SAB/$1" &&
  sed -i "$3" "$SAB/$1/kernels/hip/$2" && ! cmp -s "kernels/hip/$2" "$SAB/$1/kernels/hip/$2" &&
  cmake -S "$SAB/$1" -B "$SAB/$1/b" -DMXCTS_HIP_NVIDIA=ON -DMXCTS_CUDA_ARCH=90a -DCMAKE_BUILD_TYPE=Release >/dev/null 2>&1 &&
  cmake --build "$SAB/$1/b" -j4 --target test_gemm >"$SAB/$1.log" 2>&1
}
sab_build ws mxk_gemm_ws.h 's/    ws_fb(b, fbt, 0);/    ws_fb(b, fbt + 4 * 64, 0);/' & SAB_WS=$!
sab_build wss mxk_gemm_ws.h 's/        for (uint32_t q = 1; q < S; q++) {/        for (uint32_t q = 2; q < S; q++) {/' & SAB_WSS=$!
sab_build gt mxk_gemv_tma.h 's/(((2 \* (u \& 3) + (t >> 1)) ^ gq) << 4)/(((2 * (u \& 3) + (t >> 1)) ^ (gq >> 1)) << 4)/' & SAB_GT=$!
say "== build (nvcc, sm_90)"
cmake -S . -B "$B" -DMXCTS_HIP_NVIDIA=ON -DMXCTS_CUDA_ARCH=90a -DCMAKE_BUILD_TYPE=Release >"$B/cmake.log" 2>&1 \
  || { tail -30 "$B/cmake.log"; say "BUILD: configure FAILED"; exit 1; }
cmake --build "$B" -j"$(nproc)" --target test_kernels_gpu test_kernels_cpu test_gemm >"$B/build.log" 2>&1 \
  || { tail -40 "$B/build.log"; say "BUILD: FAILED"; exit 1; }
say "build: ok ($(( $(date +%s) - T0 )) s)"

rc=0
# sass_has OBJECT WHAT PATTERN...: every pattern occurs in the object's SASS
sass_has() {
  local obj=$1 what=$2 counts="" ok=1 p n
  shift 2
  [ -n "$obj" ] && command -v cuobjdump >/dev/null || return 0
  for p in "$@"; do
    n=$(cuobjdump -sass "$obj" | grep -cE "$p" || true)
    counts="$counts $p=$n"
    [ "$n" -gt 0 ] || ok=0
  done
  if [ $ok -eq 1 ]; then say "sass: $what:$counts: ok"; else say "sass: $what:$counts: FAIL"; rc=1; fi
}
# conversions: the sm_90 path must use the hardware SATFINITE converts
sass_has "$(find "$B" -name 'mxk_hip.hip.o' | head -1)" "sm_90 conversion path" \
  'F2FP\.SATFINITE\.E4M3' 'F2FP\.SATFINITE\.E5M2'
# GEMM family (issue 5): the sm_90a build must hold the warpgroup FP8 MMA
# (QGMMA, from wgmma m64n64k32 e4m3/e5m2) and tensor-core HMMAs (mma.sync:
# sm_90 runs the FP8 mma.sync forms as conversions + HMMA, no QMMA)
# The few-tile path reduces split-K partials through distributed shared
# memory of a cluster (cluster barriers: UCGABAR); the TMA kernels (large
# gemm_mx shapes, gemv M = 2..16) hold UTMALDG and SYNCS.PHASECHK, the
# warp-specialised GEMM also USETMAXREG.
sass_has "$(find "$B" -name 'mxk_gemm.hip.o' | head -1)" "GEMM sm_90a path" 'QGMMA' 'HMMA' 'UCGABAR' \
  'UTMALDG' 'USETMAXREG' 'SYNCS\.PHASECHK'

say "== GEMM family on the GPU (test_gemm --backend hip: every part, memcheck)"
timeout -s KILL 300 compute-sanitizer --tool memcheck --error-exitcode 9 "$B/kernels/tests/test_gemm" --backend hip \
  > "$B/gemm-memcheck.log" 2>&1
grc=$?
grep -E '^(test_gemm|exact|random|special|shapes|split|large|gemv|moe|gemm_fp8|linear|guards|FAIL)|checks|ERROR SUMMARY' \
  "$B/gemm-memcheck.log" | tee -a "$LOG"
[ $grc -eq 0 ] && say "gemm (memcheck): PASS" || { say "gemm (memcheck): FAILED (rc $grc)"; tail -20 "$B/gemm-memcheck.log"; rc=1; }
"$B/kernels/tests/test_gemm" --backend hip --big > "$B/gemm-big.log" 2>&1 \
  && say "gemm --big: PASS ($(tail -1 "$B/gemm-big.log"))" || { say "gemm --big: FAILED"; tail -20 "$B/gemm-big.log"; rc=1; }

# racecheck over the mbarrier pipelines (the TMA GEMM and the TMA GEMV: stage
# reuse after the consumers' "empty" arrivals, split-K partials through
# distributed shared memory)
timeout -s KILL 200 compute-sanitizer --tool racecheck --error-exitcode 9 "$B/kernels/tests/test_gemm" --backend hip \
  --only large,gemv > "$B/gemm-racecheck.log" 2>&1
grc=$?
grep -E 'RACECHECK SUMMARY|checks' "$B/gemm-racecheck.log" | tee -a "$LOG"
[ $grc -eq 0 ] && say "gemm large,gemv (racecheck): clean" \
  || { say "gemm large,gemv (racecheck): FAILED (rc $grc)"; tail -20 "$B/gemm-racecheck.log"; rc=1; }

# the sabotaged copies must fail the parts that reach their kernels
wait $SAB_WS $SAB_WSS $SAB_GT
for v in "ws large" "wss large" "gt gemv"; do
  set -- $v
  if [ ! -x "$SAB/$1/b/kernels/tests/test_gemm" ]; then
    say "sabotage $1: build FAILED"; rc=1
  elif timeout -s KILL 120 "$SAB/$1/b/kernels/tests/test_gemm" --backend hip --only "$2" >"$SAB/$1.run" 2>&1; then
    say "sabotage $1: NOT caught (the $2 part does not reach the kernel)"; rc=1
  else
    say "sabotage $1: caught by part $2 ($(grep -c FAIL "$SAB/$1.run") failures)"
  fi
done
rm -rf "$SAB"

say "== cpu backend tests (quick)"
"$B/kernels/tests/test_kernels_cpu" 2>&1 | tail -12 | tee -a "$LOG" || rc=1

say "== compute-sanitizer memcheck: test_kernels_gpu --quick"
if command -v compute-sanitizer >/dev/null; then
  compute-sanitizer --tool memcheck --leak-check full --error-exitcode 9 \
    "$B/kernels/tests/test_kernels_gpu" --quick > "$B/memcheck.log" 2>&1
  mrc=$?
  grep -E '^\[|ERROR SUMMARY|LEAK SUMMARY|checks,' "$B/memcheck.log" | tee -a "$LOG"
  [ $mrc -eq 0 ] && say "memcheck: clean" || { say "memcheck: FAILED (rc $mrc)"; tail -20 "$B/memcheck.log"; rc=1; }
else
  say "memcheck: compute-sanitizer not found"; rc=1
fi

# racecheck (shared-memory hazards) and initcheck (reads of uninitialised
# device memory) over the same quick GPU tests (issue 7).
for tool in racecheck initcheck; do
  say "== compute-sanitizer $tool: test_kernels_gpu --quick"
  command -v compute-sanitizer >/dev/null || { say "$tool: compute-sanitizer not found"; rc=1; continue; }
  compute-sanitizer --tool $tool --error-exitcode 9 \
    "$B/kernels/tests/test_kernels_gpu" --quick > "$B/$tool.log" 2>&1
  trc=$?
  grep -E 'ERROR SUMMARY|RACECHECK SUMMARY|checks,' "$B/$tool.log" | tee -a "$LOG"
  [ $trc -eq 0 ] && say "$tool: clean" || { say "$tool: FAILED (rc $trc)"; tail -20 "$B/$tool.log"; rc=1; }
done

left=$((DEADLINE - $(date +%s) - 15))
say "== full checks (budget ${left} s)"
"$B/kernels/tests/test_kernels_gpu" --full --budget "$left" 2>&1 | tee -a "$LOG"
[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
say "== gpu-check: $([ $rc -eq 0 ] && echo PASS || echo FAIL) ($(( $(date +%s) - T0 )) s)"
exit $rc

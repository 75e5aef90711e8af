#!/usr/bin/env bash
# A/B of the kernels' experiment knobs, each off by default until measured
# here (kernels/hip/mxk_gemm_ws.h: MXK_WS_FB4, MXK_WS_CHAIN,
# MXK_WS_PRODUCER_REGS; kernels/hip/mxk_gemm.hip: MXK_MOE_DECODE_FUSED) on an
# NVIDIA GPU with sm_90a (the H100 of the device tool): builds the default and
# each variant side by side, checks every variant first (test_gemm --backend
# hip, the parts that reach those kernels: large, split, moe), then times the
# large gemm_mx shapes and the MoE shapes with the builds alternating
# (default, variants, default, variants) and, with AB_NCU=1 where ncu is
# installed, profiles the TMA GEMM at 8192^3 once per build. A variant whose check fails
# is not timed. Everything goes to ${OUT:-.}/ab-*.
#   ci/gpu-ab.sh ["NAME=-DKNOB=V ..." ...]   (default: fb4, chain, the three TMA GEMM knobs together, moefused)
# AB_NCU=1 adds the ncu profiles; the second timing round is skipped past
# AB_BUDGET seconds (default 420: the device tool allows 600 s a command).
set -u -o pipefail
cd "$(dirname "$0")/.."
D=$(mkdir -p "${OUT:-.}" && cd "${OUT:-.}" && pwd)
LOG="$D/ab.log"
: > "$LOG"
say() { echo "$*" | tee -a "$LOG"; }
export PATH=/usr/local/cuda/bin:$PATH
T0=$(date +%s)
if [ $# -eq 0 ]; then
  set -- "fb4=-DMXK_WS_FB4=1" "chain=-DMXK_WS_CHAIN=1" \
         "ws3=-DMXK_WS_FB4=1 -DMXK_WS_CHAIN=1 -DMXK_WS_PRODUCER_REGS=24" "moefused=-DMXK_MOE_DECODE_FUSED=1"
fi
say "== gpu-ab $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname)"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader 2>&1 | tee -a "$LOG"
J=$(( $(nproc) / ($# + 1) )); [ "$J" -ge 1 ] || J=1
build() { # build NAME FLAGS
  cmake -S . -B "build-ab-$1" -DMXCTS_HIP_NVIDIA=ON -DMXCTS_CUDA_ARCH=90a -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CUDA_FLAGS=$2" >"$D/ab-$1.build.log" 2>&1 &&
  cmake --build "build-ab-$1" -j"$J" --target mxcts test_gemm >>"$D/ab-$1.build.log" 2>&1
}
names="default"
build default "" & pids=$!
for v in "$@"; do
  n=${v%%=*}; names="$names $n"
  build "$n" "${v#*=}" & pids="$pids $!"
done
wait $pids
say "builds done ($(( $(date +%s) - T0 )) s)"
ok=""
for n in $names; do
  t="build-ab-$n/kernels/tests/test_gemm"
  if [ -x "$t" ] && timeout -s KILL 120 "$t" --backend hip --only large,split,moe >"$D/ab-$n.test.log" 2>&1; then
    say "check $n: PASS ($(grep -E 'checks' "$D/ab-$n.test.log" | tail -1))"; ok="$ok $n"
  else
    say "check $n: FAILED (not timed)"; tail -5 "$D/ab-$n.test.log" 2>/dev/null | tee -a "$LOG"
  fi
done
SH="--shape 4096x4096x4096 --shape 8192x8192x8192 --shape 512x8192x8192 --shape 512x6144x2048 --shape 128x8192x8192"
for round in 1 2; do
  if [ "$round" -eq 2 ] && [ $(( $(date +%s) - T0 )) -gt "${AB_BUDGET:-420}" ]; then
    say "round 2 skipped: past the ${AB_BUDGET:-420} s budget"; break
  fi
  for n in $ok; do
    say "== round $round: $n"
    timeout -s KILL 60 "build-ab-$n/conformance/mxcts" bench gemm --backend hip $SH --reps 20 --peer none 2>&1 \
      | tee "$D/ab-$n.bench$round.txt" | grep -v '^#' | tee -a "$LOG"
    timeout -s KILL 90 "build-ab-$n/conformance/mxcts" bench moe --backend hip --shapes issue --reps 10 --peer none 2>&1 \
      | tee "$D/ab-$n.moe$round.txt" | grep -v '^#' | tee -a "$LOG"
  done
done
if [ "${AB_NCU:-0}" = 1 ] && command -v ncu >/dev/null; then
  for n in $ok; do
    timeout -s KILL 90 ncu --section SpeedOfLight --section WarpStateStats --section SchedulerStats \
      -k regex:gemm_ws_kernel -c 1 "build-ab-$n/conformance/mxcts" bench gemm --backend hip \
      --shape 8192x8192x8192 --reps 1 --peer none >"$D/ab-$n.ncu.txt" 2>&1
    say "== ncu $n: $(grep -E 'Issue Slots Busy|No Eligible|Duration' "$D/ab-$n.ncu.txt" | tr -s ' ' | tr '\n' ';')"
  done
fi
say "== gpu-ab done ($(( $(date +%s) - T0 )) s)"

#!/usr/bin/env bash
# AMD compile + ISA check of the HIP kernels (no AMD GPU here: every target
# is "compiled, not run").
#  - gfx908 gfx90a gfx942 gfx1100 gfx1200 gfx1201: Debian's clang-19 (+ lld-19),
#    installed with apt-get when missing.
#  - gfx950 (needs LLVM >= 20): clang 22 inside the PyPI wheel ziglang==0.17.0
#    (`zig clang`), assembled by it and linked with Debian's ld.lld-19 (zig's
#    own lld has no AMDGPU emulation). Without it: "no compiler here".
# Device-only builds without HIP headers or device libraries (-nogpuinc
# -nogpulib -DMXK_HIP_BARE; see kernels/hip/compat/mxk_hip_compat.h), so the
# ISA is exactly the kernels' own code. Asserts per target the instructions
# each dispatch path must use, prints a table; exit 1 if a required target
# fails. Idempotent; work files in ${AMD_CHECK_DIR:-build-amd}.
set -u -o pipefail
cd "$(dirname "$0")/.."
SRC=kernels/hip/mxk_hip.hip
W=${AMD_CHECK_DIR:-build-amd}
CACHE=${MXCTS_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mxcts}
mkdir -p "$W" "$CACHE"
LLVM=/usr/lib/llvm-19/bin
ZIGV=0.17.0

# ---- toolchains ----
if [ ! -x "$LLVM/clang++" ] || [ ! -x "$LLVM/ld.lld" ] || [ ! -x "$LLVM/llvm-readelf" ]; then
  echo "installing clang-19 lld-19 llvm-19 (Debian bookworm)"
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq >/dev/null && \
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang-19 lld-19 llvm-19 >/dev/null \
    || { echo "cannot install clang-19"; exit 1; }
fi
ZIG="$CACHE/ziglang-$ZIGV/ziglang/zig"
if [ ! -x "$ZIG" ]; then
  echo "fetching ziglang==$ZIGV from PyPI (clang 22 for gfx950)"
  rm -rf "$CACHE/ziglang-dl" && mkdir -p "$CACHE/ziglang-dl" && \
  timeout 300 python3 -m pip download -q --no-deps --only-binary=:all: "ziglang==$ZIGV" -d "$CACHE/ziglang-dl" \
    >/dev/null 2>&1 && \
  python3 -c "import zipfile,glob,sys; zipfile.ZipFile(glob.glob(sys.argv[1]+'/ziglang-*.whl')[0]).extractall(sys.argv[2])" \
    "$CACHE/ziglang-dl" "$CACHE/ziglang-$ZIGV" && chmod +x "$ZIG" || echo "ziglang not available"
fi

FLAGS="-x hip -std=c++17 -O3 -nogpuinc -nogpulib -DMXK_HIP_BARE --offload-device-only"
declare -A ROW

# required[target] / forbidden[target]: extended regexes on the assembly
common_req='ds_bpermute_b32'                    # wave-agnostic group-of-8 shuffle
common_forbid='__ockl|__ocml|s_swappc'           # no device-lib calls, no calls at all
declare -A REQ FORBID WAVE
REQ[gfx908]=''; FORBID[gfx908]='v_cvt_pk_(fp8|bf8)_f32|cvt_scalef32'; WAVE[gfx908]=64
REQ[gfx90a]=''; FORBID[gfx90a]='v_cvt_pk_(fp8|bf8)_f32|cvt_scalef32'; WAVE[gfx90a]=64
REQ[gfx942]='v_cvt_pk_fp8_f32 v_cvt_pk_bf8_f32 v_med3_f32'; FORBID[gfx942]='cvt_scalef32'; WAVE[gfx942]=64
REQ[gfx950]='v_cvt_scalef32_pk_fp8_f32 v_cvt_scalef32_pk_bf8_f32 v_med3_f32'; FORBID[gfx950]=''; WAVE[gfx950]=64
REQ[gfx1100]=''; FORBID[gfx1100]='v_cvt_pk_(fp8|bf8)_f32|cvt_scalef32'; WAVE[gfx1100]=32
REQ[gfx1200]='v_cvt_pk_fp8_f32 v_cvt_pk_bf8_f32 v_med3_num_f32|v_med3_f32'; FORBID[gfx1200]='cvt_scalef32'; WAVE[gfx1200]=32
REQ[gfx1201]='v_cvt_pk_fp8_f32 v_cvt_pk_bf8_f32 v_med3_num_f32|v_med3_f32'; FORBID[gfx1201]='cvt_scalef32'; WAVE[gfx1201]=32

isa_check() { # target asm -> prints failures, returns count
  local t=$1 s=$2 bad=0 r
  grep -q "\.amdgcn_target \"amdgcn-amd-amdhsa--$t" "$s" || { echo "    $t: wrong .amdgcn_target"; bad=$((bad+1)); }
  for r in $common_req ${REQ[$t]}; do
    grep -qE "$r" "$s" || { echo "    $t: missing $r"; bad=$((bad+1)); }
  done
  if grep -qE "$common_forbid" "$s"; then echo "    $t: has calls / device-lib references"; bad=$((bad+1)); fi
  if [ -n "${FORBID[$t]}" ] && grep -qE "${FORBID[$t]}" "$s"; then
    echo "    $t: uses $(grep -oE "${FORBID[$t]}" "$s" | sort -u | tr '\n' ' ')(not for this target)"; bad=$((bad+1)); fi
  local w32; w32=$(grep -m1 -oE '\.amdhsa_wavefront_size32 [01]' "$s" | awk '{print $2}')
  local w=64; [ "${w32:-0}" = 1 ] && w=32
  [ "$w" = "${WAVE[$t]}" ] || { echo "    $t: wave $w, expected ${WAVE[$t]}"; bad=$((bad+1)); }
  local nk; nk=$(grep -c '^\s*\.amdhsa_kernel ' "$s")
  [ "$nk" -ge 16 ] || { echo "    $t: only $nk kernels"; bad=$((bad+1)); }
  echo "    $t: wave$w, $nk kernels, $(grep -cE 'v_cvt_pk_(fp8|bf8)_f32|v_cvt_scalef32_pk_(fp8|bf8)_f32' "$s") hw fp8 cvt" >&2
  return $bad
}

fail=0
printf '%-8s %-26s %-12s %-10s %s\n' target compiler "code object" "ISA" status
for t in gfx908 gfx90a gfx942 gfx1100 gfx1200 gfx1201 gfx950; do
  s="$W/mxk_hip.$t.s"; co="$W/mxk_hip.$t.co"; log="$W/$t.log"
  comp="clang-19 (Debian)"; obj=FAILED; isa=-; st=""
  if [ "$t" = gfx950 ]; then
    comp="clang 22 (ziglang $ZIGV)"
    if [ ! -x "$ZIG" ]; then
      printf '%-8s %-26s %-12s %-10s %s\n' $t "-" - - "no compiler here (needs LLVM >= 20)"; continue
    fi
    if "$ZIG" clang $FLAGS --offload-arch=$t -S $SRC -o "$s" >"$log" 2>&1 && \
       "$ZIG" clang --target=amdgcn-amd-amdhsa -mcpu=$t -c "$s" -o "$W/mxk_hip.$t.o" >>"$log" 2>&1 && \
       "$LLVM/ld.lld" -shared "$W/mxk_hip.$t.o" -o "$co" >>"$log" 2>&1; then obj=ok; fi
  else
    # assembly, then object and code object without clang-offload-bundler
    if "$LLVM/clang++" $FLAGS --offload-arch=$t -S $SRC -o "$s" >"$log" 2>&1 && \
       "$LLVM/clang" --target=amdgcn-amd-amdhsa -mcpu=$t -c "$s" -o "$W/mxk_hip.$t.o" >>"$log" 2>&1 && \
       "$LLVM/ld.lld" -shared "$W/mxk_hip.$t.o" -o "$co" >>"$log" 2>&1; then obj=ok; fi
  fi
  if [ "$obj" = ok ]; then
    hdr=$("$LLVM/llvm-readelf" -h "$co" 2>/dev/null)
    case "$hdr" in *EM_AMDGPU*) ;; *) obj="not AMDGPU" ;; esac
  fi
  if [ "$obj" = ok ]; then
    msgs=$(isa_check $t "$s" 2>"$W/$t.isa")
    nb=$?
    [ $nb -eq 0 ] && isa=passed || isa="FAILED($nb)"
  fi
  if [ "$obj" = ok ] && [ "$isa" = passed ]; then st="compiled, not run"; else st="FAILED"; fail=1; fi
  printf '%-8s %-26s %-12s %-10s %s  [%s]\n' $t "$comp" "$obj" "$isa" "$st" "$(cat "$W/$t.isa" 2>/dev/null | sed 's/^ *[a-z0-9]*: //')"
  [ "$obj" = ok ] || tail -5 "$log"
  [ -n "${msgs:-}" ] && echo "$msgs"
  msgs=
done

# ---- GEMM family (kernels/hip/mxk_gemm.hip): the matrix instruction each
# target's path must contain, and the ones it must not (issue 5) ----
GSRC=kernels/hip/mxk_gemm.hip
declare -A GREQ GFORBID
GREQ[gfx908]='v_mfma_f32_16x16x16f16 v_mfma_f32_16x16x8bf16'
GFORBID[gfx908]='bf16_1k|_fp8|_bf8|v_wmma|mfma_scale'
GREQ[gfx90a]='v_mfma_f32_16x16x16f16 v_mfma_f32_16x16x16bf16_1k'
GFORBID[gfx90a]='_fp8|_bf8|v_wmma|mfma_scale'
GREQ[gfx942]='v_mfma_f32_16x16x32_fp8_fp8 v_mfma_f32_16x16x16_f16 v_mfma_f32_16x16x16_bf16'
GFORBID[gfx942]='v_wmma|mfma_scale'
GREQ[gfx950]='v_mfma_scale_f32_16x16x128_f8f6f4 v_mfma_f32_16x16x16_f16'
GFORBID[gfx950]='v_wmma'
GREQ[gfx1100]='v_wmma_f32_16x16x16_f16 v_wmma_f32_16x16x16_bf16'
GFORBID[gfx1100]='v_mfma|wmma_f32_16x16x16_(fp8|bf8)'
GREQ[gfx1200]='v_wmma_f32_16x16x16_fp8_fp8 v_wmma_f32_16x16x16_bf8_bf8 v_wmma_f32_16x16x16_f16'
GFORBID[gfx1200]='v_mfma'
GREQ[gfx1201]="${GREQ[gfx1200]}"; GFORBID[gfx1201]='v_mfma'
echo "GEMM kernels ($GSRC):"
printf '%-8s %-12s %-10s %s\n' target "code object" ISA "matrix instructions"
for t in gfx908 gfx90a gfx942 gfx1100 gfx1200 gfx1201 gfx950; do
  s="$W/mxk_gemm.$t.s"; co="$W/mxk_gemm.$t.co"; log="$W/gemm.$t.log"; obj=FAILED; isa=-; bad=""
  if [ "$t" = gfx950 ]; then
    [ -x "$ZIG" ] || { printf '%-8s %-12s %-10s %s\n' $t - - "no compiler here (needs LLVM >= 20)"; continue; }
    CC=("$ZIG" clang); AS=("$ZIG" clang)
  else
    CC=("$LLVM/clang++"); AS=("$LLVM/clang")
  fi
  if "${CC[@]}" $FLAGS --offload-arch=$t -S $GSRC -o "$s" >"$log" 2>&1 && \
     "${AS[@]}" --target=amdgcn-amd-amdhsa -mcpu=$t -c "$s" -o "$W/mxk_gemm.$t.o" >>"$log" 2>&1 && \
     "$LLVM/ld.lld" -shared "$W/mxk_gemm.$t.o" -o "$co" >>"$log" 2>&1; then obj=ok; fi
  if [ "$obj" = ok ]; then
    for r in ds_bpermute_b32 ${GREQ[$t]}; do grep -qE "$r" "$s" || bad="$bad missing:$r"; done
    grep -qE "$common_forbid" "$s" && bad="$bad calls/device-lib"
    grep -qE "${GFORBID[$t]}" "$s" && bad="$bad has:$(grep -oE "${GFORBID[$t]}" "$s" | sort -u | tr '\n' ',')"
    [ "$(grep -c '^\s*\.amdhsa_kernel ' "$s")" -ge 4 ] || bad="$bad too-few-kernels"
    [ -z "$bad" ] && isa=passed || { isa=FAILED; fail=1; }
  else
    fail=1; tail -5 "$log"
  fi
  printf '%-8s %-12s %-10s %s%s\n' $t "$obj" "$isa" \
    "$(grep -oE 'v_(mfma|wmma)[a-z0-9_]+' "$s" 2>/dev/null | sort | uniq -c | awk '{printf "%s x%s ", $2, $1}')" "$bad"
done
echo "AMD compile check: $([ $fail -eq 0 ] && echo PASS || echo FAIL) (no AMD GPU here: every AMD target compiled, not run)"
exit $fail

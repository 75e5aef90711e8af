#!/usr/bin/env bash
# `mxcts profiles`, `--profile` on encode/decode and `encode e8m0`: typed
# expected outputs from mx-semantics 2.4, 2.6 and 2.7, and error exits.
set -u
M=${1:?usage: test_cli_profiles.sh path/to/mxcts}
fails=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$2] got [$3]"; fails=$((fails + 1)); fi
}
run() { "$M" "$@" 2>/dev/null | paste -sd' '; }
rc() { "$M" "$@" >/dev/null 2>&1; echo $?; }

names=$("$M" profiles | awk '/^[a-z]/{print $1}' | paste -sd' ')
check "profile names" "ocp cuda_satfinite cuda_nosat ml_dtypes torch_eager hip_sw amd_gfx950_emu microxcaling torchao transformer_engine triton_kernels" "$names"
check "profiles diff line" "1" "$("$M" profiles | grep -c 'differs from ocp: overflow=nonsat, nan-fp6-fp4=zero-xor, e5m2-nan=0x7E, e8m0-round=nearest-up, e8m0-zero=nan')"
check "profiles --verbose has evidence" "11" "$("$M" profiles --verbose | grep -c 'evidence:')"
# 2.4: E4M3 464.00003, +Inf, -NaN per stack
check "e4m3 ocp" "0x7e 0x7e 0xff" "$(run encode e4m3 --profile ocp 0x43e80001 inf -nan)"
check "e4m3 cuda_satfinite" "0x7e 0x7e 0x7f" "$(run encode e4m3 --profile cuda_satfinite 0x43e80001 inf -nan)"
check "e4m3 cuda_nosat" "0x7f 0xff 0x7f" "$(run encode e4m3 --profile cuda_nosat 0x43e80001 -inf -nan)"
check "e4m3 ml_dtypes" "0x7f 0x7f 0xff" "$(run encode e4m3 --profile ml_dtypes 0x43e80001 inf -nan)"
check "e4m3 hip_sw" "0x7e 0x7f 0xff" "$(run encode e4m3 --profile hip_sw 0x43e80001 inf -inf)"
check "e4m3 hip_sw nonsat" "0x7f 0x7f" "$(run encode e4m3 --profile hip_sw --overflow nonsat 449 464)"
check "e4m3 amd_gfx950_emu" "0x7f 0x7f 0x7e" "$(run encode e4m3 --profile amd_gfx950_emu 0x43e80001 inf 464)"
check "e5m2 nan codes" "0x7e 0xfe 0x7f 0x7f" "$(run encode e5m2 --profile ml_dtypes nan -nan) $(run encode e5m2 --profile cuda_satfinite nan -nan)"
# 2.6: FP4 NaN
check "e2m1 nan" "0x07 0x07 0x08 0x00 0x07 0x0f" "$(run encode e2m1 --profile cuda_satfinite nan -nan) $(run encode e2m1 --profile ml_dtypes nan -nan) $(run encode e2m1 --profile triton_kernels nan -nan)"
# 2.7: E8M0
check "e8m0 ocp" "0x00 0x7f 0xfe 0xff 0xff" "$(run encode e8m0 0 1.5 0x7f7fffff inf -1)"
check "e8m0 rounding modes" "0x7f 0x80 0x80 0x80" "$(run encode e8m0 --round rtz 1.5) $(run encode e8m0 --round rup 1.5) $(run encode e8m0 --round nearest-up 1.5) $(run encode e8m0 --round nearest 1.5)"
check "e8m0 bottom of range" "0x01 0x00" "$(run encode e8m0 --round nearest-up 0x00400001) $(run encode e8m0 --round nearest 0x00400001)"
check "e8m0 cuda_satfinite" "0x00 0x80 0xfe 0xfe 0x7f 0x01" "$(run encode e8m0 --profile cuda_satfinite 0 1.5 0x7f7fffff -inf -1 0x00400001)"
check "e8m0 cuda_nosat" "0xff 0xff" "$(run encode e8m0 --profile cuda_nosat 0x7f7fffff inf)"
check "e8m0 ml_dtypes" "0xff 0xff 0x80" "$(run encode e8m0 --profile ml_dtypes 0 -1 1.5)"
check "e8m0 torch_eager" "0x00 0x5e 0xff" "$(run encode e8m0 --profile torch_eager 0 -1e-10 0x7f400000)"
check "e8m0 overrides" "0xfe 0x00 0x7f" "$(run encode e8m0 --overflow sat inf) $(run encode e8m0 --profile ml_dtypes --zero min 0) $(run encode e8m0 --profile ml_dtypes --negative abs -1)"
check "e8m0 from f16/bf16/f64" "0x67 0x00 0xfe" "$(run encode e8m0 --from f16 0x0001) $(run encode e8m0 --from bf16 0x0040) $(run encode e8m0 --from f64 --overflow sat 1e300)"
check "decode --profile" "0x43e00000 448" "$(run decode e4m3 --profile ml_dtypes 0x7e)"
# errors
check "exit: unknown profile (encode)" 2 "$(rc encode e4m3 --profile nope 1)"
check "exit: unknown profile (decode)" 2 "$(rc decode e4m3 --profile nope 0x7e)"
check "exit: element round on e8m0" 2 "$(rc encode e8m0 --round rne 1)"
check "exit: e8m0 round on element" 2 "$(rc encode e4m3 --round nearest-up 1)"
check "exit: --zero on element" 2 "$(rc encode e4m3 --zero nan 1)"
check "exit: --nan-sign on e8m0" 2 "$(rc encode e8m0 --nan-sign clear 1)"
check "exit: profiles bad arg" 2 "$(rc profiles --bogus)"
echo "test_cli_profiles: $fails failures"
[ "$fails" -eq 0 ]

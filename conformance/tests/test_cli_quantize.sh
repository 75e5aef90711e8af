#!/usr/bin/env bash
# CLI behaviour of `mxcts quantize` / `mxcts dequantize`: typed expected lines
# (mx-semantics catalogue 5.3-5.4), --profile blocks where profiles differ,
# error exits with the count / token named,
# hostile input.
set -u
M=${1:?usage: test_cli_quantize.sh path/to/mxcts}
fails=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected [$2] got [$3]"; fails=$((fails + 1)); fi
}
rc() { "$M" "$@" >/dev/null 2>&1; echo $?; }
zeros() { for _ in $(seq "$1"); do printf '0 '; done; }
Z30="0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00"

# 47: [448, 1.0625, 0 x30] FLOOR -> X 0x7f, 448 -> 0x7e, 1.0625 -> 0x38 (RNE) / 0x39 (half-away)
check "row 47 rne" "0x7f 0x7e 0x38 $Z30" "$("$M" quantize --elem e4m3 --scale-mode floor 448 1.0625 $(zeros 30))"
check "row 47 half-away" "0x7f 0x7e 0x39 $Z30" \
  "$("$M" quantize --elem e4m3 --scale-mode floor --round half-away 0x43e00000 0x3f880000 $(zeros 30))"
# 40: [960, 957] RCEIL -> X 0x81, both 0x77; FLOOR -> X 0x80, both 0x7e
check "row 40 rceil" "0x81 0x77 0x77 $Z30" "$("$M" quantize --elem e4m3 --scale-mode rceil 960 957 $(zeros 30))"
check "row 40 floor" "0x80 0x7e 0x7e $Z30" "$("$M" quantize --elem e4m3 --scale-mode floor 960 957 $(zeros 30))"
# 44: FP4 amax 7: FLOOR -> X 0x7f, 0x7; EVEN -> X 0x80, 0x6
check "row 44 floor" "0x7f 0x07 $Z30 0x00" "$("$M" quantize --elem e2m1 --scale-mode floor 7 $(zeros 31))"
check "row 44 even" "0x80 0x06 $Z30 0x00" "$("$M" quantize --elem e2m1 --scale-mode even 7 $(zeros 31))"
# 42: one NaN: spec -> 0xff (elements 0x7f filler); ignore -> X from 1.0 = 0x77, 1.0 -> 0x78, NaN -> 0x7f
check "row 42 ignore" "0x77 0x78 0x7f $Z30" "$("$M" quantize --elem e4m3 --nan-policy ignore 1 nan $(zeros 30))"
check "row 42 spec scale" "0xff" "$("$M" quantize --elem e4m3 1 nan $(zeros 30) | cut -d' ' -f1)"
# 48 bf16: 2^-133 (0x0001) -> X 0x00, element 0x08
check "row 48 bf16" "0x00 0x08" "$(for _ in $(seq 32); do echo 0x0001; done | "$M" quantize --elem e4m3 --from bf16 | cut -d' ' -f1-2)"
# 25: MXINT8 -1.995 -> 0x80 (default -128) / 0x81 (--int8-min -127)
check "int8 -128" "0x7f 0x80" "$("$M" quantize --elem int8 -1.995 $(zeros 31) | cut -d' ' -f1-2)"
check "int8 -127" "0x7f 0x81" "$("$M" quantize --elem int8 --int8-min -127 -1.995 $(zeros 31) | cut -d' ' -f1-2)"
# stdin, two blocks, block size 4
check "stdin blocks" "0x7f 0x7e 0x38 0x00 0x00|0x80 0x76 0x00 0x00 0x00" \
  "$( (printf '448 1 0 0\n448 0 0 0\n' | "$M" quantize --elem e4m3 --block-size 4 | head -1; printf '448 0 0 0' | "$M" quantize --elem e4m3 --scale-mode ceil --block-size 4) | paste -sd'|')"
# 50, 51: dequantize
check "row 50 f32" "0x7f800000 inf" "$("$M" dequantize --elem e4m3 0xfe 0x7e $(zeros 31) | head -1)"
check "row 50 bf16" "0x7f80 inf" "$("$M" dequantize --elem e4m3 --to bf16 0xfe 0x7e $(zeros 31) | head -1)"
check "row 51 bf16" "0x0000 0" "$("$M" dequantize --elem e4m3 --to bf16 0x00 0x01 $(zeros 31) | head -1)"
check "row 51 f32" "0x00002000 1.1479437e-41" "$("$M" dequantize --elem e4m3 0x00 0x01 $(zeros 31) | head -1)"
check "scale 0xff" "0x7fc00000 nan" "$("$M" dequantize --elem e2m1 255 7 $(zeros 31) | head -1)"
check "dequantize line count" "32" "$("$M" dequantize --elem e2m1 0x7f $(zeros 32) | wc -l)"
check "round trip" "0x7f 0x7e 0x38 $Z30" \
  "$("$M" dequantize --elem e4m3 0x7f 0x7e 0x38 $(zeros 30) | cut -d' ' -f1 | "$M" quantize --elem e4m3)"


# --profile NAME (spec/conversion.md 4; block knobs per profile, spec/mx-blocks.md 2-5). Each
# expected line derived by hand; where profiles agree on a block that is asserted too.
F32="0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f 0x7f"
F32="$F32 $F32" # 32 x 0x7f: the E4M3 filler under X = 0xFF (mx-blocks 4, choice)
# [+Inf, 1, 0 x30] E4M3. ocp / torchao / microxcaling / ml_dtypes keep inf_policy = spec: X = 0xFF,
# every element the filler 0x7f.
for p in ocp torchao microxcaling ml_dtypes; do
  check "profile $p: Inf block -> 0xff" "0xff $F32" "$("$M" quantize --elem e4m3 --profile $p inf 1 $(zeros 30))"
done
# transformer_engine: inf_policy = max-scale -> X = 0xFE (2^127); Inf / 2^127 = Inf, inf_elem = sat
# -> +448 = 0x7e; 1 / 2^127 = 2^-127 is far below half the E4M3 min subnormal 2^-9 -> 0x00.
check "profile transformer_engine: Inf block" "0xfe 0x7e 0x00 $Z30" \
  "$("$M" quantize --elem e4m3 --profile transformer_engine inf 1 $(zeros 30))"
# -Inf: same scale, sat keeps the sign -> -448 = 0xfe
check "profile transformer_engine: -Inf block" "0xfe 0xfe 0x00 $Z30" \
  "$("$M" quantize --elem e4m3 --profile transformer_engine -- -inf 1 $(zeros 30))"
# an explicit option after the profile overrides it: --inf-policy spec -> X = 0xFF again
check "profile transformer_engine + --inf-policy spec" "0xff" \
  "$("$M" quantize --elem e4m3 --profile transformer_engine --inf-policy spec inf 1 $(zeros 30) | cut -d' ' -f1)"
# cuda_nosat has inf_elem = keep: with --inf-policy max-scale (X = 0xFE) the Inf element is not
# clamped; E4M3 has no Inf, so it is NaN with the sign kept: +Inf -> 0x7f, -Inf -> 0xff.
check "profile cuda_nosat + max-scale: Inf kept as NaN" "0xfe 0x7f 0x00 $Z30" \
  "$("$M" quantize --elem e4m3 --profile cuda_nosat --inf-policy max-scale inf 1 $(zeros 30))"
check "profile cuda_nosat + max-scale: -Inf kept as -NaN" "0xfe 0xff 0x00 $Z30" \
  "$("$M" quantize --elem e4m3 --profile cuda_nosat --inf-policy max-scale -- -inf 1 $(zeros 30))"
# [NaN, 1, 0 x30] E4M3: ocp nan_policy = spec -> X = 0xFF. transformer_engine / triton_kernels
# ignore NaN: amax 1. rceil: p = fl32(1 * fl32(1/448)) = 0x3B124925, E = 0x76 = 118, M != 0 -> code
# 119 = 0x77 (X = 2^-8). tk_round_up: q = fl32(1/448) = the same bits -> (bits + 0x7FFFFF) & 0x7F800000
# carries to exponent 119 -> 0x77. 1 / 2^-8 = 256 = 2^8 -> E4M3 exp field 15, mantissa 0 -> 0x78;
# NaN under a finite scale -> canonical +NaN 0x7f (mx-blocks 4).
check "profile ocp: NaN block -> 0xff" "0xff $F32" "$("$M" quantize --elem e4m3 --profile ocp nan 1 $(zeros 30))"
for p in transformer_engine triton_kernels; do
  check "profile $p: NaN ignored" "0x77 0x7f 0x78 $Z30" "$("$M" quantize --elem e4m3 --profile $p nan 1 $(zeros 30))"
done
# [960, 957, 0 x30] E4M3 (row 40 through profiles). floor (ocp, torch_eager, hip_sw): 960 = 1.875 * 2^9,
# s = 9 - 8 = 1 -> 0x80; 960/2 = 480 and 957/2 = 478.5 are above 464 -> saturate to 448 = 0x7e.
# rceil (cuda_satfinite, transformer_engine): p = fl32(960 * fl32(1/448)) ~ 2.14 in [2, 4), M != 0
# -> code 129 = 0x81 (X = 4); tk_round_up (triton_kernels): q = fl32(960/448) ~ 2.14 -> rounds up to
# 4 -> 0x81. 960/4 = 240 = 1.111b * 2^7 -> 0x77; 957/4 = 239.25 (ulp 16 in [128, 256)) -> 240 -> 0x77.
for p in ocp torch_eager hip_sw; do
  check "profile $p: floor scale" "0x80 0x7e 0x7e $Z30" "$("$M" quantize --elem e4m3 --profile $p 960 957 $(zeros 30))"
done
for p in cuda_satfinite transformer_engine triton_kernels; do
  check "profile $p: rounded-up scale" "0x81 0x77 0x77 $Z30" "$("$M" quantize --elem e4m3 --profile $p 960 957 $(zeros 30))"
done
# [448, 1.0625, 0 x30] (row 47): X = 0x7f in every floor profile; 1.0625 is the tie between 1.0
# (0x38) and 1.125 (0x39): RNE (ocp, torchao) -> 0x38, microxcaling half-away -> 0x39, and
# --round rne after the profile overrides it back to 0x38.
check "profile torchao: RNE tie" "0x7f 0x7e 0x38 $Z30" "$("$M" quantize --elem e4m3 --profile torchao 448 1.0625 $(zeros 30))"
check "profile microxcaling: half-away tie" "0x7f 0x7e 0x39 $Z30" \
  "$("$M" quantize --elem e4m3 --profile microxcaling 448 1.0625 $(zeros 30))"
check "profile microxcaling + --round rne" "0x7f 0x7e 0x38 $Z30" \
  "$("$M" quantize --elem e4m3 --profile microxcaling --round rne 448 1.0625 $(zeros 30))"
# MXINT8 [-1.995, 0 x31] (row 25): floor X = 0x7f, -1.995 * 64 = -127.68 -> -128: ocp 0x80,
# microxcaling (int8_min -127) 0x81. rceil (cuda_satfinite): p = fl32(1.995 * fl32(64/127)) ~ 1.005,
# M != 0 -> code 128 = 0x80 (X = 2); -1.995/2 * 64 = -63.84 -> -64 = 0xc0.
check "profile ocp: int8 -128" "0x7f 0x80" "$("$M" quantize --elem int8 --profile ocp -- -1.995 $(zeros 31) | cut -d' ' -f1-2)"
check "profile microxcaling: int8 -127" "0x7f 0x81" \
  "$("$M" quantize --elem int8 --profile microxcaling -- -1.995 $(zeros 31) | cut -d' ' -f1-2)"
check "profile cuda_satfinite: int8 rceil" "0x80 0xc0" \
  "$("$M" quantize --elem int8 --profile cuda_satfinite -- -1.995 $(zeros 31) | cut -d' ' -f1-2)"
# FP4 [NaN, 6, 5, 0 x29]: ocp -> X = 0xFF, filler 0x00. triton_kernels (tk_round_up, NaN ignored):
# q = fl32(6/6) = 1.0 exactly -> no carry -> 0x7f; transformer_engine (rceil): fl32(1/6) = 0x3E2AAAAB,
# 6 * that = 1 + 3e-8 < 1 + 2^-24 -> fl32 = 1.0 -> 0x7f. Elements: 6 -> 0x7, 5 (tie of 4 and 6) -> 4
# = 0x6 (even), NaN -> +max 0x7 (mx-blocks 4).
check "profile ocp: FP4 NaN block" "0xff $Z30 0x00 0x00" "$("$M" quantize --elem e2m1 --profile ocp nan 6 5 $(zeros 29))"
for p in triton_kernels transformer_engine; do
  check "profile $p: FP4 NaN ignored" "0x7f 0x07 0x07 0x06 ${Z30% 0x00}" \
    "$("$M" quantize --elem e2m1 --profile $p nan 6 5 $(zeros 29))"
done
# dequantize has no --profile (decoding is the same in every profile, spec/conversion.md 4): the
# lines the profiles produced above decode as mx-blocks 6 says. X = 0xFE, 0x7e -> 448 * 2^127 >
# FLT_MAX -> +Inf; cuda_nosat's kept 0x7f / 0xff -> NaN with the code's sign; microxcaling INT8 0x81
# -> -127/64 = -1.984375 = -1.111111b -> 0xbffe0000; rceil INT8 X = 2, 0xc0 = -64 -> -2 -> 0xc0000000.
check "dequantize transformer_engine Inf row" "0x7f800000 inf|0x00000000 0" \
  "$("$M" quantize --elem e4m3 --profile transformer_engine inf 1 $(zeros 30) | "$M" dequantize --elem e4m3 | head -2 | paste -sd'|')"
check "dequantize cuda_nosat kept Inf" "0x7fc00000 nan|0xffc00000 -nan" \
  "$( ("$M" quantize --elem e4m3 --profile cuda_nosat --inf-policy max-scale inf 1 $(zeros 30)
       "$M" quantize --elem e4m3 --profile cuda_nosat --inf-policy max-scale -- -inf 1 $(zeros 30)) |
     "$M" dequantize --elem e4m3 | sed -n '1p;33p' | paste -sd'|')"
check "dequantize microxcaling int8" "0xbffe0000 -1.984375" \
  "$("$M" quantize --elem int8 --profile microxcaling -- -1.995 $(zeros 31) | "$M" dequantize --elem int8 | head -1)"
check "dequantize cuda_satfinite int8" "0xc0000000 -2" \
  "$("$M" quantize --elem int8 --profile cuda_satfinite -- -1.995 $(zeros 31) | "$M" dequantize --elem int8 | head -1)"

# errors: exit 2 and a message naming the count / token and its position
check "exit: count not a multiple" 2 "$(rc quantize --elem e4m3 1 2 3)"
check "message: count" "mxcts quantize: 33 values is not a multiple of the block size 32 (nothing is padded)" \
  "$("$M" quantize --elem e4m3 $(zeros 33) 2>&1 >/dev/null)"
check "stdin count: full blocks printed, then exit 2" "1 2" \
  "$(zeros 40 | "$M" quantize --elem e4m3 2>/dev/null | wc -l) $(zeros 40 | "$M" quantize --elem e4m3 >/dev/null 2>&1; echo $?)"
check "message: bad token and position" "mxcts quantize: argument 5 '1.5x': not a number or hex bit pattern" \
  "$("$M" quantize --elem e4m3 0 0 0 0 1.5x $(zeros 27) 2>&1 >/dev/null)"
check "bad token prints no block" "" "$("$M" quantize --elem e4m3 $(zeros 40) 1.5x $(zeros 23) 2>/dev/null)"
check "exit: hex too wide for f16" 2 "$(rc quantize --elem e4m3 --from f16 0x10000 $(zeros 31))"
check "exit: missing --elem" 2 "$(rc quantize 1)"
check "exit: not an MX element" 2 "$(rc quantize --elem e4m3fnuz $(zeros 32))"
check "exit: unknown scale mode" 2 "$(rc quantize --elem e4m3 --scale-mode round $(zeros 32))"
check "exit: bad --int8-min" 2 "$(rc quantize --elem int8 --int8-min -126 $(zeros 32))"
check "exit: --from f64" 2 "$(rc quantize --elem e4m3 --from f64 $(zeros 32))"
check "exit: bad --block-size" 2 "$(rc quantize --elem e4m3 --block-size 0 1)"
check "exit: unknown profile" 2 "$(rc quantize --elem e4m3 --profile no_such_profile $(zeros 32))"
check "exit: unknown option" 2 "$(rc quantize --elem e4m3 --bogus 1)"
check "exit: dequantize code too wide" 2 "$(rc dequantize --elem e2m1 0x7f 0x10 $(zeros 31))"
check "exit: dequantize scale too wide" 2 "$(rc dequantize --elem e2m1 0x100 $(zeros 32))"
check "exit: dequantize count" 2 "$(rc dequantize --elem e4m3 0x7f 1 2)"
check "exit: dequantize bad --to" 2 "$(rc dequantize --elem e4m3 --to f8 0x7f $(zeros 32))"
check "exit: --help" 0 "$(rc quantize --help)"
# hostile stdin: binary garbage and a huge token are errors, never crashes
check "exit: binary stdin" 2 "$(head -c 4096 /dev/urandom | "$M" quantize --elem e4m3 >/dev/null 2>&1; echo $?)"
check "exit: binary stdin dequantize" 2 "$(head -c 4096 /dev/urandom | "$M" dequantize --elem e4m3 >/dev/null 2>&1; echo $?)"
check "exit: huge token" 2 "$(head -c 100000 /dev/zero | tr '\0' '7' | "$M" quantize --elem e4m3 >/dev/null 2>&1; echo $?)"
check "exit: empty stdin" 0 "$("$M" quantize --elem e4m3 </dev/null >/dev/null 2>&1; echo $?)"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]

/* Hand-written spec cases: every expected code and flag set below is TYPED
 * from OFP8 rev 1.0 (Tables 1-3, 5.2.1), ../shared/reference/mx-semantics.md
 * (sections 2.2, 2.4-2.6, edge-case catalogue 5.1-5.2), DESIGN.md section 2
 * (IEEE 754 7.4 for directed modes) and the policy documented in
 * include/mxcts/convert.h, never computed. Each case runs through the
 * reference (f32, f64, bf16 where exact, scalar and bulk) and through the
 * oracle, so the oracle is held to the typed values too.
 *
 * Rows of catalogue 5.2 that are E8M0 *encodes* (26-31) do not apply to the
 * element encoders (E8M0 is rejected there, see ref_guards); rows 32-33 are
 * the decode cases at the end. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mxcts/convert.h"
#include "oracle.h"
#include "test_util.h"

#define FX MXCTS_FLAG_INEXACT
#define FO MXCTS_FLAG_OVERFLOW
#define FU MXCTS_FLAG_UNDERFLOW
#define FI MXCTS_FLAG_INVALID

enum knob {
    OCP,    /* defaults: NaN sign preserved, overflow after rounding, Inf follows SAT */
    CLR,    /* NaN sign cleared */
    HIP,    /* HIP software path: overflow test before rounding, Inf never saturates */
    N7E,    /* E5M2 NaN code 0x7E (ml_dtypes) */
    I127,   /* MX INT8 clamps at -127 (microxcaling) */
    CUDA,   /* NaN -> FP6/FP4: +max for either sign (nan_finite MAX_POSITIVE) */
    MLD,    /* NaN -> FP6/FP4: -0 pattern XOR the NaN's sign (ml_dtypes) */
    JAX,    /* NaN -> FP6/FP4: -0 for either sign (JAX/XLA) */
    TK,     /* NaN -> FP6/FP4: +-max by the NaN's sign (triton_kernels, gfx950 emu) */
    A950,   /* AMD gfx950 emulation: E4M3 SAT overflow / Inf -> NaN S.1111.111 */
    CUS     /* CUDA: NaN inputs canonicalised to +NaN (nan_input_positive) */
};

enum { RNE = MXCTS_ROUND_RNE, RTZ = MXCTS_ROUND_RTZ, RUP = MXCTS_ROUND_RUP, RDN = MXCTS_ROUND_RDN };
enum { SAT = MXCTS_OVERFLOW_SAT, NON = MXCTS_OVERFLOW_NONSAT };
enum {
    E4M3 = MXCTS_E4M3, E5M2 = MXCTS_E5M2, E4FZ = MXCTS_E4M3FNUZ, E5FZ = MXCTS_E5M2FNUZ,
    E2M3 = MXCTS_E2M3, E3M2 = MXCTS_E3M2, E2M1 = MXCTS_E2M1, INT8 = MXCTS_INT8
};

typedef struct scase {
    int fmt;
    uint32_t in; /* f32 bit pattern */
    int round, ovf, knob;
    unsigned want;  /* expected code, typed */
    unsigned flags; /* expected flags, typed */
    const char *cite;
} scase;

static const scase CASES[] = {
    /* --- catalogue 5.1 (mx-semantics.md), OCP policy --- */
    {E4M3, 0x43E80000, RNE, SAT, OCP, 0x7E, FX, "5.1 row 1: 464 ties to even 448"},
    {E4M3, 0x43E80000, RNE, NON, OCP, 0x7E, FX, "5.1 row 1: 464 -> 448 in nonsat too"},
    {E4M3, 0x43E80001, RNE, SAT, OCP, 0x7E, FO | FX, "5.1 row 2: 464.00003 SAT"},
    {E4M3, 0x43E80001, RNE, NON, OCP, 0x7F, FO | FX, "5.1 row 2: 464.00003 NONSAT -> NaN"},
    {E4M3, 0x43E08000, RNE, SAT, OCP, 0x7E, FX, "5.1 row 3: 449"},
    {E4M3, 0x43E08000, RNE, NON, OCP, 0x7E, FX, "5.1 row 3: 449 nonsat"},
    {E4M3, 0x7F800000, RNE, SAT, OCP, 0x7E, 0, "5.1 row 4 / OFP8 Table 3: +Inf SAT -> max"},
    {E4M3, 0x7F800000, RNE, NON, OCP, 0x7F, 0, "5.1 row 4 / OFP8 Table 3: +Inf NONSAT -> NaN"},
    {E4M3, 0xFF800000, RNE, SAT, OCP, 0xFE, 0, "5.1 row 5: -Inf SAT -> -max"},
    {E4M3, 0xFF800000, RNE, NON, OCP, 0xFF, 0, "2.4 SPEC-N: -Inf NONSAT -> NaN (sign kept)"},
    {E4M3, 0xFFC00000, RNE, SAT, OCP, 0xFF, 0, "5.1 row 6: -NaN, sign preserved"},
    {E4M3, 0xFFC00000, RNE, SAT, CLR, 0x7F, 0, "5.1 row 6: -NaN, sign cleared"},
    {E5M2, 0xFFC00000, RNE, NON, OCP, 0xFF, 0, "5.1 row 6: E5M2 -NaN preserved"},
    {E5M2, 0xFFC00000, RNE, NON, CLR, 0x7F, 0, "5.1 row 6: E5M2 -NaN cleared"},
    {E5M2, 0x7FC00000, RNE, SAT, OCP, 0x7F, 0, "5.1 row 7: +NaN -> 0x7F (CUDA/torch)"},
    {E5M2, 0x7FC00000, RNE, SAT, N7E, 0x7E, 0, "5.1 row 7: +NaN -> 0x7E (ml_dtypes code)"},
    {E5M2, 0x47700000, RNE, SAT, OCP, 0x7B, FO | FX, "5.1 row 8: 61440 SAT"},
    {E5M2, 0x47700000, RNE, NON, OCP, 0x7C, FO | FX, "5.1 row 8: 61440 NONSAT -> Inf"},
    {E5M2, 0x47600001, RNE, NON, OCP, 0x7B, FX, "5.1 row 9: 57344.004"},
    {E5M2, 0x476FFFFF, RNE, NON, OCP, 0x7B, FX, "5.1 row 9: 61439.996"},
    {E5M2, 0x476FFFFF, RNE, SAT, OCP, 0x7B, FX, "5.1 row 9: 61439.996 SAT"},
    {E5M2, 0x7F800000, RNE, SAT, OCP, 0x7B, 0, "5.1 row 10: +Inf SAT -> max"},
    {E5M2, 0x7F800000, RNE, NON, OCP, 0x7C, 0, "2.4 SPEC-N: +Inf NONSAT -> Inf"},
    {E5M2, 0xFF800000, RNE, NON, OCP, 0xFC, 0, "OFP8 Table 3: -Inf NONSAT -> -Inf"},
    {E5M2, 0xFF800000, RNE, SAT, OCP, 0xFB, 0, "OFP8 Table 3: -Inf SAT -> -max"},
    {E4M3, 0x3A800000, RNE, SAT, OCP, 0x00, FX | FU, "5.1 row 11: 2^-10 ties to 0"},
    {E4M3, 0x3AC00000, RNE, SAT, OCP, 0x01, FX | FU, "5.1 row 11: 1.5*2^-10 -> 2^-9"},
    {E4M3, 0x80000000, RNE, SAT, OCP, 0x80, 0, "5.1 row 12: -0.0 keeps its sign"},
    {E4M3, 0xAEDBE6FF, RNE, SAT, OCP, 0x80, FX | FU, "5.1 row 12: -1e-10 -> -0"},
    {E4FZ, 0x80000000, RNE, SAT, OCP, 0x00, 0, "5.1 row 13: FNUZ -0.0 -> +0"},
    {E4FZ, 0xAEDBE6FF, RNE, NON, OCP, 0x00, FX | FU, "5.1 row 13: FNUZ -1e-10 -> +0"},
    {E4FZ, 0xB9800000, RNE, SAT, OCP, 0x00, FX | FU, "5.1 row 13: FNUZ -2^-12 -> +0"},
    {E5FZ, 0x80000000, RNE, NON, OCP, 0x00, 0, "2.5: E5M2FNUZ -0.0 -> +0"},
    {E4FZ, 0x43708000, RNE, NON, OCP, 0x7F, FX, "5.1 row 14: 240.5 -> 240"},
    {E4FZ, 0x43708000, RNE, SAT, OCP, 0x7F, FX, "5.1 row 14: 240.5 SAT"},
    {E4FZ, 0x43780000, RNE, NON, OCP, 0x80, FO | FX, "5.1 row 15: 248 NONSAT -> NaN"},
    {E4FZ, 0x43780000, RNE, SAT, OCP, 0x7F, FO | FX, "5.1 row 15: 248 SAT -> max"},
    {E4FZ, 0x7F800000, RNE, NON, OCP, 0x80, 0, "5.1 row 16: +Inf NONSAT -> 0x80"},
    {E4FZ, 0xFF800000, RNE, NON, OCP, 0x80, 0, "5.1 row 16: -Inf NONSAT -> 0x80"},
    {E4FZ, 0x7FC00000, RNE, SAT, OCP, 0x80, 0, "5.1 row 16: NaN -> 0x80"},
    {E4FZ, 0xFFC00000, RNE, NON, OCP, 0x80, 0, "5.1 row 16: -NaN -> 0x80 (no sign)"},
    {E5FZ, 0xFFC00000, RNE, SAT, OCP, 0x80, 0, "5.1 row 16: E5M2FNUZ -NaN -> 0x80"},
    {E5FZ, 0x7F800000, RNE, NON, OCP, 0x80, 0, "5.1 row 16: E5M2FNUZ +Inf NONSAT -> 0x80"},
    {E4FZ, 0x7F800000, RNE, SAT, OCP, 0x7F, 0, "5.1 row 16 ocp choice (convert.h): Inf SAT -> +max"},
    {E5FZ, 0xFF800000, RNE, SAT, OCP, 0xFF, 0, "5.1 row 16 ocp choice (convert.h): -Inf SAT -> -max"},
    {E4FZ, 0x7F800000, RNE, SAT, HIP, 0x80, 0, "5.1 row 16: HIP SW, Inf never saturates"},
    {E5FZ, 0x47700000, RNE, NON, OCP, 0x80, FO | FX, "5.1 row 17: 61440 NONSAT -> NaN"},
    {E5FZ, 0x47700000, RNE, SAT, OCP, 0x7F, FO | FX, "5.1 row 17: 61440 SAT -> max"},
    {E2M1, 0x3E800000, RNE, SAT, OCP, 0x0, FX | FU, "5.1 row 18: 0.25 -> 0"},
    {E2M1, 0x3FA00000, RNE, SAT, OCP, 0x2, FX, "5.1 row 18: 1.25 -> 1.0"},
    {E2M1, 0x40200000, RNE, SAT, OCP, 0x4, FX, "5.1 row 18: 2.5 -> 2"},
    {E2M1, 0x40A00000, RNE, SAT, OCP, 0x6, FX, "5.1 row 18: 5.0 -> 4"},
    {E2M1, 0x3F400000, RNE, SAT, OCP, 0x2, FX | FU, "5.1 row 19: 0.75 -> 1.0"},
    {E2M1, 0x3FE00000, RNE, SAT, OCP, 0x4, FX, "5.1 row 19: 1.75 -> 2"},
    {E2M1, 0x40600000, RNE, SAT, OCP, 0x6, FX, "5.1 row 19: 3.5 -> 4"},
    {E2M1, 0x40E00000, RNE, SAT, OCP, 0x7, FO | FX, "5.1 row 20: 7.0 saturates"},
    {E2M1, 0x40E00000, RNE, NON, OCP, 0x7, FO | FX, "5.1 row 20: 7.0 saturates (FP4 always)"},
    {E2M1, 0x40F00000, RNE, NON, OCP, 0x7, FO | FX, "5.1 row 20: 7.5 saturates"},
    {E2M1, 0x40DFAE14, RNE, SAT, OCP, 0x7, FX, "5.1 row 20: 6.99 -> 6"},
    {E2M1, 0x7FC00000, RNE, SAT, OCP, 0x7, FI, "5.1 row 21 ocp choice (convert.h): +NaN -> +max"},
    {E2M1, 0xFFC00000, RNE, SAT, OCP, 0xF, FI, "5.1 row 21 ocp choice: -NaN -> -max (sign kept)"},
    {E2M1, 0xFFC00000, RNE, SAT, CLR, 0x7, FI, "5.1 row 21 ocp choice: -NaN, sign cleared -> +max"},
    {E2M3, 0x40F80000, RNE, SAT, OCP, 0x1F, FO | FX, "5.1 row 22: 7.75 saturates"},
    {E2M3, 0x3D800000, RNE, SAT, OCP, 0x00, FX | FU, "5.1 row 22: 0.0625 ties to 0"},
    {E2M3, 0x3E400000, RNE, SAT, OCP, 0x02, FX | FU, "5.1 row 22: 0.1875 ties to 0.25"},
    {E3M2, 0x41F00000, RNE, NON, OCP, 0x1F, FO | FX, "5.1 row 23: 30 saturates"},
    {E3M2, 0x3D000000, RNE, SAT, OCP, 0x00, FX | FU, "5.1 row 23: 0.03125 ties to 0"},
    {E3M2, 0x3D800000, RNE, SAT, OCP, 0x01, 0, "5.1 row 23: 0.0625 exact min subnormal"},
    {E2M3, 0x80000000, RNE, SAT, OCP, 0x20, 0, "5.1 row 24: FP6 -0.0"},
    {E3M2, 0x80000000, RNE, NON, OCP, 0x20, 0, "5.1 row 24: FP6 -0.0"},
    {E2M1, 0x80000000, RNE, SAT, OCP, 0x8, 0, "5.1 row 24: FP4 -0.0"},
    {INT8, 0xBFFF5C29, RNE, SAT, OCP, 0x80, FX, "5.1 row 25: -1.995 -> -2.0 (0x80)"},
    {INT8, 0xBFFF5C29, RNE, SAT, I127, 0x81, FO | FX, "5.1 row 25: microxcaling clamp -127"},

    /* --- 2.4 special-input matrix: SPEC and HIP columns --- */
    {E4M3, 0x43E00000, RNE, NON, OCP, 0x7E, 0, "2.4: 448 exact"},
    {E4M3, 0x4E6E6B28, RNE, SAT, OCP, 0x7E, FO | FX, "2.4: 1e9 SAT"},
    {E4M3, 0x4E6E6B28, RNE, NON, OCP, 0x7F, FO | FX, "2.4: 1e9 NONSAT"},
    {E4M3, 0x7FC00000, RNE, SAT, OCP, 0x7F, 0, "2.4: +NaN -> 0x7F"},
    {E4M3, 0x43E08000, RNE, NON, HIP, 0x7F, FO | FX, "2.4 HIP-N: 449 overflows before rounding"},
    {E4M3, 0x43E80000, RNE, NON, HIP, 0x7F, FO | FX, "5.1 row 1 HIP-N: 464 -> 0x7F"},
    {E4M3, 0x43E80001, RNE, SAT, HIP, 0x7E, FO | FX, "2.4 HIP-S: 464.00003 -> 0x7E"},
    {E4M3, 0x7F800000, RNE, SAT, HIP, 0x7F, 0, "5.1 row 4 HIP-S: +Inf -> NaN"},
    {E4M3, 0xFF800000, RNE, SAT, HIP, 0xFF, 0, "5.1 row 5 HIP-S: -Inf -> 0xFF"},
    {E5M2, 0x47600001, RNE, NON, HIP, 0x7C, FO | FX, "5.1 row 9 HIP-N: 57344.004 -> Inf"},
    {E5M2, 0x7F800000, RNE, SAT, HIP, 0x7C, 0, "5.1 row 10 HIP-S: +Inf -> Inf"},
    {E5M2, 0x47700000, RNE, SAT, HIP, 0x7B, FO | FX, "2.4 HIP-S: 61440 -> 0x7B"},
    {E5M2, 0xFFC00000, RNE, SAT, N7E, 0xFE, 0, "2.4 MLD: -NaN -> 0xFE"},

    /* --- 2.5 FNUZ specifics --- */
    {E4FZ, 0x4377FFFF, RNE, NON, OCP, 0x7F, FX, "2.5: 247.99998 -> 240"},
    {E4FZ, 0x3A000000, RNE, NON, OCP, 0x00, FX | FU, "2.5: 2^-11 ties to 0"},
    {E4FZ, 0x3A800000, RNE, NON, OCP, 0x01, 0, "2.5: 2^-10 exact min subnormal"},
    {E5FZ, 0x47600001, RNE, NON, OCP, 0x7F, FX, "2.5: E5M2FNUZ 57344.004 -> max"},
    {E4FZ, 0x43708000, RNE, NON, HIP, 0x80, FO | FX, "2.5 HIP-N: 240.5 -> NaN"},
    {E5FZ, 0x47600001, RNE, NON, HIP, 0x80, FO | FX, "2.5 HIP-N: 57344.004 -> NaN"},

    /* --- 2.6 FP6 / FP4 NaN and Inf (ocp choice, convert.h) --- */
    {E2M1, 0x7F800000, RNE, NON, OCP, 0x7, FI, "2.6: +Inf -> +6"},
    {E2M1, 0xFF800000, RNE, SAT, OCP, 0xF, FI, "2.6: -Inf -> -6"},
    {E2M3, 0x7FC00000, RNE, SAT, OCP, 0x1F, FI, "2.6 (= gfx950 emu): +NaN -> 0x1F"},
    {E2M3, 0xFFC00000, RNE, SAT, OCP, 0x3F, FI, "2.6 (= gfx950 emu): -NaN -> 0x3F"},
    {E3M2, 0x7FC00000, RNE, NON, OCP, 0x1F, FI, "2.6: +NaN -> 0x1F"},
    {E3M2, 0xFFC00000, RNE, NON, CLR, 0x1F, FI, "2.6: -NaN, sign cleared -> 0x1F"},
    {E2M1, 0xAEDBE6FF, RNE, SAT, OCP, 0x8, FX | FU, "2.6: tiny negative -> -0"},

    /* --- 2.6 table: the other stacks' NaN -> FP6/FP4 choices (knob nan_finite) --- */
    {E2M1, 0x7FC00000, RNE, SAT, CUDA, 0x7, FI, "2.6 CUDA: +NaN -> 0x7 (+6)"},
    {E2M1, 0xFFC00000, RNE, SAT, CUDA, 0x7, FI, "2.6 CUDA: -NaN -> 0x7 (+6)"},
    {E2M1, 0x7FC00000, RNE, SAT, MLD, 0x8, FI, "2.6 ml_dtypes: +NaN -> 0x8 (-0)"},
    {E2M1, 0xFFC00000, RNE, SAT, MLD, 0x0, FI, "2.6 ml_dtypes: -NaN -> 0x0 (+0)"},
    {E2M1, 0x7FC00000, RNE, SAT, JAX, 0x8, FI, "2.6 JAX: +NaN -> 0x8"},
    {E2M1, 0xFFC00000, RNE, SAT, JAX, 0x8, FI, "2.6 JAX: -NaN -> 0x8"},
    {E2M1, 0xFFC00000, RNE, SAT, TK, 0xF, FI, "2.6 triton_kernels / gfx950 emu: -NaN -> 0xF"},
    {E2M3, 0xFFC00000, RNE, SAT, CUDA, 0x1F, FI, "2.6 CUDA: E2M3 -NaN -> 0x1F"},
    {E2M3, 0x7FC00000, RNE, SAT, MLD, 0x20, FI, "2.6 ml_dtypes: E2M3 +NaN -> 0x20"},
    {E2M3, 0xFFC00000, RNE, SAT, MLD, 0x00, FI, "2.6 ml_dtypes: E2M3 -NaN -> 0x00"},
    {E2M3, 0xFFC00000, RNE, SAT, TK, 0x3F, FI, "2.6 gfx950 emu: E2M3 -NaN -> 0x3F"},
    {E3M2, 0xFFC00000, RNE, NON, CUDA, 0x1F, FI, "2.6 CUDA: E3M2 -NaN -> 0x1F"},
    {E3M2, 0x7FC00000, RNE, NON, MLD, 0x20, FI, "2.6 ml_dtypes: E3M2 +NaN -> 0x20"},
    {E3M2, 0xFFC00000, RNE, NON, MLD, 0x00, FI, "2.6 ml_dtypes: E3M2 -NaN -> 0x00"},
    {E3M2, 0x7FC00000, RNE, NON, TK, 0x1F, FI, "2.6 gfx950 emu: E3M2 +NaN -> 0x1F"},
    {E3M2, 0xFFC00000, RNE, NON, TK, 0x3F, FI, "2.6 gfx950 emu: E3M2 -NaN -> 0x3F"},

    /* --- 2.4 CU-S / CU-N columns: NaN input canonicalised (knob nan_input_positive) --- */
    {E4M3, 0xFFC00000, RNE, SAT, CUS, 0x7F, 0, "5.1 row 6 / 2.4 CU-S: E4M3 -NaN -> 0x7F"},
    {E4M3, 0xFFC00000, RNE, NON, CUS, 0x7F, 0, "2.4 CU-N: E4M3 -NaN -> 0x7F"},
    {E5M2, 0xFFC00000, RNE, SAT, CUS, 0x7F, 0, "2.4 CU-S: E5M2 -NaN -> 0x7F"},
    {E4M3, 0xFF800000, RNE, NON, CUS, 0xFF, 0, "2.4 CU-N: E4M3 -Inf -> 0xFF (not a NaN input)"},
    {E4M3, 0xCE6E6B28, RNE, NON, CUS, 0xFF, FO | FX, "2.4 CU-N: -1e9 overflow NaN keeps its sign"},

    /* --- 2.4 AMD950 column (knob e4m3_sat_nan) --- */
    {E4M3, 0x43E80001, RNE, SAT, A950, 0x7F, FO | FX, "5.1 row 2 / 2.4 AMD950: 464.00003 sat -> 0x7F"},
    {E4M3, 0x4E6E6B28, RNE, SAT, A950, 0x7F, FO | FX, "2.4 AMD950: 1e9 sat -> 0x7F"},
    {E4M3, 0x7F800000, RNE, SAT, A950, 0x7F, 0, "5.1 row 4 / 2.4 AMD950: +Inf sat -> 0x7F"},
    {E4M3, 0xFF800000, RNE, SAT, A950, 0xFF, 0, "5.1 row 5 / 2.4 AMD950: -Inf sat -> 0xFF"},
    {E4M3, 0x43E80000, RNE, SAT, A950, 0x7E, FX, "2.4 AMD950: 464 -> 0x7E"},
    {E4M3, 0x43E08000, RNE, SAT, A950, 0x7E, FX, "2.4 AMD950: 449 -> 0x7E"},

    /* --- 2.2 boundaries, MX INT8 (q * 2^-6, RNE, always saturates) --- */
    {INT8, 0x3FFF0000, RNE, SAT, OCP, 0x7F, FO | FX, "2.2: 127.5/64 ties to 128 -> overflow"},
    {INT8, 0x3C000000, RNE, SAT, OCP, 0x00, FX | FU, "2.2: 1/128 ties to 0"},
    {INT8, 0x3CC00000, RNE, SAT, OCP, 0x02, FX, "2.2: 1.5/64 ties to 2/64"},
    {INT8, 0xC0008000, RNE, NON, OCP, 0x80, FX, "2.2: -128.5/64 ties to even -128"},
    {INT8, 0x80000000, RNE, SAT, OCP, 0x00, 0, "1.1: INT8 has a single zero"},
    {INT8, 0x7F800000, RNE, NON, OCP, 0x7F, FI, "convert.h: +Inf -> +max"},
    {INT8, 0xFF800000, RNE, NON, OCP, 0x80, FI, "convert.h: -Inf -> -max = -2.0"},
    {INT8, 0x7FC00000, RNE, SAT, OCP, 0x7F, FI, "convert.h: +NaN -> +max"},
    {INT8, 0xFFC00000, RNE, SAT, OCP, 0x80, FI, "convert.h: -NaN -> -max = -2.0 (sign kept)"},
    {INT8, 0xFFC00000, RNE, SAT, I127, 0x81, FI, "convert.h: -NaN, int8_min -127 -> 0x81"},
    {E3M2, 0x41E00000, RNE, NON, OCP, 0x1F, 0, "1.1: 28 exact max"},
    {E3M2, 0x41E80000, RNE, NON, OCP, 0x1F, FX, "2.2: 29 < 30 rounds to 28"},

    /* --- 1.1 exact table values --- */
    {E4M3, 0x3B000000, RNE, SAT, OCP, 0x01, 0, "1.1: E4M3 min subnormal 2^-9"},
    {E4M3, 0x3C600000, RNE, SAT, OCP, 0x07, 0, "1.1: E4M3 max subnormal 0.875*2^-6"},
    {E5M2, 0x37800000, RNE, SAT, OCP, 0x01, 0, "1.1: E5M2 min subnormal 2^-16"},
    {E5M2, 0x38800000, RNE, SAT, OCP, 0x04, 0, "1.1: E5M2 min normal 2^-14"},
    {E5M2, 0x47600000, RNE, NON, OCP, 0x7B, 0, "1.1: E5M2 max 57344"},

    /* --- directed rounding, IEEE 754 7.4 overflow (DESIGN.md 2) --- */
    {E4M3, 0x4E6E6B28, RTZ, NON, OCP, 0x7E, FO | FX, "7.4: RTZ overflow -> max"},
    {E4M3, 0x4E6E6B28, RUP, NON, OCP, 0x7F, FO | FX, "7.4: RUP +overflow -> NaN (nonsat)"},
    {E4M3, 0xCE6E6B28, RUP, NON, OCP, 0xFE, FO | FX, "7.4: RUP -overflow -> -max"},
    {E4M3, 0xCE6E6B28, RDN, NON, OCP, 0xFF, FO | FX, "7.4: RDN -overflow -> -NaN"},
    {E4M3, 0x4E6E6B28, RDN, NON, OCP, 0x7E, FO | FX, "7.4: RDN +overflow -> max"},
    {E4M3, 0x43E00001, RUP, NON, OCP, 0x7F, FO | FX, "7.4: 448+ulp RUP rounds past max"},
    {E4M3, 0x43E00001, RUP, SAT, OCP, 0x7E, FO | FX, "7.4: 448+ulp RUP SAT clamps"},
    {E5M2, 0x47600001, RUP, NON, OCP, 0x7C, FO | FX, "7.4: 57344.004 RUP -> Inf"},
    {E5M2, 0xC7600001, RDN, NON, OCP, 0xFC, FO | FX, "7.4: -57344.004 RDN -> -Inf"},
    {E5M2, 0x47700000, RTZ, NON, OCP, 0x7B, FX, "RTZ: 61440 truncates to max, no overflow"},
    {E5M2, 0x7F800000, RUP, NON, OCP, 0x7C, 0, "Table 3: Inf is not rounded"},
    {E4M3, 0x35800000, RUP, SAT, OCP, 0x01, FX | FU, "RUP: 2^-20 -> min subnormal"},
    {E4M3, 0xB5800000, RDN, SAT, OCP, 0x81, FX | FU, "RDN: -2^-20 -> -min subnormal"},
    {E4M3, 0xB5800000, RTZ, SAT, OCP, 0x80, FX | FU, "RTZ: -2^-20 -> -0"},
    {E4M3, 0xB5800000, RUP, SAT, OCP, 0x80, FX | FU, "RUP: -2^-20 -> -0"},
    {E4M3, 0x3F880000, RNE, SAT, OCP, 0x38, FX, "5.3 row 47: 1.0625 ties to even 1.0"},
    {E4M3, 0x3F880000, RUP, SAT, OCP, 0x39, FX, "RUP: 1.0625 -> 1.125"},
    {E4M3, 0x3F880000, RDN, SAT, OCP, 0x38, FX, "RDN: 1.0625 -> 1.0"},
    {E2M1, 0x40D00000, RUP, NON, OCP, 0x7, FO | FX, "RUP: 6.5 -> overflow, FP4 saturates"},
    {E2M1, 0xC0D00000, RDN, NON, OCP, 0xF, FO | FX, "RDN: -6.5 -> overflow, FP4 saturates"},
    {INT8, 0x3FFF0000, RUP, NON, OCP, 0x7F, FO | FX, "RUP: 127.5/64 -> overflow, INT8 saturates"},
    {INT8, 0xBFFF0000, RDN, NON, OCP, 0x80, FX, "RDN: -127.5/64 -> -2.0 (0x80), in range"},
    {INT8, 0xBFFF0000, RDN, NON, I127, 0x81, FO | FX, "RDN: -127.5/64 -> -2.0 < -127/64: clamps"},
    {INT8, 0xBFFF0000, RNE, SAT, I127, 0x81, FO | FX, "2.2: -127.5/64 ties to -128 (even): clamps"},
};

/* Decode rows: E8M0 5.2 rows 32-33 and 1.3 decode rules. f32 bits typed. */
typedef struct dcase {
    int fmt;
    unsigned code;
    int is_nan;
    uint32_t f32; /* expected f32 bits when not NaN */
    const char *cite;
} dcase;

static const dcase DCASES[] = {
    {MXCTS_E8M0, 0x00, 0, 0x00400000, "5.2 row 32: E8M0 0x00 = 2^-127 (f32 subnormal)"},
    {MXCTS_E8M0, 0xFF, 1, 0, "5.2 row 33: E8M0 0xFF = NaN (not Inf)"},
    {MXCTS_E8M0, 0xFE, 0, 0x7F000000, "1.1: E8M0 0xFE = 2^127"},
    {MXCTS_E8M0, 0x7F, 0, 0x3F800000, "1.1: E8M0 0x7F = 1"},
    {MXCTS_E4M3, 0x7F, 1, 0, "1.3: E4M3 0x7F = NaN, never 480"},
    {MXCTS_E4M3FNUZ, 0x80, 1, 0, "1.3: FNUZ 0x80 = NaN, never -0"},
    {MXCTS_E5M2FNUZ, 0x80, 1, 0, "1.3: FNUZ 0x80 = NaN, never -0"},
    {MXCTS_INT8, 0x80, 0, 0xC0000000, "1.1: INT8 0x80 = -2.0"},
};

static mxcts_convert case_config(const scase *c)
{
    mxcts_convert cv = tu_config((mxcts_round)c->round, (mxcts_overflow)c->ovf,
                                 c->knob == CLR ? MXCTS_NAN_SIGN_CLEAR : MXCTS_NAN_SIGN_PRESERVE);
    if (c->knob == HIP) {
        cv.overflow_test = MXCTS_OVF_BEFORE_ROUNDING;
        cv.inf_policy = MXCTS_INF_NEVER_SATURATES;
    }
    if (c->knob == N7E)
        cv.nan_code_e5m2 = 0x7E;
    if (c->knob == I127)
        cv.int8_min = -127;
    if (c->knob == CUDA)
        cv.nan_finite = MXCTS_NANF_MAX_POSITIVE;
    if (c->knob == MLD)
        cv.nan_finite = MXCTS_NANF_ZERO_XOR;
    if (c->knob == JAX)
        cv.nan_finite = MXCTS_NANF_NEG_ZERO;
    if (c->knob == TK)
        cv.nan_finite = MXCTS_NANF_MAX_SIGNED;
    if (c->knob == A950)
        cv.e4m3_sat_nan = 1;
    if (c->knob == CUS)
        cv.nan_input_positive = 1;
    return cv;
}

static long check_one(const scase *c, const char *entry, mxcts_status st, unsigned got,
                      unsigned got_flags, int check_flags)
{
    mxcts_convert cv = case_config(c);
    char in[96];
    snprintf(in, sizeof in, "f32 0x%08X (%s)", c->in, c->cite);
    if (st != MXCTS_OK) {
        tu_fail("%s input %s: status %d", entry, in, (int)st);
        return 1;
    }
    if (got != c->want || (check_flags && got_flags != c->flags))
        tu_fail_encode(entry, (mxcts_format)c->fmt, &cv, in, c->want, got, c->flags,
                       check_flags ? got_flags : c->flags);
    return 1;
}

static long run_encode_case(const scase *c)
{
    long n = 0;
    mxcts_format f = (mxcts_format)c->fmt;
    mxcts_convert cv = case_config(c);
    uint8_t code = 0xAA;
    unsigned fl = 0;
    double x = tu_f32_value(c->in);

    /* the oracle must agree with the typed value */
    code = oracle_encode(f, x, &cv, &fl);
    n += check_one(c, "oracle", MXCTS_OK, code, fl, 1);

    fl = 0;
    mxcts_status st = mxcts_encode_f32(f, c->in, &cv, &code, &fl);
    n += check_one(c, "mxcts_encode_f32", st, code, fl, 1);

    uint64_t b64 = tu_f64_bits(x);
    if (isnan(x)) /* keep the NaN's sign: a quiet f64 NaN of the same sign */
        b64 = 0x7FF8000000000000ull | ((uint64_t)(c->in >> 31) << 63);
    fl = 0;
    st = mxcts_encode_f64(f, b64, &cv, &code, &fl);
    n += check_one(c, "mxcts_encode_f64", st, code, fl, 1);

    if ((c->in & 0xFFFF) == 0 || isnan(x)) { /* exactly a bf16 */
        uint16_t b16 = (uint16_t)(c->in >> 16);
        fl = 0;
        st = mxcts_encode_bf16(f, b16, &cv, &code, &fl);
        n += check_one(c, "mxcts_encode_bf16", st, code, fl, 1);
    }

    fl = 0;
    st = mxcts_encode_bulk(f, MXCTS_WIDE_F32, &c->in, 1, &code, &cv, &fl);
    n += check_one(c, "mxcts_encode_bulk(f32)", st, code, fl, 1);
    fl = 0;
    st = mxcts_encode_bulk(f, MXCTS_WIDE_F64, &b64, 1, &code, &cv, &fl);
    n += check_one(c, "mxcts_encode_bulk(f64)", st, code, fl, 1);
    return n;
}

static long run_decode_case(const dcase *d)
{
    double v = 0;
    float g = 0;
    long n = 2;
    mxcts_status st = mxcts_decode_f64((mxcts_format)d->fmt, d->code, &v);
    mxcts_status st2 = mxcts_decode_f32((mxcts_format)d->fmt, d->code, &g);
    uint32_t gb;
    memcpy(&gb, &g, sizeof gb);
    TU_CHECK(st == MXCTS_OK && st2 == MXCTS_OK, "decode %s code 0x%02X: status %d/%d (%s)",
             oracle_format_name((mxcts_format)d->fmt), d->code, (int)st, (int)st2, d->cite);
    if (d->is_nan) {
        TU_CHECK(isnan(v) && isnan(g), "decode %s code 0x%02X: want NaN, got %a / f32 0x%08X (%s)",
                 oracle_format_name((mxcts_format)d->fmt), d->code, v, gb, d->cite);
    } else {
        TU_CHECK(gb == d->f32 && v == (double)tu_f32_value(d->f32),
                 "decode %s code 0x%02X: want f32 0x%08X, got f32 0x%08X, f64 %a (%s)",
                 oracle_format_name((mxcts_format)d->fmt), d->code, d->f32, gb, v, d->cite);
    }
    double o;
    int cls = oracle_decode((mxcts_format)d->fmt, d->code, &o);
    TU_CHECK(d->is_nan ? cls == ORACLE_NAN : (cls == ORACLE_NUM && o == tu_f32_value(d->f32)),
             "oracle decode %s code 0x%02X disagrees with the typed value (%s)",
             oracle_format_name((mxcts_format)d->fmt), d->code, d->cite);
    return n + 1;
}

int main(void)
{
    oracle_init();
    long checks = 0;
    size_t ncases = sizeof CASES / sizeof CASES[0];
    for (size_t i = 0; i < ncases; i++)
        checks += run_encode_case(&CASES[i]);
    for (size_t i = 0; i < sizeof DCASES / sizeof DCASES[0]; i++)
        checks += run_decode_case(&DCASES[i]);
    printf("%zu encode cases, %zu decode cases\n", ncases, sizeof DCASES / sizeof DCASES[0]);
    TU_CHECK(ncases >= 60, "only %zu encode cases (need >= 60)", ncases);
    return tu_finish("ref_spec_cases", checks);
}

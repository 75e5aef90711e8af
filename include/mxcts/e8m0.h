/* Conversion to the MX scale format E8M0 (unsigned 2^(E-127), 0x00 = 2^-127,
 * 0xFE = 2^127, 0xFF = NaN; no zero, no sign, no Inf).
 *
 * E8M0 is not a float format to round into once: libraries disagree on the
 * rounding, on saturation and on what zero and negative inputs become
 * (mx-semantics 2.7). Every one of those choices is a knob here; the
 * profiles (mxcts/profile.h) fill them from a table. spec/conversion.md
 * section "E8M0" gives the exact rules and the evidence. */
#ifndef MXCTS_E8M0_H
#define MXCTS_E8M0_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/convert.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rounding of a finite positive x onto the lattice {2^-127 .. 2^127}.
 * e = floor(log2 x), m = x / 2^e in [1, 2). Results below 2^-127 become
 * 0x00 in every mode (there is no zero to round to). */
typedef enum mxcts_e8m0_round {
    MXCTS_E8M0_RTZ = 0,     /* 2^e (floor log2): CUDA cudaRoundZero */
    MXCTS_E8M0_RUP,         /* 2^ceil(log2 x): CUDA cudaRoundPosInf, TE, torchao rceil */
    MXCTS_E8M0_NEAREST_UP,  /* torch / ml_dtypes "RNE": 2^(e + (m >= 1.5)) for x >= 2^-126,
                               and every x in (2^-127, 2^-126) -> 2^-126 (byte 0 is treated
                               as if it were zero: 0x00400001 -> 0x01) */
    MXCTS_E8M0_NEAREST,     /* true nearest on the lattice, ties (m == 1.5) up:
                               2^(e + (m >= 1.5)) for every x >= 2^-127 */
    MXCTS_E8M0_ROUND_COUNT
} mxcts_e8m0_round;

/* What a result above 2^127 (finite overflow after rounding, or +-Inf) becomes.
 * Toward-zero rounding never overflows a finite input: it gives 0xFE (IEEE 754 7.4). */
typedef enum mxcts_e8m0_overflow {
    MXCTS_E8M0_SAT = 0,  /* 0xFE (2^127): CUDA __NV_SATFINITE, TE */
    MXCTS_E8M0_NONSAT,   /* 0xFF (NaN): CUDA __NV_NOSAT, torch, ml_dtypes, torchao */
    MXCTS_E8M0_OVERFLOW_COUNT
} mxcts_e8m0_overflow;

/* What +-0 becomes. */
typedef enum mxcts_e8m0_zero {
    MXCTS_E8M0_ZERO_MIN = 0, /* 0x00 (2^-127): CUDA, torch, TE, torchao */
    MXCTS_E8M0_ZERO_NAN,     /* 0xFF: ml_dtypes / JAX (non-saturating cast) */
    MXCTS_E8M0_ZERO_COUNT
} mxcts_e8m0_zero;

/* What a negative input (finite or -Inf; not -0) becomes. */
typedef enum mxcts_e8m0_negative {
    MXCTS_E8M0_NEG_ABS = 0, /* convert |x|: CUDA, torch, TE (sign bit ignored) */
    MXCTS_E8M0_NEG_NAN,     /* 0xFF: ml_dtypes / JAX */
    MXCTS_E8M0_NEGATIVE_COUNT
} mxcts_e8m0_negative;

typedef struct mxcts_e8m0_convert {
    mxcts_e8m0_round round;
    mxcts_e8m0_overflow overflow;
    mxcts_e8m0_zero zero;
    mxcts_e8m0_negative negative;
} mxcts_e8m0_convert;

/* The `ocp` profile's E8M0 knobs: toward zero (the floor(log2) of OCP MX
 * Algorithm 1), non-saturating (a scale never encodes Inf), zero -> 0x00,
 * negative -> NaN. NaN input is always 0xFF. */
mxcts_status mxcts_e8m0_init(mxcts_e8m0_convert *cv);
mxcts_status mxcts_e8m0_validate(const mxcts_e8m0_convert *cv);

/* Flags (MXCTS_FLAG_* of convert.h) raised by the E8M0 encoders:
 * INEXACT   the result's value differs from the input (incl. zero -> 0x00);
 * OVERFLOW  a finite input rounded above 2^127;
 * UNDERFLOW a non-zero input below 2^-127;
 * INVALID   a non-NaN input gave 0xFF (zero/negative policy, overflow or Inf
 *           under NONSAT), or +-Inf gave 0xFE. */
mxcts_status mxcts_e8m0_encode_f64(uint64_t bits, const mxcts_e8m0_convert *cv, uint8_t *code,
                                   unsigned *flags);
mxcts_status mxcts_e8m0_encode_f32(uint32_t bits, const mxcts_e8m0_convert *cv, uint8_t *code,
                                   unsigned *flags);
mxcts_status mxcts_e8m0_encode_f16(uint16_t bits, const mxcts_e8m0_convert *cv, uint8_t *code,
                                   unsigned *flags);
mxcts_status mxcts_e8m0_encode_bf16(uint16_t bits, const mxcts_e8m0_convert *cv, uint8_t *code,
                                    unsigned *flags);

/* n values of wide type `src` -> n E8M0 codes (OpenMP; bytes independent of
 * the thread count). Nothing is written when an argument is invalid. */
mxcts_status mxcts_e8m0_encode_bulk(mxcts_wide src, const void *in, size_t n, uint8_t *out,
                                    const mxcts_e8m0_convert *cv, unsigned *flags);

/* The exact reciprocal of a scale, as a scale: 1/2^(E-127) = 2^(127-E), i.e.
 * code 254 - E (0x00 <-> 0xFE, 0x7F <-> 0x7F); 0xFF (NaN) -> 0xFF.
 * Every reciprocal is representable: the range is symmetric. */
uint8_t mxcts_e8m0_reciprocal(uint8_t code);

/* The reciprocal's value, exact: 0xFE -> 2^-127 (f32 subnormal 0x00400000),
 * 0x00 -> 2^127, 0xFF -> quiet NaN. */
mxcts_status mxcts_e8m0_reciprocal_f32(uint8_t code, float *value);
mxcts_status mxcts_e8m0_reciprocal_f64(uint8_t code, double *value);

#ifdef __cplusplus
}
#endif
#endif

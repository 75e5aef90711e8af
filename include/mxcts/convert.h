/* Bit-exact conversion between wide floating-point types and the MX/FP8
 * element formats. Rule (OFP8 5.2.1): round the exact input with an
 * unbounded exponent to the format's precision, then apply the overflow
 * policy. See spec/conversion.md for every knob and its evidence. */
#ifndef MXCTS_CONVERT_H
#define MXCTS_CONVERT_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/format.h"
#include "mxcts/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum mxcts_round {
    MXCTS_ROUND_RNE = 0,   /* nearest, ties to even (default) */
    MXCTS_ROUND_RTZ,       /* toward zero */
    MXCTS_ROUND_RUP,       /* toward +inf */
    MXCTS_ROUND_RDN,       /* toward -inf */
    MXCTS_ROUND_COUNT
} mxcts_round;

typedef enum mxcts_overflow {
    MXCTS_OVERFLOW_SAT = 0, /* clamp to +-max finite; +-Inf saturates too (OFP8 Table 3) */
    MXCTS_OVERFLOW_NONSAT,  /* E5M2 -> Inf, E4M3 -> NaN, FNUZ -> 0x80 (IEEE 7.4 for directed modes) */
    MXCTS_OVERFLOW_COUNT
} mxcts_overflow;

typedef enum mxcts_nan_sign {
    MXCTS_NAN_SIGN_PRESERVE = 0, /* NaN output keeps the input's sign bit */
    MXCTS_NAN_SIGN_CLEAR,        /* NaN output is always the positive NaN code */
    MXCTS_NAN_SIGN_COUNT
} mxcts_nan_sign;

/* Where the overflow test happens (a compat knob; the spec says after). */
typedef enum mxcts_overflow_test {
    MXCTS_OVF_AFTER_ROUNDING = 0, /* OFP8: round first, then compare with max */
    MXCTS_OVF_BEFORE_ROUNDING,    /* HIP software path: |x| > max overflows before rounding */
    MXCTS_OVF_TEST_COUNT
} mxcts_overflow_test;

/* What +-Inf becomes under MXCTS_OVERFLOW_SAT. */
typedef enum mxcts_inf_policy {
    MXCTS_INF_FOLLOWS_OVERFLOW = 0, /* OFP8 Table 3: SAT -> +-max, NONSAT -> Inf/NaN */
    MXCTS_INF_NEVER_SATURATES,      /* HIP software path: Inf -> Inf/NaN even under SAT */
    MXCTS_INF_POLICY_COUNT
} mxcts_inf_policy;

/* What NaN becomes in a format without NaN (FP6, FP4, MX INT8); the OCP MX
 * specification leaves it implementation-defined (mx-semantics 2.6). */
typedef enum mxcts_nan_finite {
    MXCTS_NANF_MAX = 0,      /* +-max finite, sign per nan_sign (default) */
    MXCTS_NANF_MAX_POSITIVE, /* +max for either sign: CUDA __nv_cvt_float_to_fp6/fp4 */
    MXCTS_NANF_MAX_SIGNED,   /* +-max by the NaN's sign: triton_kernels, AMD gfx950 emulation */
    MXCTS_NANF_ZERO_XOR,     /* ml_dtypes: the -0 pattern XOR the NaN's sign (+NaN -> -0, -NaN -> +0) */
    MXCTS_NANF_NEG_ZERO,     /* JAX/XLA: -0 for either sign */
    MXCTS_NANF_COUNT
} mxcts_nan_finite;

/* Conversion knobs. Initialise with mxcts_convert_init() (the `ocp` defaults)
 * and change fields; profiles (issue 3) fill this struct from a table. */
typedef struct mxcts_convert {
    mxcts_round round;
    mxcts_overflow overflow;
    mxcts_nan_sign nan_sign;
    mxcts_overflow_test overflow_test;
    mxcts_inf_policy inf_policy;
    int int8_min;         /* most negative MX INT8 code value: -128 (default) or -127 */
    int nan_code_e5m2;    /* positive E5M2 NaN code: 0x7F (default, CUDA/torch/HIP) or 0x7D/0x7E */
    mxcts_nan_finite nan_finite; /* NaN -> FP6/FP4/INT8 (MXCTS_NANF_MAX) */
    int e4m3_sat_nan;     /* 1: under SAT, E4M3 overflow and +-Inf give NaN S.1111.111 instead of
                             +-448 (AMD gfx950 emulation inf<E4M3,true>); 0 (default): OFP8 */
    int nan_input_positive; /* 1: a NaN input to a format with NaN codes (FP8) is taken as +NaN
                               (CUDA canonicalises NaN to 0x7FFFFFFF, cuda_fp8.hpp l.271-275), while
                               NaN produced by overflow or Inf keeps following nan_sign; FP6/FP4/INT8
                               NaN inputs follow nan_finite with their own sign. 0: default */
} mxcts_convert;

/* Status flags raised by an encode (OR-ed over a bulk call). */
enum {
    MXCTS_FLAG_INEXACT = 1u << 0,   /* the result differs from the input value */
    MXCTS_FLAG_OVERFLOW = 1u << 1,  /* a finite input's rounded magnitude exceeded max finite */
    MXCTS_FLAG_UNDERFLOW = 1u << 2, /* tiny (below min normal) and inexact */
    MXCTS_FLAG_INVALID = 1u << 3    /* NaN or Inf input mapped to a number: the format lacks NaN/Inf */
};

/* Source / destination wide types, for the bulk functions. */
typedef enum mxcts_wide {
    MXCTS_WIDE_F64 = 0,
    MXCTS_WIDE_F32,
    MXCTS_WIDE_F16,
    MXCTS_WIDE_BF16,
    MXCTS_WIDE_COUNT
} mxcts_wide;

/* Fill `cv` with the OCP defaults: RNE, SAT, NaN sign preserved, overflow
 * after rounding, Inf follows the overflow mode, INT8 min -128, E5M2 NaN 0x7F,
 * NaN -> FP6/FP4/INT8 max finite, E4M3 SAT gives 448. */
mxcts_status mxcts_convert_init(mxcts_convert *cv);

/* Check every knob of `cv` is in range. */
mxcts_status mxcts_convert_validate(const mxcts_convert *cv);

/* Encode one value given as the bit pattern of its wide type. `flags` may be
 * NULL; otherwise the flags of this conversion are OR-ed into *flags.
 * FP6/FP4/INT8 have no NaN or Inf: +-Inf gives +-max, NaN gives max finite
 * with the NaN sign policy applied, and MXCTS_FLAG_INVALID is raised.
 * E8M0 is not an element format: use mxcts_e8m0_encode (MXCTS_ERR_FORMAT here). */
mxcts_status mxcts_encode_f64(mxcts_format fmt, uint64_t bits, const mxcts_convert *cv,
                              uint8_t *code, unsigned *flags);
mxcts_status mxcts_encode_f32(mxcts_format fmt, uint32_t bits, const mxcts_convert *cv,
                              uint8_t *code, unsigned *flags);
mxcts_status mxcts_encode_f16(mxcts_format fmt, uint16_t bits, const mxcts_convert *cv,
                              uint8_t *code, unsigned *flags);
mxcts_status mxcts_encode_bf16(mxcts_format fmt, uint16_t bits, const mxcts_convert *cv,
                               uint8_t *code, unsigned *flags);

/* Encode n values of type `src` (array of uint64/uint32/uint16 bit patterns)
 * into n codes, in parallel with OpenMP; bytes identical for any thread count.
 * `flags` (may be NULL) receives the OR of all element flags. Nothing is
 * written to `out` when an argument is invalid. n == 0 is allowed. */
mxcts_status mxcts_encode_bulk(mxcts_format fmt, mxcts_wide src, const void *in, size_t n,
                               uint8_t *out, const mxcts_convert *cv, unsigned *flags);

/* Decode one code exactly. Codes with bits above the format's width are
 * MXCTS_ERR_CODE_RANGE. NaN codes decode to a quiet NaN carrying the code's
 * sign (E8M0 0xFF and FNUZ 0x80 -> +NaN). */
mxcts_status mxcts_decode_f64(mxcts_format fmt, unsigned code, double *value);
mxcts_status mxcts_decode_f32(mxcts_format fmt, unsigned code, float *value);

/* Decode n codes into `dst` type (MXCTS_WIDE_F64 or MXCTS_WIDE_F32 only). */
mxcts_status mxcts_decode_bulk(mxcts_format fmt, const uint8_t *codes, size_t n,
                               mxcts_wide dst, void *out);

/* True (1) if `code` is a NaN code of `fmt`. */
int mxcts_code_is_nan(mxcts_format fmt, unsigned code);

#ifdef __cplusplus
}
#endif
#endif

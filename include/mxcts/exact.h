/* Exact arithmetic for dot products: factors (exact values of codes, scales
 * and wide floats), their exact products, an exact fixed-point accumulator,
 * and ONE correctly rounded conversion of the exact sum to f64 / f32 / bf16 /
 * f16. See spec/gemm.md.
 *
 * The accumulator holds two unsigned fixed-point magnitudes of
 * MXCTS_ACC_LIMBS x 64 bits, one for the positive and one for the negative
 * terms; bit i weighs 2^(i + MXCTS_ACC_LSB_EXP). The signed sum is
 * pos - neg and the sum of absolute values (for error bounds) is pos + neg,
 * both exact. Range: every term whose value lies in
 * [2^MXCTS_ACC_LSB_EXP, 2^MXCTS_ACC_TERM_MAX_EXP) is added exactly, and
 * 2^64 such terms cannot overflow the register. That covers every product of
 * two MX / FP8 / FNUZ elements times any pair of E8M0 scales (2^-286 ..
 * 2^286), of FP8 elements with f32 per-tensor scales (2^-332 .. 2^288), of
 * f32 / bf16 / f16 values with any of those, and f32 / bf16 / f16 biases.
 *
 * Special values are tracked beside the register: a NaN term, or both +Inf
 * and -Inf terms, make the result NaN; an Inf term makes it that Inf. */
#ifndef MXCTS_EXACT_H
#define MXCTS_EXACT_H

#include <stdint.h>
#include "mxcts/convert.h"
#include "mxcts/format.h"
#include "mxcts/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MXCTS_ACC_LIMBS 12
#define MXCTS_ACC_LSB_EXP (-384)  /* weight of bit 0 */
#define MXCTS_ACC_TERM_MAX_EXP 320 /* terms must be < 2^320 in magnitude */

/* Class of a factor, a term or a result. */
typedef enum mxcts_class {
    MXCTS_CLASS_FINITE = 0, /* a finite number (zero included) */
    MXCTS_CLASS_INF = 1,    /* +-Inf (sign in `sign`) */
    MXCTS_CLASS_NAN = 2
} mxcts_class;

/* An exact value (-1)^sign * mant * 2^exp, or Inf / NaN. Zero is mant == 0
 * (the sign is kept). Constructors strip trailing zero bits of mant. */
typedef struct mxcts_factor {
    int cls;       /* mxcts_class */
    int sign;      /* 0 or 1 */
    uint64_t mant;
    int exp;
} mxcts_factor;

/* Special-value flags of an accumulator. */
enum {
    MXCTS_ACC_SEEN_NAN = 1u << 0,
    MXCTS_ACC_SEEN_POS_INF = 1u << 1,
    MXCTS_ACC_SEEN_NEG_INF = 1u << 2
};

typedef struct mxcts_acc {
    uint64_t pos[MXCTS_ACC_LIMBS]; /* sum of the positive finite terms */
    uint64_t neg[MXCTS_ACC_LIMBS]; /* sum of the magnitudes of the negative finite terms */
    unsigned special;              /* MXCTS_ACC_SEEN_* */
    uint64_t terms;                /* number of terms added (finite or not) */
} mxcts_acc;

/* ---- factors ---- */

/* Exact value of an element or scale code (any format of format.h; NaN codes
 * and E8M0 0xFF give NaN, E5M2 Inf codes give Inf). */
mxcts_status mxcts_factor_from_code(mxcts_format fmt, unsigned code, mxcts_factor *f);
/* Exact value of a wide bit pattern. MXCTS_WIDE_F64 is accepted, but the
 * accumulator only takes terms inside its range (see mxcts_acc_add_*). */
mxcts_status mxcts_factor_from_bits(mxcts_wide type, uint64_t bits, mxcts_factor *f);
/* Exact product with IEEE special rules: NaN if either is NaN or for Inf * 0,
 * Inf if either is Inf, otherwise the exact product. MXCTS_ERR_UNSUPPORTED
 * if the exact product's significand needs more than 64 bits. */
mxcts_status mxcts_factor_mul(const mxcts_factor *a, const mxcts_factor *b, mxcts_factor *out);

/* ---- accumulator ---- */

mxcts_status mxcts_acc_init(mxcts_acc *acc);
/* Add one factor as a term. MXCTS_ERR_UNSUPPORTED (accumulator unchanged) if
 * a non-zero finite term lies outside [2^-384, 2^320). */
mxcts_status mxcts_acc_add(mxcts_acc *acc, const mxcts_factor *t);
/* Add the exact product a * b (up to 128-bit significand) as one term.
 * Specials: NaN if either is NaN, Inf * 0 is NaN, Inf * x is a signed Inf. */
mxcts_status mxcts_acc_add_product(mxcts_acc *acc, const mxcts_factor *a, const mxcts_factor *b);
/* acc += other (exact; the term counts and special flags are merged). */
mxcts_status mxcts_acc_merge(mxcts_acc *acc, const mxcts_acc *other);

/* Class of the exact sum: NaN if a NaN term was added or both infinities
 * were; else +-Inf if one infinity was; else finite. *sign is the sign of the
 * Inf, or of the finite non-zero sum (0 for an exact zero). Either pointer
 * may be NULL. */
mxcts_status mxcts_acc_class(const mxcts_acc *acc, int *cls, int *sign);
/* 1 if the finite sum is exactly zero (both registers may be non-zero). */
int mxcts_acc_is_zero(const mxcts_acc *acc);

/* One correctly rounded conversion of the exact sum to `type` (f64, f32,
 * f16, bf16 bit pattern in the low bits of *bits), with rounding mode `mode`
 * (RNE is the reference; RTZ / RUP / RDN per IEEE 754, overflow per 7.4).
 * Subnormals are rounded correctly; RNE overflow gives Inf. An exact zero
 * sum gives +0 (-0 under RDN); a non-zero sum that rounds to zero keeps its
 * sign. NaN gives the positive canonical quiet NaN (0x7FC00000, 0x7FC0,
 * 0x7E00, 0x7FF8000000000000). Inexactness is reported in *inexact (may be
 * NULL). */
mxcts_status mxcts_acc_round(const mxcts_acc *acc, mxcts_wide type, mxcts_round mode,
                             uint64_t *bits, int *inexact);
/* Convenience: the sum rounded (RNE) to double. */
mxcts_status mxcts_acc_to_f64(const mxcts_acc *acc, double *value);
/* Sum of the absolute values of the finite terms, rounded to f64 in `mode`
 * (RUP gives an upper bound, as error bounds need). */
mxcts_status mxcts_acc_abs_sum(const mxcts_acc *acc, mxcts_round mode, double *value);

/* Round an exact factor once to `type` (as mxcts_acc_round; factor zero keeps
 * its sign). Works for any exponent (not limited to the accumulator range). */
mxcts_status mxcts_factor_round(const mxcts_factor *f, mxcts_wide type, mxcts_round mode,
                                uint64_t *bits, int *inexact);

/* Precision facts of a wide type: significand bits p (incl. the hidden bit),
 * emin, emax. */
mxcts_status mxcts_wide_params(mxcts_wide type, int *p, int *emin, int *emax);

#ifdef __cplusplus
}
#endif
#endif

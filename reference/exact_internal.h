/* Internal helpers of the exact accumulator shared by the GEMM reference
 * files (not installed). */
#ifndef MXCTS_EXACT_INTERNAL_H
#define MXCTS_EXACT_INTERNAL_H

#include <stdint.h>
#include "mxcts/exact.h"

/* Round the magnitude mag[0..n) (bit i weighs 2^(i + lsb_exp)) with the
 * given sign once to `type`. `type` and `mode` must be valid. */
uint64_t mxcts__round_mag(const uint64_t *mag, int n, int lsb_exp, int sign, mxcts_wide type,
                          mxcts_round mode, int *inexact);

/* Canonical positive quiet NaN of a wide type. */
uint64_t mxcts__wide_nan(mxcts_wide type);
/* +Inf (sign 0) / -Inf of a wide type. */
uint64_t mxcts__wide_inf(mxcts_wide type, int sign);

/* 64 x 64 -> 128-bit product. */
static inline void mxcts__mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
    *lo = (mid << 32) | (p00 & 0xFFFFFFFFu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* Add the term (-1)^sign * (hi:lo) * 2^exp to the accumulator's registers
 * (no special handling, no term count). Returns MXCTS_ERR_UNSUPPORTED if out
 * of range (nothing added). */
mxcts_status mxcts__acc_add_mag(mxcts_acc *acc, int sign, uint64_t hi, uint64_t lo, int exp);

/* Fast path for terms known to be in range: mant * 2^exp with
 * exp >= MXCTS_ACC_LSB_EXP and mant * 2^exp < 2^MXCTS_ACC_TERM_MAX_EXP. */
static inline void mxcts__acc_add_fast(mxcts_acc *acc, int sign, uint64_t mant, int exp)
{
    int b = exp - MXCTS_ACC_LSB_EXP;
    int li = b >> 6, off = b & 63;
    uint64_t *reg = sign ? acc->neg : acc->pos;
    uint64_t w0 = mant << off, w1 = off ? mant >> (64 - off) : 0;
    uint64_t s = reg[li] + w0;
    uint64_t c = s < w0;
    reg[li] = s;
    li++;
    w1 += c; /* cannot wrap: w1 < 2^63 when off != 0, and 0 or 1 when off == 0 */
    while (w1 && li < MXCTS_ACC_LIMBS) {
        s = reg[li] + w1;
        w1 = s < w1;
        reg[li] = s;
        li++;
    }
}

#endif

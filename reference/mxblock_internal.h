/* Internal helpers of the MX block quantiser: exact element encoding of
 * value / 2^s (an exponent shift, so no intermediate rounding), exact rounding
 * of a binary64 value to f32 / f16 / bf16, and the checks shared by the entry
 * points. Nothing here depends on the floating-point environment except the
 * few binary64 operations named in mxblock_scale.c. */
#ifndef MXCTS_MXBLOCK_INTERNAL_H
#define MXCTS_MXBLOCK_INTERNAL_H

#include <stdint.h>
#include <string.h>
#include "encode_core.h"
#include "mxcts/mxblock.h"

/* Element precision (fraction bits in the top binade): the float formats'
 * mantissa bits; INT8 tops out at 1.111111b (127/64), i.e. 6 bits. */
static inline int blk_elem_mbits(const mxcts_format_info *f)
{
    return f->kind == MXCTS_KIND_INT ? 6 : f->man_bits;
}

/* Largest finite code of the given sign (INT8 negative: cfg int8_min). */
static inline uint8_t blk_max_code(const mxcts_format_info *f, unsigned sign, int int8_min)
{
    if (f->kind == MXCTS_KIND_INT)
        return sign ? (uint8_t)(int8_min & 0xFF) : f->max_code;
    return (uint8_t)((sign ? f->sign_mask : 0) | f->max_code);
}

/* Encode the finite non-zero |x| = sig * 2^(e-63) (sig normalised, bit 63
 * set) with rounding `r`; finite overflow after rounding saturates. */
static inline uint8_t blk_encode_finite(const mxcts_format_info *f, unsigned sign, int e,
                                        uint64_t sig, mxcts_elem_round r, int int8_min)
{
    int is_int = f->kind == MXCTS_KIND_INT;
    int te = e < f->emin ? f->emin : e;
    int ulp = is_int ? f->emin : te - f->man_bits;
    int shift = ulp - (e - 63);
    if (shift <= 0)
        return blk_max_code(f, sign, int8_min);
    uint64_t n, rem, half;
    if (shift < 64) {
        n = sig >> shift;
        rem = sig & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    } else if (shift == 64) {
        n = 0, rem = sig, half = 1ull << 63;
    } else { /* below half an ulp: never a tie, never rounds up */
        n = 0, rem = 1, half = 2;
    }
    int up;
    switch (r) {
    case MXCTS_ELEM_HALF_AWAY: up = rem >= half; break;
    case MXCTS_ELEM_HALF_UP: up = rem > half || (rem == half && !sign); break;
    default: up = rem > half || (rem == half && (n & 1)); break;
    }
    n += (uint64_t)up;
    int64_t base = is_int ? 0 : (int64_t)(te - f->emin) << f->man_bits;
    int64_t limit = is_int ? (sign ? -(int64_t)int8_min : 0x7F) : (int64_t)f->max_code;
    int64_t mag = base + (int64_t)n;
    if (mag > limit)
        return blk_max_code(f, sign, int8_min);
    if (is_int)
        return (uint8_t)(sign ? -mag : mag);
    return (uint8_t)((sign ? f->sign_mask : 0) | (unsigned)mag);
}

/* Positive canonical NaN code of the element format, or 0 for formats without NaN. */
static inline uint8_t blk_nan_code(const mxcts_format_info *f)
{
    return f->nan_kind == MXCTS_NAN_NONE ? 0 : f->nan_code;
}

/* Split a source value (f32 / f16 / bf16 bit pattern) into parts. */
static inline wide_parts blk_split(mxcts_wide src, const void *in, int64_t i)
{
    if (src == MXCTS_WIDE_F32)
        return split_f32(((const uint32_t *)in)[i]);
    if (src == MXCTS_WIDE_F16)
        return split_f16(((const uint16_t *)in)[i]);
    return split_f32((uint32_t)((const uint16_t *)in)[i] << 16);
}

/* |value| as an f32 bit pattern (exact for f32, f16, bf16 inputs); NaN gives 0x7FC00000. */
static inline uint32_t blk_abs_f32_bits(mxcts_wide src, const void *in, int64_t i)
{
    if (src == MXCTS_WIDE_F32) {
        uint32_t b = ((const uint32_t *)in)[i] & 0x7FFFFFFFu;
        return b > 0x7F800000u ? 0x7FC00000u : b;
    }
    if (src == MXCTS_WIDE_BF16) {
        uint32_t b = ((uint32_t)((const uint16_t *)in)[i] << 16) & 0x7FFFFFFFu;
        return b > 0x7F800000u ? 0x7FC00000u : b;
    }
    uint16_t h = ((const uint16_t *)in)[i] & 0x7FFF;
    unsigned E = h >> 10, M = h & 0x3FF;
    if (E == 0x1F)
        return M ? 0x7FC00000u : 0x7F800000u;
    if (E)
        return ((E - 15 + 127) << 23) | (M << 13);
    if (!M)
        return 0;
    /* f16 subnormal M * 2^-24: normal in f32 */
    int p = 31 - __builtin_clz(M); /* M = 1.xxx * 2^p */
    uint32_t frac = (M ^ (1u << p)) << (23 - p);
    return ((uint32_t)(p - 24 + 127) << 23) | frac;
}

/* Round the binary64 value d once (RNE) to a binary format with `eb`
 * exponent bits and `mb` fraction bits (f32 8/23, f16 5/10, bf16 8/7);
 * overflow gives Inf, NaN gives the quiet NaN with d's sign. */
static inline uint64_t blk_round_f64(double d, int eb, int mb)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    uint64_t sign = (b >> 63) << (eb + mb);
    int E = (int)((b >> 52) & 0x7FF);
    uint64_t M = b & 0xFFFFFFFFFFFFFull;
    uint64_t inf = (((uint64_t)1 << eb) - 1) << mb;
    if (E == 0x7FF)
        return sign | inf | (M ? (uint64_t)1 << (mb - 1) : 0);
    if (E == 0 && M == 0)
        return sign;
    int e;
    uint64_t sig;
    if (E) {
        e = E - 1023;
        sig = M | (1ull << 52);
    } else {
        int lz = __builtin_clzll(M) - 11; /* normalise to bit 52 */
        e = -1022 - lz;
        sig = M << lz;
    }
    int bias = (1 << (eb - 1)) - 1, emin = 1 - bias;
    int te = e < emin ? emin : e;
    int shift = 52 - mb + (te - e);
    uint64_t n, rem, half;
    if (shift > 63) {
        n = 0, rem = 1, half = 2;
    } else {
        n = sig >> shift;
        rem = sig & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    }
    n += (rem > half) || (rem == half && (n & 1));
    uint64_t mag = ((uint64_t)(te - emin) << mb) + n;
    return mag >= inf ? (sign | inf) : (sign | mag);
}

/* Exact 2^k as a double, -1074 <= k <= 1023. */
static inline double blk_pow2(int k)
{
    uint64_t b;
    if (k >= -1022)
        b = (uint64_t)(k + 1023) << 52;
    else
        b = 1ull << (k + 1074); // NOLINT(clang-analyzer-core.UndefinedBinaryOperatorResult): callers pass k >= -1074
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static inline double blk_f32_value(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return (double)f;
}

/* The scale code for a finite amax (f32 bits, >= 0, not NaN/Inf). */
uint8_t mxblock_scale_finite(const mxcts_format_info *f, uint32_t a, mxcts_scale_mode mode);

/* Quantise one block: n values starting at in[first], codes to codes[0..n). */
void mxblock_quantize_one(const mxcts_format_info *f, mxcts_wide src, const void *in, int64_t first,
                          int64_t n, const mxcts_block_config *cfg, uint8_t *scale, uint8_t *codes);

/* 1 if a + b * c (all >= 0) fits in int64 without overflow, with the result in *out. */
static inline int blk_extent(int64_t rows, int64_t ld, int64_t k, int64_t *out)
{
    int64_t t;
    if (__builtin_mul_overflow(rows - 1, ld, &t) || __builtin_add_overflow(t, k, &t))
        return 0;
    *out = t;
    return 1;
}

#endif

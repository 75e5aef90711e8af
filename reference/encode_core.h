/* Internal: the one encoding algorithm shared by every source type.
 * A finite non-zero input is given as sign, unbiased exponent e and a
 * normalised 64-bit significand sig (bit 63 set): |x| = sig * 2^(e-63).
 * The core rounds with an unbounded exponent, then applies overflow. */
#ifndef MXCTS_ENCODE_CORE_H
#define MXCTS_ENCODE_CORE_H

#include <stdint.h>
#include "mxcts/convert.h"

/* A wide value taken apart: class, sign, exponent, significand. */
enum { WIDE_FINITE = 0, WIDE_ZERO, WIDE_INF, WIDE_NAN };
typedef struct wide_parts {
    int cls;
    unsigned sign;
    int e;
    uint64_t sig;
} wide_parts;

static inline wide_parts split_f64(uint64_t b)
{
    wide_parts p = {WIDE_FINITE, (unsigned)(b >> 63), 0, 0};
    unsigned E = (unsigned)(b >> 52) & 0x7FF;
    uint64_t M = b & 0xFFFFFFFFFFFFFull;
    if (E == 0x7FF) {
        p.cls = M ? WIDE_NAN : WIDE_INF;
    } else if (E != 0) {
        p.e = (int)E - 1023;
        p.sig = (M | (1ull << 52)) << 11;
    } else if (M == 0) {
        p.cls = WIDE_ZERO;
    } else {
        int lz = __builtin_clzll(M);
        p.e = -1011 - lz; /* M * 2^-1074 = (M << lz) * 2^(e-63) */
        p.sig = M << lz;
    }
    return p;
}

static inline wide_parts split_f32(uint32_t b)
{
    wide_parts p = {WIDE_FINITE, b >> 31, 0, 0};
    unsigned E = (b >> 23) & 0xFF;
    uint64_t M = b & 0x7FFFFFu;
    if (E == 0xFF) {
        p.cls = M ? WIDE_NAN : WIDE_INF;
    } else if (E != 0) {
        p.e = (int)E - 127;
        p.sig = (M | (1ull << 23)) << 40;
    } else if (M == 0) {
        p.cls = WIDE_ZERO;
    } else {
        int lz = __builtin_clzll(M);
        p.e = -86 - lz; /* M * 2^-149 */
        p.sig = M << lz;
    }
    return p;
}

static inline wide_parts split_f16(uint16_t b)
{
    wide_parts p = {WIDE_FINITE, (unsigned)b >> 15, 0, 0};
    unsigned E = (b >> 10) & 0x1F;
    uint64_t M = b & 0x3FFu;
    if (E == 0x1F) {
        p.cls = M ? WIDE_NAN : WIDE_INF;
    } else if (E != 0) {
        p.e = (int)E - 15;
        p.sig = (M | (1ull << 10)) << 53;
    } else if (M == 0) {
        p.cls = WIDE_ZERO;
    } else {
        int lz = __builtin_clzll(M);
        p.e = 39 - lz; /* M * 2^-24 */
        p.sig = M << lz;
    }
    return p;
}

/* NaN output of `f` for an input of sign `sign` (NaN, or Inf that must
 * become NaN). Formats without NaN get max finite and the INVALID flag. */
static inline uint8_t encode_nan(const mxcts_format_info *f, unsigned sign,
                                 const mxcts_convert *cv, unsigned *flags)
{
    unsigned s = cv->nan_sign == MXCTS_NAN_SIGN_PRESERVE ? sign : 0;
    switch (f->nan_kind) {
    case MXCTS_NAN_NEG_ZERO:
        return 0x80;
    case MXCTS_NAN_IEEE:
        return (uint8_t)((s ? f->sign_mask : 0) | (unsigned)cv->nan_code_e5m2);
    case MXCTS_NAN_NONE:
        *flags |= MXCTS_FLAG_INVALID;
        switch (cv->nan_finite) {
        case MXCTS_NANF_MAX_POSITIVE: s = 0; break;
        case MXCTS_NANF_MAX_SIGNED: s = sign; break;
        case MXCTS_NANF_ZERO_XOR: return f->kind == MXCTS_KIND_INT ? 0 : (uint8_t)(sign ? 0 : f->sign_mask);
        case MXCTS_NANF_NEG_ZERO: return f->kind == MXCTS_KIND_INT ? 0 : f->sign_mask;
        default: break;
        }
        if (f->kind == MXCTS_KIND_INT) /* two's complement: -max is int8_min, not sign|max */
            return s ? (uint8_t)(cv->int8_min & 0xFF) : f->max_code;
        return (uint8_t)((s ? f->sign_mask : 0) | f->max_code);
    default:
        return (uint8_t)((s ? f->sign_mask : 0) | f->nan_code);
    }
}

/* Largest finite of the given sign (the saturation result). */
static inline uint8_t encode_max(const mxcts_format_info *f, unsigned sign, const mxcts_convert *cv)
{
    if (cv->e4m3_sat_nan && f->nan_kind == MXCTS_NAN_MAX_PATTERN && cv->overflow == MXCTS_OVERFLOW_SAT)
        return (uint8_t)((sign ? f->sign_mask : 0) | f->nan_code); /* AMD gfx950 emulation */
    if (f->kind == MXCTS_KIND_INT)
        return sign ? (uint8_t)(cv->int8_min & 0xFF) : f->max_code;
    return (uint8_t)((sign ? f->sign_mask : 0) | f->max_code);
}

static inline uint8_t encode_inf(const mxcts_format_info *f, unsigned sign,
                                 const mxcts_convert *cv, unsigned *flags)
{
    if (f->nan_kind == MXCTS_NAN_NONE) {
        *flags |= MXCTS_FLAG_INVALID;
        return encode_max(f, sign, cv);
    }
    if (cv->overflow == MXCTS_OVERFLOW_SAT && cv->inf_policy == MXCTS_INF_FOLLOWS_OVERFLOW)
        return encode_max(f, sign, cv);
    if (f->has_inf)
        return (uint8_t)((sign ? f->sign_mask : 0) | f->inf_code);
    return encode_nan(f, sign, cv, flags);
}

/* Finite overflow: IEEE 754 7.4 for directed modes, SAT clamps always. */
static inline uint8_t encode_overflow(const mxcts_format_info *f, unsigned sign,
                                      const mxcts_convert *cv, unsigned *flags)
{
    *flags |= MXCTS_FLAG_OVERFLOW | MXCTS_FLAG_INEXACT;
    int to_max = cv->overflow == MXCTS_OVERFLOW_SAT || f->nan_kind == MXCTS_NAN_NONE ||
                 cv->round == MXCTS_ROUND_RTZ || (cv->round == MXCTS_ROUND_RUP && sign) ||
                 (cv->round == MXCTS_ROUND_RDN && !sign);
    if (to_max)
        return encode_max(f, sign, cv);
    if (f->has_inf)
        return (uint8_t)((sign ? f->sign_mask : 0) | f->inf_code);
    return encode_nan(f, sign, cv, flags);
}

/* 1 if rounding the truncated significand n (remainder rem, half = the
 * remainder of an exact tie) away from zero is required. */
static inline uint64_t round_up_needed(mxcts_round r, unsigned sign, uint64_t n, uint64_t rem,
                                       uint64_t half)
{
    switch (r) {
    case MXCTS_ROUND_RNE: return (rem > half) | ((rem == half) & (n & 1));
    case MXCTS_ROUND_RUP: return (rem != 0) & !sign;
    case MXCTS_ROUND_RDN: return (rem != 0) & sign;
    default: return 0;
    }
}

/* Encode a finite non-zero value |x| = sig * 2^(e-63). */
static inline uint8_t encode_finite(const mxcts_format_info *f, unsigned sign, int e, uint64_t sig,
                                    const mxcts_convert *cv, unsigned *flags)
{
    int is_int = f->kind == MXCTS_KIND_INT;
    /* exponent of the result's unit in the last place */
    int te = e < f->emin ? f->emin : e;
    int ulp = is_int ? f->emin : te - f->man_bits;
    int shift = ulp - (e - 63);
    if (shift <= 0) /* |x| >= 2^63 ulps: certainly above max */
        return encode_overflow(f, sign, cv, flags);
    uint64_t n, rem, half;
    if (shift < 64) {
        n = sig >> shift;
        rem = sig & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    } else if (shift == 64) {
        n = 0, rem = sig, half = 1ull << 63;
    } else { /* below half an ulp, never a tie */
        n = 0, rem = 1, half = 2;
    }
    int64_t base = is_int ? 0 : (int64_t)(te - f->emin) << f->man_bits;
    int64_t limit = is_int ? (sign ? -(int64_t)cv->int8_min : 0x7F) : (int64_t)f->max_code;
    if (cv->overflow_test == MXCTS_OVF_BEFORE_ROUNDING && (base + (int64_t)n > limit ||
                                                            (base + (int64_t)n == limit && rem)))
        return encode_overflow(f, sign, cv, flags);
    n += round_up_needed(cv->round, sign, n, rem, half);
    int64_t mag = base + (int64_t)n;
    if (mag > limit)
        return encode_overflow(f, sign, cv, flags);
    if (rem) {
        *flags |= MXCTS_FLAG_INEXACT;
        if (e < f->emin)
            *flags |= MXCTS_FLAG_UNDERFLOW;
    }
    if (is_int)
        return (uint8_t)(sign ? -mag : mag);
    if (mag == 0 && !f->has_neg_zero)
        return 0;
    return (uint8_t)((sign ? f->sign_mask : 0) | (unsigned)mag);
}

static inline uint8_t encode_parts(const mxcts_format_info *f, wide_parts p, const mxcts_convert *cv,
                                   unsigned *flags)
{
    if (p.cls == WIDE_FINITE)
        return encode_finite(f, p.sign, p.e, p.sig, cv, flags);
    if (p.cls == WIDE_ZERO)
        return (p.sign && f->has_neg_zero) ? f->sign_mask : 0;
    if (p.cls == WIDE_INF)
        return encode_inf(f, p.sign, cv, flags);
    return encode_nan(f, cv->nan_input_positive && f->nan_kind != MXCTS_NAN_NONE ? 0 : p.sign, cv, flags);
}

#endif

/* Exact decoding of every code to f64 / f32, built from bits (no libm). */
#include <string.h>
#include "mxcts/convert.h"

static double pow2(int k) /* exact for -1022 <= k <= 1023 */
{
    uint64_t b = (uint64_t)(k + 1023) << 52;
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static double quiet_nan(unsigned sign)
{
    uint64_t b = 0x7FF8000000000000ull | ((uint64_t)sign << 63);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

int mxcts_code_is_nan(mxcts_format fmt, unsigned code)
{
    const mxcts_format_info *f = mxcts_format_get(fmt);
    if (!f || code >= (1u << f->bits))
        return 0;
    unsigned mag = code & ~(unsigned)f->sign_mask;
    switch (f->nan_kind) {
    case MXCTS_NAN_MAX_PATTERN: return mag == f->nan_code;
    case MXCTS_NAN_IEEE: return mag > f->inf_code;
    case MXCTS_NAN_NEG_ZERO: return code == 0x80;
    case MXCTS_NAN_ALL_ONES: return code == 0xFF;
    default: return 0;
    }
}

/* Value of a non-NaN code. */
static double decode_value(const mxcts_format_info *f, unsigned code)
{
    if (f->kind == MXCTS_KIND_INT)
        return (double)(int8_t)code * pow2(f->emin);
    if (f->kind == MXCTS_KIND_SCALE)
        return pow2((int)code - f->bias);
    unsigned sign = f->sign_mask && (code & f->sign_mask);
    unsigned mag = code & ~(unsigned)f->sign_mask;
    double v;
    if (f->has_inf && mag == f->inf_code) {
        v = pow2(1023) * 2.0; /* +Inf */
    } else {
        unsigned E = mag >> f->man_bits, M = mag & ((1u << f->man_bits) - 1);
        unsigned n = E ? M | (1u << f->man_bits) : M;
        int ulp = (E ? (int)E - f->bias : f->emin) - f->man_bits;
        v = (double)n * pow2(ulp);
    }
    return sign ? -v : v;
}

mxcts_status mxcts_decode_f64(mxcts_format fmt, unsigned code, double *value)
{
    const mxcts_format_info *f = mxcts_format_get(fmt);
    if (!value)
        return MXCTS_ERR_NULL;
    if (!f)
        return MXCTS_ERR_FORMAT;
    if (code >= (1u << f->bits))
        return MXCTS_ERR_CODE_RANGE;
    if (mxcts_code_is_nan(fmt, code))
        *value = quiet_nan(f->nan_kind == MXCTS_NAN_MAX_PATTERN || f->nan_kind == MXCTS_NAN_IEEE
                               ? (code >> 7) & 1
                               : 0);
    else
        *value = decode_value(f, code);
    return MXCTS_OK;
}

mxcts_status mxcts_decode_f32(mxcts_format fmt, unsigned code, float *value)
{
    double d;
    if (!value)
        return MXCTS_ERR_NULL;
    mxcts_status st = mxcts_decode_f64(fmt, code, &d);
    if (st)
        return st;
    if (d != d) { /* keep the NaN's sign explicitly, quiet f32 NaN */
        uint64_t b;
        memcpy(&b, &d, sizeof b);
        uint32_t fb = 0x7FC00000u | (uint32_t)(b >> 63) << 31;
        memcpy(value, &fb, sizeof fb);
    } else {
        *value = (float)d; /* exact: every code's value is an f32 */
    }
    return MXCTS_OK;
}

mxcts_status mxcts_decode_bulk(mxcts_format fmt, const uint8_t *codes, size_t n, mxcts_wide dst,
                               void *out)
{
    const mxcts_format_info *f = mxcts_format_get(fmt);
    if ((!codes || !out) && n)
        return MXCTS_ERR_NULL;
    if (!f)
        return MXCTS_ERR_FORMAT;
    if (dst != MXCTS_WIDE_F64 && dst != MXCTS_WIDE_F32)
        return MXCTS_ERR_MODE;
    for (size_t i = 0; i < n; i++) /* validate first: nothing written on error */
        if (codes[i] >= (1u << f->bits))
            return MXCTS_ERR_CODE_RANGE;
    for (size_t i = 0; i < n; i++) {
        if (dst == MXCTS_WIDE_F64)
            mxcts_decode_f64(fmt, codes[i], (double *)out + i);
        else
            mxcts_decode_f32(fmt, codes[i], (float *)out + i);
    }
    return MXCTS_OK;
}

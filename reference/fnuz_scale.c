/* The scale that goes with an OCP <-> FNUZ re-encoded tensor (see
 * mxcts/fnuz.h): OCP -> FNUZ multiplies it by 2^MXCTS_FNUZ_SCALE_LOG2,
 * FNUZ -> OCP divides it, so value(code) * scale is unchanged. Pure integer
 * bit manipulation: no dependence on the FP environment (FTZ/DAZ, rounding
 * mode). */
#include "mxcts/fnuz.h"

#define E8M0_NAN 0xFFu
#define E8M0_MAX 0xFEu

/* E8M0 code +-1, or NaN with flags where the neighbour does not exist. */
static mxcts_status e8m0_shift(const uint8_t *in, size_t n, uint8_t *out, unsigned *flags,
                               int up)
{
    if ((!in || !out) && n)
        return MXCTS_ERR_NULL;
    unsigned fl = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t x = in[i];
        if (x == E8M0_NAN) {
            /* NaN stays NaN, no flag */
        } else if (up && x == E8M0_MAX) { /* 2^128 > 2^127 */
            x = E8M0_NAN;
            fl |= MXCTS_FLAG_OVERFLOW | MXCTS_FLAG_INEXACT | MXCTS_FLAG_INVALID;
        } else if (!up && x == 0x00) { /* 2^-128 < 2^-127 */
            x = E8M0_NAN;
            fl |= MXCTS_FLAG_UNDERFLOW | MXCTS_FLAG_INEXACT | MXCTS_FLAG_INVALID;
        } else {
            x = (uint8_t)(up ? x + 1 : x - 1);
        }
        out[i] = x;
    }
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}

mxcts_status mxcts_ocp_to_fnuz_scale_e8m0(const uint8_t *in, size_t n, uint8_t *out,
                                          unsigned *flags)
{
    return e8m0_shift(in, n, out, flags, 1);
}

mxcts_status mxcts_fnuz_to_ocp_scale_e8m0(const uint8_t *in, size_t n, uint8_t *out,
                                          unsigned *flags)
{
    return e8m0_shift(in, n, out, flags, 0);
}

#define F32_SIGN 0x80000000u
#define F32_EXP 0x7F800000u
#define F32_MAN 0x007FFFFFu

mxcts_status mxcts_ocp_to_fnuz_scale_f32(uint32_t bits, uint32_t *out, unsigned *flags)
{
    if (!out)
        return MXCTS_ERR_NULL;
    uint32_t sign = bits & F32_SIGN, e = (bits & F32_EXP) >> 23, m = bits & F32_MAN;
    uint32_t r;
    unsigned fl = 0;
    if (e == 0xFF) {
        r = bits; /* Inf * 2 = Inf; NaN kept bit for bit */
    } else if (e == 0) {
        r = sign | (m << 1); /* subnormal (or zero) doubled: exact, may carry into exponent 1 */
    } else if (e == 0xFE) {
        r = sign | F32_EXP; /* >= 2^127 doubled: above FLT_MAX */
        fl = MXCTS_FLAG_OVERFLOW | MXCTS_FLAG_INEXACT;
    } else {
        r = bits + (1u << 23);
    }
    *out = r;
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}

mxcts_status mxcts_fnuz_to_ocp_scale_f32(uint32_t bits, uint32_t *out, unsigned *flags)
{
    if (!out)
        return MXCTS_ERR_NULL;
    uint32_t sign = bits & F32_SIGN, e = (bits & F32_EXP) >> 23, m = bits & F32_MAN;
    uint32_t r;
    unsigned fl = 0;
    if (e == 0xFF) {
        r = bits; /* Inf / 2 = Inf; NaN kept bit for bit */
    } else if (e >= 2) {
        r = bits - (1u << 23); /* stays normal: exact */
    } else {
        /* e == 1 (normal 1.m * 2^-126) or 0 (subnormal 0.m * 2^-126): the
         * result is the subnormal with significand sig / 2, rounded to
         * nearest, ties to even (IEEE 754 multiplication by 0.5). */
        uint32_t sig = e ? (m | (1u << 23)) : m;
        uint32_t q = sig >> 1;
        if (sig & 1u) {
            q += q & 1u; /* exactly half an ulp: tie, to even */
            fl = MXCTS_FLAG_UNDERFLOW | MXCTS_FLAG_INEXACT;
        }
        r = sign | q; /* q <= 2^23 (carry to 2^-126 is the normal 0x00800000) */
    }
    *out = r;
    if (flags)
        *flags |= fl;
    return MXCTS_OK;
}

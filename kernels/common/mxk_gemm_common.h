/* Scalar helpers of the GEMM family shared by the cpu backend (C11) and the
 * HIP kernels (device C++): block-scale application, output conversion.
 * Independent of reference/ (DESIGN.md section 1).
 *
 * Declared accumulation (kernels.h, "GEMM family"): exact products, fp32 sum
 * of the 32 products of a block, block sum times 2^(Xa-127) * 2^(Xb-127)
 * added to an fp32 accumulator, bias in fp32, one rounding to the output. */
#ifndef MXK_GEMM_COMMON_H
#define MXK_GEMM_COMMON_H

#include "mxk_codec.h"

/* acc + s * 2^e where s is an fp32 block sum and e = Xa + Xb - 254 (any
 * int): when 2^e is a normal f32 the product is exact unless it is
 * subnormal; outside that range the product is formed in double (exact)
 * and rounded once. */
MXK_HD float mxk_scale_add(float acc, float s, int e)
{
    if (e >= -126 && e <= 127)
        return acc + s * mxk_u2f((uint32_t)(e + 127) << 23);
    union { double d; uint64_t u; } p;
    p.u = (uint64_t)(e + 1023) << 52; /* |e| <= 256: a normal double */
    return acc + (float)((double)s * p.d);
}

/* acc + s * 2^(Xa-127) * 2^(Xb-127) with X = 0xFF -> NaN. */
MXK_HD float mxk_block_add(float acc, float s, uint32_t Xa, uint32_t Xb)
{
    if (Xa == 0xFFu || Xb == 0xFFu)
        return mxk_u2f(0x7FC00000u);
    return mxk_scale_add(acc, s, (int)Xa + (int)Xb - 254);
}

/* f32 bits -> f16 bits, RNE, overflow to Inf, NaN quiet. */
MXK_HD uint16_t mxk_f32_to_f16(uint32_t x)
{
    uint32_t s = (x >> 16) & 0x8000u;
    uint32_t a = x & 0x7FFFFFFFu;
    if (a > 0x7F800000u)
        return (uint16_t)(s | 0x7E00u | ((a >> 13) & 0x1FFu));
    if (a >= 0x477FF000u) /* >= 65520: rounds to Inf (and Inf) */
        return (uint16_t)(s | 0x7C00u);
    if (a >= 0x38800000u) { /* normal f16 (>= 2^-14) */
        uint32_t r = a + 0x0FFFu + ((a >> 13) & 1u);
        return (uint16_t)(s | ((r - 0x38000000u) >> 13));
    }
    /* subnormal f16: value = m * 2^-24, m = RNE(|x| * 2^24) */
    if (a < 0x33000000u) /* < 2^-25: rounds to zero (2^-25 itself is a tie to 0) */
        return (uint16_t)s;
    uint32_t E = a >> 23, sig = (a & 0x7FFFFFu) | 0x800000u;
    int sh = 126 - (int)E; /* |x| = sig * 2^(E-150); m = sig >> (126 - E) */
    uint32_t m = sig >> sh, rem = sig & ((1u << sh) - 1u), half = 1u << (sh - 1);
    m += (rem > half) | ((rem == half) & (m & 1u));
    return (uint16_t)(s | m);
}

/* Store an fp32 result (bits) into an output element of type code
 * MXK_C_F32 / MXK_C_BF16 / MXK_C_F16 at p[i]. */
MXK_HD void mxk_store_out(int type, void *p, int64_t i, float v)
{
    uint32_t u = mxk_f2u(v);
    if (type == MXK_C_F32)
        ((uint32_t *)p)[i] = u;
    else if (type == MXK_C_BF16)
        ((uint16_t *)p)[i] = mxk_f32_to_bf16(u);
    else
        ((uint16_t *)p)[i] = mxk_f32_to_f16(u);
}

/* Load a wide value (f32 / bf16 / f16 bits) as f32. */
MXK_HD float mxk_load_wide(int type, const void *p, int64_t i)
{
    if (type == MXK_C_F32)
        return mxk_u2f(((const uint32_t *)p)[i]);
    if (type == MXK_C_BF16)
        return mxk_u2f(mxk_bf16_to_f32(((const uint16_t *)p)[i]));
    return mxk_u2f(mxk_f16_to_f32(((const uint16_t *)p)[i]));
}

/* FP8 code -> f16 bits, exact for E4M3, E5M2 (incl. Inf / NaN) and both
 * FNUZ kinds (FNUZ 0x80 -> NaN). */
MXK_HD uint16_t mxk_fp8_to_f16(int fmt, uint32_t c)
{
    if (fmt == MXK_C_E5M2)
        return (uint16_t)(c << 8);
    const mxk_fmt f = mxk_fmt_of(fmt);
    return mxk_f32_to_f16(mxk_decode_f32(f, c));
}

#endif

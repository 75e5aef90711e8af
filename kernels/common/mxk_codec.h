/* Scalar codec shared by every backend of the kernel library: the cpu
 * backend (C11) and the HIP kernels (device C++, hip-clang or nvcc) include
 * this one header, so one algorithm is certified on every target.
 *
 * It is an implementation independent of reference/ (DESIGN.md section 1):
 * 32-bit integer arithmetic on the f32 bit pattern, written for GPUs.
 * Rule (OFP8 5.2.1): round the exact input with an unbounded exponent range
 * to the format's precision (subnormals included), then apply overflow.
 *
 * Format codes follow mxk_dtype (include/mxcts/kernels.h). */
#ifndef MXK_CODEC_H
#define MXK_CODEC_H

#include <stdint.h>

#if defined(__CUDACC__) || defined(__HIPCC__) || defined(__HIP__)
#define MXK_HD __host__ __device__ __forceinline__
#define MXK_HD_CONST __host__ __device__ __forceinline__
#else
#define MXK_HD static inline
#define MXK_HD_CONST static inline
#endif

/* Must match mxk_dtype. */
enum {
    MXK_C_F32 = 0, MXK_C_F16, MXK_C_BF16, MXK_C_E4M3, MXK_C_E5M2, MXK_C_E4M3FNUZ,
    MXK_C_E5M2FNUZ, MXK_C_E2M3, MXK_C_E3M2, MXK_C_E2M1, MXK_C_INT8, MXK_C_E8M0
};
/* NaN styles */
enum { MXK_C_NAN_NONE = 0, MXK_C_NAN_E4M3, MXK_C_NAN_IEEE, MXK_C_NAN_FNUZ };
/* Rounding, overflow and NaN sign (match mxk_round / mxk_overflow / mxk_nan_sign) */
enum { MXK_C_RNE = 0, MXK_C_RTZ, MXK_C_RUP, MXK_C_RDN };

typedef struct mxk_fmt {
    int is_int;        /* MX INT8 */
    int man_bits;      /* mantissa bits (INT8: 0, unit 2^emin) */
    int emin;          /* unbiased exponent of the smallest normal (INT8: -6, the unit) */
    int emax;          /* unbiased exponent of the largest binade */
    int bias;
    int emax_elem;     /* MX scale selection */
    uint32_t max_mag;  /* magnitude code of the largest finite */
    uint32_t sign_bit; /* sign bit of the code */
    int has_negzero;
    int nan_style;
    uint32_t inf_mag;  /* magnitude code of Inf (0 when none) */
    float max_val;     /* largest finite */
} mxk_fmt;

/* Format description; fmt must be an element format (E4M3..INT8). Folded
 * to constants when fmt is a compile-time constant. */
MXK_HD_CONST mxk_fmt mxk_fmt_of(int fmt)
{
    mxk_fmt f = {0, 3, -6, 8, 7, 8, 0x7E, 0x80, 1, MXK_C_NAN_E4M3, 0, 448.0f};
    switch (fmt) {
    case MXK_C_E5M2: { mxk_fmt g = {0, 2, -14, 15, 15, 15, 0x7B, 0x80, 1, MXK_C_NAN_IEEE, 0x7C, 57344.0f}; f = g; } break;
    case MXK_C_E4M3FNUZ: { mxk_fmt g = {0, 3, -7, 7, 8, -1, 0x7F, 0x80, 0, MXK_C_NAN_FNUZ, 0, 240.0f}; f = g; } break;
    case MXK_C_E5M2FNUZ: { mxk_fmt g = {0, 2, -15, 15, 16, -1, 0x7F, 0x80, 0, MXK_C_NAN_FNUZ, 0, 57344.0f}; f = g; } break;
    case MXK_C_E2M3: { mxk_fmt g = {0, 3, 0, 2, 1, 2, 0x1F, 0x20, 1, MXK_C_NAN_NONE, 0, 7.5f}; f = g; } break;
    case MXK_C_E3M2: { mxk_fmt g = {0, 2, -2, 4, 3, 4, 0x1F, 0x20, 1, MXK_C_NAN_NONE, 0, 28.0f}; f = g; } break;
    case MXK_C_E2M1: { mxk_fmt g = {0, 1, 0, 2, 1, 2, 0x07, 0x08, 1, MXK_C_NAN_NONE, 0, 6.0f}; f = g; } break;
    case MXK_C_INT8: { mxk_fmt g = {1, 0, -6, 0, 0, 0, 0x7F, 0x80, 0, MXK_C_NAN_NONE, 0, 1.984375f}; f = g; } break;
    default: break; /* E4M3 */
    }
    return f;
}

MXK_HD uint32_t mxk_f2u(float x)
{
    union { float f; uint32_t u; } v;
    v.f = x;
    return v.u;
}
MXK_HD float mxk_u2f(uint32_t u)
{
    union { float f; uint32_t u; } v;
    v.u = u;
    return v.f;
}

/* Largest finite of the given sign. */
MXK_HD uint32_t mxk_enc_max(const mxk_fmt f, uint32_t s, int int8_min)
{
    if (f.is_int)
        return s ? ((uint32_t)int8_min & 0xFFu) : 0x7Fu;
    return (s ? f.sign_bit : 0u) | f.max_mag;
}

/* NaN (or NaN-bound Inf) of the given sign; formats without NaN give the
 * largest finite of that sign (the reference's convention). */
MXK_HD uint32_t mxk_enc_nan(const mxk_fmt f, uint32_t s, int nan_clear, int int8_min)
{
    uint32_t ns = nan_clear ? 0u : s;
    switch (f.nan_style) {
    case MXK_C_NAN_FNUZ: return 0x80u;
    case MXK_C_NAN_IEEE: return (ns ? 0x80u : 0u) | 0x7Fu;
    case MXK_C_NAN_E4M3: return (ns ? 0x80u : 0u) | 0x7Fu;
    default: return mxk_enc_max(f, ns, int8_min);
    }
}

/* Finite overflow (IEEE 754 7.4 for directed rounding; SAT clamps always). */
MXK_HD uint32_t mxk_enc_ovf(const mxk_fmt f, uint32_t s, int rnd, int sat, int nan_clear, int int8_min)
{
    int to_max = sat || f.nan_style == MXK_C_NAN_NONE || rnd == MXK_C_RTZ ||
                 (rnd == MXK_C_RUP && s) || (rnd == MXK_C_RDN && !s);
    if (to_max)
        return mxk_enc_max(f, s, int8_min);
    if (f.inf_mag)
        return (s ? f.sign_bit : 0u) | f.inf_mag;
    return mxk_enc_nan(f, s, nan_clear, int8_min);
}

/* Encode the f32 bit pattern x into format f.
 * rnd: MXK_C_RNE..RDN; sat: 1 SAT, 0 NONSAT; nan_clear: NaN outputs positive. */
MXK_HD uint32_t mxk_encode_f32(const mxk_fmt f, uint32_t x, int rnd, int sat, int nan_clear, int int8_min)
{
    uint32_t s = x >> 31;
    uint32_t E = (x >> 23) & 0xFFu;
    uint32_t M = x & 0x7FFFFFu;
    if (E == 0xFFu) {
        if (M)
            return mxk_enc_nan(f, s, nan_clear, int8_min);
        if (f.nan_style == MXK_C_NAN_NONE || sat)
            return mxk_enc_max(f, s, int8_min);
        if (f.inf_mag)
            return (s ? f.sign_bit : 0u) | f.inf_mag;
        return mxk_enc_nan(f, s, nan_clear, int8_min);
    }
    if (E == 0 && M == 0)
        return (s && f.has_negzero) ? f.sign_bit : 0u;
    /* |x| = sig * 2^(e - 23) */
    int e = E ? (int)E - 127 : -126;
    uint32_t sig = E ? (M | 0x800000u) : M;
    if (e > f.emax + 1) /* |x| >= 2^(emax+2): beyond max even after rounding down */
        return mxk_enc_ovf(f, s, rnd, sat, nan_clear, int8_min);
    int te = e < f.emin ? f.emin : e;
    int ulp = f.is_int ? f.emin : te - f.man_bits;
    int shift = ulp - (e - 23); /* >= 1 here for every format */
    uint32_t n, rem, half;
    if (shift <= 24) {
        n = sig >> shift;
        rem = sig & ((1u << shift) - 1u);
        half = 1u << (shift - 1);
    } else { /* sig < 2^24 <= half: below half an ulp, never a tie */
        n = 0u;
        rem = 1u;
        half = 2u;
    }
    uint32_t up;
    switch (rnd) {
    case MXK_C_RTZ: up = 0u; break;
    case MXK_C_RUP: up = (rem != 0u) & (s == 0u); break;
    case MXK_C_RDN: up = (rem != 0u) & (s != 0u); break;
    default: up = (rem > half) | ((rem == half) & (n & 1u)); break;
    }
    uint32_t base = f.is_int ? 0u : (uint32_t)(te - f.emin) << f.man_bits;
    uint32_t mag = base + n + up;
    uint32_t limit = f.is_int ? (s ? (uint32_t)(-int8_min) : 0x7Fu) : f.max_mag;
    if (mag > limit)
        return mxk_enc_ovf(f, s, rnd, sat, nan_clear, int8_min);
    if (f.is_int)
        return (s ? (0u - mag) : mag) & 0xFFu;
    if (mag == 0u && !f.has_negzero)
        return 0u;
    return (s ? f.sign_bit : 0u) | mag;
}

/* f16 / bf16 -> f32 bits (exact). */
MXK_HD uint32_t mxk_bf16_to_f32(uint16_t h) { return (uint32_t)h << 16; }
MXK_HD uint32_t mxk_f16_to_f32(uint16_t h)
{
    uint32_t s = (uint32_t)(h >> 15) << 31;
    uint32_t E = (h >> 10) & 0x1Fu, M = h & 0x3FFu;
    if (E == 0x1Fu)
        return s | 0x7F800000u | (M << 13);
    if (E)
        return s | ((E + 112u) << 23) | (M << 13);
    if (!M)
        return s;
    /* subnormal: M * 2^-24, normalise */
    int sh = 0;
    while (!(M & 0x400u)) {
        M <<= 1;
        sh++;
    }
    return s | ((uint32_t)(113 - sh) << 23) | ((M & 0x3FFu) << 13);
}
/* f32 -> bf16, RNE, NaN kept quiet. */
MXK_HD uint16_t mxk_f32_to_bf16(uint32_t x)
{
    if ((x & 0x7FFFFFFFu) > 0x7F800000u)
        return (uint16_t)((x >> 16) | 0x40u);
    uint32_t r = x + 0x7FFFu + ((x >> 16) & 1u);
    return (uint16_t)(r >> 16);
}

/* Decode a code of format f to f32 bits (exact: every element value is an
 * f32 normal or zero). NaN codes give a quiet NaN with the code's sign
 * (FNUZ 0x80 -> +NaN). */
MXK_HD uint32_t mxk_decode_f32(const mxk_fmt f, uint32_t c)
{
    if (f.is_int) {
        int q = (int)(c & 0xFFu);
        if (q >= 128)
            q -= 256;
        return mxk_f2u((float)q * 0.015625f);
    }
    uint32_t s = (c & f.sign_bit) ? 0x80000000u : 0u;
    uint32_t mag = c & (f.sign_bit - 1u);
    if (f.nan_style == MXK_C_NAN_FNUZ && c == 0x80u)
        return 0x7FC00000u;
    if (f.nan_style == MXK_C_NAN_E4M3 && mag == 0x7Fu)
        return s | 0x7FC00000u;
    if (f.nan_style == MXK_C_NAN_IEEE && mag >= 0x7Cu)
        return s | (mag == 0x7Cu ? 0x7F800000u : 0x7FC00000u);
    uint32_t E = mag >> f.man_bits, M = mag & ((1u << f.man_bits) - 1u);
    if (E)
        return s | ((uint32_t)((int)E - f.bias + 127) << 23) | (M << (23 - f.man_bits));
    if (!M)
        return s;
    /* subnormal: M * 2^(emin - man_bits): exact product of small int and power of two */
    float v = (float)M * mxk_u2f((uint32_t)(f.emin - f.man_bits + 127) << 23);
    return s | mxk_f2u(v);
}

/* E8M0 code of a power-of-two exponent s, clamped to [-127, 127]. */
MXK_HD uint32_t mxk_e8m0_clamp(int s)
{
    if (s < -127)
        s = -127;
    if (s > 127)
        s = 127;
    return (uint32_t)(s + 127);
}

/* MX scale selection from amax bits (a finite, >= 0). mode: 0 floor,
 * 1 ceil, 2 even, 3 rceil (see mxk_scale_mode). Returns the E8M0 code. */
MXK_HD uint32_t mxk_mx_scale(const mxk_fmt f, uint32_t a, int mode)
{
    if (a == 0u)
        return 0u;
    uint32_t E = a >> 23, M = a & 0x7FFFFFu;
    switch (mode) {
    case 1: /* ceil */
        if (E == 0u) { /* subnormal amax = M * 2^-149: ceil(log2) from M's leading one */
            int l = -149;
            for (uint32_t m = M; m > 1u; m >>= 1)
                l++;
            return mxk_e8m0_clamp(l + ((M & (M - 1u)) != 0u) - f.emax_elem);
        }
        return mxk_e8m0_clamp((int)E - 127 + (M != 0u) - f.emax_elem);
    case 2: { /* even: bump iff amax rounds half-up into the next binade at element precision */
        int mb = f.is_int ? 6 : f.man_bits;
        /* a carry into exponent 255 means amax rounded to 2^128: floor gives
         * 128 - emax (the mathematical rule; torchao's isfinite test would
         * give a NaN scale there instead) */
        uint32_t a2 = (a + (1u << (22 - mb))) & 0xFF800000u;
        return mxk_e8m0_clamp((int)(a2 >> 23) - 127 - f.emax_elem);
    }
    case 3: { /* rceil: E8M0 round-up (satfinite) of fl32(amax * fl32(1/max)) */
        float p = mxk_u2f(a) * (1.0f / f.max_val);
        uint32_t pb = mxk_f2u(p);
        uint32_t pe = pb >> 23, pm = pb & 0x7FFFFFu;
        if (pe == 0u)
            return pm > 0x400000u ? 1u : 0u;
        if (pm && pe != 0xFEu)
            pe++;
        return pe;
    }
    default: /* floor (OCP) */
        return mxk_e8m0_clamp((int)E - 127 - f.emax_elem);
    }
}

/* Multiply f32 x by 2^k exactly-then-once-rounded, k in [-254, 254],
 * without forming subnormal or infinite constants. */
MXK_HD float mxk_ldexp(float x, int k)
{
    while (k > 127) {
        x *= 1.7014118e38f; /* 2^127 */
        k -= 127;
    }
    while (k < -126) {
        x *= 1.1754944e-38f; /* 2^-126 */
        k += 126;
    }
    return x * mxk_u2f((uint32_t)(k + 127) << 23);
}

/* One MX element: encode fl32(v / 2^(X-127)) with RNE and saturating finite
 * values (and Inf); a NaN element (NaN policy "ignore") gives the positive
 * NaN code. X is the block's scale code (not 0xFF). */
MXK_HD uint32_t mxk_mx_elem(const mxk_fmt f, uint32_t v, uint32_t X, int int8_min)
{
    float q = mxk_ldexp(mxk_u2f(v), 127 - (int)X);
    return mxk_encode_f32(f, mxk_f2u(q), MXK_C_RNE, 1, 1, int8_min); /* NaN element: positive NaN */
}

/* Element byte stored in a block whose scale is 0xFF. */
MXK_HD uint32_t mxk_mx_nan_elem(const mxk_fmt f)
{
    return (f.nan_style == MXK_C_NAN_E4M3 || f.nan_style == MXK_C_NAN_IEEE) ? 0x7Fu : 0u;
}

/* Dequantise one element: 2^(X-127) * decode(c), f32 bits; X = 0xFF -> NaN. */
MXK_HD uint32_t mxk_mx_deq(const mxk_fmt f, uint32_t c, uint32_t X)
{
    if (X == 0xFFu)
        return 0x7FC00000u;
    float v = mxk_u2f(mxk_decode_f32(f, c));
    return mxk_f2u(mxk_ldexp(v, (int)X - 127));
}

/* Bit-pattern re-encode (MXK_REENCODE_BITS) between E4M3 <-> E4M3FNUZ and
 * E5M2 <-> E5M2FNUZ: same bits (the value halves or doubles), with the
 * special codes mapped: OCP -0 -> 0x00, OCP NaN/Inf -> 0x80; FNUZ 0x80 ->
 * OCP NaN 0x7F; FNUZ codes whose pattern is NaN/Inf in OCP -> +-OCP max. */
MXK_HD uint32_t mxk_reencode_bits(int from, uint32_t c)
{
    uint32_t mag = c & 0x7Fu, s = c & 0x80u;
    int e4 = (from == MXK_C_E4M3 || from == MXK_C_E4M3FNUZ);
    uint32_t special = e4 ? 0x7Fu : 0x7Cu; /* first magnitude code that is NaN/Inf in OCP */
    if (from == MXK_C_E4M3 || from == MXK_C_E5M2) { /* OCP -> FNUZ */
        if (c == 0x80u)
            return 0u;
        if (mag >= special)
            return 0x80u;
        return c;
    }
    if (c == 0x80u) /* FNUZ NaN -> OCP NaN */
        return 0x7Fu;
    if (mag >= special)
        return s | (e4 ? 0x7Eu : 0x7Bu);
    return c;
}

/* Byte offset of scale S[r][c] (block c of row r) in scale layout `l`
 * (mxk_scale_layout): 0 row-major with leading dimension ld; 1 CDNA4
 * preshuffle, 256-byte tiles of 32 rows x 8 columns; 2 SM100 swizzle,
 * 512-byte tiles of 128 rows x 4 columns. For 1 and 2, ld is the padded
 * column count. Closed forms of the view/permute definitions in
 * include/mxcts/mxblock.h (the reference implements those separately). */
MXK_HD int64_t mxk_scale_offset(int l, int64_t ld, int64_t r, int64_t c)
{
    if (l == 1) /* (r/32, c/8) tile; inside: c%4, r%16, (c/4)%2, (r/16)%2 */
        return ((r >> 5) * (ld >> 3) + (c >> 3)) * 256 + ((c & 3) << 6) + ((r & 15) << 2) +
               (((c >> 2) & 1) << 1) + ((r >> 4) & 1);
    if (l == 2) /* (r/128, c/4) tile; inside: r%32, (r/32)%4, c%4 */
        return ((r >> 7) * (ld >> 2) + (c >> 2)) * 512 + ((r & 31) << 4) + (((r >> 5) & 3) << 2) + (c & 3);
    return r * ld + c;
}

#endif

/* cpu backend: OpenMP C over the shared codec (kernels/common/mxk_codec.h).
 * Arguments were checked by the API layer. Each output element depends on
 * its own inputs only, so results do not depend on the thread count. */
#include <stdint.h>
#include <string.h>
#include "../common/mxk_codec.h"
#include "../common/mxk_gemm_common.h"
#include "../src/internal.h"

static inline uint32_t load_wide(mxk_dtype t, const void *row, int64_t c)
{
    switch (t) {
    case MXK_F32: return ((const uint32_t *)row)[c];
    case MXK_BF16: return mxk_bf16_to_f32(((const uint16_t *)row)[c]);
    default: return mxk_f16_to_f32(((const uint16_t *)row)[c]);
    }
}

/* 32 consecutive source values as f32 bits, one type test per block */
static inline void load_block(mxk_dtype t, const void *row, int64_t c, uint32_t *x)
{
    if (t == MXK_F32) {
        memcpy(x, (const uint32_t *)row + c, MXK_BLOCK * 4);
    } else if (t == MXK_BF16) {
        const uint16_t *p = (const uint16_t *)row + c;
        for (int i = 0; i < MXK_BLOCK; i++)
            x[i] = mxk_bf16_to_f32(p[i]);
    } else {
        const uint16_t *p = (const uint16_t *)row + c;
        for (int i = 0; i < MXK_BLOCK; i++)
            x[i] = mxk_f16_to_f32(p[i]);
    }
}

static inline const char *row_ptr(const mxk_tensor *t, int64_t r)
{
    return (const char *)t->data + (size_t)(r * t->ld) * mxk_dtype_size(t->dtype);
}
static inline char *row_ptr_w(const mxk_tensor *t, int64_t r)
{
    return (char *)t->data + (size_t)(r * t->ld) * mxk_dtype_size(t->dtype);
}

/* Encode one row; the format switch outside the loop lets the compiler fold
 * the format constants into each instantiation. */
#define ENCODE_ROW(FMT)                                                                             \
    do {                                                                                            \
        const mxk_fmt f_ = mxk_fmt_of(FMT);                                                         \
        for (int64_t c = 0; c < cols; c++) {                                                        \
            uint32_t x = load_wide(st, in, c);                                                      \
            if (scaled)                                                                             \
                x = mxk_f2u(mxk_u2f(x) * scale);                                                    \
            out[c] = (uint8_t)mxk_encode_f32(f_, x, rnd, sat, nclr, i8);                            \
        }                                                                                           \
    } while (0)

mxk_status mxk_cpu_encode(const mxk_tensor *src, const mxk_tensor *dst, float scale,
                          const mxk_convert_opts *o)
{
    const int64_t rows = src->rows, cols = src->cols;
    const mxk_dtype st = src->dtype;
    const int fmt = (int)dst->dtype, rnd = (int)o->round, sat = o->overflow == MXK_SAT,
              nclr = o->nan_sign == MXK_NAN_SIGN_CLEAR, i8 = o->int8_min;
    const int scaled = scale != 1.0f;
#pragma omp parallel for schedule(static) if (rows * cols > 65536)
    for (int64_t r = 0; r < rows; r++) {
        const void *in = row_ptr(src, r);
        uint8_t *out = (uint8_t *)row_ptr_w(dst, r);
        switch (fmt) {
        case MXK_C_E4M3: ENCODE_ROW(MXK_C_E4M3); break;
        case MXK_C_E5M2: ENCODE_ROW(MXK_C_E5M2); break;
        case MXK_C_E4M3FNUZ: ENCODE_ROW(MXK_C_E4M3FNUZ); break;
        case MXK_C_E5M2FNUZ: ENCODE_ROW(MXK_C_E5M2FNUZ); break;
        case MXK_C_E2M3: ENCODE_ROW(MXK_C_E2M3); break;
        case MXK_C_E3M2: ENCODE_ROW(MXK_C_E3M2); break;
        case MXK_C_E2M1: ENCODE_ROW(MXK_C_E2M1); break;
        default: ENCODE_ROW(MXK_C_INT8); break;
        }
    }
    return MXK_OK;
}

mxk_status mxk_cpu_decode(const mxk_tensor *src, const mxk_tensor *dst, float scale)
{
    const int64_t rows = src->rows, cols = src->cols;
    const mxk_fmt f = mxk_fmt_of((int)src->dtype);
    const int bf = dst->dtype == MXK_BF16, scaled = scale != 1.0f;
#pragma omp parallel for schedule(static) if (rows * cols > 65536)
    for (int64_t r = 0; r < rows; r++) {
        const uint8_t *in = (const uint8_t *)row_ptr(src, r);
        char *out = row_ptr_w(dst, r);
        for (int64_t c = 0; c < cols; c++) {
            uint32_t v = mxk_decode_f32(f, in[c]);
            if (scaled)
                v = mxk_f2u(mxk_u2f(v) * scale);
            if (bf)
                ((uint16_t *)out)[c] = mxk_f32_to_bf16(v);
            else
                ((uint32_t *)out)[c] = v;
        }
    }
    return MXK_OK;
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define MXK_QCLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define MXK_QCLONES
#endif

/* The 32 elements of a float-format block whose scale X is at most 253 and
 * whose inputs are all finite: v = x * 2^(127 - X), one correctly rounded
 * multiply by a normal power of two (mxk_mx_elem's exactly-then-once-rounded
 * value), then mxk_encode_f32's RNE + SAT steps without branches, so the
 * block vectorises (variable shifts: the x86-64-v3 clone). */
MXK_QCLONES
static void quant_elems_rne_sat(const mxk_fmt *fp, const uint32_t *x, uint32_t X, uint8_t *q)
{
    const mxk_fmt f = *fp;
    const float m = mxk_u2f((254u - X) << 23);
    for (int i = 0; i < MXK_BLOCK; i++) {
        const uint32_t v = mxk_f2u(mxk_u2f(x[i]) * m);
        const uint32_t a = v & 0x7FFFFFFFu, E = a >> 23;
        const int32_t e = E ? (int32_t)E - 127 : -126;
        const uint32_t sig = (a & 0x7FFFFFu) | (E ? 0x800000u : 0u);
        const int32_t te = e < f.emin ? f.emin : e;
        int32_t shift = te - f.man_bits - (e - 23); /* >= 23 - man_bits; past 31 nothing is left */
        shift = shift > 31 ? 31 : shift;
        /* RNE as one add: a carry out of the dropped bits iff they exceed half, or equal it
         * with an odd kept part (sig + half < 2^31: no overflow) */
        const uint32_t half = 1u << (shift - 1);
        const uint32_t n = (sig + half - 1u + ((sig >> shift) & 1u)) >> shift;
        uint32_t mag = ((uint32_t)(te - f.emin) << f.man_bits) + n;
        /* saturate; |v| >= 2^(emax+2) lands here too (its exponent field alone exceeds max_mag) */
        mag = mag > f.max_mag ? f.max_mag : mag;
        q[i] = (uint8_t)(((v >> 31) ? f.sign_bit : 0u) | mag);
    }
}

/* One 32-element block: amax, scale, elements. */
static inline void quant_block(const mxk_fmt f, const uint32_t *x, uint8_t *q, uint8_t *X,
                               int mode, int ignore_nan, int i8)
{
    /* integer max of |bits| (the float max for finite values); a NaN/Inf
     * shows as >= 0x7F800000, and then the finite ones are looked at again */
    uint32_t amax = 0;
    for (int i = 0; i < MXK_BLOCK; i++) {
        const uint32_t a = x[i] & 0x7FFFFFFFu;
        amax = a > amax ? a : amax;
    }
    const int special = amax >= 0x7F800000u;
    if (special) {
        amax = 0;
        for (int i = 0; i < MXK_BLOCK; i++) {
            const uint32_t a = x[i] & 0x7FFFFFFFu;
            amax = (a < 0x7F800000u && a > amax) ? a : amax;
        }
    }
    if (special && !ignore_nan) {
        *X = 0xFF;
        uint8_t nc = (uint8_t)mxk_mx_nan_elem(f);
        for (int i = 0; i < MXK_BLOCK; i++)
            q[i] = nc;
        return;
    }
    uint32_t s = mxk_mx_scale(f, amax, mode);
    *X = (uint8_t)s;
    if (s == 0xFFu) {
        uint8_t nc = (uint8_t)mxk_mx_nan_elem(f);
        for (int i = 0; i < MXK_BLOCK; i++)
            q[i] = nc;
        return;
    }
    if (!special && !f.is_int && s <= 253u) {
        quant_elems_rne_sat(&f, x, s, q);
        return;
    }
    for (int i = 0; i < MXK_BLOCK; i++)
        q[i] = (uint8_t)mxk_mx_elem(f, x[i], s, i8);
}

#define QUANT_ROW(FMT)                                                                              \
    do {                                                                                            \
        const mxk_fmt f_ = mxk_fmt_of(FMT);                                                         \
        for (int64_t b = 0; b < nb; b++) {                                                          \
            uint32_t x[MXK_BLOCK];                                                                  \
            load_block(st, in, b * MXK_BLOCK, x);                                                   \
            quant_block(f_, x, q + b * MXK_BLOCK, sc + mxk_scale_offset(lay, sld, r, b), mode, ign, i8); \
        }                                                                                           \
    } while (0)

mxk_status mxk_cpu_mx_quantize(const mxk_tensor *src, const mxk_tensor *elems,
                               const mxk_tensor *scales, const mxk_mx_opts *o)
{
    const int64_t rows = src->rows, nb = src->cols / MXK_BLOCK;
    const mxk_dtype st = src->dtype;
    const int fmt = (int)elems->dtype, mode = (int)o->scale_mode,
              ign = o->nan_policy == MXK_BLOCK_NAN_IGNORE, i8 = o->int8_min, lay = (int)o->layout;
    uint8_t *sc = (uint8_t *)scales->data;
    const int64_t sld = scales->ld;
    if (lay != MXK_LAYOUT_ROW_MAJOR) /* padding cells of a hardware layout (dense: ld == cols) */
        memset(sc, 0, (size_t)(scales->rows * scales->cols));
#pragma omp parallel for schedule(static) if (rows * nb > 2048)
    for (int64_t r = 0; r < rows; r++) {
        const void *in = row_ptr(src, r);
        uint8_t *q = (uint8_t *)row_ptr_w(elems, r);
        switch (fmt) {
        case MXK_C_E4M3: QUANT_ROW(MXK_C_E4M3); break;
        case MXK_C_E5M2: QUANT_ROW(MXK_C_E5M2); break;
        case MXK_C_E2M3: QUANT_ROW(MXK_C_E2M3); break;
        case MXK_C_E3M2: QUANT_ROW(MXK_C_E3M2); break;
        case MXK_C_E2M1: QUANT_ROW(MXK_C_E2M1); break;
        default: QUANT_ROW(MXK_C_INT8); break;
        }
    }
    return MXK_OK;
}

mxk_status mxk_cpu_mx_dequantize(const mxk_tensor *elems, const mxk_tensor *scales,
                                 const mxk_tensor *dst, mxk_scale_layout layout)
{
    const uint8_t *sc = (const uint8_t *)scales->data;
    const int64_t sld = scales->ld;
    const int64_t rows = elems->rows, cols = elems->cols;
    const mxk_fmt f = mxk_fmt_of((int)elems->dtype);
    const int ot = (int)dst->dtype; /* MXK_C_F32 / _F16 / _BF16 */
#pragma omp parallel for schedule(static) if (rows * cols > 65536)
    for (int64_t r = 0; r < rows; r++) {
        const uint8_t *q = (const uint8_t *)row_ptr(elems, r);
        char *out = row_ptr_w(dst, r);
        /* the f32 product is exact down to 2^-126 and Inf past f32: the one
         * rounding to bf16 / f16 is the rounding of the exact value (below
         * 2^-126 both give a signed zero) */
        for (int64_t c = 0; c < cols; c++)
            mxk_store_out(ot, out, c,
                          mxk_u2f(mxk_mx_deq(f, q[c], sc[mxk_scale_offset((int)layout, sld, r, c / MXK_BLOCK)])));
    }
    return MXK_OK;
}

mxk_status mxk_cpu_reencode(const mxk_tensor *src, const mxk_tensor *dst, mxk_reencode_mode mode,
                            const mxk_convert_opts *o)
{
    const int64_t rows = src->rows, cols = src->cols;
    const int from = (int)src->dtype;
    const mxk_fmt fs = mxk_fmt_of(from), fd = mxk_fmt_of((int)dst->dtype);
    const int rnd = (int)o->round, sat = o->overflow == MXK_SAT, nclr = o->nan_sign == MXK_NAN_SIGN_CLEAR;
#pragma omp parallel for schedule(static) if (rows * cols > 65536)
    for (int64_t r = 0; r < rows; r++) {
        const uint8_t *in = (const uint8_t *)row_ptr(src, r);
        uint8_t *out = (uint8_t *)row_ptr_w(dst, r);
        for (int64_t c = 0; c < cols; c++) {
            if (mode == MXK_REENCODE_BITS)
                out[c] = (uint8_t)mxk_reencode_bits(from, in[c]);
            else
                out[c] = (uint8_t)mxk_encode_f32(fd, mxk_decode_f32(fs, in[c]), rnd, sat, nclr,
                                                 o->int8_min);
        }
    }
    return MXK_OK;
}

/* Golden vector records: recompute a record's outputs from its inputs and
 * the header's knobs with the reference (generation and `vectors verify`
 * share this one function). Layouts: spec/vectors.md "Records". */
#include <stdlib.h>
#include <string.h>

#include "mxcts/convert.h"
#include "mxcts/e8m0.h"
#include "mxcts/gemm_ref.h"
#include "mxcts/mxblock.h"
#include "mxcts/vectors.h"

static mxcts_status encode_one(const mxcts_vec_header *h, uint64_t bits, uint8_t *code, unsigned *flags)
{
    *flags = 0;
    if (h->op == MXCTS_VEC_E8M0_ENCODE) {
        switch (h->src) {
        case MXCTS_WIDE_F64: return mxcts_e8m0_encode_f64(bits, &h->e8m0, code, flags);
        case MXCTS_WIDE_F32: return mxcts_e8m0_encode_f32((uint32_t)bits, &h->e8m0, code, flags);
        case MXCTS_WIDE_F16: return mxcts_e8m0_encode_f16((uint16_t)bits, &h->e8m0, code, flags);
        default: return mxcts_e8m0_encode_bf16((uint16_t)bits, &h->e8m0, code, flags);
        }
    }
    mxcts_format fmt = (mxcts_format)h->fmt;
    switch (h->src) {
    case MXCTS_WIDE_F64: return mxcts_encode_f64(fmt, bits, &h->elem, code, flags);
    case MXCTS_WIDE_F32: return mxcts_encode_f32(fmt, (uint32_t)bits, &h->elem, code, flags);
    case MXCTS_WIDE_F16: return mxcts_encode_f16(fmt, (uint16_t)bits, &h->elem, code, flags);
    default: return mxcts_encode_bf16(fmt, (uint16_t)bits, &h->elem, code, flags);
    }
}

/* Widths of the wide types as array element types the reference takes. */
static void *load_wide(int wide, const uint8_t *p, size_t n)
{
    size_t w = mxcts_vec_wide_size(wide);
    void *a = malloc(n * w > 0 ? n * w : 1);
    if (!a)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = mxcts_vec_le(p + i * w, w);
        if (w == 8)
            ((uint64_t *)a)[i] = v;
        else if (w == 4)
            ((uint32_t *)a)[i] = (uint32_t)v;
        else
            ((uint16_t *)a)[i] = (uint16_t)v;
    }
    return a;
}

static void store_wide(int wide, uint8_t *p, const void *a, size_t n)
{
    size_t w = mxcts_vec_wide_size(wide);
    for (size_t i = 0; i < n; i++) {
        uint64_t v;
        if (w == 8) {
            double d = ((const double *)a)[i];
            memcpy(&v, &d, 8);
        } else if (w == 4)
            v = ((const uint32_t *)a)[i];
        else
            v = ((const uint16_t *)a)[i];
        mxcts_vec_put_le(p + i * w, v, w);
    }
}

mxcts_status mxcts_vec_derive(const mxcts_vec_header *h, uint64_t index, uint8_t *rec)
{
    if (!h || !rec)
        return MXCTS_ERR_NULL;
    mxcts_status st = MXCTS_OK;
    switch (h->op) {
    case MXCTS_VEC_DECODE: {
        float f;
        double d;
        if ((st = mxcts_decode_f32((mxcts_format)h->fmt, rec[0], &f)) != MXCTS_OK ||
            (st = mxcts_decode_f64((mxcts_format)h->fmt, rec[0], &d)) != MXCTS_OK)
            return st;
        uint32_t fb;
        uint64_t db;
        memcpy(&fb, &f, 4);
        memcpy(&db, &d, 8);
        mxcts_vec_put_le(rec + 1, fb, 4);
        mxcts_vec_put_le(rec + 5, db, 8);
        return MXCTS_OK;
    }
    case MXCTS_VEC_ENCODE:
    case MXCTS_VEC_E8M0_ENCODE: {
        uint8_t code = 0;
        unsigned flags = 0;
        if (h->input_mode == MXCTS_VEC_IMPLICIT) {
            if ((st = encode_one(h, index, &code, &flags)) != MXCTS_OK)
                return st;
            rec[0] = code;
            return MXCTS_OK;
        }
        size_t w = mxcts_vec_wide_size(h->src);
        if ((st = encode_one(h, mxcts_vec_le(rec, w), &code, &flags)) != MXCTS_OK)
            return st;
        rec[w] = code;
        rec[w + 1] = (uint8_t)flags;
        return MXCTS_OK;
    }
    case MXCTS_VEC_MX_QUANTIZE: {
        size_t w = mxcts_vec_wide_size(h->src), k = h->k;
        void *in = load_wide(h->src, rec, k);
        if (!in)
            return MXCTS_ERR_SIZE;
        st = mxcts_mx_quantize_block((mxcts_format)h->fmt, (mxcts_wide)h->src, in, (int64_t)k, &h->block,
                                     rec + k * w, rec + k * w + 1);
        free(in);
        return st;
    }
    case MXCTS_VEC_MX_DEQUANTIZE: {
        size_t k = h->k, dw = mxcts_vec_wide_size(h->dst);
        void *out = malloc(k * dw);
        if (!out)
            return MXCTS_ERR_SIZE;
        st = mxcts_mx_dequantize((mxcts_format)h->fmt, rec + 1, (int64_t)k, rec, 1, 1, (int64_t)k, (int)k,
                                 (mxcts_wide)h->dst, out, (int64_t)k);
        if (st == MXCTS_OK)
            store_wide(h->dst, rec + 1 + k, out, k);
        free(out);
        return st;
    }
    case MXCTS_VEC_GEMM: {
        size_t M = h->m, N = h->n, K = h->k, kb = K / (size_t)h->block.block_size, dw = mxcts_vec_wide_size(h->dst);
        const uint8_t *a = rec, *as = a + M * K, *b = as + M * kb, *bs = b + N * K;
        uint8_t *c = (uint8_t *)bs + N * kb;
        mxcts_operand A = mxcts_operand_mx((mxcts_format)h->fmt, a, (int64_t)K, as, (int64_t)kb);
        mxcts_operand B = mxcts_operand_mx((mxcts_format)h->fmt_b, b, (int64_t)K, bs, (int64_t)kb);
        A.block = B.block = h->block.block_size;
        void *out = malloc(M * N * dw);
        if (!out)
            return MXCTS_ERR_SIZE;
        st = mxcts_gemm_ref((int64_t)M, (int64_t)N, (int64_t)K, &A, &B, NULL, (mxcts_wide)h->dst, out, (int64_t)N);
        if (st == MXCTS_OK)
            store_wide(h->dst, c, out, M * N);
        free(out);
        return st;
    }
    }
    return MXCTS_ERR_MODE;
}

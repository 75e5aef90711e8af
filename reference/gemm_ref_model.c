/* A modelled fp32 kernel (TOSA MATMUL_T_BLOCK_SCALED, mx-semantics 4.2):
 * sequential fp32 sums inside blocks, the block scaled, fp32 accumulation
 * across blocks. It explains what a kernel that accumulates in fp32 returns;
 * it is NOT the reference (mxcts_gemm_ref is).
 *
 * fp32 operations are written as (float)((double)x OP (double)y): products
 * of two floats are exact in double, and for sums the double rounding is
 * innocuous (53 >= 2*24 + 2, Figueroa 1995), so the result is the single
 * IEEE fp32 rounding of the exact operation, whatever the compiler's
 * contraction or excess-precision settings. */
#include <string.h>
#include "exact_internal.h"
#include "gemm_ref_internal.h"

static float f32_of_bits(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

static uint32_t bits_of_f32(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}

static float fl_add(float a, float b) { return (float)((double)a + (double)b); }
static float fl_mul(float a, float b) { return (float)((double)a * (double)b); }

/* Value of a wide element as f32 (exact: bf16 and f16 are subsets of f32). */
static float wide_f32(mxcts_wide t, uint64_t bits)
{
    if (t == MXCTS_WIDE_F32)
        return f32_of_bits((uint32_t)bits);
    if (t == MXCTS_WIDE_BF16)
        return f32_of_bits((uint32_t)bits << 16);
    mxcts_factor f;
    uint64_t b;
    mxcts_factor_from_bits(t, bits, &f);
    mxcts_factor_round(&f, MXCTS_WIDE_F32, MXCTS_ROUND_RNE, &b, NULL);
    if (f.cls == MXCTS_CLASS_NAN) /* keep the sign, as a hardware conversion does */
        b |= (bits >> 15 & 1) << 31;
    return f32_of_bits((uint32_t)b);
}

static float elem_value(const mxcts__opnd *p, int64_t r, int64_t k)
{
    const mxcts_operand *op = &p->op;
    if (op->kind == MXCTS_OPERAND_WIDE) {
        uint64_t b = op->wide == MXCTS_WIDE_F32 ? ((const uint32_t *)op->data)[r * op->ld + k]
                                                : ((const uint16_t *)op->data)[r * op->ld + k];
        return wide_f32(op->wide, b);
    }
    return p->elem_f32[((const uint8_t *)op->data)[r * op->ld + k]];
}

/* The scale of the block holding element (r, k) as f32. */
static float block_scale(const mxcts__opnd *p, int64_t r, int64_t k)
{
    const mxcts_operand *op = &p->op;
    if (op->kind == MXCTS_OPERAND_MX) {
        float s;
        /* MX operands have block >= 1 (mxcts__opnd_prepare) */
        mxcts_decode_f32(MXCTS_E8M0, op->scales[r * op->ld_scales + k / p->block], &s); // NOLINT(clang-analyzer-core.DivideZero)
        return s;
    }
    if (op->kind == MXCTS_OPERAND_SCALED)
        return f32_of_bits(op->scale_bits);
    return 1.0f;
}

/* fl32(b * sa * sb) with one rounding. */
static float exact_scale3(float b, float sa, float sb)
{
    mxcts_factor fb, fa, fs, t;
    mxcts_factor_from_bits(MXCTS_WIDE_F32, bits_of_f32(b), &fb);
    mxcts_factor_from_bits(MXCTS_WIDE_F32, bits_of_f32(sa), &fa);
    mxcts_factor_from_bits(MXCTS_WIDE_F32, bits_of_f32(sb), &fs);
    mxcts_factor_mul(&fb, &fa, &t); /* <= 48 bits: always fits */
    uint64_t bits;
    if (t.cls != MXCTS_CLASS_FINITE || fs.cls != MXCTS_CLASS_FINITE) {
        mxcts_factor r;
        mxcts_factor_mul(&t, &fs, &r); /* special: no significand */
        mxcts_factor_round(&r, MXCTS_WIDE_F32, MXCTS_ROUND_RNE, &bits, NULL);
        return f32_of_bits((uint32_t)bits);
    }
    uint64_t mag[2];
    mxcts__mul64(t.mant, fs.mant, &mag[1], &mag[0]);
    bits = mxcts__round_mag(mag, 2, t.exp + fs.exp, t.sign ^ fs.sign, MXCTS_WIDE_F32,
                            MXCTS_ROUND_RNE, NULL);
    return f32_of_bits((uint32_t)bits);
}

static uint64_t out_bits(float acc, mxcts_wide t)
{
    if (acc != acc)
        return mxcts__wide_nan(t);
    uint32_t b = bits_of_f32(acc);
    if (t == MXCTS_WIDE_F32)
        return b;
    if (t == MXCTS_WIDE_F64) {
        double d = (double)acc;
        uint64_t r;
        memcpy(&r, &d, 8);
        return r;
    }
    mxcts_factor f;
    uint64_t r;
    mxcts_factor_from_bits(MXCTS_WIDE_F32, b, &f);
    mxcts_factor_round(&f, t, MXCTS_ROUND_RNE, &r, NULL);
    return r;
}

mxcts_status mxcts_gemm_model_fp32(int64_t M, int64_t N, int64_t K, const mxcts_operand *A,
                                   const mxcts_operand *B, const mxcts_bias *bias,
                                   const mxcts_fp32_model *model, mxcts_wide out_type, void *C,
                                   int64_t ldc)
{
    mxcts__opnd pa, pb;
    mxcts_status st;
    mxcts_fp32_model mdl = {MXCTS_SCALE_FP32_PRODUCT, 0};
    if (model)
        mdl = *model;
    if (M <= 0 || N <= 0 || K <= 0)
        return MXCTS_ERR_SIZE;
    if (!A || !B)
        return MXCTS_ERR_NULL;
    if ((st = mxcts__opnd_prepare(A, M, K, &pa)) != MXCTS_OK)
        return st;
    if ((st = mxcts__opnd_prepare(B, N, K, &pb)) != MXCTS_OK)
        return st;
    if ((st = mxcts__check_bias(bias, N)) != MXCTS_OK)
        return st;
    if ((int)mdl.scale_apply < 0 || mdl.scale_apply >= MXCTS_SCALE_APPLY_COUNT)
        return MXCTS_ERR_MODE;
    int64_t mxblk = 0;
    if (pa.block)
        mxblk = pa.block;
    if (pb.block) {
        if (mxblk && mxblk != pb.block)
            return MXCTS_ERR_UNSUPPORTED;
        mxblk = pb.block;
    }
    int64_t blk = mdl.block;
    if (blk < 0)
        return MXCTS_ERR_SIZE;
    if (blk == 0)
        blk = mxblk ? mxblk : K;
    else if (mxblk && blk != mxblk)
        return MXCTS_ERR_UNSUPPORTED;
    size_t es = mxcts__wide_size(out_type);
    if (!es)
        return MXCTS_ERR_FORMAT;
    if ((st = mxcts__check_out(M, N, out_type, C, ldc, es)) != MXCTS_OK)
        return st;

    int64_t total = M * N;
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
    for (int64_t idx = 0; idx < total; idx++) {
        int64_t i = idx / N, j = idx % N;
        float acc = 0.0f;
        for (int64_t k0 = 0; k0 < K; k0 += blk) {
            int64_t k1 = k0 + blk < K ? k0 + blk : K;
            float b = 0.0f;
            for (int64_t k = k0; k < k1; k++)
                b = fl_add(b, fl_mul(elem_value(&pa, i, k), elem_value(&pb, j, k)));
            float sa = block_scale(&pa, i, k0), sb = block_scale(&pb, j, k0);
            if (mdl.scale_apply == MXCTS_SCALE_FP32_PRODUCT)
                b = fl_mul(b, fl_mul(sa, sb));
            else
                b = exact_scale3(b, sa, sb);
            acc = fl_add(acc, b);
        }
        if (bias) {
            uint64_t bb = bias->type == MXCTS_WIDE_F32 ? ((const uint32_t *)bias->data)[j]
                                                       : ((const uint16_t *)bias->data)[j];
            acc = fl_add(acc, wide_f32(bias->type, bb));
        }
        uint64_t r = out_bits(acc, out_type);
        switch (out_type) {
        case MXCTS_WIDE_F64: memcpy((double *)C + i * ldc + j, &r, 8); break;
        case MXCTS_WIDE_F32: ((uint32_t *)C)[i * ldc + j] = (uint32_t)r; break;
        default: ((uint16_t *)C)[i * ldc + j] = (uint16_t)r; break;
        }
    }
    return MXCTS_OK;
}

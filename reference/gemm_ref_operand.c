/* GEMM operands: constructors, validation (nothing is written on error) and
 * the per-code factor tables. */
#include <string.h>
#include "gemm_ref_internal.h"

mxcts_operand mxcts_operand_mx(mxcts_format fmt, const uint8_t *codes, int64_t ld,
                               const uint8_t *scales, int64_t ld_scales)
{
    mxcts_operand op;
    memset(&op, 0, sizeof op);
    op.kind = MXCTS_OPERAND_MX;
    op.fmt = fmt;
    op.data = codes;
    op.ld = ld;
    op.scales = scales;
    op.ld_scales = ld_scales;
    op.block = MXCTS_MX_BLOCK;
    return op;
}

mxcts_operand mxcts_operand_scaled(mxcts_format fmt, const uint8_t *codes, int64_t ld,
                                   float scale)
{
    mxcts_operand op;
    memset(&op, 0, sizeof op);
    op.kind = MXCTS_OPERAND_SCALED;
    op.fmt = fmt;
    op.data = codes;
    op.ld = ld;
    memcpy(&op.scale_bits, &scale, sizeof scale);
    return op;
}

mxcts_operand mxcts_operand_wide(mxcts_wide type, const void *data, int64_t ld)
{
    mxcts_operand op;
    memset(&op, 0, sizeof op);
    op.kind = MXCTS_OPERAND_WIDE;
    op.wide = type;
    op.data = data;
    op.ld = ld;
    return op;
}

size_t mxcts__wide_size(mxcts_wide type)
{
    switch (type) {
    case MXCTS_WIDE_F64: return 8;
    case MXCTS_WIDE_F32: return 4;
    case MXCTS_WIDE_F16:
    case MXCTS_WIDE_BF16: return 2;
    default: return 0;
    }
}

/* rows x ld matrix whose last row holds `cols` elements of `size` bytes:
 * (rows - 1) * ld + cols elements must be addressable. */
static int extent_ok(int64_t rows, int64_t ld, int64_t cols, size_t size)
{
    if (rows <= 0 || cols <= 0 || ld < cols || size == 0)
        return 0;
    if ((uint64_t)(rows - 1) > (uint64_t)(INT64_MAX - cols) / (uint64_t)ld)
        return 0;
    uint64_t n = (uint64_t)(rows - 1) * (uint64_t)ld + (uint64_t)cols;
    if (n > (uint64_t)SIZE_MAX / size || n > (uint64_t)INT64_MAX / size)
        return 0;
    return 1;
}

static int is_mx_element(mxcts_format f)
{
    return f == MXCTS_E4M3 || f == MXCTS_E5M2 || f == MXCTS_E2M3 || f == MXCTS_E3M2 ||
           f == MXCTS_E2M1 || f == MXCTS_INT8;
}

mxcts_status mxcts__opnd_prepare(const mxcts_operand *op, int64_t rows, int64_t K,
                                 mxcts__opnd *p)
{
    if (!op || !p)
        return MXCTS_ERR_NULL;
    if (rows <= 0 || K <= 0)
        return MXCTS_ERR_SIZE;
    if ((int)op->kind < 0 || op->kind >= MXCTS_OPERAND_KIND_COUNT)
        return MXCTS_ERR_MODE;
    if (!op->data)
        return MXCTS_ERR_NULL;
    memset(p, 0, sizeof *p);
    p->op = *op;
    if (op->kind == MXCTS_OPERAND_WIDE) {
        if (op->wide != MXCTS_WIDE_F32 && op->wide != MXCTS_WIDE_BF16 &&
            op->wide != MXCTS_WIDE_F16)
            return (int)op->wide >= 0 && op->wide < MXCTS_WIDE_COUNT ? MXCTS_ERR_UNSUPPORTED
                                                                     : MXCTS_ERR_FORMAT;
        if (!extent_ok(rows, op->ld, K, mxcts__wide_size(op->wide)))
            return MXCTS_ERR_SIZE;
        return MXCTS_OK;
    }
    const mxcts_format_info *fi = mxcts_format_get(op->fmt);
    if (!fi || op->fmt == MXCTS_E8M0)
        return MXCTS_ERR_FORMAT;
    if (op->kind == MXCTS_OPERAND_MX && !is_mx_element(op->fmt))
        return MXCTS_ERR_FORMAT;
    if (op->kind == MXCTS_OPERAND_MX) {
        int64_t blk = op->block == 0 ? MXCTS_MX_BLOCK : op->block;
        if (blk < 0)
            return MXCTS_ERR_SIZE;
        if (!op->scales)
            return MXCTS_ERR_NULL;
        if (K % blk != 0)
            return MXCTS_ERR_SIZE;
        if (!extent_ok(rows, op->ld_scales, K / blk, 1))
            return MXCTS_ERR_SIZE;
        p->block = blk;
        p->block_shift = -1;
        for (int sh = 0; sh < 62; sh++)
            if (((int64_t)1 << sh) == blk)
                p->block_shift = sh;
    }
    if (!extent_ok(rows, op->ld, K, 1))
        return MXCTS_ERR_SIZE;
    /* every code in range (nothing is computed, so nothing written, otherwise) */
    const uint8_t *c = (const uint8_t *)op->data;
    unsigned lim = 1u << fi->bits;
    for (int64_t r = 0; r < rows; r++)
        for (int64_t k = 0; k < K; k++)
            if (c[r * op->ld + k] >= lim)
                return MXCTS_ERR_CODE_RANGE;
    /* tables */
    if (op->kind == MXCTS_OPERAND_SCALED)
        mxcts_factor_from_bits(MXCTS_WIDE_F32, op->scale_bits, &p->tscale);
    for (unsigned code = 0; code < lim; code++) {
        mxcts_factor e;
        mxcts_factor_from_code(op->fmt, code, &e);
        mxcts_decode_f32(op->fmt, code, &p->elem_f32[code]);
        if (op->kind == MXCTS_OPERAND_SCALED) {
            /* element (<= 4 significant bits) * f32 scale (24): fits 64 bits */
            if (mxcts_factor_mul(&e, &p->tscale, &p->lut[code]) != MXCTS_OK)
                return MXCTS_ERR_UNSUPPORTED;
        } else {
            p->lut[code] = e;
        }
    }
    return MXCTS_OK;
}

mxcts_status mxcts__check_out(int64_t M, int64_t N, mxcts_wide out_type, const void *C,
                              int64_t ldc, size_t elem_size)
{
    if (!C)
        return MXCTS_ERR_NULL;
    if (M <= 0 || N <= 0)
        return MXCTS_ERR_SIZE;
    if (!extent_ok(M, ldc, N, elem_size))
        return MXCTS_ERR_SIZE;
    (void)out_type;
    return MXCTS_OK;
}

mxcts_status mxcts__check_bias(const mxcts_bias *bias, int64_t N)
{
    if (!bias)
        return MXCTS_OK;
    if (bias->type != MXCTS_WIDE_F32 && bias->type != MXCTS_WIDE_BF16 &&
        bias->type != MXCTS_WIDE_F16)
        return (int)bias->type >= 0 && bias->type < MXCTS_WIDE_COUNT ? MXCTS_ERR_UNSUPPORTED
                                                                     : MXCTS_ERR_FORMAT;
    if (!bias->data)
        return MXCTS_ERR_NULL;
    if (!extent_ok(1, N, N, mxcts__wide_size(bias->type)))
        return MXCTS_ERR_SIZE;
    return MXCTS_OK;
}

void mxcts__bias_factor(const mxcts_bias *bias, int64_t j, mxcts_factor *f)
{
    uint64_t b = bias->type == MXCTS_WIDE_F32 ? ((const uint32_t *)bias->data)[j]
                                              : ((const uint16_t *)bias->data)[j];
    mxcts_factor_from_bits(bias->type, b, f);
}

/* Shared by reference/gemm_ref_*.c (not installed): argument validation and
 * decoding of operand elements into exact factors. */
#ifndef MXCTS_GEMM_REF_INTERNAL_H
#define MXCTS_GEMM_REF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/gemm_ref.h"

/* An operand checked and ready to read. */
typedef struct mxcts__opnd {
    mxcts_operand op;
    int64_t block;            /* MX: elements per scale; others: 0 */
    int block_shift;          /* MX: log2(block) when block is a power of two, else -1 */
    mxcts_factor lut[256];    /* MX: element value; SCALED: element * tensor scale */
    float elem_f32[256];      /* element value as f32 (the model's view; codes only) */
    mxcts_factor tscale;      /* SCALED: tensor scale */
} mxcts__opnd;

/* Validate operand `op` for `rows` rows of K elements and fill *p. */
mxcts_status mxcts__opnd_prepare(const mxcts_operand *op, int64_t rows, int64_t K,
                                 mxcts__opnd *p);
/* Validate the output array: out_type, pointer, ldc, size. */
mxcts_status mxcts__check_out(int64_t M, int64_t N, mxcts_wide out_type, const void *C,
                              int64_t ldc, size_t elem_size);
/* Validate the optional bias (N values). */
mxcts_status mxcts__check_bias(const mxcts_bias *bias, int64_t N);
/* Bytes of one output element of out_type (0 if invalid). */
size_t mxcts__wide_size(mxcts_wide type);

/* Exact factor of element (r, k) including its scale. */
static inline void mxcts__opnd_factor(const mxcts__opnd *p, int64_t r, int64_t k, mxcts_factor *f)
{
    const mxcts_operand *op = &p->op;
    switch (op->kind) {
    case MXCTS_OPERAND_MX: {
        const uint8_t *c = (const uint8_t *)op->data;
        *f = p->lut[c[r * op->ld + k]];
        int64_t kb = p->block_shift >= 0 ? k >> p->block_shift : k / p->block;
        unsigned s = op->scales[r * op->ld_scales + kb];
        if (s == 0xFF) {
            f->cls = MXCTS_CLASS_NAN;
        } else if (f->cls == MXCTS_CLASS_FINITE && f->mant) {
            f->exp += (int)s - 127;
        }
        break;
    }
    case MXCTS_OPERAND_SCALED: {
        const uint8_t *c = (const uint8_t *)op->data;
        *f = p->lut[c[r * op->ld + k]];
        break;
    }
    default: {
        uint64_t b = op->wide == MXCTS_WIDE_F32 ? ((const uint32_t *)op->data)[r * op->ld + k]
                                                : ((const uint16_t *)op->data)[r * op->ld + k];
        mxcts_factor_from_bits(op->wide, b, f);
        break;
    }
    }
}

/* Bit pattern of bias j as a factor. */
void mxcts__bias_factor(const mxcts_bias *bias, int64_t j, mxcts_factor *f);

#endif

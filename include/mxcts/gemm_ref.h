/* Reference dot products and GEMM for MX, per-tensor-scaled FP8 and mixed
 * FP8 x bf16/f16/f32 operands:
 *
 *     C[i][j] = sum_k A(i,k) * B(j,k)  (+ bias[j])      C is M x N, A is M x K, B is N x K
 *
 * where A(i,k) is the exact value of operand A's element (an element code
 * times its E8M0 block scale, an FP8 code times the f32 tensor scale, or a
 * wide float). mxcts_gemm_ref computes every C element exactly (exact.h)
 * and rounds it ONCE; mxcts_gemm_model_fp32 models a kernel that
 * accumulates in fp32 (TOSA MATMUL_T_BLOCK_SCALED, mx-semantics 4.2).
 * The error-bound functions judge a kernel result against the exact value
 * under a declared accumulation model (DESIGN 4, spec/gemm.md).
 *
 * Every function validates all its arguments (and every code's range)
 * before it writes anything: on error nothing is written. */
#ifndef MXCTS_GEMM_REF_H
#define MXCTS_GEMM_REF_H

#include <stdint.h>
#include "mxcts/convert.h"
#include "mxcts/exact.h"
#include "mxcts/format.h"
#include "mxcts/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MXCTS_MX_BLOCK 32

typedef enum mxcts_operand_kind {
    MXCTS_OPERAND_MX = 0, /* element codes (one per byte, low bits) + an E8M0 scale code per
                             `block` elements along K, row-major [rows][K / block] */
    MXCTS_OPERAND_SCALED, /* element codes times one f32 per-tensor scale (FP8 OCP or FNUZ) */
    MXCTS_OPERAND_WIDE,   /* f32 / bf16 / f16 bit patterns (uint32_t / uint16_t) */
    MXCTS_OPERAND_KIND_COUNT
} mxcts_operand_kind;

/* One GEMM operand: `rows` rows of K elements, row r starting at element
 * r * ld. Build it with the helpers below or fill it by hand. */
typedef struct mxcts_operand {
    mxcts_operand_kind kind;
    mxcts_format fmt;      /* MX: e4m3, e5m2, e2m3, e3m2, e2m1, int8.
                              SCALED: any element format (FP8 OCP / FNUZ, FP6, FP4, INT8) */
    mxcts_wide wide;       /* WIDE: MXCTS_WIDE_F32, MXCTS_WIDE_BF16 or MXCTS_WIDE_F16 */
    const void *data;      /* codes (uint8_t) or bit patterns (uint32_t f32, uint16_t bf16/f16) */
    int64_t ld;            /* elements between row starts, >= K */
    const uint8_t *scales; /* MX: E8M0 codes; scale of element (r, k) is scales[r*ld_scales + k/block] */
    int64_t ld_scales;     /* MX: >= K / block */
    int block;             /* MX: elements per scale (0 means MXCTS_MX_BLOCK = 32) */
    uint32_t scale_bits;   /* SCALED: f32 bit pattern of the tensor scale (any f32 incl. NaN/Inf) */
} mxcts_operand;

mxcts_operand mxcts_operand_mx(mxcts_format fmt, const uint8_t *codes, int64_t ld,
                               const uint8_t *scales, int64_t ld_scales);
mxcts_operand mxcts_operand_scaled(mxcts_format fmt, const uint8_t *codes, int64_t ld,
                                   float scale);
mxcts_operand mxcts_operand_wide(mxcts_wide type, const void *data, int64_t ld);

/* Optional bias, one value per output column j (length N). */
typedef struct mxcts_bias {
    mxcts_wide type;  /* MXCTS_WIDE_F32, MXCTS_WIDE_BF16 or MXCTS_WIDE_F16 */
    const void *data; /* bit patterns */
} mxcts_bias;

/* ---- exact reference ---- */

/* Exact dot product of row 0 of `a` with row 0 of `b` (K elements each) into
 * *out (initialised here). Terms: one per k, in k order (the order does not
 * matter: the sum is exact). */
mxcts_status mxcts_dot_ref(int64_t K, const mxcts_operand *a, const mxcts_operand *b,
                           mxcts_acc *out);

/* Exact GEMM: C[i*ldc + j] = exact sum (an accumulator per element; bias,
 * when given, is one more term). OpenMP over output elements. */
mxcts_status mxcts_gemm_ref_acc(int64_t M, int64_t N, int64_t K, const mxcts_operand *A,
                                const mxcts_operand *B, const mxcts_bias *bias, mxcts_acc *C,
                                int64_t ldc);

/* Exact GEMM rounded once (RNE) to out_type: C is double (F64), or uint32_t
 * (F32) / uint16_t (BF16, F16) bit patterns, element (i, j) at C[i*ldc + j].
 * NaN outputs are the canonical positive quiet NaN. Deterministic for any
 * thread count. */
mxcts_status mxcts_gemm_ref(int64_t M, int64_t N, int64_t K, const mxcts_operand *A,
                            const mxcts_operand *B, const mxcts_bias *bias, mxcts_wide out_type,
                            void *C, int64_t ldc);

/* ---- modelled fp32 kernel (TOSA MATMUL_T_BLOCK_SCALED) ---- */

typedef enum mxcts_scale_apply {
    MXCTS_SCALE_FP32_PRODUCT = 0, /* TOSA literal: s = fl32(sA * sB); block = fl32(block * s).
                                     sA*sB can underflow to 0 or overflow to Inf (0 * Inf = NaN) */
    MXCTS_SCALE_EXACT,            /* block = fl32(block * sA * sB), one rounding */
    MXCTS_SCALE_APPLY_COUNT
} mxcts_scale_apply;

typedef struct mxcts_fp32_model {
    mxcts_scale_apply scale_apply;
    int64_t block; /* terms per inner block: 0 = the MX block when an operand is MX, else K.
                      With an MX operand it must equal that operand's block. */
} mxcts_fp32_model;

/* For each output element: acc = +0f; for each block: b = +0f; for k in the
 * block (ascending): b = fl32(b + fl32(a_k * b_k)) with a_k, b_k the element
 * values WITHOUT their scales; b is scaled by the operands' block scales
 * (E8M0 value, f32 tensor scale, or 1 for WIDE) per `scale_apply`;
 * acc = fl32(acc + b). Then acc = fl32(acc + bias[j]) and acc is rounded
 * (RNE) to out_type (F64: exact). `model` may be NULL (FP32_PRODUCT, block 0). */
mxcts_status mxcts_gemm_model_fp32(int64_t M, int64_t N, int64_t K, const mxcts_operand *A,
                                   const mxcts_operand *B, const mxcts_bias *bias,
                                   const mxcts_fp32_model *model, mxcts_wide out_type, void *C,
                                   int64_t ldc);

/* ---- tolerance model (DESIGN 4) ---- */

typedef enum mxcts_accum_kind {
    MXCTS_ACCUM_EXACT = 0,  /* exact sum, one rounding to the output: K_eff = 0 */
    MXCTS_ACCUM_SEQUENTIAL, /* one accumulator, terms added one by one: K_eff = K */
    MXCTS_ACCUM_BLOCKED,    /* sum inside blocks of `block` terms, scale, then accumulate the
                               blocks sequentially: K_eff = (block-1 | 0) + 1 + ceil(K/block) */
    MXCTS_ACCUM_PAIRWISE,   /* any tree: K_eff = ceil(log2 K) + 1 */
    MXCTS_ACCUM_KIND_COUNT
} mxcts_accum_kind;

typedef struct mxcts_accum_model {
    mxcts_accum_kind kind;
    mxcts_wide acc_type; /* accumulator type: MXCTS_WIDE_F32 (default), F16 or BF16 */
    int64_t block;       /* BLOCKED: terms per block (default 32) */
    int inner_exact;     /* BLOCKED: every block sum is exact in acc_type (mx-semantics 4.3;
                            see mxcts_mx_block_sum_exact) */
    int products_exact;  /* every product is exact in acc_type (default 1; 0 adds one rounding) */
    double c;            /* safety factor >= 1 multiplying the accumulation part (default 1) */
} mxcts_accum_model;

/* Defaults for `kind`: fp32 accumulator, block 32, inner_exact 0,
 * products_exact 1, c 1. */
mxcts_status mxcts_accum_model_init(mxcts_accum_model *m, mxcts_accum_kind kind);

/* Roundings a term can pass through under `m` for a K-term sum (the K_eff of
 * the bound). */
mxcts_status mxcts_accum_k_eff(const mxcts_accum_model *m, int64_t K, int64_t *k_eff);

/* Widen `m` for a K-term sum to what an implementation declares beyond it:
 * an inner block sum keeping only inner_bits significand bits (24 = fp32;
 * Hopper's FP8 tensor cores keep about 14) multiplies c by 2^(24 - inner_bits)
 * and clears inner_exact; extra_roundings after the sum (scale products,
 * routing weights) multiply c by (K_eff + extra) / K_eff. inner_bits 1..24,
 * extra_roundings >= 0. */
mxcts_status mxcts_accum_model_declare(mxcts_accum_model *m, int64_t K, int inner_bits, int extra_roundings);

/* 1 if any 32-term block sum of products of element formats fa x fb is exact
 * in fp32 in every order (mx-semantics 4.3: every FP4/FP6/INT8 pair), else 0
 * (FP8 pairs; invalid formats). */
int mxcts_mx_block_sum_exact(mxcts_format fa, mxcts_format fb);

/* Error bound for an output element whose exact value is *exact (with its
 * sum of |terms|, both from the accumulator), K terms, output type out_type:
 *   bound = c * gamma(K_eff, u_acc) * sum|terms| + c * K_eff * eta_acc
 *           + half an ulp of out_type at (|exact| + that)
 * with gamma(n, u) = n u / (1 - n u), u_acc = 2^-p of the accumulator,
 * eta_acc = half its smallest subnormal. +Inf if n u >= 1. For a NaN / Inf
 * exact value the bound is 0 (specials are compared exactly). */
mxcts_status mxcts_error_bound(const mxcts_accum_model *m, int64_t K, const mxcts_acc *exact,
                               mxcts_wide out_type, double *bound);

typedef struct mxcts_check {
    uint64_t expected_bits; /* the exact value rounded once (RNE) to out_type */
    double error;           /* |kernel - exact| rounded up (0 if specials match, +Inf if not) */
    double bound;           /* mxcts_error_bound */
    double ratio;           /* error / bound (0 / 0 = 0, x / 0 = +Inf); pass needs <= 1 */
    double ulps;            /* distance in out_type ulps between kernel and expected_bits
                               (count of representable steps; +Inf if one is NaN and not both) */
    int pass;               /* 1 if the result is acceptable under the model */
} mxcts_check;

/* Judge a kernel's output (bit pattern of out_type) against the exact sum.
 * NaN expected: pass iff the kernel gave NaN (either sign). +-Inf expected
 * from an Inf term: pass iff the same Inf. Finite exact: a NaN kernel fails;
 * an Inf kernel passes iff it has the sign of the exact value and
 * |exact| + accumulation bound reaches the out_type overflow threshold;
 * a finite kernel passes iff error <= bound. */
mxcts_status mxcts_check_result(const mxcts_accum_model *m, int64_t K, const mxcts_acc *exact,
                                mxcts_wide out_type, uint64_t kernel_bits, mxcts_check *out);

#ifdef __cplusplus
}
#endif
#endif

/* Exact dot product and GEMM: every C element is an exact sum (exact.h),
 * rounded once. Deterministic for any thread count (the sum is exact, each
 * element is computed by one thread). */
#include <string.h>
#include "exact_internal.h"
#include "gemm_ref_internal.h"

/* Exact sum of row i of A with row j of B (+ bias j). */
static void dot_rows(const mxcts__opnd *A, const mxcts__opnd *B, int64_t i, int64_t j, int64_t K,
                     const mxcts_bias *bias, mxcts_acc *acc)
{
    mxcts_acc_init(acc);
    for (int64_t k = 0; k < K; k++) {
        mxcts_factor a, b;
        mxcts__opnd_factor(A, i, k, &a);
        mxcts__opnd_factor(B, j, k, &b);
        /* In range by construction: every factor lies in [2^-166, 2^144) and
         * has a significand below 2^32 (<= 24 + 4 bits). */
        if (a.cls == MXCTS_CLASS_FINITE && b.cls == MXCTS_CLASS_FINITE) {
            if (a.mant && b.mant)
                mxcts__acc_add_fast(acc, a.sign ^ b.sign, a.mant * b.mant, a.exp + b.exp);
            acc->terms++;
        } else {
            mxcts_acc_add_product(acc, &a, &b);
        }
    }
    if (bias) {
        mxcts_factor f;
        mxcts__bias_factor(bias, j, &f);
        mxcts_acc_add(acc, &f);
    }
}

mxcts_status mxcts_dot_ref(int64_t K, const mxcts_operand *a, const mxcts_operand *b,
                           mxcts_acc *out)
{
    mxcts__opnd pa, pb;
    mxcts_status st;
    if (K <= 0)
        return MXCTS_ERR_SIZE;
    if (!a || !b || !out)
        return MXCTS_ERR_NULL;
    if ((st = mxcts__opnd_prepare(a, 1, K, &pa)) != MXCTS_OK)
        return st;
    if ((st = mxcts__opnd_prepare(b, 1, K, &pb)) != MXCTS_OK)
        return st;
    dot_rows(&pa, &pb, 0, 0, K, NULL, out);
    return MXCTS_OK;
}

static mxcts_status prepare_all(int64_t M, int64_t N, int64_t K, const mxcts_operand *A,
                                const mxcts_operand *B, const mxcts_bias *bias, mxcts__opnd *pa,
                                mxcts__opnd *pb)
{
    mxcts_status st;
    if (M <= 0 || N <= 0 || K <= 0)
        return MXCTS_ERR_SIZE;
    if (!A || !B)
        return MXCTS_ERR_NULL;
    if ((st = mxcts__opnd_prepare(A, M, K, pa)) != MXCTS_OK)
        return st;
    if ((st = mxcts__opnd_prepare(B, N, K, pb)) != MXCTS_OK)
        return st;
    return mxcts__check_bias(bias, N);
}

mxcts_status mxcts_gemm_ref_acc(int64_t M, int64_t N, int64_t K, const mxcts_operand *A,
                                const mxcts_operand *B, const mxcts_bias *bias, mxcts_acc *C,
                                int64_t ldc)
{
    mxcts__opnd pa, pb;
    mxcts_status st = prepare_all(M, N, K, A, B, bias, &pa, &pb);
    if (st)
        return st;
    if ((st = mxcts__check_out(M, N, MXCTS_WIDE_F64, C, ldc, sizeof(mxcts_acc))) != MXCTS_OK)
        return st;
    int64_t total = M * N;
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
    for (int64_t idx = 0; idx < total; idx++) {
        int64_t i = idx / N, j = idx % N;
        dot_rows(&pa, &pb, i, j, K, bias, &C[i * ldc + j]);
    }
    return MXCTS_OK;
}

static void store_bits(void *C, int64_t pos, mxcts_wide t, uint64_t bits)
{
    switch (t) {
    case MXCTS_WIDE_F64: memcpy((double *)C + pos, &bits, 8); break;
    case MXCTS_WIDE_F32: ((uint32_t *)C)[pos] = (uint32_t)bits; break;
    default: ((uint16_t *)C)[pos] = (uint16_t)bits; break;
    }
}

mxcts_status mxcts_gemm_ref(int64_t M, int64_t N, int64_t K, const mxcts_operand *A,
                            const mxcts_operand *B, const mxcts_bias *bias, mxcts_wide out_type,
                            void *C, int64_t ldc)
{
    mxcts__opnd pa, pb;
    mxcts_status st = prepare_all(M, N, K, A, B, bias, &pa, &pb);
    if (st)
        return st;
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
        mxcts_acc acc;
        uint64_t bits;
        dot_rows(&pa, &pb, i, j, K, bias, &acc);
        mxcts_acc_round(&acc, out_type, MXCTS_ROUND_RNE, &bits, NULL);
        store_bits(C, i * ldc + j, out_type, bits);
    }
    return MXCTS_OK;
}

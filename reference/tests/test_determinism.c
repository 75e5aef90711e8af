/* Bulk encode of 2^22 seeded random inputs with 1, 2 and 7 OpenMP threads
 * gives identical bytes and flags, for every element format, several modes
 * and every source type; the bytes also equal the scalar encoder's. */
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "oracle.h"
#include "test_util.h"

#define N (1u << 22)
#define SEED 0x64657465726D696Eull /* "determin" */

static void set_threads(int t)
{
#ifdef _OPENMP
    omp_set_num_threads(t);
#else
    (void)t;
#endif
}

static mxcts_status scalar(mxcts_wide src, mxcts_format f, const void *in, size_t i,
                           const mxcts_convert *cv, uint8_t *code)
{
    switch (src) {
    case MXCTS_WIDE_F64: return mxcts_encode_f64(f, ((const uint64_t *)in)[i], cv, code, NULL);
    case MXCTS_WIDE_F32: return mxcts_encode_f32(f, ((const uint32_t *)in)[i], cv, code, NULL);
    case MXCTS_WIDE_F16: return mxcts_encode_f16(f, ((const uint16_t *)in)[i], cv, code, NULL);
    default: return mxcts_encode_bf16(f, ((const uint16_t *)in)[i], cv, code, NULL);
    }
}

int main(void)
{
    static const int threads[] = {1, 2, 7};
    static const char *src_name[] = {"f64", "f32", "f16", "bf16"};
    uint32_t *in32 = malloc(N * sizeof *in32);
    uint64_t *in64 = malloc(N * sizeof *in64);
    uint16_t *in16 = malloc(N * sizeof *in16);
    uint8_t *out[3], *ser = malloc(N);
    for (int t = 0; t < 3; t++)
        out[t] = malloc(N);
    if (!in32 || !in64 || !in16 || !ser || !out[0] || !out[1] || !out[2])
        return 1;
    uint64_t st = SEED;
    for (size_t i = 0; i < N; i++) {
        uint64_t r = tu_splitmix64(&st);
        /* half any pattern, half exponents near the formats' ranges */
        uint32_t b = (uint32_t)r;
        if (r >> 63)
            b = (b & 0x807FFFFFu) | (uint32_t)(110 + (r >> 40) % 36) << 23;
        in32[i] = b;
        in64[i] = tu_f64_bits(tu_f32_value(b)) ^ ((r >> 32) & 0xFFFF); /* f64 with extra low bits */
        in16[i] = (uint16_t)(r >> 40);
    }
    const mxcts_convert modes[] = {
        tu_config(MXCTS_ROUND_RNE, MXCTS_OVERFLOW_SAT, MXCTS_NAN_SIGN_PRESERVE),
        tu_config(MXCTS_ROUND_RTZ, MXCTS_OVERFLOW_NONSAT, MXCTS_NAN_SIGN_PRESERVE),
        tu_config(MXCTS_ROUND_RUP, MXCTS_OVERFLOW_NONSAT, MXCTS_NAN_SIGN_CLEAR),
        tu_config(MXCTS_ROUND_RDN, MXCTS_OVERFLOW_SAT, MXCTS_NAN_SIGN_PRESERVE),
    };
    long checks = 0;
    for (int k = 0; k < TU_ELEM_COUNT; k++) {
        mxcts_format f = tu_elem_formats[k];
        for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
            for (int s = 0; s < MXCTS_WIDE_COUNT; s++) {
                /* the full 2^22 for f32 (the case), 2^18 for the others */
                size_t n = s == MXCTS_WIDE_F32 ? N : N / 16;
                const void *in = s == MXCTS_WIDE_F64 ? (const void *)in64
                                 : s == MXCTS_WIDE_F32 ? (const void *)in32
                                                       : (const void *)in16;
                unsigned fl[3] = {0, 0, 0};
                for (int t = 0; t < 3; t++) {
                    memset(out[t], 0xA5, n);
                    set_threads(threads[t]);
                    mxcts_status r = mxcts_encode_bulk(f, (mxcts_wide)s, in, n, out[t], &modes[m], &fl[t]);
                    TU_CHECK(r == MXCTS_OK, "%s %s: status %d", oracle_format_name(f), src_name[s], (int)r);
                }
                char d[200];
                tu_describe(f, &modes[m], d, sizeof d);
                for (int t = 1; t < 3; t++) {
                    TU_CHECK(memcmp(out[0], out[t], n) == 0 && fl[0] == fl[t],
                             "[%s] %s: %d threads differ from 1 thread", d, src_name[s], threads[t]);
                }
                for (size_t i = 0; i < n; i++)
                    scalar((mxcts_wide)s, f, in, i, &modes[m], &ser[i]);
                if (memcmp(ser, out[0], n) != 0) {
                    size_t i = 0;
                    while (ser[i] == out[0][i])
                        i++;
                    tu_fail("[%s] %s: bulk differs from scalar at element %zu: 0x%02X vs 0x%02X", d,
                            src_name[s], i, out[0][i], ser[i]);
                }
                checks += 3;
            }
        }
    }
    set_threads(2);
    free(in32), free(in64), free(in16), free(ser);
    for (int t = 0; t < 3; t++)
        free(out[t]);
    return tu_finish("ref_determinism", checks);
}

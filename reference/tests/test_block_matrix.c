/* Matrix entry points: mxcts_mx_quantize / mxcts_mx_dequantize with leading
 * dimensions larger than K agree block for block with the single-block
 * functions, leave the gaps between rows untouched, and give the same bytes
 * for 1 and several OpenMP threads. Inputs are seeded random values with
 * injected zeros, subnormals, NaN, Inf and large magnitudes. */
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "test_block_util.h"

enum { ROWS = 37, K = 128, NB = 4, LDI = 130, LDC = 131, LDS = 5, LDO = 133 };

static uint64_t rng = 77;
static uint32_t r32(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 13);
}

static uint32_t random_f32(void)
{
    uint32_t u = r32();
    switch (u % 16) {
    case 0: return 0x7FC00000u;                        /* NaN */
    case 1: return (u & 0x80000000u) | 0x7F800000u;   /* Inf */
    case 2: return u & 0x80000000u;                   /* +-0 */
    case 3: return u & 0x807FFFFFu;                   /* subnormal */
    default: return (u & 0x80000000u) | ((0x30u + (u >> 8) % 0x20u) << 23) | (r32() & 0x7FFFFFu);
    }
}

static uint32_t in32[ROWS * LDI];
static uint16_t in16[ROWS * LDI];
static uint8_t codes_a[ROWS * LDC], codes_b[ROWS * LDC], sc_a[ROWS * LDS], sc_b[ROWS * LDS];

static int quant(mxcts_format e, mxcts_wide w, const mxcts_block_config *c, uint8_t *codes, uint8_t *sc)
{
    memset(codes, 0xEE, ROWS * LDC);
    memset(sc, 0xEE, ROWS * LDS);
    const void *in = w == MXCTS_WIDE_F32 ? (const void *)in32 : (const void *)in16;
    return (int)mxcts_mx_quantize(e, w, in, ROWS, K, LDI, c, codes, LDC, sc, LDS);
}

int main(void)
{
    static const mxcts_format fs[] = {MXCTS_E4M3, MXCTS_E5M2, MXCTS_E2M3, MXCTS_E3M2, MXCTS_E2M1, MXCTS_INT8};
    for (int i = 0; i < ROWS * LDI; i++) {
        in32[i] = random_f32();
        in16[i] = (uint16_t)(r32() >> 3);
    }
    for (int fi = 0; fi < 6; fi++) {
        for (int m = 0; m < MXCTS_SCALE_MODE_COUNT; m++) {
            for (int w = MXCTS_WIDE_F32; w <= MXCTS_WIDE_BF16; w++) {
                mxcts_block_config c = tb_cfg((mxcts_scale_mode)m);
                c.nan_policy = (mxcts_block_nan)(m % 2);
                c.inf_policy = (mxcts_block_inf)(m % 3);
                c.round = (mxcts_elem_round)(w % 3);
#ifdef _OPENMP
                omp_set_num_threads(1);
#endif
                TB_EQ(quant(fs[fi], (mxcts_wide)w, &c, codes_a, sc_a), MXCTS_OK, "quantize 1 thread");
#ifdef _OPENMP
                omp_set_num_threads(3);
#endif
                TB_EQ(quant(fs[fi], (mxcts_wide)w, &c, codes_b, sc_b), MXCTS_OK, "quantize 3 threads");
                TB_CHECK(!memcmp(codes_a, codes_b, sizeof codes_a) && !memcmp(sc_a, sc_b, sizeof sc_a),
                         "thread count changed the bytes (elem %d mode %d src %d)", fi, m, w);
                int ok = 1;
                for (int r = 0; r < ROWS; r++) {
                    for (int b = 0; b < NB; b++) {
                        uint8_t x, p[32];
                        const void *in = w == MXCTS_WIDE_F32 ? (const void *)(in32 + r * LDI + b * 32)
                                                               : (const void *)(in16 + r * LDI + b * 32);
                        mxcts_mx_quantize_block(fs[fi], (mxcts_wide)w, in, 32, &c, &x, p);
                        ok &= x == sc_a[r * LDS + b] && !memcmp(p, codes_a + r * LDC + b * 32, 32);
                    }
                    ok &= sc_a[r * LDS + NB] == 0xEE;
                    for (int j = K; j < LDC; j++)
                        ok &= codes_a[r * LDC + j] == 0xEE;
                }
                TB_CHECK(ok, "matrix vs single blocks (elem %d mode %d src %d)", fi, m, w);
            }
        }
        /* dequantize the last quantised matrix to every output type */
        for (int d = 0; d < MXCTS_WIDE_COUNT; d++) {
            static double out[ROWS * LDO];
            memset(out, 0xEE, sizeof out);
            TB_EQ(mxcts_mx_dequantize(fs[fi], codes_a, LDC, sc_a, LDS, ROWS, K, 32, (mxcts_wide)d, out, LDO),
                  MXCTS_OK, "dequantize");
            int ok = 1;
            for (int r = 0; r < ROWS; r++)
                for (int j = 0; j < K; j++) {
                    double v;
                    uint64_t b, g = 0;
                    mxcts_mx_dequantize_one(fs[fi], sc_a[r * LDS + j / 32], codes_a[r * LDC + j], (mxcts_wide)d, &v, &b);
                    size_t o = (size_t)(r * LDO + j);
                    switch (d) {
                    case MXCTS_WIDE_F64: memcpy(&g, &out[o], 8); break;
                    case MXCTS_WIDE_F32: { uint32_t u; memcpy(&u, (const char *)out + 4 * o, 4); g = u; break; }
                    default: { uint16_t u; memcpy(&u, (const char *)out + 2 * o, 2); g = u; break; }
                    }
                    ok &= g == b;
                }
            TB_CHECK(ok, "dequantize matrix vs one (elem %d dst %d)", fi, d);
        }
    }
    return tb_finish("test_block_matrix");
}

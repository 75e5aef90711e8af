/* Concurrency and thread-count determinism (issue 7).
 *
 *  1. Every job below is run serially (one OpenMP thread) to get the
 *     baseline bytes.
 *  2. The same jobs with OpenMP thread counts 1, 2, 3 (and the default) must
 *     give identical bytes.
 *  3. 8 POSIX threads run all jobs at once, each several rounds, half of them
 *     on one shared mxk context and half on a context of their own (created
 *     and destroyed inside the thread); every result must equal the baseline.
 *
 * Jobs: the kernel library (cpu backend) encode, decode, MX quantise and
 * dequantise and MX GEMM; the reference bulk encode, MX quantise/dequantise
 * and exact GEMM. The ThreadSanitizer build (ci/sanitizers.sh) runs this test; the
 * normal builds run it as a quick test.
 * Usage: test_concurrency [rounds]   (default 3) */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "mxcts/convert.h"
#include "mxcts/gemm_ref.h"
#include "mxcts/kernels.h"
#include "mxcts/mxblock.h"

#define NTHREADS 8
#define N 8192        /* elements of the elementwise jobs */
#define ROWS 16       /* MX jobs: ROWS x K */
#define K 512
#define GM 8          /* exact GEMM: GM x GN, reduction GK */
#define GN 8
#define GK 256
#define NJOBS 9

static uint32_t in_f32[N];
static uint32_t mx_in[ROWS * K];
static uint8_t gA[GM * GK], gB[GN * GK], gAs[GM * GK / 32], gBs[GN * GK / 32];
static mxk_context *shared_ctx;

typedef struct result {
    size_t len;
    uint8_t *bytes;
} result;

static result baseline[NJOBS];

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void fill_inputs(void)
{
    uint64_t s = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < N; i++)
        in_f32[i] = (uint32_t)rng(&s);
    static const uint32_t sp[] = {0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u,
                                  0x43E80000u, 0x43E80001u, 0x47700000u, 0x00000001u, 0x3E800000u};
    memcpy(in_f32, sp, sizeof sp);
    for (int i = 0; i < ROWS * K; i++) { /* finite, moderate magnitudes, a NaN in row 3 */
        float f = (float)((int)(rng(&s) % 2001) - 1000) / 64.0f;
        memcpy(&mx_in[i], &f, 4);
    }
    mx_in[3 * K + 40] = 0x7FC00000u;
    for (int i = 0; i < GM * GK; i++)
        gA[i] = (uint8_t)(rng(&s) & 0x7F) ^ (uint8_t)((i & 1) << 7);
    for (int i = 0; i < GN * GK; i++)
        gB[i] = (uint8_t)(rng(&s) % 0x7E);
    for (int i = 0; i < GM * GK / 32; i++)
        gAs[i] = (uint8_t)(120 + rng(&s) % 10);
    for (int i = 0; i < GN * GK / 32; i++)
        gBs[i] = (uint8_t)(122 + rng(&s) % 10);
}

/* Runs job j; returns its output bytes (malloc) or NULL when a call failed. */
static uint8_t *run_job(int j, const mxk_context *ctx, size_t *len)
{
    uint8_t *out = NULL;
    int bad = 0;
    switch (j) {
    case 0: { /* mxk_encode f32 -> e4m3, RNE, sat, scale 0.5 */
        out = malloc(*len = N);
        mxk_tensor a = mxk_tensor_2d(in_f32, MXK_F32, 1, N), d = mxk_tensor_2d(out, MXK_E4M3, 1, N);
        mxk_convert_opts o = mxk_convert_opts_ocp();
        bad = mxk_encode(ctx, NULL, &a, &d, 0.5f, &o) != MXK_OK;
        break;
    }
    case 1: { /* mxk_encode f32 -> e2m1, toward zero, 64 x 128 */
        out = malloc(*len = N);
        mxk_tensor a = mxk_tensor_2d(in_f32, MXK_F32, 64, N / 64), d = mxk_tensor_2d(out, MXK_E2M1, 64, N / 64);
        mxk_convert_opts o = mxk_convert_opts_ocp();
        o.round = MXK_ROUND_RTZ;
        bad = mxk_encode(ctx, NULL, &a, &d, 1.0f, &o) != MXK_OK;
        break;
    }
    case 2: { /* mxk_decode e5m2 codes (the low bytes of the inputs) -> f32 */
        uint8_t codes[N];
        for (int i = 0; i < N; i++)
            codes[i] = (uint8_t)in_f32[i];
        out = malloc(*len = 4 * N);
        mxk_tensor a = mxk_tensor_2d(codes, MXK_E5M2, 1, N), d = mxk_tensor_2d(out, MXK_F32, 1, N);
        bad = mxk_decode(ctx, NULL, &a, &d, 2.0f) != MXK_OK;
        break;
    }
    case 3:   /* mxk_mx_quantize f32 -> e4m3 elements + scales, then dequantise to f32 */
    case 4: { /* the same with e2m3 and the rceil scale */
        size_t ne = ROWS * K, ns = ROWS * K / 32;
        out = malloc(*len = ne + ns + 4 * ne);
        mxk_dtype t = j == 3 ? MXK_E4M3 : MXK_E2M3;
        mxk_tensor a = mxk_tensor_2d(mx_in, MXK_F32, ROWS, K), e = mxk_tensor_2d(out, t, ROWS, K);
        mxk_tensor x = mxk_tensor_2d(out + ne, MXK_E8M0, ROWS, K / 32);
        mxk_tensor d = mxk_tensor_2d(out + ne + ns, MXK_F32, ROWS, K);
        mxk_mx_opts o = mxk_mx_opts_ocp();
        if (j == 4)
            o.scale_mode = MXK_SCALE_RCEIL;
        bad = mxk_mx_quantize(ctx, NULL, &a, &e, &x, &o) != MXK_OK ||
              mxk_mx_dequantize(ctx, NULL, &e, &x, &d, MXK_LAYOUT_ROW_MAJOR) != MXK_OK;
        break;
    }
    case 5: { /* reference bulk encode f32 -> e5m2 nonsat, and e8m0-free decode back */
        mxcts_convert cv;
        mxcts_convert_init(&cv);
        cv.overflow = MXCTS_OVERFLOW_NONSAT;
        out = malloc(*len = N + 8 * N + 4);
        unsigned flags = 0;
        bad = mxcts_encode_bulk(MXCTS_E5M2, MXCTS_WIDE_F32, in_f32, N, out, &cv, &flags) != MXCTS_OK ||
              mxcts_decode_bulk(MXCTS_E5M2, out, N, MXCTS_WIDE_F64, out + N) != MXCTS_OK;
        memcpy(out + 9 * N, &flags, 4);
        break;
    }
    case 6: { /* reference MX quantise (e3m2, even scale) and dequantise to bf16 */
        mxcts_block_config cfg;
        mxcts_block_config_init(&cfg);
        cfg.scale_mode = MXCTS_SCALE_EVEN;
        size_t ne = ROWS * K, ns = ROWS * K / 32;
        out = malloc(*len = ne + ns + 2 * ne);
        bad = mxcts_mx_quantize(MXCTS_E3M2, MXCTS_WIDE_F32, mx_in, ROWS, K, K, &cfg, out, K, out + ne,
                                K / 32) != MXCTS_OK ||
              mxcts_mx_dequantize(MXCTS_E3M2, out, K, out + ne, K / 32, ROWS, K, 32, MXCTS_WIDE_BF16,
                                  out + ne + ns, K) != MXCTS_OK;
        break;
    }
    case 7: { /* exact MX GEMM (e4m3 x e5m2... as e4m3 codes) rounded to f32 */
        out = malloc(*len = 4 * GM * GN);
        mxcts_operand A = mxcts_operand_mx(MXCTS_E4M3, gA, GK, gAs, GK / 32);
        mxcts_operand B = mxcts_operand_mx(MXCTS_E4M3, gB, GK, gBs, GK / 32);
        bad = mxcts_gemm_ref(GM, GN, GK, &A, &B, NULL, MXCTS_WIDE_F32, out, GN) != MXCTS_OK;
        break;
    }
    case 8: { /* mxk_gemm_mx: the same MX operands as job 7, fp32-accumulated, f32 out */
        out = malloc(*len = 4 * GM * GN);
        mxk_tensor a = mxk_tensor_2d(gA, MXK_E4M3, GM, GK), as = mxk_tensor_2d(gAs, MXK_E8M0, GM, GK / 32);
        mxk_tensor b = mxk_tensor_2d(gB, MXK_E4M3, GN, GK), bs = mxk_tensor_2d(gBs, MXK_E8M0, GN, GK / 32);
        mxk_tensor c = mxk_tensor_2d(out, MXK_F32, GM, GN);
        bad = mxk_gemm_mx(ctx, NULL, &a, &as, &b, &bs, &c, NULL) != MXK_OK;
        break;
    }
    default:
        bad = 1;
    }
    if (bad) {
        free(out);
        return NULL;
    }
    return out;
}

static int same(int j, const uint8_t *got, size_t len)
{
    return got && len == baseline[j].len && memcmp(got, baseline[j].bytes, len) == 0;
}

typedef struct worker {
    int id, rounds, mismatches, errors;
} worker;

static void *work(void *p)
{
    worker *w = p;
    mxk_context *own = NULL;
    const mxk_context *ctx = shared_ctx;
    if (w->id % 2) { /* odd threads: a context of their own */
        if (mxk_context_create("cpu", &own) != MXK_OK) {
            w->errors++;
            return NULL;
        }
        ctx = own;
    }
#ifdef _OPENMP
    omp_set_num_threads(1 + w->id % 3); /* this thread's own OpenMP team size */
#endif
    for (int r = 0; r < w->rounds; r++)
        for (int k = 0; k < NJOBS; k++) {
            int j = (k + w->id + r) % NJOBS;
            size_t len = 0;
            uint8_t *got = run_job(j, ctx, &len);
            if (!got)
                w->errors++;
            else if (!same(j, got, len))
                w->mismatches++;
            free(got);
        }
    if (own)
        mxk_context_destroy(own);
    return NULL;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 3;
    if (rounds < 1)
        rounds = 1;
    int fails = 0;
    fill_inputs();
    if (mxk_context_create("cpu", &shared_ctx) != MXK_OK) {
        fprintf(stderr, "FAIL: mxk_context_create(cpu)\n");
        return 1;
    }
#ifdef _OPENMP
    int dflt = omp_get_max_threads();
    omp_set_num_threads(1);
#endif
    for (int j = 0; j < NJOBS; j++) {
        baseline[j].bytes = run_job(j, shared_ctx, &baseline[j].len);
        if (!baseline[j].bytes) {
            fprintf(stderr, "FAIL: job %d failed serially\n", j);
            return 1;
        }
    }
#ifdef _OPENMP
    const int counts[] = {1, 2, 3, dflt};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        omp_set_num_threads(counts[c]);
        int diff = 0;
        for (int j = 0; j < NJOBS; j++) {
            size_t len = 0;
            uint8_t *got = run_job(j, shared_ctx, &len);
            if (!same(j, got, len)) {
                fprintf(stderr, "FAIL: job %d with %d OpenMP threads differs from the serial run\n", j,
                        counts[c]);
                diff++;
            }
            free(got);
        }
        printf("OpenMP threads %d: %d of %d jobs identical to the serial run\n", counts[c], NJOBS - diff,
               NJOBS);
        fails += diff;
    }
    omp_set_num_threads(dflt);
#else
    printf("built without OpenMP: thread-count check skipped\n");
#endif
    pthread_t th[NTHREADS];
    worker w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i] = (worker){i, rounds, 0, 0};
        if (pthread_create(&th[i], NULL, work, &w[i]) != 0) {
            fprintf(stderr, "FAIL: pthread_create\n");
            return 1;
        }
    }
    int mism = 0, errs = 0;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(th[i], NULL);
        mism += w[i].mismatches;
        errs += w[i].errors;
    }
    printf("%d threads x %d rounds x %d jobs (shared and own contexts): %d mismatches, %d errors\n",
           NTHREADS, rounds, NJOBS, mism, errs);
    fails += mism + errs;
    for (int j = 0; j < NJOBS; j++)
        free(baseline[j].bytes);
    mxk_context_destroy(shared_ctx);
    printf("%s\n", fails ? "FAILED" : "OK");
    return fails != 0;
}

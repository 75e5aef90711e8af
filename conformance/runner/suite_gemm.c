/* Suite `gemm`: MX GEMM C = A * B^T against the exact reference, judged by
 * the error bound of the backend's declared accumulation (DESIGN 4):
 * error / bound per output element, pass <= 1; the worst ratio and a
 * histogram go to the report. Data kinds: `rand` (finite random codes,
 * scales 2^-4..2^4), `wide` (scales 2^-40..2^40, subnormal elements
 * included), and `exact` (integer-valued elements with |v| <= 4 and scales
 * 2^-1..2^1: every partial sum is exact in fp32, so the answer must be hit
 * bit for bit - CUTLASS's trick). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "mxcts/format.h"

enum { DATA_RAND = 0, DATA_WIDE, DATA_EXACT };
static const char *const data_names[] = {"rand", "wide", "exact"};

static int code_pool(int fmt, int kind, uint8_t *pool)
{
    unsigned nc = mxcts_format_code_count((mxcts_format)fmt);
    int n = 0;
    for (unsigned c = 0; c < nc; c++) {
        double v;
        if (mxcts_decode_f64((mxcts_format)fmt, c, &v) != MXCTS_OK || !isfinite(v))
            continue;
        if (kind == DATA_EXACT && (v != floor(v) || fabs(v) > 4))
            continue;
        pool[n++] = (uint8_t)c;
    }
    return n;
}

static void fill(rn_rng *g, int fmt, int kind, int64_t rows, int64_t k, uint8_t *codes, uint8_t *scales)
{
    uint8_t pool[256] = {0};
    int np = code_pool(fmt, kind, pool);
    for (int64_t i = 0; i < rows * k; i++)
        codes[i] = pool[rn_below(g, (uint32_t)np)];
    for (int64_t i = 0; i < rows * k / 32; i++) {
        int span = kind == DATA_EXACT ? 1 : kind == DATA_RAND ? 4 : 40;
        scales[i] = (uint8_t)(127 - span + (int)rn_below(g, (uint32_t)(2 * span + 1)));
    }
}

static void run_gemm(rn_ctx *c, const rn_case *k, rn_result *r)
{
    int64_t m = k->a, n = k->b, kk = k->d;
    uint8_t *a = malloc((size_t)(m * kk)), *as = malloc((size_t)(m * kk / 32));
    uint8_t *b = malloc((size_t)(n * kk)), *bs = malloc((size_t)(n * kk / 32));
    if (!a || !as || !b || !bs) {
        r->status = RN_INTERNAL_ERROR;
        snprintf(r->reason, sizeof r->reason, "out of memory");
    } else {
        rn_rng g;
        rn_rng_init(&g, c->seed, k->id);
        fill(&g, k->f0, k->p0, m, kk, a, as);
        fill(&g, k->f1, k->p0, n, kk, b, bs);
        chk_gemm(c, r, k->f0, k->f1, m, n, kk, a, as, b, bs, k->p0 == DATA_EXACT);
    }
    free(a);
    free(as);
    free(b);
    free(bs);
}

void suite_gemm_cases(rn_list *l, rn_level lv)
{
    static const int pairs[][2] = {{MXCTS_E4M3, MXCTS_E4M3}, {MXCTS_E5M2, MXCTS_E5M2}, {MXCTS_E4M3, MXCTS_E5M2},
                                   {MXCTS_E2M1, MXCTS_E2M1}, {MXCTS_E2M3, MXCTS_E3M2}, {MXCTS_INT8, MXCTS_INT8}};
    static const int64_t smoke_shapes[][3] = {{4, 4, 64}};
    static const int64_t quick_shapes[][3] = {{1, 8, 32}, {7, 5, 96}, {16, 16, 256}, {33, 17, 128}};
    static const int64_t full_shapes[][3] = {{1, 8, 32},     {7, 5, 96},      {16, 16, 256}, {33, 17, 128},
                                             {64, 64, 1024}, {128, 96, 512}, {3, 256, 4096}, {200, 130, 320}};
    const int64_t(*shapes)[3] = lv == RN_SMOKE ? smoke_shapes : lv == RN_QUICK ? quick_shapes : full_shapes;
    int nshapes = lv == RN_SMOKE ? 1 : lv == RN_QUICK ? 4 : 8;
    for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
        if (lv == RN_SMOKE && p != 0 && p != 3)
            continue;
        const char *fa = mxcts_format_get((mxcts_format)pairs[p][0])->name;
        const char *fb = mxcts_format_get((mxcts_format)pairs[p][1])->name;
        for (int s = 0; s < nshapes; s++)
            for (int d = 0; d < 3; d++) {
                if (lv == RN_SMOKE && d == DATA_WIDE)
                    continue;
                rn_case *k = rn_add(l, RN_GEMM, "gemm.mx.%sx%s.%s.%lldx%lldx%lld", fa, fb, data_names[d],
                                    (long long)shapes[s][0], (long long)shapes[s][1], (long long)shapes[s][2]);
                snprintf(k->desc, sizeof k->desc, "MX GEMM %s x %s, M=%lld N=%lld K=%lld, %s data%s", fa, fb,
                         (long long)shapes[s][0], (long long)shapes[s][1], (long long)shapes[s][2], data_names[d],
                         d == DATA_EXACT ? " (exact answer required)" : " (error <= bound)");
                snprintf(k->fmt, sizeof k->fmt, "%s", fa);
                k->run = run_gemm;
                k->f0 = pairs[p][0], k->f1 = pairs[p][1], k->p0 = d;
                k->a = shapes[s][0], k->b = shapes[s][1], k->d = shapes[s][2];
            }
    }
}

/* mxcts bench quantize: throughput of the kernel library's MX quantise
 * (bf16 -> MXFP8 E4M3 elements + E8M0 scales, row-major) on one backend,
 * beside a copy inside the same memory timed in the same run.
 *
 *   mxcts bench quantize [--backend cpu|hip[:N]] [--shapes cpu|issue|smoke] [--reps R]
 *
 * GB/s counts the bytes the operation must move: bf16 input (2 B/element)
 * + E4M3 output (1 B) + scales (1/32 B). The copy peer is mxk_copy_on_device
 * of the bf16 input (hip: device to device; cpu: memcpy), reported as
 * 2 x bytes / time (read + write), the definition tools/peers/copy_bw.py
 * uses; "%copy" is the ratio of the two. The torch peers (eager and
 * torch.compile) are tools/peers/torch_mx_quantize.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "commands.h"
#include "cli_common.h"
#ifdef MXCTS_HAVE_MXK
#include "mxcts/kernels.h"

/* bf16 values whose magnitude changes from block to block (2^-20..2^20),
 * with signs and a spread inside each block: every scale path is used */
static void fill_bf16(uint16_t *x, size_t n)
{
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        const uint32_t r = (uint32_t)(s >> 33);
        const uint32_t e = 127u - 20u + (uint32_t)((i / 32 * 2654435761u >> 7) % 41u) - (r & 7u);
        x[i] = (uint16_t)(((r >> 3) & 1u) << 15 | e << 7 | ((r >> 4) & 0x7Fu));
    }
}

typedef struct qcase {
    const mxk_context *ctx;
    mxk_tensor src, el, sc;
    mxk_mx_opts mo;
    void *cdst;
    size_t cbytes;
} qcase;

/* best per-call time of batches of `inner` calls; copy != 0 times the copy */
static double time_best(const qcase *q, int copy, int reps, mxk_status *st)
{
    const int inner = 5;
    *st = copy ? mxk_copy_on_device(q->ctx, q->cdst, q->src.data, q->cbytes)
               : mxk_mx_quantize(q->ctx, NULL, &q->src, &q->el, &q->sc, &q->mo);
    mxk_synchronize(q->ctx, NULL);
    if (*st != MXK_OK)
        return -1;
    double best = 1e30, w0 = cli_now_s();
    for (int r = 0; r < 200 && (r < reps || cli_now_s() - w0 < 0.5); r++) {
        const double t0 = cli_now_s();
        for (int i = 0; i < inner; i++) {
            if (copy)
                mxk_copy_on_device(q->ctx, q->cdst, q->src.data, q->cbytes);
            else
                mxk_mx_quantize(q->ctx, NULL, &q->src, &q->el, &q->sc, &q->mo);
        }
        mxk_synchronize(q->ctx, NULL);
        const double t = (cli_now_s() - t0) / inner;
        best = t < best ? t : best;
    }
    return best;
}

/* one shape: allocate, fill, time both scale modes and the copy */
static int bench_shape(const mxk_context *ctx, int64_t R, int64_t C, int reps)
{
    const size_t n = (size_t)(R * C);
    uint16_t *h = malloc(n * 2);
    void *dsrc = NULL, *del = NULL, *dsc = NULL, *dcp = NULL;
    int rc = 1;
    if (!h || mxk_buffer_alloc(ctx, n * 2, &dsrc) != MXK_OK || mxk_buffer_alloc(ctx, n, &del) != MXK_OK ||
        mxk_buffer_alloc(ctx, n / 32, &dsc) != MXK_OK || mxk_buffer_alloc(ctx, n * 2, &dcp) != MXK_OK) {
        fprintf(stderr, "mxcts bench quantize: out of memory for %lld x %lld\n", (long long)R, (long long)C);
        goto done;
    }
    fill_bf16(h, n);
    if (mxk_copy_to_device(ctx, dsrc, h, n * 2) != MXK_OK)
        goto done;
    qcase q = {ctx, mxk_tensor_2d(dsrc, MXK_BF16, R, C), mxk_tensor_2d(del, MXK_E4M3, R, C),
               mxk_tensor_2d(dsc, MXK_E8M0, R, C / 32), mxk_mx_opts_ocp(), dcp, n * 2};
    mxk_status st;
    const double tc = time_best(&q, 1, reps, &st);
    const double copy_gbps = tc > 0 ? 2.0 * (double)(n * 2) / tc / 1e9 : 0.0;
    static const struct { mxk_scale_mode m; const char *name; } modes[] = {{MXK_SCALE_FLOOR, "floor"},
                                                                            {MXK_SCALE_RCEIL, "rceil"}};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        q.mo.scale_mode = modes[i].m;
        const double t = time_best(&q, 0, reps, &st);
        printf("%6lld %6lld %6s", (long long)R, (long long)C, modes[i].name);
        if (st != MXK_OK) {
            printf("  %s\n", mxk_status_string(st));
            goto done;
        }
        const double gbps = (double)n * (2.0 + 1.0 + 1.0 / 32.0) / t / 1e9;
        printf(" %10.1f %9.1f %9.1f %7.1f%%\n", t * 1e6, gbps, copy_gbps, 100.0 * gbps / copy_gbps);
    }
    rc = 0;
done:
    mxk_buffer_free(ctx, dsrc), mxk_buffer_free(ctx, del), mxk_buffer_free(ctx, dsc), mxk_buffer_free(ctx, dcp);
    free(h);
    return rc;
}

int cmd_bench_quantize(int argc, char **argv)
{
    const char *backend = "cpu", *shapes = "cpu";
    int reps = 5;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return cli_usage_error("bench quantize", "missing value for", a);
        if (!strcmp(a, "--backend"))
            backend = v;
        else if (!strcmp(a, "--shapes") && (!strcmp(v, "cpu") || !strcmp(v, "issue") || !strcmp(v, "smoke")))
            shapes = v;
        else if (!strcmp(a, "--reps") && atoi(v) > 0)
            reps = atoi(v);
        else
            return cli_usage_error("bench quantize", "bad option or value", a);
        i++;
    }
    mxk_context *ctx = NULL;
    mxk_status st = mxk_context_create(backend, &ctx);
    if (st != MXK_OK) {
        fprintf(stderr, "mxcts bench quantize: backend %s: %s\n", backend, mxk_status_string(st));
        return 2;
    }
    mxk_target_info ti;
    mxk_target_info_get(ctx, &ti);
    time_t now = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    printf("mxcts bench quantize: backend %s, target %s (%s), bf16 -> MXFP8 E4M3 + E8M0 (row-major), best of "
           ">= %d batches and >= 0.5 s, %s\n", backend, ti.target, ti.name, reps, date);
    printf("  rows   cols   mode   time_us      GB/s   copy_GB/s  %%copy\n");
    /* issue: the sizes of the kernel-library issue; cpu: the same work at a size this host holds
     * quickly; smoke: one small shape (the CTest smoke run) */
    typedef struct { int64_t r, c; } shape;
    static const shape issue[2] = {{8192, 8192}, {16384, 16384}}, cpu[2] = {{2048, 2048}, {4096, 4096}},
                       smoke[1] = {{64, 256}};
    const shape *sh = cpu;
    size_t ns = 2;
    if (!strcmp(shapes, "issue"))
        sh = issue;
    else if (!strcmp(shapes, "smoke"))
        sh = smoke, ns = 1;
    int rc = 0;
    for (size_t i = 0; i < ns; i++)
        rc |= bench_shape(ctx, sh[i].r, sh[i].c, reps);
    printf("GB/s: (2 + 1 + 1/32) bytes per element / time; copy: mxk_copy_on_device of the bf16 input, "
           "2 x bytes / time\n");
    mxk_context_destroy(ctx);
    return rc;
}

#else
int cmd_bench_quantize(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "mxcts bench quantize: this mxcts was built without the kernel library\n");
    return 2;
}
#endif

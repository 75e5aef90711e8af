/* mxcts bench encode --format F [--round M] [--overflow O] [--n N] [--reps R] [--no-sweep]
 * Bulk f32 -> format throughput on 1 thread and on all threads, and the wall
 * time of one exhaustive 2^32 sweep. Peers are timed by tools/bench_encode.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "commands.h"
#include "cli_common.h"
#include "bench_inputs.h"
#include "mxcts/convert.h"

static int max_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

static void set_threads(int n)
{
#ifdef _OPENMP
    omp_set_num_threads(n);
#else
    (void)n;
#endif
}

/* Best of `reps` timings of one bulk encode of n values, in elements/s. */
static double time_bulk(mxcts_format fmt, const uint32_t *in, uint8_t *out, size_t n,
                        const mxcts_convert *cv, int reps)
{
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        double t0 = cli_now_s();
        mxcts_encode_bulk(fmt, MXCTS_WIDE_F32, in, n, out, cv, NULL);
        double t = cli_now_s() - t0;
        if (t < best)
            best = t;
    }
    return (double)n / best;
}

/* Every f32 bit pattern once, in chunks; returns seconds and a checksum. */
static double time_sweep(mxcts_format fmt, const mxcts_convert *cv, uint64_t *checksum)
{
    const size_t chunk = (size_t)1 << 24;
    uint32_t *in = malloc(chunk * sizeof *in);
    uint8_t *out = malloc(chunk);
    uint64_t sum = 0;
    if (!in || !out) {
        free(in), free(out);
        return -1;
    }
    double t0 = cli_now_s();
    for (uint64_t base = 0; base < (1ull << 32); base += chunk) {
#pragma omp parallel for schedule(static)
        for (ptrdiff_t i = 0; i < (ptrdiff_t)chunk; i++)
            in[i] = (uint32_t)(base + (uint64_t)i);
        mxcts_encode_bulk(fmt, MXCTS_WIDE_F32, in, chunk, out, cv, NULL);
        for (size_t i = 0; i < chunk; i += 4096) /* keeps the work observable */
            sum = sum * 31 + out[i];
    }
    double t = cli_now_s() - t0;
    free(in), free(out);
    *checksum = sum;
    return t;
}

static int bench_encode(int argc, char **argv)
{
    static const char *const rn[] = {"rne", "rtz", "rup", "rdn"}, *const on[] = {"sat", "nonsat"};
    mxcts_format fmt = MXCTS_E4M3;
    mxcts_convert cv;
    mxcts_convert_init(&cv);
    size_t n = (size_t)1 << 24;
    int reps = 5, sweep = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
        int ok = 1;
        if (!strcmp(a, "--no-sweep")) {
            sweep = 0;
            continue;
        } else if (!strcmp(a, "--format"))
            ok = mxcts_format_from_name(v, &fmt) == MXCTS_OK;
        else if (!strcmp(a, "--round"))
            ok = cli_enum(v, rn, 4, (int *)&cv.round);
        else if (!strcmp(a, "--overflow"))
            ok = cli_enum(v, on, 2, (int *)&cv.overflow);
        else if (!strcmp(a, "--n"))
            ok = (n = strtoull(v, NULL, 0)) > 0 && n <= ((size_t)1 << 30);
        else if (!strcmp(a, "--reps"))
            ok = (reps = atoi(v)) > 0;
        else
            return cli_usage_error("bench encode", "unknown option", a);
        if (!ok)
            return cli_usage_error("bench encode", "bad value for", a);
        i++;
    }
    uint32_t *in = malloc(n * sizeof *in);
    uint8_t *out = malloc(n);
    if (!in || !out) {
        free(in), free(out);
        return cli_usage_error("bench encode", "out of memory for --n", "");
    }
    bench_fill_f32(in, n, BENCH_SEED);
    int threads = max_threads();
    set_threads(1);
    double one = time_bulk(fmt, in, out, n, &cv, reps);
    set_threads(threads);
    double all = time_bulk(fmt, in, out, n, &cv, reps);
    printf("bench encode f32->%s n=%zu reps=%d: 1 thread %.1f Melem/s, %d threads %.1f Melem/s\n",
           mxcts_format_get(fmt)->name, n, reps, one / 1e6, threads, all / 1e6);
    if (sweep) {
        uint64_t cs = 0;
        double t = time_sweep(fmt, &cv, &cs);
        printf("exhaustive sweep of 2^32 f32 inputs, %d threads: %.2f s (checksum %016llx)\n",
               threads, t, (unsigned long long)cs);
    }
    free(in), free(out);
    return 0;
}

int cmd_bench_gemm(const char *which, int argc, char **argv); /* cmd_bench_gemm.c */
int cmd_bench_quantize(int argc, char **argv);                 /* cmd_bench_quantize.c */

int cmd_bench(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "encode"))
        return bench_encode(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "gemm") || !strcmp(argv[1], "gemv") || !strcmp(argv[1], "moe")))
        return cmd_bench_gemm(argv[1], argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "quantize"))
        return cmd_bench_quantize(argc - 1, argv + 1);
    fprintf(stderr, "usage: mxcts bench encode --format F [--round M] [--overflow O] [--n N] "
                    "[--reps R] [--no-sweep]\n"
                    "       mxcts bench gemm|gemv|moe [--backend cpu|hip[:N]] [--shapes cpu|issue|smoke] [--reps R] "
                    "[--peer ref|none] [--copy-bw GBPS]\n"
                    "         (gemm, gemv: [--shape MxNxK]...; moe: [--shape TxExKxNxK]... (tokens, experts, top_k, N, K):\n"
                    "          times those shapes instead of a set)\n"
                    "       mxcts bench quantize [--backend cpu|hip[:N]] [--shapes cpu|issue|smoke] [--reps R]\n");
    return 2;
}

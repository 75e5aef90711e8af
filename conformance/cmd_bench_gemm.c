/* mxcts bench gemm|gemv|moe: throughput of the kernel library's GEMM family
 * on one backend, beside a peer timed in the same run.
 *
 *   mxcts bench gemm [--backend cpu|hip[:N]] [--shapes cpu|issue|smoke] [--shape MxNxK]... [--reps R] [--peer ref|none]
 *   mxcts bench gemv [--backend B] [--shapes cpu|issue] [--shape MxNxK]... [--reps R] [--copy-bw GBPS] [--peer ref|none]
 *   mxcts bench moe  [--backend B] [--shapes cpu|issue] [--shape TxExKxNxK]... [--reps R] [--peer ref|none]
 *
 * Peer "ref": the reference's modelled fp32 GEMM (mxcts_gemm_model_fp32:
 * TOSA MATMUL_T_BLOCK_SCALED in C, the same declared accumulation), run on
 * the host on the same operands; it is the in-tree peer on every machine.
 * The GPU peers (torch._scaled_mm, Triton tl.dot_scaled) are tools/peers/.
 * gemv prints the weight-stream bandwidth ((N*K + N*K/32) bytes / time) and
 * its share of a copy bandwidth: on the cpu a memcpy of the same bytes timed
 * here, on a GPU the figure given with --copy-bw (tools/peers/copy_bw.py).
 * --shape (repeatable, up to BENCH_MAX_SHAPES) times the shapes given instead
 * of a set: one shape under a profiler, or a model's own layers (moe: tokens
 * x experts x top_k x N x K, e.g. 1x256x8x2048x7168 for one decode step). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "commands.h"
#include "cli_common.h"
#ifdef MXCTS_HAVE_MXK
#include "mxcts/gemm_ref.h"
#include "mxcts/kernels.h"

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* share of the host's threads this process got during the last timing
 * (the machine may be shared: a low share means the wall times are long) */
static double g_util;
static double g_host; /* best host-side time of one call: the batch enqueued, before the synchronise */

static uint64_t rng(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 17;
}

/* random finite E4M3 codes (0x7F / 0xFF are NaN) and scales 2^-7 .. 2^7 */
static void fill(uint8_t *c, size_t n, uint8_t *x, size_t nx, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++) {
        uint8_t v = (uint8_t)rng(&s);
        c[i] = (v & 0x7F) == 0x7F ? 0x38 : v;
    }
    for (size_t i = 0; i < nx; i++)
        x[i] = (uint8_t)(120 + rng(&s) % 15);
}

typedef struct dev {
    mxk_context *ctx;
    int hip;
} dev;

static void *put(dev *d, const void *h, size_t n)
{
    void *p = NULL;
    if (mxk_buffer_alloc(d->ctx, n, &p) != MXK_OK)
        return NULL;
    if (h)
        mxk_copy_to_device(d->ctx, p, h, n);
    return p;
}

enum { BENCH_MAX_SHAPES = 16 };
typedef struct opts {
    const char *backend, *shapes, *peer;
    int reps;
    double copy_bw;
    int nshape; /* --shape given: these instead of the set */
    int64_t shape[BENCH_MAX_SHAPES][5]; /* gemm, gemv: M, N, K; moe: T, E, top_k, N, K */
} opts;

/* n dimensions "AxBx...", each a positive integer below 2^31 (the API
 * judges the rest: K % 32, sizes, memory): 0 on success */
static int parse_shape(const char *v, int64_t *out, int n)
{
    const char *p = v;
    for (int i = 0; i < n; i++) {
        char *e;
        long long x = strtoll(p, &e, 10);
        if (e == p || x <= 0 || x > INT32_MAX || *p == '-' || *p == '+')
            return 1;
        out[i] = x;
        if (i < n - 1 && *e != 'x')
            return 1;
        if (i == n - 1 && *e)
            return 1;
        p = e + 1;
    }
    return 0;
}

/* One MX operand pair on the device. */
typedef struct mxop {
    uint8_t *h, *hx;
    void *d, *dx;
    mxk_tensor t, tx;
} mxop;

static int mxop_make(dev *d, mxop *o, int64_t rows, int64_t K, uint64_t seed)
{
    o->h = malloc((size_t)(rows * K));
    o->hx = malloc((size_t)(rows * K / 32));
    if (!o->h || !o->hx)
        return 1;
    fill(o->h, (size_t)(rows * K), o->hx, (size_t)(rows * K / 32), seed);
    o->d = put(d, o->h, (size_t)(rows * K));
    o->dx = put(d, o->hx, (size_t)(rows * K / 32));
    if (!o->d || !o->dx)
        return 1;
    o->t = mxk_tensor_2d(o->d, MXK_E4M3, rows, K);
    o->tx = mxk_tensor_2d(o->dx, MXK_E8M0, rows, K / 32);
    return 0;
}

static void mxop_free(dev *d, mxop *o)
{
    mxk_buffer_free(d->ctx, o->d);
    mxk_buffer_free(d->ctx, o->dx);
    free(o->h), free(o->hx);
}

static int threads_n(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* Best time of reps calls of `call` (after one warm-up), synchronised. */
typedef mxk_status (*call_fn)(void *arg);
static double time_best(dev *d, call_fn f, void *arg, int reps, mxk_status *st)
{
    *st = f(arg);
    mxk_synchronize(d->ctx, NULL);
    if (*st != MXK_OK)
        return -1;
    double best = 1e30, host = 1e30, w0 = cli_now_s(), c0 = cpu_s();
    /* GPU calls are short: time batches so the launch gaps average out */
    int inner = d->hip ? 10 : 1;
    /* at least `reps` timings and 0.5 s of them (at most 200): on a shared
     * host the best of many is the figure closest to an uncontended run */
    for (int r = 0; r < 200 && (r < reps || cli_now_s() - w0 < 0.5); r++) {
        double t0 = cli_now_s();
        for (int i = 0; i < inner; i++)
            f(arg);
        double th = (cli_now_s() - t0) / inner;
        mxk_synchronize(d->ctx, NULL);
        double t = (cli_now_s() - t0) / inner;
        if (t < best)
            best = t;
        if (th < host)
            host = th;
    }
    g_host = host;
    g_util = (cpu_s() - c0) / (cli_now_s() - w0) / threads_n();
    return best;
}

typedef struct gemm_call {
    dev *d;
    int gemv;
    mxop *A, *B;
    mxk_tensor C;
} gemm_call;

static mxk_status call_gemm(void *p)
{
    gemm_call *g = p;
    return g->gemv ? mxk_gemv_mx(g->d->ctx, NULL, &g->A->t, &g->A->tx, &g->B->t, &g->B->tx, &g->C, NULL)
                   : mxk_gemm_mx(g->d->ctx, NULL, &g->A->t, &g->A->tx, &g->B->t, &g->B->tx, &g->C, NULL);
}

/* The peer: the reference's modelled fp32 GEMM on the host operands. */
static double time_peer(const mxop *A, const mxop *B, int64_t M, int64_t N, int64_t K, int reps)
{
    uint32_t *c = malloc((size_t)(M * N) * 4);
    if (!c)
        return -1;
    mxcts_operand a = mxcts_operand_mx(MXCTS_E4M3, A->h, K, A->hx, K / 32);
    mxcts_operand b = mxcts_operand_mx(MXCTS_E4M3, B->h, K, B->hx, K / 32);
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        double t0 = cli_now_s();
        if (mxcts_gemm_model_fp32(M, N, K, &a, &b, NULL, NULL, MXCTS_WIDE_F32, c, N) != MXCTS_OK) {
            free(c);
            return -1;
        }
        double t = cli_now_s() - t0;
        if (t < best)
            best = t;
    }
    free(c);
    return best;
}

static int threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

static void header(dev *d, const char *what, const opts *o)
{
    mxk_target_info ti;
    mxk_target_info_get(d->ctx, &ti);
    time_t now = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    printf("mxcts bench %s: backend %s, target %s (%s, %d %s), e4m3 x e4m3 MX, f32 out, best of >= %d runs "
           "and >= 0.5 s, %s\n", what,
           o->backend, ti.target, ti.name, ti.compute_units, d->hip ? "CUs/SMs" : "threads", o->reps, date);
    if (strcmp(o->peer, "none"))
        printf("peer: reference mxcts_gemm_model_fp32 (C, OpenMP, %d threads; same fp32 block model), same "
               "operands, same run\n", threads());
}

/* --------------------------------------------------------------- gemm -- */
static int bench_gemm_gemv(dev *d, const opts *o, int gemv)
{
    static const int64_t KN[5][2] = {{6144, 2304}, {2048, 6144}, {6144, 1536}, {1536, 6144}, {8192, 8192}};
    int64_t shapes[64][3];
    int ns = 0;
    int issue = !strcmp(o->shapes, "issue");
    if (o->nshape) {
        for (ns = 0; ns < o->nshape; ns++)
            memcpy(shapes[ns], o->shape[ns], sizeof shapes[ns]);
    } else if (!strcmp(o->shapes, "smoke")) { /* CI: the command runs, the columns print */
        shapes[0][0] = gemv ? 1 : 33, shapes[0][1] = 96, shapes[0][2] = 128, ns = 1;
    } else if (gemv) {
        static const int64_t Ms[5] = {1, 2, 4, 8, 16};
        for (int s = 0; s < 5; s++)
            for (int m = 0; m < 5; m++) {
                if (!issue && (s == 4 || m == 3)) /* cpu default: 16 of the 25 */
                    continue;
                shapes[ns][0] = Ms[m], shapes[ns][1] = KN[s][1], shapes[ns][2] = KN[s][0], ns++;
            }
    } else if (issue) {
        shapes[ns][0] = shapes[ns][1] = shapes[ns][2] = 4096, ns++;
        shapes[ns][0] = shapes[ns][1] = shapes[ns][2] = 8192, ns++;
        static const int64_t Ms[4] = {32, 64, 128, 512};
        for (int m = 0; m < 4; m++)
            for (int s = 0; s < 5; s++)
                shapes[ns][0] = Ms[m], shapes[ns][1] = KN[s][1], shapes[ns][2] = KN[s][0], ns++;
    } else {
        static const int64_t cpu[6][3] = {{32, 2304, 6144}, {64, 1536, 6144}, {128, 6144, 2048},
                                          {512, 1024, 1024}, {256, 256, 4096}, {1024, 1024, 1024}};
        for (int i = 0; i < 6; i++)
            shapes[ns][0] = cpu[i][0], shapes[ns][1] = cpu[i][1], shapes[ns][2] = cpu[i][2], ns++;
    }
    header(d, gemv ? "gemv" : "gemm", o);
    int peer = strcmp(o->peer, "none") != 0;
    if (gemv)
        printf("%5s %6s %6s %10s %9s %8s %7s %5s %11s %9s %8s\n", "M", "N", "K", "time_us", "GB/s", "%copy", "host_us",
               "util", "peer_us", "peer_GB/s", "speedup");
    else
        printf("%5s %6s %6s %10s %9s %5s %11s %9s %8s\n", "M", "N", "K", "time_ms", "GFLOP/s", "util", "peer_ms",
               "peer_GF/s", "speedup");
    int rc = 0;
    for (int s = 0; s < ns; s++) {
        const int64_t M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
        mxop A, B;
        memset(&A, 0, sizeof A), memset(&B, 0, sizeof B);
        void *dc = NULL;
        if (mxop_make(d, &A, M, K, 11 + (uint64_t)s) || mxop_make(d, &B, N, K, 101 + (uint64_t)s) ||
            !(dc = put(d, NULL, (size_t)(M * N) * 4))) {
            fprintf(stderr, "bench: out of memory at %lldx%lldx%lld\n", (long long)M, (long long)N, (long long)K);
            return 1;
        }
        gemm_call gc = {d, gemv, &A, &B, mxk_tensor_2d(dc, MXK_F32, M, N)};
        mxk_status st;
        double t = time_best(d, call_gemm, &gc, o->reps, &st);
        const double util = g_util;
        double tp = peer ? time_peer(&A, &B, M, N, K, o->reps > 2 ? 2 : o->reps) : -1;
        if (st != MXK_OK) {
            printf("%5lld %6lld %6lld  %s\n", (long long)M, (long long)N, (long long)K, mxk_status_string(st));
            rc = 1;
        } else if (gemv) {
            const double bytes = (double)N * (double)K * (1.0 + 1.0 / 32.0);
            double copy = o->copy_bw;
            if (!d->hip) { /* memcpy of the same bytes, best of reps */
                size_t nb = (size_t)bytes;
                char *x = malloc(nb), *y = malloc(nb);
                if (x && y) {
                    memset(x, 1, nb), memset(y, 2, nb);
                    double best = 1e30;
                    for (int r = 0; r < o->reps + 2; r++) {
                        double t0 = cli_now_s();
                        memcpy(y, x, nb);
                        double tt = cli_now_s() - t0;
                        best = tt < best ? tt : best;
                    }
                    copy = 2.0 * (double)nb / best / 1e9; /* read + write */
                    if (y[nb / 2] != 1)
                        copy = 0;
                }
                free(x), free(y);
            }
            char pct[16] = "-";
            if (copy > 0)
                snprintf(pct, sizeof pct, "%.1f%%", 100.0 * bytes / t / 1e9 / copy);
            printf("%5lld %6lld %6lld %10.2f %9.2f %8s %7.2f %5.2f", (long long)M, (long long)N, (long long)K, t * 1e6,
                   bytes / t / 1e9, pct, g_host * 1e6, util);
            if (tp > 0)
                printf(" %11.2f %9.2f %7.2fx", tp * 1e6, bytes / tp / 1e9, tp / t);
            printf("\n");
        } else {
            const double fl = 2.0 * (double)M * (double)N * (double)K;
            printf("%5lld %6lld %6lld %10.3f %9.2f %5.2f", (long long)M, (long long)N, (long long)K, t * 1e3,
                   fl / t / 1e9, util);
            if (tp > 0)
                printf(" %11.3f %9.2f %7.2fx", tp * 1e3, fl / tp / 1e9, tp / t);
            printf("\n");
        }
        fflush(stdout);
        mxop_free(d, &A), mxop_free(d, &B);
        mxk_buffer_free(d->ctx, dc);
    }
    if (!d->hip)
        printf("util: CPU time / (wall time x %d threads) while timing: below 1 when the host is shared\n",
               threads_n());
    if (gemv)
        printf("host_us: host time of one call (a batch of calls enqueued, before the synchronise); near time_us, "
               "the host side bounds the figure\n");
    if (gemv && !d->hip)
        printf("%%copy: weight+scale bytes/time over memcpy bandwidth (2 x bytes / time) of the same size, "
               "timed here\n");
    else if (gemv && o->copy_bw <= 0)
        printf("%%copy: give --copy-bw GBPS (tools/peers/copy_bw.py on this GPU) to print it\n");
    return rc;
}

/* ---------------------------------------------------------------- moe -- */
typedef struct moe_call {
    dev *d;
    mxop *A, *B;
    mxk_moe_routing r;
    mxk_tensor C;
} moe_call;

static mxk_status call_moe(void *p)
{
    moe_call *m = p;
    return mxk_moe_gemm_mx(m->d->ctx, NULL, &m->A->t, &m->A->tx, &m->B->t, &m->B->tx, &m->r, &m->C, NULL);
}

static int bench_moe(dev *d, const opts *o)
{
    /* (tokens, experts, top_k, N, K): decode and prefill batches of MoE FFNs */
    static const int64_t cpu[4][5] = {{1, 64, 6, 1408, 2048}, {16, 64, 6, 1408, 2048}, {128, 64, 6, 1408, 2048},
                                      {64, 8, 2, 4096, 1024}};
    static const int64_t gpu[6][5] = {{1, 256, 8, 2048, 7168},  {16, 256, 8, 2048, 7168}, {128, 256, 8, 2048, 7168},
                                      {1024, 256, 8, 2048, 7168}, {64, 8, 2, 14336, 4096}, {512, 8, 2, 14336, 4096}};
    static const int64_t smoke[1][5] = {{5, 4, 2, 64, 128}};
    const int issue = !strcmp(o->shapes, "issue"), sm = !strcmp(o->shapes, "smoke");
    const int n = o->nshape ? o->nshape : sm ? 1 : issue ? 6 : 4;
    header(d, "moe", o);
    int peer = strcmp(o->peer, "none") != 0;
    printf("%5s %4s %3s %6s %6s %6s %10s %9s %5s %11s %9s %8s\n", "T", "E", "k", "N", "K", "bm", "time_ms",
           "GFLOP/s", "util", "peer_ms", "peer_GF/s", "speedup");
    int rc = 0;
    for (int s = 0; s < n; s++) {
        const int64_t *sh = o->nshape ? o->shape[s] : sm ? smoke[s] : issue ? gpu[s] : cpu[s];
        const int64_t T = sh[0], E = sh[1], top_k = sh[2], N = sh[3], K = sh[4];
        const int bm = T * top_k >= 64 ? 64 : 16;
        const int64_t pad = T * top_k;
        /* routing: (token, k) -> expert (t * 7 + k * 13) % E, sorted and padded per expert */
        int32_t *eid = malloc((size_t)pad * 4), *sorted = malloc((size_t)(pad + E * bm) * 4),
                *tiles = malloc((size_t)((pad + E * bm) / bm + 1) * 4);
        int64_t ns = 0, nt = 0;
        for (int64_t i = 0; i < pad; i++)
            eid[i] = (int32_t)(((i / top_k) * 7 + (i % top_k) * 13) % E);
        for (int64_t e = 0; e < E; e++) {
            int64_t st0 = ns;
            for (int64_t i = 0; i < pad; i++)
                if (eid[i] == e)
                    sorted[ns++] = (int32_t)i;
            if (ns == st0)
                continue;
            while ((ns - st0) % bm)
                sorted[ns++] = (int32_t)pad;
            for (int64_t t = st0 / bm; t < ns / bm; t++)
                tiles[nt++] = (int32_t)e;
        }
        mxop A, B;
        memset(&A, 0, sizeof A), memset(&B, 0, sizeof B);
        void *dc = NULL, *ds = NULL, *dt = NULL;
        if (mxop_make(d, &A, T, K, 5 + (uint64_t)s) || mxop_make(d, &B, E * N, K, 55 + (uint64_t)s) ||
            !(dc = put(d, NULL, (size_t)(pad * N) * 4)) || !(ds = put(d, sorted, (size_t)ns * 4)) ||
            !(dt = put(d, tiles, (size_t)nt * 4))) {
            fprintf(stderr, "bench moe: out of memory\n");
            return 1;
        }
        moe_call mc = {d, &A, &B, {ds, dt, NULL, ns, ns, bm, (int32_t)top_k, E}, mxk_tensor_2d(dc, MXK_F32, pad, N)};
        mxk_status st;
        double t = time_best(d, call_moe, &mc, o->reps, &st);
        const double util = g_util;
        /* peer: the reference model on the dense (T*top_k) x N x K problem (same flops) */
        double tp = -1;
        if (peer) {
            mxop G;
            G.h = malloc((size_t)(pad * K)), G.hx = malloc((size_t)(pad * K / 32));
            for (int64_t i = 0; i < pad; i++)
                memcpy(G.h + i * K, A.h + (i / top_k) * K, (size_t)K),
                    memcpy(G.hx + i * K / 32, A.hx + (i / top_k) * K / 32, (size_t)(K / 32));
            mxop Bs = B; /* expert 0's rows stand for every expert (same cost) */
            tp = time_peer(&G, &Bs, pad, N, K, 1);
            free(G.h), free(G.hx);
        }
        const double fl = 2.0 * (double)pad * (double)N * (double)K;
        if (st != MXK_OK) {
            printf("%5lld %4lld %3lld  %s\n", (long long)T, (long long)E, (long long)top_k, mxk_status_string(st));
            rc = 1;
        } else {
            printf("%5lld %4lld %3lld %6lld %6lld %6d %10.3f %9.2f %5.2f", (long long)T, (long long)E,
                   (long long)top_k, (long long)N, (long long)K, bm, t * 1e3, fl / t / 1e9, util);
            if (tp > 0)
                printf(" %11.3f %9.2f %7.2fx", tp * 1e3, fl / tp / 1e9, tp / t);
            printf("\n");
        }
        fflush(stdout);
        mxop_free(d, &A), mxop_free(d, &B);
        mxk_buffer_free(d->ctx, dc), mxk_buffer_free(d->ctx, ds), mxk_buffer_free(d->ctx, dt);
        free(eid), free(sorted), free(tiles);
    }
    printf("GFLOP/s counts 2 * T * top_k * N * K (routed rows only; padding rows are skipped work)\n");
    return rc;
}

int cmd_bench_gemm(const char *which, int argc, char **argv)
{
    opts o = {"cpu", "cpu", "ref", 3, 0.0, 0, {{0}}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            return cli_usage_error("bench", "missing value for", a);
        if (!strcmp(a, "--backend"))
            o.backend = v;
        else if (!strcmp(a, "--shapes") && (!strcmp(v, "cpu") || !strcmp(v, "issue") || !strcmp(v, "smoke")))
            o.shapes = v;
        else if (!strcmp(a, "--peer") && (!strcmp(v, "ref") || !strcmp(v, "none")))
            o.peer = v;
        else if (!strcmp(a, "--shape") && o.nshape < BENCH_MAX_SHAPES &&
                 !parse_shape(v, o.shape[o.nshape], strcmp(which, "moe") ? 3 : 5))
            o.nshape++;
        else if (!strcmp(a, "--reps") && atoi(v) > 0)
            o.reps = atoi(v);
        else if (!strcmp(a, "--copy-bw") && atof(v) > 0)
            o.copy_bw = atof(v);
        else
            return cli_usage_error("bench", "bad option or value", a);
        i++;
    }
    dev d = {NULL, strncmp(o.backend, "hip", 3) == 0};
    mxk_status st = mxk_context_create(o.backend, &d.ctx);
    if (st != MXK_OK) {
        fprintf(stderr, "mxcts bench %s: backend %s: %s\n", which, o.backend, mxk_status_string(st));
        return 2;
    }
    int rc = !strcmp(which, "moe") ? bench_moe(&d, &o) : bench_gemm_gemv(&d, &o, !strcmp(which, "gemv"));
    mxk_context_destroy(d.ctx);
    return rc;
}

#else
int cmd_bench_gemm(const char *which, int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "mxcts bench %s: this mxcts was built without the kernel library\n", which);
    return 2;
}
#endif

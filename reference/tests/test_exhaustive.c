/* Every f32 bit pattern (2^32) through mxcts_encode_bulk, compared bit for
 * bit with the oracle, for one element format (argv[1], or "all") under
 * {RNE, RTZ} x {sat, nonsat} (--all-rounds adds RUP, RDN).
 *
 * Speed: the oracle's answer is piecewise constant in the f32 bit pattern of
 * each sign (f32 order = value order), changing only at its breakpoints
 * (representable values, midpoints, max + step; see oracle_breakpoints). The
 * expected bytes are therefore built as runs: the scalar oracle is evaluated
 * at the first and the last pattern of every run (a run whose ends disagree
 * aborts the test), and every 127th element of every chunk is evaluated
 * again individually. --sample is the quick variant: one 2^16 block in every
 * 2048 of the f32 space plus the blocks around the format's smallest
 * subnormal, max and overflow threshold (both signs), every element checked
 * against the scalar oracle, all 4 rounding modes. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "oracle.h"
#include "test_util.h"

typedef struct runs {
    size_t n;
    uint64_t *start; /* n + 1 entries, start[n] = 2^32 */
    uint8_t *code;
} runs;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint8_t oracle_at(mxcts_format f, uint64_t bits, const mxcts_convert *cv)
{
    return oracle_encode(f, tu_f32_value((uint32_t)bits), cv, NULL);
}

static void build_runs(mxcts_format f, const mxcts_convert *cv, runs *r)
{
    double bp[ORACLE_MAX_BREAKPOINTS];
    size_t nb = oracle_breakpoints(f, cv->int8_min, bp), n = 0;
    uint64_t *b = malloc((4 * nb + 8) * sizeof *b);
    static const uint64_t fixed[] = {0, 0x7F800000, 0x7F800001, 0x80000000, 0xFF800000, 0xFF800001};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        b[n++] = fixed[i];
    for (size_t i = 0; i < nb; i++) {
        uint64_t p = tu_f32_first_at_or_above(bp[i]);
        b[n++] = p, b[n++] = p + 1;
        b[n++] = p | 0x80000000u, b[n++] = (p + 1) | 0x80000000u;
    }
    qsort(b, n, sizeof *b, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || b[i] != b[u - 1])
            b[u++] = b[i];
    b[u] = 1ull << 32;
    r->n = u;
    r->start = b;
    r->code = malloc(u);
    for (size_t i = 0; i < u; i++) {
        r->code[i] = oracle_at(f, b[i], cv);
        uint8_t last = oracle_at(f, b[i + 1] - 1, cv);
        if (last != r->code[i]) {
            fprintf(stderr, "run table: oracle not constant on [0x%08llX, 0x%08llX]: 0x%02X vs 0x%02X\n",
                    (unsigned long long)b[i], (unsigned long long)(b[i + 1] - 1), r->code[i], last);
            abort();
        }
    }
}

static void fill_expected(const runs *r, uint64_t base, size_t len, uint8_t *exp)
{
    size_t lo = 0, hi = r->n - 1; /* last run with start <= base */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        if (r->start[mid] <= base)
            lo = mid;
        else
            hi = mid - 1;
    }
    uint64_t end = base + len;
    for (size_t j = lo; j < r->n && r->start[j] < end; j++) {
        uint64_t s = r->start[j] > base ? r->start[j] : base;
        uint64_t e = r->start[j + 1] < end ? r->start[j + 1] : end;
        memset(exp + (s - base), r->code[j], (size_t)(e - s));
    }
}

/* Compare one chunk; `stride` elements are re-checked with the scalar oracle. */
static long compare(mxcts_format f, const mxcts_convert *cv, uint64_t base, size_t len,
                    const uint8_t *out, const uint8_t *exp, size_t stride, size_t phase)
{
    long bad = 0;
#pragma omp parallel for schedule(static) reduction(+ : bad)
    for (ptrdiff_t blk = 0; blk < (ptrdiff_t)(len / 4096); blk++) {
        size_t o = (size_t)blk * 4096;
        if (memcmp(out + o, exp + o, 4096) != 0) {
            for (size_t i = o; i < o + 4096; i++) {
                if (out[i] != exp[i]) {
                    char in[64];
                    snprintf(in, sizeof in, "f32 0x%08llX (%a)", (unsigned long long)(base + i),
                             tu_f32_value((uint32_t)(base + i)));
                    tu_fail_encode("mxcts_encode_bulk", f, cv, in, exp[i], out[i], 0, 0);
                    bad++;
                }
            }
        }
        for (size_t i = o + (phase + stride - o % stride) % stride; i < o + 4096; i += stride) {
            uint8_t w = oracle_at(f, base + i, cv);
            if (w != exp[i]) {
                tu_fail("run table disagrees with the scalar oracle at f32 0x%08llX: 0x%02X vs 0x%02X",
                        (unsigned long long)(base + i), exp[i], w);
                bad++;
            }
        }
    }
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FORMAT|all [--sample] [--all-rounds]\n", argv[0]);
        return 2;
    }
    int sample = 0, all_rounds = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--sample") == 0)
            sample = 1;
        else if (strcmp(argv[i], "--all-rounds") == 0)
            all_rounds = 1;
        else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    mxcts_format fmts[TU_ELEM_COUNT];
    int nf = 0;
    for (int k = 0; k < TU_ELEM_COUNT; k++)
        if (strcmp(argv[1], "all") == 0 || strcmp(argv[1], oracle_format_name(tu_elem_formats[k])) == 0)
            fmts[nf++] = tu_elem_formats[k];
    if (nf == 0) {
        fprintf(stderr, "unknown element format %s\n", argv[1]);
        return 2;
    }
    oracle_init();
    int nrounds = (all_rounds || sample) ? 4 : 2;
    const size_t CH = sample ? (size_t)1 << 16 : (size_t)1 << 24;
    const uint64_t nchunks = sample ? 32 : ((uint64_t)1 << 32) / CH;
    const size_t stride = sample ? 1 : 127;
    uint32_t *in = malloc(CH * sizeof *in);
    uint8_t *out = malloc(CH), *exp = malloc(CH);
    if (!in || !out || !exp)
        return 1;
    long checks = 0;
    double t0 = wall();
    for (int k = 0; k < nf; k++) {
        mxcts_format f = fmts[k];
        mxcts_convert cfg[8];
        runs rs[8];
        int nc = 0;
        for (int r = 0; r < nrounds; r++)
            for (int o = 0; o < 2; o++) {
                cfg[nc] = tu_config((mxcts_round)r, (mxcts_overflow)o, MXCTS_NAN_SIGN_PRESERVE);
                build_runs(f, &cfg[nc], &rs[nc]);
                nc++;
            }
        /* chunk bases: all of them, or the sparse sample plus the extremes */
        uint64_t bases[64 + 4 * 4], nbase = 0;
        if (sample) {
            double bp[ORACLE_MAX_BREAKPOINTS];
            size_t nb = oracle_breakpoints(f, -128, bp);
            double ext[4] = {bp[1], oracle_max_finite(f), bp[nb - 2], bp[nb - 1]};
            for (uint64_t c = 0; c < nchunks; c++)
                bases[nbase++] = (c * 2048 + (c * 617) % 2048) * CH;
            for (int e = 0; e < 4; e++) {
                uint64_t b = tu_f32_first_at_or_above(ext[e]) & ~(uint64_t)(CH - 1);
                bases[nbase++] = b;
                bases[nbase++] = b | 0x80000000u;
            }
        }
        double tf = wall(), t_enc = 0;
        uint64_t nrun = sample ? nbase : nchunks;
        for (uint64_t c = 0; c < nrun; c++) {
            uint64_t base = sample ? bases[c] : c * CH;
#pragma omp parallel for schedule(static)
            for (ptrdiff_t i = 0; i < (ptrdiff_t)CH; i++)
                in[i] = (uint32_t)(base + (uint64_t)i);
            for (int m = 0; m < nc; m++) {
                double te = wall();
                mxcts_status st = mxcts_encode_bulk(f, MXCTS_WIDE_F32, in, CH, out, &cfg[m], NULL);
                t_enc += wall() - te;
                if (st != MXCTS_OK) {
                    tu_fail("mxcts_encode_bulk status %d", (int)st);
                    continue;
                }
                fill_expected(&rs[m], base, CH, exp);
                compare(f, &cfg[m], base, CH, out, exp, stride, (size_t)(c * 31 % stride));
                checks += (long)CH;
            }
        }
        printf("%s: %d modes x %llu inputs in %.1f s (reference bulk encode %.1f s)\n",
               oracle_format_name(f), nc, (unsigned long long)(nrun * CH), wall() - tf, t_enc);
        fflush(stdout);
        for (int m = 0; m < nc; m++)
            free(rs[m].start), free(rs[m].code);
    }
    printf("total %.1f s\n", wall() - t0);
    free(in), free(out), free(exp);
    return tu_finish(sample ? "ref_quick_sweep_sample" : "ref_exhaustive", checks);
}

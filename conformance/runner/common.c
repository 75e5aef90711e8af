/* Names, the case list, deterministic randomness, histogram bins. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

const char *rn_status_name(rn_status s)
{
    static const char *const n[RN_STATUS_COUNT] = {"PASS", "FAIL", "NOT_SUPPORTED", "EXPECTED_FAIL",
                                                   "INTERNAL_ERROR"};
    return (unsigned)s < RN_STATUS_COUNT ? n[s] : "?";
}

const char *rn_level_name(rn_level l)
{
    static const char *const n[RN_LEVEL_COUNT] = {"smoke", "quick", "full", "exhaustive"};
    return (unsigned)l < RN_LEVEL_COUNT ? n[l] : "?";
}

const char *rn_suite_name(rn_suite s)
{
    static const char *const n[RN_SUITE_COUNT] = {"convert", "block", "gemm", "edge", "guard"};
    return (unsigned)s < RN_SUITE_COUNT ? n[s] : "?";
}

const char *rn_baseline_name(rn_baseline b)
{
    static const char *const n[] = {"", "SAME", "REGRESSION", "FIX"};
    return (unsigned)b < 4 ? n[b] : "?";
}

static const char *const bug_ids[RN_BUG_COUNT] = {
    "e8m0-zero-decoded-as-0", "e8m0-nan-decoded-as-number", "overflow-tested-before-rounding",
    "half-away-rounding",     "fnuz-neg-zero-as-nan",       "fnuz-nan-decoded-as-number",
    "e4m3-nan-decoded-as-480", "inf-not-saturated",         "e8m0-scale-0x00-as-0"};
static const char *const bug_texts[RN_BUG_COUNT] = {
    "E8M0 0x00 decoded as 0 (must be 2^-127, f32 0x00400000)",
    "E8M0 0xFF decoded as a number or Inf (must be NaN)",
    "overflow tested before rounding: a value above max that rounds to max overflowed",
    "ties rounded half away from zero (must be ties to even)",
    "FNUZ -0 encoded as 0x80, which is FNUZ NaN (must be +0 0x00)",
    "FNUZ 0x80 decoded as a number (must be NaN)",
    "E4M3 S.1111.111 decoded as +-480 (must be NaN)",
    "+-Inf not saturated to +-max under sat (OFP8 Table 3)",
    "MX scale 0x00 applied as 0 (must be 2^-127)"};

const char *rn_bug_id(rn_bug b) { return (unsigned)b < RN_BUG_COUNT ? bug_ids[b] : "?"; }
const char *rn_bug_text(rn_bug b) { return (unsigned)b < RN_BUG_COUNT ? bug_texts[b] : "?"; }

int rn_hist_bin(double r)
{
    if (!(r == r) || r > 2)
        return 9;
    if (r == 0)
        return 0;
    if (r > 1)
        return 8;
    static const double edges[] = {0x1p-16, 0x1p-12, 0x1p-8, 0x1p-6, 0x1p-4, 0x1p-2};
    for (int i = 0; i < 6; i++)
        if (r < edges[i])
            return 1 + i;
    return 7;
}

const char *rn_hist_label(int bin)
{
    static const char *const n[RN_HIST_BINS] = {"0",         "<2^-16",    "2^-16..-12", "2^-12..-8",
                                                "2^-8..-6",  "2^-6..-4",  "2^-4..-2",   "2^-2..1",
                                                "1..2 FAIL", ">2 FAIL"};
    return (unsigned)bin < RN_HIST_BINS ? n[bin] : "?";
}

rn_case *rn_add(rn_list *l, rn_suite s, const char *id_fmt, ...)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        rn_case *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            fprintf(stderr, "mxcts run: out of memory\n");
            exit(3);
        }
        l->v = v;
        l->cap = cap;
    }
    rn_case *k = &l->v[l->n++];
    memset(k, 0, sizeof *k);
    k->suite = s;
    k->required = 1;
    strcpy(k->fmt, "-");
    va_list ap;
    va_start(ap, id_fmt);
    vsnprintf(k->id, sizeof k->id, id_fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized): va_start above (clang 14 false positive)
    va_end(ap);
    return k;
}

/* splitmix64, seeded by FNV-1a of the case id mixed with the run seed. */
void rn_rng_init(rn_rng *g, uint64_t seed, const char *id)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char *p = id; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    g->s = h ^ (seed * 0x9e3779b97f4a7c15ull);
}

uint64_t rn_next(rn_rng *g)
{
    uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int rn_run_formats(const rn_run *run, const char **fmts, int max)
{
    int nf = 0;
    for (size_t i = 0; i < run->n; i++) {
        if (run->cases[i].suite == RN_GUARD)
            continue;
        int seen = 0;
        for (int j = 0; j < nf; j++)
            seen |= !strcmp(fmts[j], run->cases[i].fmt);
        if (!seen && nf < max)
            fmts[nf++] = run->cases[i].fmt;
    }
    return nf;
}

rn_cell rn_run_cell(const rn_run *run, rn_suite suite, const char *fmt)
{
    rn_cell c = {0, 0, 0, 0};
    for (size_t i = 0; i < run->n; i++) {
        if (run->cases[i].suite != suite || strcmp(run->cases[i].fmt, fmt))
            continue;
        c.total++;
        rn_status st = run->res[i].status;
        if (st == RN_PASS || st == RN_EXPECTED_FAIL)
            c.pass++;
        else if (st == RN_NOT_SUPPORTED)
            c.not_supported++;
        else
            c.fail++;
    }
    return c;
}

/* The conformance runner: cases, results, suites, reports.
 *
 * A run is a list of cases generated up front from (suites, level, seed):
 * each case has a stable id ("convert.encode.e4m3.rne.sat.boundary"), and
 * its inputs are drawn from a generator seeded by hash(seed, id), so the
 * same seed gives the same cases whatever --shard or --suite selects. A
 * case judges one backend operation against the reference under the
 * claimed profile and ends with one status. */
#ifndef MXCTS_RUNNER_H
#define MXCTS_RUNNER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backend.h"
#include "mxcts/profile.h"

typedef enum rn_status {
    RN_PASS = 0,
    RN_FAIL,
    RN_NOT_SUPPORTED,
    RN_EXPECTED_FAIL,
    RN_INTERNAL_ERROR,
    RN_STATUS_COUNT
} rn_status;
const char *rn_status_name(rn_status s);

typedef enum rn_level { RN_SMOKE = 0, RN_QUICK, RN_FULL, RN_EXHAUSTIVE, RN_LEVEL_COUNT } rn_level;
const char *rn_level_name(rn_level l);

typedef enum rn_suite { RN_CONVERT = 0, RN_BLOCK, RN_GEMM, RN_EDGE, RN_GUARD, RN_SUITE_COUNT } rn_suite;
const char *rn_suite_name(rn_suite s);

/* Baseline comparison of one case. */
typedef enum rn_baseline {
    RN_BL_NONE = 0,    /* no baseline given */
    RN_BL_SAME,        /* same outcome as the baseline */
    RN_BL_REGRESSION,  /* baseline expected a pass (or nothing), now FAIL / INTERNAL_ERROR */
    RN_BL_FIX          /* baseline expected a failure, now PASS */
} rn_baseline;
const char *rn_baseline_name(rn_baseline b);

/* Named bug signatures the checks recognise in failures (each a classic
 * bug of a real stack, mx-semantics 5-6). */
typedef enum rn_bug {
    RN_BUG_E8M0_ZERO_DECODE = 0, /* E8M0 0x00 decoded as 0 */
    RN_BUG_E8M0_NAN_DECODE,      /* E8M0 0xFF decoded as Inf / a number */
    RN_BUG_OVERFLOW_BEFORE_ROUND,/* |x| > max overflows although it rounds to max */
    RN_BUG_HALF_AWAY,            /* ties rounded away from zero instead of to even */
    RN_BUG_FNUZ_NEG_ZERO,        /* FNUZ -0 encoded as 0x80 (NaN) */
    RN_BUG_FNUZ_NAN_DECODE,      /* FNUZ 0x80 decoded as -0 / a number */
    RN_BUG_E4M3_NAN_DECODE,      /* E4M3 0x7F/0xFF decoded as +-480 */
    RN_BUG_INF_NOT_SATURATED,    /* +-Inf not saturated under sat */
    RN_BUG_E8M0_SCALE_ZERO,      /* dequantise: scale 0x00 applied as 0 */
    RN_BUG_COUNT
} rn_bug;
const char *rn_bug_id(rn_bug b);
const char *rn_bug_text(rn_bug b);

#define RN_MAX_SAMPLES 6
#define RN_HIST_BINS 10

typedef struct rn_sample {
    char input[128];
    char expected[64];
    char actual[64];
} rn_sample;

typedef struct rn_result {
    rn_status status;
    char reason[256];       /* NOT_SUPPORTED / INTERNAL_ERROR reason, FAIL summary */
    uint64_t checked;       /* values compared */
    uint64_t failed;        /* values that differ */
    int nsamples;
    rn_sample samples[RN_MAX_SAMPLES];
    int has_ratio;          /* gemm: error / bound statistics below are valid */
    double worst_ratio;
    double worst_ulps;
    char accum[96];         /* gemm: the declared accumulation the bound was derived from */
    uint64_t hist[RN_HIST_BINS]; /* error/bound ratios, bins per rn_hist_bin */
    unsigned bugs;          /* bit (1 << rn_bug) per signature seen */
    double seconds;
    rn_baseline baseline;
    char baseline_note[160];/* the baseline's reason, or what changed */
} rn_result;

/* Histogram bin of an error / bound ratio: 0 | (0,2^-16) | [2^-16,2^-12) |
 * [2^-12,2^-8) | [2^-8,2^-6) | [2^-6,2^-4) | [2^-4,2^-2) | [2^-2,1] | (1,2] | > 2 */
int rn_hist_bin(double ratio);
const char *rn_hist_label(int bin);

struct rn_ctx;
typedef struct rn_case {
    char id[112];
    rn_suite suite;
    char desc[200];        /* what it checks; edge cases name the catalogue item */
    char fmt[16];          /* format label for the matrix ("e4m3", "e2m1xe2m1", "-") */
    int required;
    void (*run)(struct rn_ctx *c, const struct rn_case *k, rn_result *r);
    /* parameters, meaning per suite */
    int op, f0, f1, p0, p1, p2;
    int64_t a, b, d;
    uint64_t lo, hi;
    const void *data;
} rn_case;

typedef struct rn_ctx {
    rb_backend *be;
    const mxcts_profile *prof;
    int ocp;               /* profile is "ocp": NaN by class, implementation-defined NaN outputs skipped */
    rn_level level;
    uint64_t seed;
} rn_ctx;

/* ---- case list ---- */
typedef struct rn_list {
    rn_case *v;
    size_t n, cap;
} rn_list;
rn_case *rn_add(rn_list *l, rn_suite s, const char *id_fmt, ...);

/* Suites add their cases for a level. */
void suite_convert_cases(rn_list *l, rn_level lv);
void suite_block_cases(rn_list *l, rn_level lv);
void suite_gemm_cases(rn_list *l, rn_level lv);
void suite_edge_cases(rn_list *l, rn_level lv);
void suite_guard_cases(rn_list *l, rn_level lv);
/* Golden-vector cases of suite s (convert, block), suite_vectors.c. */
void suite_vectors_cases(rn_list *l, rn_level lv, rn_suite s);

/* ---- deterministic randomness ---- */
typedef struct rn_rng {
    uint64_t s;
} rn_rng;
void rn_rng_init(rn_rng *g, uint64_t seed, const char *id);
uint64_t rn_next(rn_rng *g);
static inline uint32_t rn_u32(rn_rng *g) { return (uint32_t)(rn_next(g) >> 32); }
static inline uint32_t rn_below(rn_rng *g, uint32_t n) { return (uint32_t)(((rn_next(g) >> 32) * n) >> 32); }

/* ---- shared checks (checks.c) ----
 * Each runs the backend op, compares with the reference under the claimed
 * profile and fills r (status, counts, first failing samples, bug names).
 * Returns the backend call's status. */
void chk_encode(rn_ctx *c, rn_result *r, int fmt, int round, int ovf, const uint32_t *in, size_t n);
void chk_decode(rn_ctx *c, rn_result *r, int fmt, const uint8_t *in, size_t n);
void chk_quantize(rn_ctx *c, rn_result *r, int fmt, int scale_mode, const uint32_t *in, int64_t rows,
                  int64_t k);
void chk_dequantize(rn_ctx *c, rn_result *r, int fmt, const uint8_t *codes, const uint8_t *scales,
                    int64_t rows, int64_t k);
void chk_gemm(rn_ctx *c, rn_result *r, int fa, int fb, int64_t m, int64_t n, int64_t k, const uint8_t *a,
              const uint8_t *as, const uint8_t *b, const uint8_t *bs, int exact_required);
void chk_reencode(rn_ctx *c, rn_result *r, int sf, int df, const uint8_t *in, size_t n);

/* Set r for a backend status other than OK: NOT_SUPPORTED / FAIL (crash,
 * timeout, unexpected error). Returns 1 if it set a final status. */
int chk_call_status(rn_ctx *c, rn_result *r, rb_op op, int st);
/* Record one mismatch (first RN_MAX_SAMPLES kept). */
void chk_sample(rn_result *r, const char *input, const char *expected, const char *actual);
/* Finish: FAIL if anything failed, else PASS (keeps NOT_SUPPORTED etc.). */
void chk_finish(rn_result *r);

/* ---- baseline ---- */
typedef struct rn_bl_entry {
    char pattern[160];
    rn_status status;
    char reason[160];
} rn_bl_entry;
typedef struct rn_baseline_set {
    rn_bl_entry *v;
    size_t n;
    char path[512];
} rn_baseline_set;
int rn_baseline_load(const char *path, rn_baseline_set *bl, char *err, size_t errsize);
void rn_baseline_apply(const rn_baseline_set *bl, const rn_case *k, rn_result *r);
int rn_baseline_write(const char *path, const rn_case *cases, const rn_result *res, size_t n,
                      const char *header);

/* ---- the run as a whole, for the reporters ---- */
typedef struct rn_env {
    char tool_version[32];
    char git[64];
    char host[128];
    char os[160];
    char cpu[160];
    char compiler[96];
    char vectors_sha256[72]; /* "" when no vectors/MANIFEST */
    char vectors_path[400];
    char started[40];        /* ISO 8601 UTC */
    double seconds;
} rn_env;

typedef struct rn_run {
    rb_backend *be;
    rn_ctx *ctx;
    const char *suites;     /* as given, e.g. "convert,block" */
    rn_level level;
    uint64_t seed;
    int shard_i, shard_n;
    int max_failures;
    int stopped_early;      /* --max-failures reached */
    const char *baseline_path;
    const char *load_error; /* plugin failed to load: the run is that one failure */
    rn_env env;
    rn_case *cases;
    rn_result *res;
    size_t n;
    size_t count[RN_STATUS_COUNT];
    size_t bl_count[4];
    unsigned bugs;
    uint64_t hist[RN_HIST_BINS];
    double worst_ratio;
    int exit_code;
} rn_run;

/* The distinct formats of the run's non-guard cases, in first-seen order (at most max). */
int rn_run_formats(const rn_run *run, const char **fmts, int max);

/* One cell of the format x suite matrix: the cases of `suite` on `fmt`, split into passed
 * (PASS, EXPECTED_FAIL), not supported and failed (anything else). */
typedef struct rn_cell {
    size_t total, pass, not_supported, fail;
} rn_cell;
rn_cell rn_run_cell(const rn_run *run, rn_suite suite, const char *fmt);

void rn_env_collect(rn_env *e);
int rn_certifying(const rn_run *run); /* full/exhaustive, unsharded, all suites, nothing stopped early */

void report_text(FILE *f, const rn_run *run, int verbose);
int report_json(FILE *f, const rn_run *run);
int report_junit(FILE *f, const rn_run *run);
int report_html(FILE *f, const rn_run *run);

/* Escaping helpers for the reporters. */
void rn_json_str(FILE *f, const char *s);
void rn_xml_str(FILE *f, const char *s);

/* AMD targets of the build (compiled, not run) as "gfx908,gfx90a,..." or "". */
void rn_amd_targets(char *buf, size_t size);

#endif

/* `mxcts vectors generate`: writes the golden vector files and MANIFEST
 * (spec/vectors.md). Deterministic: every random set is drawn from a
 * splitmix64 stream seeded by VEC_SEED and the file's name; outputs are
 * computed by mxcts_vec_derive (the reference), the same function
 * `mxcts vectors verify` uses to re-derive them. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mxcts/format.h"
#include "mxcts/profile.h"
#include "mxcts/vectors.h"
#include "vectors_cli.h"

#define VEC_SEED 0x6d786374735f7631ull /* "mxcts_v1" */
#define N_RANDOM_F32 2048
#define N_RANDOM_BLOCKS 192
#define N_PROFILE_BLOCKS 64
#define N_GEMM_RECORDS 24

/* ---- small growable byte buffer and a seeded generator ---- */
typedef struct bytes {
    uint8_t *v;
    size_t n, cap;
} bytes;

static uint8_t *grow(bytes *b, size_t n)
{
    if (b->n + n > b->cap) {
        size_t c = b->cap ? b->cap : 4096;
        while (c < b->n + n)
            c *= 2;
        uint8_t *p = realloc(b->v, c);
        if (!p) {
            fprintf(stderr, "mxcts vectors: out of memory\n");
            exit(3);
        }
        b->v = p, b->cap = c;
    }
    uint8_t *p = b->v + b->n;
    memset(p, 0, n);
    b->n += n;
    return p;
}

typedef struct rng {
    uint64_t s;
} rng;
static uint64_t next(rng *g)
{
    uint64_t z = (g->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static uint32_t u32(rng *g) { return (uint32_t)(next(g) >> 32); }
static uint32_t below(rng *g, uint32_t n) { return (uint32_t)(((next(g) >> 32) * n) >> 32); }
static uint64_t seed_of(const char *name)
{
    uint64_t h = VEC_SEED;
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 0x100000001B3ull;
    return h ? h : 1;
}

static uint32_t fbits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

/* ---- generation context ---- */
typedef struct gen {
    const char *dir;
    vec_manifest old, man;
    int verbose;
    int failed;
    uint64_t files, total_bytes;
} gen;

static int mkdirs(const char *dir, const char *sub)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, sub);
    if (mkdir(p, 0777) && errno != EEXIST) {
        fprintf(stderr, "mxcts vectors: cannot create %s: %s\n", p, strerror(errno));
        return 1;
    }
    return 0;
}

static const char *wide_name(int w)
{
    static const char *const n[] = {"f64", "f32", "f16", "bf16"};
    return w >= 0 && w < 4 ? n[w] : "none";
}
static const char *fmt_name(int f) { return mxcts_format_get((mxcts_format)f)->name; }
static const char *const round_names[] = {"rne", "rtz", "rup", "rdn"};
static const char *const ovf_names[] = {"sat", "nonsat"};
static const char *const e8_round_names[] = {"rtz", "rup", "nearest-up", "nearest"};

/* Independent implementations known to agree, from docs/CONFORMANCE.md (the H100
 * run compared all 2^32 f32 inputs, so every f32 record of these files is covered). */
static void known_agreement(const mxcts_vec_header *h, char *out, size_t size)
{
    snprintf(out, size, "mxcts reference");
    if (h->src != MXCTS_WIDE_F32)
        return;
    const mxcts_profile *p = mxcts_profile_find(h->profile);
    if (!p)
        return;
    const char *cite = NULL;
    if (h->op == MXCTS_VEC_ENCODE && !memcmp(&h->elem, &p->elem, sizeof h->elem)) {
        int f = h->fmt;
        if (!strcmp(p->name, "cuda_satfinite") &&
            (f == MXCTS_E4M3 || f == MXCTS_E5M2 || f == MXCTS_E2M3 || f == MXCTS_E3M2 || f == MXCTS_E2M1))
            cite = "CUDA 13.0 __nv_cvt_float_to_fp8/fp6/fp4 SATFINITE on H100: all 2^32 f32 agree (docs/CONFORMANCE.md)";
        else if (!strcmp(p->name, "cuda_nosat") && (f == MXCTS_E4M3 || f == MXCTS_E5M2))
            cite = "CUDA 13.0 __nv_cvt_float_to_fp8 NOSAT on H100: all 2^32 f32 agree (docs/CONFORMANCE.md)";
        else if (!strcmp(p->name, "torch_eager") &&
                 (f == MXCTS_E4M3 || f == MXCTS_E5M2 || f == MXCTS_E4M3FNUZ || f == MXCTS_E5M2FNUZ))
            cite = "torch 2.11 .to(float8_*) on H100: all 2^32 f32 agree (docs/CONFORMANCE.md)";
    } else if (h->op == MXCTS_VEC_E8M0_ENCODE) {
        const mxcts_e8m0_convert *e = &h->e8m0, *d = &p->e8m0;
        int cuda = !strcmp(p->name, "cuda_satfinite") || !strcmp(p->name, "cuda_nosat");
        if (cuda && (e->round == MXCTS_E8M0_RTZ || e->round == MXCTS_E8M0_RUP) && e->overflow == d->overflow &&
            e->zero == d->zero && e->negative == d->negative)
            cite = "CUDA 13.0 __nv_cvt_float_to_e8m0 on H100: all 2^32 f32 agree (docs/CONFORMANCE.md)";
        else if (!strcmp(p->name, "torch_eager") && !memcmp(e, d, sizeof *e))
            cite = "torch 2.11 .to(float8_e8m0fnu) on H100: all 2^32 f32 agree (docs/CONFORMANCE.md)";
    }
    if (cite)
        snprintf(out, size, "mxcts reference; %s", cite);
}

/* Derive every record, write the file, add its MANIFEST line. */
static void emit_one(gen *g, const char *rel, mxcts_vec_header *h, bytes *rec, const char *covers);
static void emit(gen *g, const char *rel, mxcts_vec_header *h, bytes *rec, const char *covers)
{
    if (!g->failed)
        emit_one(g, rel, h, rec, covers);
    rec->n = 0;
}
static void emit_one(gen *g, const char *rel, mxcts_vec_header *h, bytes *rec, const char *covers)
{
    h->version = MXCTS_VEC_VERSION;
    h->record_size = (uint32_t)mxcts_vec_expected_record_size(h);
    if (!h->record_size || rec->n % h->record_size) {
        fprintf(stderr, "mxcts vectors: internal error: %s record bytes %zu vs size %u\n", rel, rec->n,
                h->record_size);
        g->failed = 1;
        return;
    }
    h->count = rec->n / h->record_size;
    for (uint64_t i = 0; i < h->count; i++) {
        mxcts_status st = mxcts_vec_derive(h, i, rec->v + i * h->record_size);
        if (st != MXCTS_OK) {
            fprintf(stderr, "mxcts vectors: %s record %llu: reference failed: %s\n", rel, (unsigned long long)i,
                    mxcts_status_string(st));
            g->failed = 1;
            return;
        }
    }
    char path[700];
    snprintf(path, sizeof path, "%s/%s", g->dir, rel);
    if (mxcts_vec_write(path, h, rec->v) != MXCTS_OK) {
        fprintf(stderr, "mxcts vectors: cannot write %s\n", path);
        g->failed = 1;
        return;
    }
    vec_entry *e = vec_manifest_add(&g->man);
    if (vec_sha256_file(path, e->sha256, &e->size)) {
        fprintf(stderr, "mxcts vectors: cannot hash %s\n", path);
        g->failed = 1;
        return;
    }
    snprintf(e->generator, sizeof e->generator, "%s", VEC_GENERATOR);
    snprintf(e->path, sizeof e->path, "%s", rel);
    snprintf(e->covers, sizeof e->covers, "%s", covers);
    known_agreement(h, e->agrees, sizeof e->agrees);
    for (size_t i = 0; i < g->old.n; i++) /* keep recorded agreement for unchanged bytes */
        if (!strcmp(g->old.v[i].path, rel) && !strcmp(g->old.v[i].sha256, e->sha256))
            snprintf(e->agrees, sizeof e->agrees, "%s", g->old.v[i].agrees);
    g->files++;
    g->total_bytes += e->size;
    if (g->verbose)
        printf("%-48s %8llu records %9llu bytes\n", rel, (unsigned long long)h->count, (unsigned long long)e->size);
}

static void header_init(mxcts_vec_header *h, mxcts_vec_op op, const char *profile, const char *set)
{
    memset(h, 0, sizeof *h);
    h->op = op;
    h->src = h->dst = h->fmt = h->fmt_b = MXCTS_VEC_NONE;
    h->input_mode = MXCTS_VEC_EXPLICIT;
    mxcts_profile_apply(profile, &h->elem, &h->e8m0, &h->block);
    snprintf(h->profile, sizeof h->profile, "%s", profile);
    snprintf(h->set, sizeof h->set, "%s", set);
}

/* ---- decode: every code of every format ---- */
static void gen_decode(gen *g)
{
    bytes rec = {0};
    for (int f = 0; f < MXCTS_FORMAT_COUNT; f++) {
        mxcts_vec_header h;
        header_init(&h, MXCTS_VEC_DECODE, "ocp", "all");
        h.fmt = f, h.dst = MXCTS_WIDE_F32;
        unsigned nc = mxcts_format_code_count((mxcts_format)f);
        for (unsigned c = 0; c < nc; c++)
            grow(&rec, 13)[0] = (uint8_t)c;
        char rel[160], cov[200];
        snprintf(rel, sizeof rel, "decode/%s.vec", fmt_name(f));
        snprintf(cov, sizeof cov, "decode every %s code (%u) to f32 and f64 bits", fmt_name(f), nc);
        emit(g, rel, &h, &rec, cov);
    }
    free(rec.v);
}

/* ---- encode: every f16 / bf16 input, every element format, every ocp mode ---- */
static void gen_encode16(gen *g)
{
    bytes rec = {0};
    for (int src = MXCTS_WIDE_F16; src <= MXCTS_WIDE_BF16; src++)
        for (int f = 0; f < MXCTS_E8M0; f++)
            for (int rd = 0; rd < 4; rd++)
                for (int ov = 0; ov < 2; ov++) {
                    mxcts_vec_header h;
                    header_init(&h, MXCTS_VEC_ENCODE, "ocp", "all");
                    h.src = src, h.fmt = f, h.input_mode = MXCTS_VEC_IMPLICIT;
                    h.elem.round = (mxcts_round)rd, h.elem.overflow = (mxcts_overflow)ov;
                    grow(&rec, 65536);
                    char rel[160], cov[200];
                    snprintf(rel, sizeof rel, "encode/%s.%s.ocp.%s.%s.vec", wide_name(src), fmt_name(f),
                             round_names[rd], ovf_names[ov]);
                    snprintf(cov, sizeof cov, "encode every %s input (2^16, implicit) to %s, ocp round=%s overflow=%s",
                             wide_name(src), fmt_name(f), round_names[rd], ovf_names[ov]);
                    emit(g, rel, &h, &rec, cov);
                }
    free(rec.v);
}

/* ---- f32 input sets ---- */
typedef struct u32s {
    uint32_t *v;
    size_t n, cap;
} u32s;
static void push(u32s *a, uint32_t x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 1024;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
        if (!a->v)
            exit(3);
    }
    a->v[a->n++] = x;
}
/* x and its +-1, +-2 ulp f32 neighbours (x a finite f32 value). */
static void push_ulps(u32s *a, float x)
{
    float lo = x, hi = x;
    push(a, fbits(x));
    for (int i = 0; i < 2; i++) {
        lo = nextafterf(lo, -INFINITY), hi = nextafterf(hi, INFINITY);
        push(a, fbits(lo)), push(a, fbits(hi));
    }
}
static int cmp_d(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}
static void push_specials(u32s *a)
{
    static const uint32_t sp[] = {0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
                                  0x7f800001, 0xff800001, 0x7fffffff, 0xffffffff, 0x7fa00000, 0x00000001,
                                  0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff,
                                  0xff7fffff, 0x3f800000, 0xbf800000};
    for (size_t i = 0; i < sizeof sp / sizeof *sp; i++)
        push(a, sp[i]);
}

/* Every code value, every midpoint between adjacent codes, each with +-2 ulp;
 * the overflow tie, max + ulp, 2 max, the underflow tie; both signs; specials. */
static void boundary_f32(int fmt, u32s *a)
{
    double v[256] = {0};
    int m = 0;
    unsigned nc = mxcts_format_code_count((mxcts_format)fmt);
    for (unsigned c = 0; c < nc; c++) {
        double x;
        if (mxcts_decode_f64((mxcts_format)fmt, c, &x) == MXCTS_OK && isfinite(x) && x >= 0 && !signbit(x))
            v[m++] = x;
    }
    qsort(v, (size_t)m, sizeof *v, cmp_d);
    int u = 0;
    for (int i = 0; i < m; i++)
        if (!u || v[i] != v[u - 1])
            v[u++] = v[i];
    m = u;
    for (int s = 0; s < 2; s++) {
        double sg = s ? -1 : 1;
        for (int i = 0; i < m; i++) {
            push_ulps(a, (float)(sg * v[i]));
            if (i + 1 < m)
                push_ulps(a, (float)(sg * (v[i] + v[i + 1]) / 2));
        }
        double step = v[m - 1] - v[m - 2];
        push_ulps(a, (float)(sg * (v[m - 1] + step / 2)));
        push_ulps(a, (float)(sg * (v[m - 1] + step)));
        push_ulps(a, (float)(sg * 2 * v[m - 1]));
        push_ulps(a, (float)(sg * v[1] / 2));
        push_ulps(a, (float)(sg * v[1] / 4));
    }
    push_specials(a);
}

/* E8M0: every power of two and every 1.5 * 2^e (the nearest ties) with +-2 ulp. */
static void boundary_e8m0(u32s *a)
{
    for (int s = 0; s < 2; s++)
        for (int e = -127; e <= 127; e++) {
            float sg = s ? -1.0f : 1.0f;
            push_ulps(a, sg * ldexpf(1.0f, e));
            if (e < 127)
                push_ulps(a, sg * ldexpf(1.5f, e));
            else
                push_ulps(a, sg * 3.4028235e38f);
        }
    push_specials(a);
}

static void random_f32(rng *g, int fmt, size_t n, u32s *a)
{
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    int lo, hi;
    if (fmt == MXCTS_E8M0)
        lo = -140, hi = 127;
    else if (fi->kind == MXCTS_KIND_INT)
        lo = -10, hi = 2;
    else
        lo = fi->emin - fi->man_bits - 3, hi = fi->emax + 2;
    int man = fmt == MXCTS_E8M0 ? 0 : fi->man_bits;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = u32(g), sel = below(g, 8);
        if (sel == 0) {
            push(a, r);
            continue;
        }
        int e = lo + (int)below(g, (uint32_t)(hi - lo + 1));
        uint32_t biased = (uint32_t)(e + 127 < 1 ? 1 : e + 127 > 254 ? 254 : e + 127);
        uint32_t mm = r & 0x7fffff;
        if (sel == 1) { /* near a midpoint of the format's grid */
            mm = (mm & ~((1u << (23 - man)) - 1)) | (1u << (22 - man));
            mm = (mm + below(g, 5) - 2) & 0x7fffff;
        }
        push(a, (r & 0x80000000u) | (biased << 23) | mm);
    }
}

static void gen_encode32(gen *g)
{
    bytes rec = {0};
    size_t np = mxcts_profile_count();
    for (int f = 0; f <= MXCTS_E8M0; f++) {
        int e8 = f == MXCTS_E8M0;
        u32s set = {0};
        if (e8)
            boundary_e8m0(&set);
        else
            boundary_f32(f, &set);
        size_t nb = set.n;
        for (size_t p = 0; p < np; p++) {
            const mxcts_profile *pr = mxcts_profile_at(p);
            int ocp = !strcmp(pr->name, "ocp");
            int cuda = !strcmp(pr->name, "cuda_satfinite") || !strcmp(pr->name, "cuda_nosat");
            /* ocp: every mode; others: the profile's knobs (E8M0 under CUDA: both roundings). */
            int nmodes = ocp ? 8 : (e8 && cuda) ? 2 : 1;
            for (int md = 0; md < nmodes; md++) {
                mxcts_vec_header h;
                header_init(&h, e8 ? MXCTS_VEC_E8M0_ENCODE : MXCTS_VEC_ENCODE, pr->name, "boundary+random");
                h.src = MXCTS_WIDE_F32, h.fmt = f;
                char mode[64] = "", rel[160], cov[400];
                if (e8 && ocp) {
                    h.e8m0.round = (mxcts_e8m0_round)(md / 2), h.e8m0.overflow = (mxcts_e8m0_overflow)(md % 2);
                    snprintf(mode, sizeof mode, ".%s.%s", e8_round_names[md / 2], ovf_names[md % 2]);
                } else if (e8 && cuda) {
                    h.e8m0.round = md ? MXCTS_E8M0_RTZ : MXCTS_E8M0_RUP;
                    snprintf(mode, sizeof mode, ".%s", md ? "rtz" : "rup");
                } else if (ocp) {
                    h.elem.round = (mxcts_round)(md / 2), h.elem.overflow = (mxcts_overflow)(md % 2);
                    snprintf(mode, sizeof mode, ".%s.%s", round_names[md / 2], ovf_names[md % 2]);
                }
                snprintf(rel, sizeof rel, "%s/f32.%s.%s%s.vec", e8 ? "e8m0" : "encode", fmt_name(f), pr->name, mode);
                h.seed = seed_of(rel);
                rng r = {h.seed};
                u32s in = {0};
                for (size_t i = 0; i < nb; i++)
                    push(&in, set.v[i]);
                random_f32(&r, f, N_RANDOM_F32, &in);
                size_t rs = 4 + 2;
                for (size_t i = 0; i < in.n; i++)
                    mxcts_vec_put_le(grow(&rec, rs), in.v[i], 4);
                snprintf(cov, sizeof cov,
                         "encode f32 -> %s under %s%s: %zu boundary inputs (%s) + %d seeded random; records carry flags",
                         fmt_name(f), pr->name, mode, nb,
                         e8 ? "powers of two and 1.5*2^e, +-2 ulp, specials"
                            : "codes and midpoints +-2 ulp, overflow/underflow ties, specials",
                         N_RANDOM_F32);
                emit(g, rel, &h, &rec, cov);
                free(in.v);
            }
        }
        free(set.v);
    }
    free(rec.v);
}

/* ---- MX blocks ---- */
static const int mx_fmts[] = {MXCTS_E4M3, MXCTS_E5M2, MXCTS_E2M3, MXCTS_E3M2, MXCTS_E2M1, MXCTS_INT8};
#define N_MX 6

/* The mx-semantics 5.3 catalogue inputs (rows 25, 34-49 and the 2^+-127
 * extremes of reference/tests/test_block_catalogue.c); unlisted values +0. */
static const uint32_t catalogue[][4] = {
    {0x43E00000}, {0x43F00000}, {0x43FFFFFF}, {0x40600001}, {0x44700000, 0x446F4000},
    {0x7F7FFFFF, 0x3F800000, 0x3F800000}, {0x3F800000, 0x7FC00000}, {0x7F800000, 0x3F800000, 0x3F800000},
    {0x40E00000}, {0x40A00000}, {0x00800000}, {0x43E00000, 0x3F880000}, {0x3F800000, 0x80000001},
    {0xBFFF5C29, 0x3FFF5C29}, {0x7FC00000, 0xFFC00000}, {0x7F800000, 0xFF800000}, {0x7F800000, 0x3F800000},
    {0x7F7FFFFF, 0x3F800000}, {0x00005000, 0x00003000, 0x00001000}, {0x7F800000, 0x7F7FFFFF},
    {0xFF800000, 0xFF7FFFFF}, {0x43E00000, 0xBF880000}, {0x3FC00000, 0x3D200000, 0xBD200000, 0x3CC00000},
    {0}, /* row 35: all zeros */
};
#define N_CAT (sizeof catalogue / sizeof catalogue[0])

static void catalogue_blocks(uint32_t *blk, size_t i)
{
    memset(blk, 0, 32 * 4);
    for (int j = 0; j < 4; j++)
        blk[j] = catalogue[i][j];
}
/* Extra catalogue rows: all -0 (row 35), all 2^-149 (row 48). */
#define N_CAT_ALL (N_CAT + 2)
static void catalogue_block(uint32_t *blk, size_t i)
{
    if (i < N_CAT)
        catalogue_blocks(blk, i);
    else
        for (int j = 0; j < 32; j++)
            blk[j] = i == N_CAT ? 0x80000000u : 0x00000001u;
}

static float rnd_mag(rng *g, int lo, int hi)
{
    int e = lo + (int)below(g, (uint32_t)(hi - lo + 1));
    float m = 1.0f + (float)(u32(g) >> 9) * 0x1p-23f;
    return ldexpf(m, e) * ((u32(g) & 1) ? -1.0f : 1.0f);
}

/* Random f32 block of one of 12 kinds, with injected specials. */
static void random_block(rng *g, int fmt, int kind, uint32_t *blk)
{
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    int c = (int)below(g, 40) - 20;
    static const uint32_t specials[] = {0x7fc00000, 0xffc00000, 0x7f800000, 0xff800000, 0x00000000,
                                        0x80000000, 0x00000001, 0x807fffff, 0x7f7fffff, 0xff7fffff};
    switch (kind) {
    case 0: /* spread magnitudes */
        for (int i = 0; i < 32; i++)
            blk[i] = fbits(rnd_mag(g, c - 12, c + 3));
        break;
    case 1: /* zeros of both signs */
        for (int i = 0; i < 32; i++)
            blk[i] = (u32(g) & 1) ? 0x80000000u : 0;
        break;
    case 2: /* f32 subnormals */
        for (int i = 0; i < 32; i++)
            blk[i] = u32(g) & 0x807fffffu;
        break;
    case 3: /* one NaN */
    case 4: /* one Inf */
        for (int i = 0; i < 32; i++)
            blk[i] = fbits(rnd_mag(g, c - 4, c));
        blk[below(g, 32)] = kind == 3 ? ((u32(g) & 1) ? 0xffc00000u : 0x7fc00001u)
                                      : ((u32(g) & 1) ? 0xff800000u : 0x7f800000u);
        break;
    case 5: /* amax exactly the element max times a power of two */
        for (int i = 0; i < 32; i++)
            blk[i] = fbits(rnd_mag(g, c - 6, c));
        blk[below(g, 32)] = fbits(ldexpf((float)fi->max_finite, c) * ((u32(g) & 1) ? -1 : 1));
        break;
    case 6: /* huge, up to FLT_MAX */
        for (int i = 0; i < 32; i++)
            blk[i] = fbits(rnd_mag(g, 60, 127));
        if (u32(g) & 1)
            blk[below(g, 32)] = 0x7f7fffffu;
        break;
    case 7: { /* element ties after scaling */
        double v[256] = {0};
        unsigned nc = mxcts_format_code_count((mxcts_format)fmt);
        int m = 0;
        for (unsigned k = 0; k < nc; k++) {
            double x;
            if (mxcts_decode_f64((mxcts_format)fmt, k, &x) == MXCTS_OK && isfinite(x) && x > 0)
                v[m++] = x;
        }
        blk[0] = fbits(ldexpf((float)fi->max_finite, c));
        for (int i = 1; i < 32; i++) {
            double t = (v[below(g, (uint32_t)m)] + v[below(g, (uint32_t)m)]) / 2;
            blk[i] = fbits(ldexpf((float)t, c) * ((u32(g) & 1) ? -1 : 1));
        }
        break;
    }
    case 8: /* tiny, near the 2^-127 scale floor */
        for (int i = 0; i < 32; i++)
            blk[i] = fbits(rnd_mag(g, -149, -110));
        break;
    case 9: /* raw bit patterns */
        for (int i = 0; i < 32; i++)
            blk[i] = u32(g);
        break;
    case 10: /* mixed magnitudes with several injected specials */
        for (int i = 0; i < 32; i++)
            blk[i] = fbits(rnd_mag(g, c - 30, c + 10));
        for (int j = (int)below(g, 4); j >= 0; j--)
            blk[below(g, 32)] = specials[below(g, sizeof specials / sizeof *specials)];
        break;
    default: /* max values of the element format, both signs, with small peers */
        for (int i = 0; i < 32; i++)
            blk[i] = (u32(g) & 3) ? fbits(ldexpf((float)fi->max_finite, c) * ((u32(g) & 1) ? -1 : 1))
                                  : fbits(rnd_mag(g, c - 20, c - 8));
        break;
    }
}
#define N_KINDS 12

static uint16_t f16_of(uint32_t b) /* truncating f32 -> f16 bit pattern (only to make inputs) */
{
    uint16_t s = (uint16_t)((b >> 16) & 0x8000);
    int e = (int)((b >> 23) & 0xff);
    uint32_t m = b & 0x7fffff;
    if (e == 255)
        return (uint16_t)(s | 0x7c00 | (m ? 0x200 | (m >> 13) : 0));
    int ue = e - 127;
    if (ue > 15)
        return (uint16_t)(s | 0x7bff);
    if (ue >= -14)
        return (uint16_t)(s | ((ue + 15) << 10) | (m >> 13));
    if (ue >= -24 && e)
        return (uint16_t)(s | ((m | 0x800000) >> (-ue - 14 + 13)));
    return s;
}

static void put_block(bytes *rec, int src, const uint32_t *blk, size_t rs)
{
    uint8_t *p = grow(rec, rs);
    for (int i = 0; i < 32; i++) {
        if (src == MXCTS_WIDE_F32)
            mxcts_vec_put_le(p + 4 * i, blk[i], 4);
        else if (src == MXCTS_WIDE_BF16)
            mxcts_vec_put_le(p + 2 * i, blk[i] >> 16, 2);
        else
            mxcts_vec_put_le(p + 2 * i, f16_of(blk[i]), 2);
    }
}

static void gen_quantize(gen *g)
{
    bytes rec = {0};
    size_t np = mxcts_profile_count();
    for (int fi = 0; fi < N_MX; fi++) {
        int f = mx_fmts[fi];
        /* (a) ocp knobs, every scale mode, f32; (b) every other profile's block knobs, f32;
         * (c) ocp floor from bf16 and f16. */
        int njobs = MXCTS_SCALE_MODE_COUNT + (int)np - 1 + 2;
        for (int job = 0; job < njobs; job++) {
            mxcts_vec_header h;
            char rel[160], cov[400], what[96];
            int src = MXCTS_WIDE_F32, nrand = N_RANDOM_BLOCKS;
            if (job < MXCTS_SCALE_MODE_COUNT) {
                header_init(&h, MXCTS_VEC_MX_QUANTIZE, "ocp", "catalogue+random");
                h.block.scale_mode = (mxcts_scale_mode)job;
                snprintf(what, sizeof what, "ocp.%s", mxcts_scale_mode_name((mxcts_scale_mode)job));
            } else if (job < MXCTS_SCALE_MODE_COUNT + (int)np - 1) {
                const mxcts_profile *pr = mxcts_profile_at((size_t)(job - MXCTS_SCALE_MODE_COUNT + 1));
                header_init(&h, MXCTS_VEC_MX_QUANTIZE, pr->name, "catalogue+random");
                snprintf(what, sizeof what, "%s", pr->name);
                nrand = N_PROFILE_BLOCKS;
            } else {
                src = job == njobs - 2 ? MXCTS_WIDE_BF16 : MXCTS_WIDE_F16;
                header_init(&h, MXCTS_VEC_MX_QUANTIZE, "ocp", "random");
                snprintf(what, sizeof what, "ocp.floor");
                nrand = N_PROFILE_BLOCKS;
            }
            h.src = src, h.fmt = f, h.k = 32;
            snprintf(rel, sizeof rel, "mx/quantize.%s.%s.%s.vec", wide_name(src), fmt_name(f), what);
            h.seed = seed_of(rel);
            rng r = {h.seed};
            size_t rs = mxcts_vec_expected_record_size(&h);
            uint32_t blk[32];
            size_t ncat = src == MXCTS_WIDE_F32 ? N_CAT_ALL : 0;
            for (size_t i = 0; i < ncat; i++) {
                catalogue_block(blk, i);
                put_block(&rec, src, blk, rs);
            }
            for (int i = 0; i < nrand; i++) {
                random_block(&r, f, i % N_KINDS, blk);
                put_block(&rec, src, blk, rs);
            }
            snprintf(cov, sizeof cov,
                     "MX quantise %s -> %s (k = 32), %s knobs, scale mode %s: %zu catalogue blocks (mx-semantics 5.3) + %d "
                     "seeded random blocks (zeros, subnormals, NaN, Inf, max values, ties, mixed magnitudes)",
                     wide_name(src), fmt_name(f), h.profile, mxcts_scale_mode_name(h.block.scale_mode), ncat, nrand);
            emit(g, rel, &h, &rec, cov);
        }
    }
    free(rec.v);
}

static void gen_dequantize(gen *g)
{
    bytes rec = {0};
    for (int fi = 0; fi < N_MX; fi++) {
        int f = mx_fmts[fi];
        unsigned nc = mxcts_format_code_count((mxcts_format)f);
        for (int dst = MXCTS_WIDE_F64; dst <= MXCTS_WIDE_BF16; dst++) {
            mxcts_vec_header h;
            char rel[160], cov[400];
            header_init(&h, MXCTS_VEC_MX_DEQUANTIZE, "ocp", dst == MXCTS_WIDE_F32 ? "all+random" : "random");
            h.dst = dst, h.fmt = f, h.k = 32;
            snprintf(rel, sizeof rel, "mx/dequantize.%s.%s.vec", fmt_name(f), wide_name(dst));
            h.seed = seed_of(rel);
            rng r = {h.seed};
            size_t rs = mxcts_vec_expected_record_size(&h), nall = 0;
            if (dst == MXCTS_WIDE_F32) /* every scale x every code */
                for (unsigned s = 0; s < 256; s++)
                    for (unsigned c0 = 0; c0 < nc; c0 += 32) {
                        uint8_t *p = grow(&rec, rs);
                        p[0] = (uint8_t)s;
                        for (unsigned j = 0; j < 32; j++)
                            p[1 + j] = (uint8_t)((c0 + j) % nc);
                        nall++;
                    }
            for (int i = 0; i < 256; i++) {
                uint8_t *p = grow(&rec, rs);
                uint32_t kind = below(&r, 4);
                p[0] = kind == 0 ? (uint8_t)below(&r, 256) : kind == 1 ? (uint8_t)(127 + below(&r, 33) - 16)
                       : kind == 2 ? (uint8_t)(below(&r, 2) ? below(&r, 8) : 247 + below(&r, 9))
                                   : (uint8_t)(100 + below(&r, 60));
                for (int j = 0; j < 32; j++)
                    p[1 + j] = (uint8_t)below(&r, nc);
            }
            snprintf(cov, sizeof cov, "MX dequantise %s (k = 32) to %s: %s256 seeded random blocks (scale extremes included)",
                     fmt_name(f), wide_name(dst), nall ? "every scale x every code, then " : "");
            emit(g, rel, &h, &rec, cov);
        }
    }
    free(rec.v);
}

/* ---- GEMM ---- */
static int finite_code(int f, unsigned c)
{
    double x;
    return mxcts_decode_f64((mxcts_format)f, c, &x) == MXCTS_OK && isfinite(x);
}
static uint8_t rand_code(rng *g, int f, int finite)
{
    unsigned nc = mxcts_format_code_count((mxcts_format)f);
    for (;;) {
        unsigned c = below(g, nc);
        if (!finite || finite_code(f, c))
            return (uint8_t)c;
    }
}
static uint8_t special_code(rng *g, int f)
{
    unsigned nc = mxcts_format_code_count((mxcts_format)f);
    for (int t = 0; t < 4096; t++) {
        unsigned c = below(g, nc);
        if (!finite_code(f, c))
            return (uint8_t)c;
    }
    return 0; /* FP6/FP4/INT8: no NaN/Inf codes */
}

static void gen_gemm(gen *g)
{
    static const int pairs[][2] = {{MXCTS_E4M3, MXCTS_E4M3}, {MXCTS_E5M2, MXCTS_E5M2}, {MXCTS_E4M3, MXCTS_E5M2},
                                   {MXCTS_E2M1, MXCTS_E2M1}, {MXCTS_E2M3, MXCTS_E2M3}, {MXCTS_E3M2, MXCTS_E3M2},
                                   {MXCTS_INT8, MXCTS_INT8}, {MXCTS_E5M2, MXCTS_E2M1}, {MXCTS_E2M3, MXCTS_E2M1}};
    static const struct { uint32_t m, n, k; int dst; } shapes[] = {
        {1, 1, 32, MXCTS_WIDE_F32}, {4, 4, 64, MXCTS_WIDE_F32}, {4, 4, 64, MXCTS_WIDE_BF16}, {2, 3, 256, MXCTS_WIDE_F32}};
    bytes rec = {0};
    for (size_t pi = 0; pi < sizeof pairs / sizeof *pairs; pi++)
        for (size_t si = 0; si < sizeof shapes / sizeof *shapes; si++) {
            mxcts_vec_header h;
            char rel[160], cov[400];
            header_init(&h, MXCTS_VEC_GEMM, "ocp", "random");
            h.fmt = pairs[pi][0], h.fmt_b = pairs[pi][1];
            h.m = shapes[si].m, h.n = shapes[si].n, h.k = shapes[si].k, h.dst = shapes[si].dst;
            snprintf(rel, sizeof rel, "gemm/%sx%s.%ux%ux%u.%s.vec", fmt_name(h.fmt), fmt_name(h.fmt_b), h.m, h.n, h.k,
                     wide_name(h.dst));
            h.seed = seed_of(rel);
            rng r = {h.seed};
            size_t rs = mxcts_vec_expected_record_size(&h), kb = h.k / 32;
            for (int t = 0; t < N_GEMM_RECORDS; t++) {
                uint8_t *p = grow(&rec, rs);
                uint8_t *a = p, *as = a + h.m * h.k, *b = as + h.m * kb, *bs = b + h.n * h.k;
                int kind = t % 6; /* 0-1 near-unit scales, 2 wide scales, 3 extremes, 4 special code, 5 scale NaN */
                for (uint32_t i = 0; i < h.m * h.k; i++)
                    a[i] = rand_code(&r, h.fmt, 1);
                for (uint32_t i = 0; i < h.n * h.k; i++)
                    b[i] = rand_code(&r, h.fmt_b, 1);
                for (size_t i = 0; i < h.m * kb + h.n * kb; i++) {
                    uint8_t *s = i < h.m * kb ? as + i : bs + (i - h.m * kb);
                    *s = kind <= 1 ? (uint8_t)(127 + below(&r, 17) - 8)
                         : kind == 2 ? (uint8_t)(64 + below(&r, 128))
                         : kind == 3 ? (uint8_t)(below(&r, 3) == 0 ? 0x00 : below(&r, 2) ? 0xFE : 127 + below(&r, 9) - 4)
                                     : (uint8_t)(127 + below(&r, 9) - 4);
                }
                if (kind == 4) {
                    a[below(&r, h.m * h.k)] = special_code(&r, h.fmt);
                    b[below(&r, h.n * h.k)] = special_code(&r, h.fmt_b);
                }
                if (kind == 5)
                    as[below(&r, (uint32_t)(h.m * kb))] = 0xFF;
            }
            snprintf(cov, sizeof cov,
                     "exact MX GEMM C = A*B^T, A %s, B %s, M=%u N=%u K=%u (block 32), C rounded once (RNE) to %s; %d seeded "
                     "cases: near-unit, wide and extreme (0x00, 0xFE) scales, NaN/Inf codes, scale 0xFF",
                     fmt_name(h.fmt), fmt_name(h.fmt_b), h.m, h.n, h.k, wide_name(h.dst), N_GEMM_RECORDS);
            emit(g, rel, &h, &rec, cov);
        }
    free(rec.v);
}

int vec_generate(const char *dir, int verbose)
{
    gen g = {0};
    g.dir = dir;
    g.verbose = verbose;
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "mxcts vectors: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    if (mkdirs(dir, "decode") || mkdirs(dir, "encode") || mkdirs(dir, "e8m0") || mkdirs(dir, "mx") ||
        mkdirs(dir, "gemm"))
        return 1;
    char err[256];
    if (vec_manifest_read(dir, &g.old, err, sizeof err))
        memset(&g.old, 0, sizeof g.old); /* no (readable) previous manifest: nothing to keep */
    gen_decode(&g);
    gen_encode16(&g);
    gen_encode32(&g);
    gen_quantize(&g);
    gen_dequantize(&g);
    gen_gemm(&g);
    if (!g.failed && vec_manifest_write(dir, &g.man)) {
        fprintf(stderr, "mxcts vectors: cannot write %s/MANIFEST\n", dir);
        g.failed = 1;
    }
    if (!g.failed)
        printf("mxcts vectors: wrote %llu files, %llu bytes, and %s/MANIFEST\n", (unsigned long long)g.files,
               (unsigned long long)g.total_bytes, dir);
    vec_manifest_free(&g.old);
    vec_manifest_free(&g.man);
    return g.failed;
}

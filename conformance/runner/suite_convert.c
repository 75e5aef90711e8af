/* Suite `convert`: element encode (f32 -> every element format, every
 * rounding and overflow mode) and decode (every code of every format), and
 * the OCP <-> FNUZ re-encoding, bit-exact against the reference.
 *
 * Input sets per (format, mode): `boundary` (every code's value and its f32
 * neighbours, every midpoint between adjacent codes and its neighbours, the
 * overflow threshold, specials), `random` (seeded: weighted toward the
 * format's range), `f16` and `bf16` (every 16-bit pattern widened to f32,
 * full and up), and at `exhaustive` all 2^32 f32 patterns in 256 chunks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "mxcts/convert.h"
#include "mxcts/format.h"

enum { SET_BOUNDARY = 0, SET_RANDOM, SET_F16, SET_BF16, SET_CHUNK };
static const char *const set_names[] = {"boundary", "random", "f16", "bf16", "f32"};
static const char *const round_names[] = {"rne", "rtz", "rup", "rdn"};
static const char *const ovf_names[] = {"sat", "nonsat"};

typedef struct u32vec {
    uint32_t *v;
    size_t n, cap;
} u32vec;

static void push(u32vec *a, uint32_t x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 1024;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
        if (!a->v)
            abort();
    }
    a->v[a->n++] = x;
}

static uint32_t bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

static void push_around(u32vec *a, float f)
{
    push(a, bits(f));
    push(a, bits(nextafterf(f, INFINITY)));
    push(a, bits(nextafterf(f, -INFINITY)));
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Sorted distinct non-negative finite values of fmt. */
static int pos_values(int fmt, double *out)
{
    unsigned nc = mxcts_format_code_count((mxcts_format)fmt);
    int n = 0;
    for (unsigned c = 0; c < nc; c++) {
        double v;
        if (mxcts_decode_f64((mxcts_format)fmt, c, &v) == MXCTS_OK && isfinite(v) && v >= 0 && !signbit(v))
            out[n++] = v;
    }
    qsort(out, n, sizeof *out, cmp_double);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!m || out[i] != out[m - 1])
            out[m++] = out[i];
    return m;
}

void rn_boundary_inputs(int fmt, uint32_t **out, size_t *n)
{
    u32vec a = {0};
    double v[256] = {0};
    int m = pos_values(fmt, v);
    for (int s = 0; s < 2; s++) {
        float sg = s ? -1.0f : 1.0f;
        for (int i = 0; i < m; i++) {
            push_around(&a, sg * (float)v[i]);
            if (i + 1 < m)
                push_around(&a, sg * (float)((v[i] + v[i + 1]) / 2));
        }
        double step = m > 1 ? v[m - 1] - v[m - 2] : 1;
        push_around(&a, sg * (float)(v[m - 1] + step / 2)); /* the overflow threshold tie */
        push_around(&a, sg * (float)(v[m - 1] + step));
        push_around(&a, sg * (float)(2 * v[m - 1]));
        push_around(&a, sg * (float)(m > 1 ? v[1] / 2 : 0.5)); /* the underflow tie */
        push_around(&a, sg * (float)(m > 1 ? v[1] / 4 : 0.25));
        push(&a, bits(sg * 0x1p-149f));
        push(&a, bits(sg * 0x1p-126f));
        push(&a, bits(sg * 3.4028235e38f));
        push(&a, bits(sg * INFINITY));
        push(&a, bits(sg * 0.0f));
        push(&a, s ? 0xffc00000u : 0x7fc00000u); /* quiet NaN */
        push(&a, s ? 0xff800001u : 0x7f800001u); /* signalling NaN */
        push(&a, s ? 0xffffffffu : 0x7fffffffu);
    }
    *out = a.v;
    *n = a.n;
}

static void random_inputs(rn_rng *g, int fmt, size_t n, uint32_t *out)
{
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    int lo = fi->kind == MXCTS_KIND_INT ? -8 : fi->emin - fi->man_bits - 3;
    int hi = fi->kind == MXCTS_KIND_INT ? 2 : fi->emax + 2;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = rn_u32(g), sel = rn_below(g, 8);
        if (sel == 0) {
            out[i] = r; /* any pattern */
        } else {
            int e = lo + (int)rn_below(g, (uint32_t)(hi - lo + 1));
            uint32_t biased = (uint32_t)(e + 127);
            if (biased < 1)
                biased = 1;
            if (biased > 254)
                biased = 254;
            uint32_t man = r & 0x7fffff;
            if (sel == 1) /* near a code midpoint: low mantissa bits 100..0 +-1 */
                man = (man & ~((1u << (23 - fi->man_bits)) - 1)) | (1u << (22 - fi->man_bits)),
                man += (uint32_t)rn_below(g, 3) - 1, man &= 0x7fffff;
            out[i] = (r & 0x80000000u) | (biased << 23) | man;
        }
    }
}

static void run_encode(rn_ctx *c, const rn_case *k, rn_result *r)
{
    uint32_t *in = NULL;
    size_t n = 0;
    rn_rng g;
    rn_rng_init(&g, c->seed, k->id);
    switch (k->p2) {
    case SET_BOUNDARY:
        rn_boundary_inputs(k->f0, &in, &n);
        break;
    case SET_RANDOM:
        n = (size_t)k->a;
        in = malloc(n * 4);
        random_inputs(&g, k->f0, n, in);
        break;
    case SET_F16:
    case SET_BF16:
        n = 65536;
        in = malloc(n * 4);
        for (uint32_t i = 0; i < 65536; i++) {
            if (k->p2 == SET_BF16) {
                in[i] = i << 16;
            } else {
                uint32_t s = (i & 0x8000u) << 16, e = (i >> 10) & 31, m = i & 0x3ff;
                float f = e == 31 ? (m ? NAN : INFINITY) : e ? ldexpf(1.0f + m / 1024.0f, (int)e - 15)
                                                             : ldexpf((float)m, -24);
                uint32_t b = bits(f);
                if (e == 31 && m)
                    b = 0x7f800000u | (m << 13);
                in[i] = s | (b & 0x7fffffffu);
            }
        }
        break;
    default: /* SET_CHUNK: [lo, hi) */
        n = (size_t)(k->hi - k->lo);
        in = malloc(n * 4);
        for (size_t i = 0; i < n; i++)
            in[i] = (uint32_t)(k->lo + i);
        break;
    }
    if (!in) {
        r->status = RN_INTERNAL_ERROR;
        snprintf(r->reason, sizeof r->reason, "out of memory");
        return;
    }
    chk_encode(c, r, k->f0, k->p0, k->p1, in, n);
    free(in);
}

static void run_decode(rn_ctx *c, const rn_case *k, rn_result *r)
{
    unsigned nc = mxcts_format_code_count((mxcts_format)k->f0);
    uint8_t codes[256];
    for (unsigned i = 0; i < nc; i++)
        codes[i] = (uint8_t)i;
    chk_decode(c, r, k->f0, codes, nc);
}

static void run_reencode(rn_ctx *c, const rn_case *k, rn_result *r)
{
    uint8_t codes[256];
    for (unsigned i = 0; i < 256; i++)
        codes[i] = (uint8_t)i;
    chk_reencode(c, r, k->f0, k->f1, codes, 256);
}

void suite_convert_cases(rn_list *l, rn_level lv)
{
    static const int smoke_fmts[] = {MXCTS_E4M3, MXCTS_E5M2, MXCTS_E4M3FNUZ, MXCTS_E2M1};
    for (int f = MXCTS_E4M3; f <= MXCTS_INT8; f++) {
        int in_smoke = 0;
        for (int i = 0; i < 4; i++)
            in_smoke |= smoke_fmts[i] == f;
        if (lv == RN_SMOKE && !in_smoke)
            continue;
        const char *fn = mxcts_format_get((mxcts_format)f)->name;
        for (int rd = 0; rd < 4; rd++) {
            if (lv == RN_SMOKE && rd)
                continue;
            for (int ov = 0; ov < 2; ov++) {
                int sets[4], ns = 0;
                sets[ns++] = SET_BOUNDARY;
                if (lv >= RN_QUICK)
                    sets[ns++] = SET_RANDOM;
                if (lv >= RN_FULL)
                    sets[ns++] = SET_F16, sets[ns++] = SET_BF16;
                for (int s = 0; s < ns; s++) {
                    rn_case *k = rn_add(l, RN_CONVERT, "convert.encode.%s.%s.%s.%s", fn, round_names[rd],
                                        ovf_names[ov], set_names[sets[s]]);
                    snprintf(k->desc, sizeof k->desc, "f32 -> %s, round %s, overflow %s, %s inputs", fn,
                             round_names[rd], ovf_names[ov], set_names[sets[s]]);
                    snprintf(k->fmt, sizeof k->fmt, "%s", fn);
                    k->run = run_encode;
                    k->f0 = f, k->p0 = rd, k->p1 = ov, k->p2 = sets[s];
                    k->a = lv == RN_QUICK ? 4096 : lv >= RN_FULL ? (1 << 20) : 256;
                }
                if (lv == RN_EXHAUSTIVE)
                    for (int ch = 0; ch < 256; ch++) {
                        rn_case *k = rn_add(l, RN_CONVERT, "convert.encode.%s.%s.%s.f32-%03d", fn,
                                            round_names[rd], ovf_names[ov], ch);
                        snprintf(k->desc, sizeof k->desc,
                                 "f32 -> %s, round %s, overflow %s, every f32 pattern 0x%02x000000..0x%02xffffff",
                                 fn, round_names[rd], ovf_names[ov], ch, ch);
                        snprintf(k->fmt, sizeof k->fmt, "%s", fn);
                        k->run = run_encode;
                        k->f0 = f, k->p0 = rd, k->p1 = ov, k->p2 = SET_CHUNK;
                        k->lo = (uint64_t)ch << 24, k->hi = (uint64_t)(ch + 1) << 24;
                    }
            }
        }
    }
    for (int f = 0; f < MXCTS_FORMAT_COUNT; f++) {
        const char *fn = mxcts_format_get((mxcts_format)f)->name;
        rn_case *k = rn_add(l, RN_CONVERT, "convert.decode.%s.all", fn);
        snprintf(k->desc, sizeof k->desc, "decode every %s code to f32, bit-exact (NaN by class)", fn);
        snprintf(k->fmt, sizeof k->fmt, "%s", fn);
        k->run = run_decode;
        k->f0 = f;
    }
    static const int pairs[4][2] = {{MXCTS_E4M3, MXCTS_E4M3FNUZ}, {MXCTS_E5M2, MXCTS_E5M2FNUZ},
                                    {MXCTS_E4M3FNUZ, MXCTS_E4M3}, {MXCTS_E5M2FNUZ, MXCTS_E5M2}};
    for (int i = 0; i < 4; i++) {
        const char *a = mxcts_format_get((mxcts_format)pairs[i][0])->name;
        const char *b = mxcts_format_get((mxcts_format)pairs[i][1])->name;
        rn_case *k = rn_add(l, RN_CONVERT, "convert.reencode.%s-%s.all", a, b);
        snprintf(k->desc, sizeof k->desc, "re-encode every %s code as %s keeping the bits (OCP -0 -> 0x00, NaN -> 0x80)",
                 a, b);
        snprintf(k->fmt, sizeof k->fmt, "%s", pairs[i][0] == MXCTS_E4M3 || pairs[i][0] == MXCTS_E4M3FNUZ ? "e4m3fnuz" : "e5m2fnuz");
        k->run = run_reencode;
        k->f0 = pairs[i][0], k->f1 = pairs[i][1];
    }
    suite_vectors_cases(l, lv, RN_CONVERT);
}

/* Golden vectors in the `convert` and `block` suites: the backend is judged
 * against the frozen reference outputs of vectors/ (spec/vectors.md) as
 * well as against the live reference. Cases (levels quick and up):
 *
  *   convert.vectors.decode      every decode/<fmt>.vec record (f32 bits, NaN by class)
 *   convert.vectors.encode      every encode/<...>.vec record whose element knobs are the
 *                               claimed profile's (round / overflow taken from the file);
 *                               f16 / bf16 inputs are widened exactly to f32
 *   block.vectors.quantize      every mx/quantize.f32.* record whose block knobs are the
 *                               claimed profile's (scale mode taken from the file)
 *   block.vectors.dequantize    every mx/dequantize.*.f32 record
 *
 * Each listed file's sha256 is checked against vectors/MANIFEST and its
 * CRCs by mxcts_vec_open before use; a damaged file is an INTERNAL_ERROR.
 * Without a vectors directory the cases are NOT_SUPPORTED (never a failure).
 * The directory is found as env.c finds it for the reports: $MXCTS_VECTORS,
 * the source tree's vectors/, ./vectors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../vectors_cli.h"
#include "runner.h"
#include "mxcts/convert.h"
#include "mxcts/format.h"
#include "mxcts/vectors.h"

enum { VK_DECODE = 0, VK_ENCODE, VK_QUANTIZE, VK_DEQUANTIZE };

static const char *vectors_dir(void)
{
    static char buf[600];
    const char *env = getenv("MXCTS_VECTORS");
    const char *cands[3] = {env, NULL, "vectors"};
#ifdef MXCTS_SOURCE_DIR
    cands[1] = MXCTS_SOURCE_DIR "/vectors";
#endif
    for (int i = 0; i < 3; i++) {
        if (!cands[i])
            continue;
        snprintf(buf, sizeof buf, "%s/MANIFEST", cands[i]);
        if (access(buf, R_OK) == 0) {
            snprintf(buf, sizeof buf, "%s", cands[i]);
            return buf;
        }
    }
    return NULL;
}

static int f32_is_nan(uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; }

static uint32_t widen(int src, uint64_t b)
{
    if (src == MXCTS_WIDE_F32)
        return (uint32_t)b;
    if (src == MXCTS_WIDE_BF16)
        return (uint32_t)b << 16;
    uint32_t h = (uint32_t)b, s = (h & 0x8000u) << 16, e = (h >> 10) & 31, m = h & 0x3ff;
    if (e == 31)
        return s | 0x7f800000u | (m << 13);
    if (e)
        return s | ((e + 112) << 23) | (m << 13);
    if (!m)
        return s;
    int sh = 0;
    while (!(m & 0x400))
        m <<= 1, sh++;
    return s | ((uint32_t)(113 - sh) << 23) | ((m & 0x3ff) << 13);
}

static void *xcalloc(size_t n)
{
    void *p = calloc(n ? n : 1, 1);
    if (!p) {
        fprintf(stderr, "mxcts run: out of memory\n");
        exit(3);
    }
    return p;
}

/* Does file header h apply to this case kind and the claimed profile? */
static int applies(const rn_ctx *c, int kind, const mxcts_vec_header *h)
{
    switch (kind) {
    case VK_DECODE:
        return h->op == MXCTS_VEC_DECODE;
    case VK_ENCODE: {
        if (h->op != MXCTS_VEC_ENCODE || h->src == MXCTS_WIDE_F64)
            return 0;
        mxcts_convert cv = c->prof->elem;
        cv.round = h->elem.round, cv.overflow = h->elem.overflow;
        return !memcmp(&cv, &h->elem, sizeof cv);
    }
    case VK_QUANTIZE: {
        if (h->op != MXCTS_VEC_MX_QUANTIZE || h->src != MXCTS_WIDE_F32 || h->k != MXCTS_MX_BLOCK)
            return 0;
        mxcts_block_config b = c->prof->block;
        b.scale_mode = h->block.scale_mode, b.block_size = h->block.block_size;
        return !memcmp(&b, &h->block, sizeof b);
    }
    default:
        return h->op == MXCTS_VEC_MX_DEQUANTIZE && h->dst == MXCTS_WIDE_F32 && h->k == MXCTS_MX_BLOCK;
    }
}

static void sample(rn_result *r, const char *path, uint64_t rec, const char *what, uint32_t e, uint32_t a, int width)
{
    char si[128], se[64], sa[64];
    snprintf(si, sizeof si, "%s record %llu: %s", path, (unsigned long long)rec, what);
    snprintf(se, sizeof se, "0x%0*x", width, e);
    snprintf(sa, sizeof sa, "0x%0*x", width, a);
    chk_sample(r, si, se, sa);
}

/* Backend status: 1 = stop the case (status set), 2 = skip this file (unsupported), 0 = ok. */
static int call_status(rn_ctx *c, rn_result *r, rb_op op, int st, int *skipped, char *why, size_t whysize)
{
    if (st == MXCTS_OK)
        return 0;
    if (st == MXCTS_ERR_UNSUPPORTED) {
        (*skipped)++;
        if (!why[0])
            snprintf(why, whysize, "%s", c->be->last_reason[0] ? c->be->last_reason : "backend returned UNSUPPORTED");
        c->be->last_reason[0] = 0;
        return 2;
    }
    chk_call_status(c, r, op, st);
    return 1;
}

static int run_file(rn_ctx *c, const rn_case *k, rn_result *r, const char *rel, const mxcts_vec_file *f, int *skipped,
                    char *why, size_t whysize)
{
    const mxcts_vec_header *h = &f->h;
    size_t n = (size_t)h->count;
    int fmt = h->fmt, stop = 0;
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    c->be->last_reason[0] = 0;
    switch (k->p0) {
    case VK_DECODE: {
        uint8_t *in = xcalloc(n);
        uint32_t *act = xcalloc(n * 4);
        for (size_t i = 0; i < n; i++)
            in[i] = mxcts_vec_record(f, i)[0];
        int s = call_status(c, r, RB_OP_DECODE, c->be->ops.decode(c->be, fmt, in, n, act), skipped, why, whysize);
        stop = s == 1;
        for (size_t i = 0; !s && i < n; i++) {
            uint32_t e = (uint32_t)mxcts_vec_le(mxcts_vec_record(f, i) + 1, 4);
            r->checked++;
            if (e == act[i] || (f32_is_nan(e) && f32_is_nan(act[i])))
                continue;
            r->failed++;
            char what[64];
            snprintf(what, sizeof what, "decode %s 0x%02x", fi->name, in[i]);
            sample(r, rel, i, what, e, act[i], 8);
        }
        free(in), free(act);
        break;
    }
    case VK_ENCODE: {
        uint32_t *in = xcalloc(n * 4);
        uint8_t *act = xcalloc(n);
        for (size_t i = 0; i < n; i++) {
            uint64_t b;
            mxcts_vec_encode_io(f, i, &b, NULL, NULL);
            in[i] = widen(h->src, b);
        }
        int s = call_status(c, r, RB_OP_ENCODE,
                            c->be->ops.encode(c->be, fmt, in, n, act, (int)h->elem.round, (int)h->elem.overflow),
                            skipped, why, whysize);
        stop = s == 1;
        for (size_t i = 0; !s && i < n; i++) {
            uint8_t e;
            mxcts_vec_encode_io(f, i, NULL, &e, NULL);
            if (c->ocp && f32_is_nan(in[i]) && fi->nan_kind == MXCTS_NAN_NONE)
                continue; /* implementation-defined under ocp, as in chk_encode */
            r->checked++;
            if (e == act[i] ||
                (c->ocp && mxcts_code_is_nan((mxcts_format)fmt, e) && mxcts_code_is_nan((mxcts_format)fmt, act[i])))
                continue;
            r->failed++;
            char what[96];
            snprintf(what, sizeof what, "f32 0x%08x -> %s (round %d, overflow %d)", in[i], fi->name, h->elem.round,
                     h->elem.overflow);
            sample(r, rel, i, what, e, act[i], 2);
        }
        free(in), free(act);
        break;
    }
    case VK_QUANTIZE: {
        size_t K = h->k;
        uint32_t *in = xcalloc(n * K * 4);
        uint8_t *codes = xcalloc(n * K), *scales = xcalloc(n);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < K; j++)
                in[i * K + j] = (uint32_t)mxcts_vec_le(mxcts_vec_record(f, i) + 4 * j, 4);
        int s = call_status(c, r, RB_OP_MX_QUANTIZE,
                            c->be->ops.mx_quantize(c->be, fmt, in, (int64_t)n, (int64_t)K, (int)h->block.scale_mode,
                                                   codes, scales),
                            skipped, why, whysize);
        stop = s == 1;
        for (size_t i = 0; !s && i < n; i++) {
            const uint8_t *rec = mxcts_vec_record(f, i) + 4 * K;
            r->checked++;
            if (rec[0] != scales[i]) {
                r->failed++;
                sample(r, rel, i, "scale", rec[0], scales[i], 2);
                continue;
            }
            if (rec[0] == 0xff)
                continue; /* elements are don't-care in a NaN block */
            for (size_t j = 0; j < K; j++) {
                unsigned e = rec[1 + j], a = codes[i * K + j];
                r->checked++;
                if (e == a || (c->ocp && mxcts_code_is_nan((mxcts_format)fmt, e) && mxcts_code_is_nan((mxcts_format)fmt, a)))
                    continue;
                r->failed++;
                char what[64];
                snprintf(what, sizeof what, "%s element %zu (scale 0x%02x)", fi->name, j, rec[0]);
                sample(r, rel, i, what, e, a, 2);
            }
        }
        free(in), free(codes), free(scales);
        break;
    }
    default: { /* VK_DEQUANTIZE */
        size_t K = h->k;
        uint8_t *codes = xcalloc(n * K), *scales = xcalloc(n);
        uint32_t *act = xcalloc(n * K * 4);
        for (size_t i = 0; i < n; i++) {
            const uint8_t *rec = mxcts_vec_record(f, i);
            scales[i] = rec[0];
            memcpy(codes + i * K, rec + 1, K);
        }
        int s = call_status(c, r, RB_OP_MX_DEQUANTIZE,
                            c->be->ops.mx_dequantize(c->be, fmt, codes, scales, (int64_t)n, (int64_t)K, act), skipped,
                            why, whysize);
        stop = s == 1;
        for (size_t i = 0; !s && i < n; i++)
            for (size_t j = 0; j < K; j++) {
                uint32_t e = (uint32_t)mxcts_vec_le(mxcts_vec_record(f, i) + 1 + K + 4 * j, 4), a = act[i * K + j];
                r->checked++;
                if (e == a || (f32_is_nan(e) && f32_is_nan(a)))
                    continue;
                r->failed++;
                char what[80];
                snprintf(what, sizeof what, "scale 0x%02x x %s 0x%02x -> f32", scales[i], fi->name, codes[i * K + j]);
                sample(r, rel, i, what, e, a, 8);
            }
        free(codes), free(scales), free(act);
        break;
    }
    }
    return stop;
}

static void run_vectors(rn_ctx *c, const rn_case *k, rn_result *r)
{
    static const rb_op ops[] = {RB_OP_DECODE, RB_OP_ENCODE, RB_OP_MX_QUANTIZE, RB_OP_MX_DEQUANTIZE};
    void *const have[] = {(void *)c->be->ops.decode, (void *)c->be->ops.encode, (void *)c->be->ops.mx_quantize,
                          (void *)c->be->ops.mx_dequantize};
    if (!have[k->p0]) {
        r->status = RN_NOT_SUPPORTED;
        snprintf(r->reason, sizeof r->reason, "%s", c->be->not_supported[ops[k->p0]]);
        return;
    }
    const char *dir = vectors_dir();
    if (!dir) {
        r->status = RN_NOT_SUPPORTED;
        snprintf(r->reason, sizeof r->reason, "no golden vectors found ($MXCTS_VECTORS, vectors/MANIFEST)");
        return;
    }
    vec_manifest m;
    char err[400];
    if (vec_manifest_read(dir, &m, err, sizeof err)) {
        r->status = RN_INTERNAL_ERROR;
        snprintf(r->reason, sizeof r->reason, "golden vectors: %s", err);
        return;
    }
    int files = 0, skipped = 0;
    char why[200] = "";
    for (size_t i = 0; i < m.n && r->status == RN_PASS; i++) {
        const vec_entry *e = &m.v[i];
        char path[800], hex[65];
        snprintf(path, sizeof path, "%s/%s", dir, e->path);
        mxcts_vec_file f;
        /* cheap pre-filter on the header alone, before hashing the file */
        FILE *fp = fopen(path, "rb");
        uint8_t hb[MXCTS_VEC_HEADER_SIZE];
        size_t got = fp ? fread(hb, 1, sizeof hb, fp) : 0;
        if (fp)
            fclose(fp);
        if (mxcts_vec_header_decode(hb, got, &f.h, NULL, 0) == MXCTS_VEC_OK && !applies(c, k->p0, &f.h))
            continue;
        uint64_t size = 0;
        if (vec_sha256_file(path, hex, &size) || strcmp(hex, e->sha256) || size != e->size) {
            r->status = RN_INTERNAL_ERROR;
            snprintf(r->reason, sizeof r->reason, "golden vector %s does not match its MANIFEST sha256 (mxcts vectors verify)",
                     e->path);
            break;
        }
        mxcts_vec_error ve = mxcts_vec_open(path, &f, err, sizeof err);
        if (ve != MXCTS_VEC_OK) {
            if (ve == MXCTS_VEC_ERR_BODY_CRC)
                mxcts_vec_close(&f);
            r->status = RN_INTERNAL_ERROR;
            snprintf(r->reason, sizeof r->reason, "golden vector %s: %s", e->path, err);
            break;
        }
        if (applies(c, k->p0, &f.h)) {
            files++;
            run_file(c, k, r, e->path, &f, &skipped, why, sizeof why);
        }
        mxcts_vec_close(&f);
    }
    vec_manifest_free(&m);
    if (r->status != RN_PASS)
        return;
    if (!r->checked) {
        r->status = RN_NOT_SUPPORTED;
        snprintf(r->reason, sizeof r->reason, "%s", files ? why : "no golden vector file applies to the claimed profile");
        return;
    }
    chk_finish(r);
    if (r->status == RN_FAIL)
        snprintf(r->reason, sizeof r->reason, "%llu of %llu values differ from the golden vectors (%d files%s)",
                 (unsigned long long)r->failed, (unsigned long long)r->checked, files - skipped,
                 skipped ? ", some not supported" : "");
}

void suite_vectors_cases(rn_list *l, rn_level lv, rn_suite s)
{
    if (lv < RN_QUICK)
        return;
    static const struct { rn_suite suite; int kind; const char *id, *desc; } t[] = {
        {RN_CONVERT, VK_DECODE, "convert.vectors.decode", "golden vectors: every decode record (vectors/decode), f32 bits, NaN by class"},
        {RN_CONVERT, VK_ENCODE, "convert.vectors.encode",
         "golden vectors: every encode record whose knobs are the claimed profile's (f32, f16, bf16 inputs)"},
        {RN_BLOCK, VK_QUANTIZE, "block.vectors.quantize",
         "golden vectors: every f32 MX quantise record whose block knobs are the claimed profile's"},
        {RN_BLOCK, VK_DEQUANTIZE, "block.vectors.dequantize", "golden vectors: every MX dequantise-to-f32 record"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        if (t[i].suite != s)
            continue;
        rn_case *k = rn_add(l, s, "%s", t[i].id);
        snprintf(k->desc, sizeof k->desc, "%s", t[i].desc);
        k->run = run_vectors;
        k->p0 = t[i].kind;
    }
}

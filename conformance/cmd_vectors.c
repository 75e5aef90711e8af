/* mxcts vectors generate [--out DIR] [-v] | verify [DIR] [-v] | list [DIR]
 *
 * generate: writes the golden vectors and DIR/MANIFEST (vectors_gen.c).
 * verify:   for every MANIFEST line checks the file's size and sha256
 *           (OpenSSL), its header (magic, version, CRC-32, fields), its
 *           length and record CRC-32, then re-derives every record from the
 *           reference bit for bit; files present but not listed are errors.
 *           Exit 0 only when everything matches; every problem is named
 *           (file, and record / field where it applies).
 * list:     prints the manifest and its sha256.
 * spec/vectors.md describes the files. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli_common.h"
#include "commands.h"
#include "mxcts/format.h"
#include "mxcts/vectors.h"
#include "vectors_cli.h"

static const char usage_text[] =
    "usage: mxcts vectors generate [--out DIR] [-v]   write the golden vectors and DIR/MANIFEST\n"
    "       mxcts vectors verify [DIR] [-v]           check sha256, headers, CRCs; re-derive every record\n"
    "       mxcts vectors list [DIR]                  print the manifest\n"
    "DIR defaults to $MXCTS_VECTORS, else the source tree's vectors/, else ./vectors.\n";

/* ---- manifest ---- */

vec_entry *vec_manifest_add(vec_manifest *m)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 256;
        m->v = realloc(m->v, m->cap * sizeof *m->v);
        if (!m->v) {
            fprintf(stderr, "mxcts vectors: out of memory\n");
            exit(3);
        }
    }
    vec_entry *e = &m->v[m->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void vec_manifest_free(vec_manifest *m)
{
    free(m->v);
    memset(m, 0, sizeof *m);
}

static int copy_field(char *dst, size_t size, const char *src, size_t n)
{
    if (n >= size)
        return 1;
    memcpy(dst, src, n);
    dst[n] = 0;
    return 0;
}

int vec_manifest_read(const char *dir, vec_manifest *m, char *err, size_t errsize)
{
    memset(m, 0, sizeof *m);
    char path[700];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errsize, "%s: cannot open", path);
        return 1;
    }
    char line[4096];
    long ln = 0;
    while (fgets(line, sizeof line, f)) {
        ln++;
        size_t len = strlen(line);
        if (len && line[len - 1] != '\n' && !feof(f)) {
            snprintf(err, errsize, "%s line %ld: longer than %zu bytes", path, ln, sizeof line - 1);
            goto bad;
        }
        line[strcspn(line, "\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        const char *fld[6];
        size_t fl[6];
        int nf = 0;
        for (const char *p = line;; nf++) {
            size_t n = strcspn(p, "\t");
            if (nf < 6)
                fld[nf] = p, fl[nf] = n;
            p += n;
            if (!*p) {
                nf++;
                break;
            }
            p++;
        }
        if (nf != 6) {
            snprintf(err, errsize, "%s line %ld: %d tab-separated fields, expected 6", path, ln, nf);
            goto bad;
        }
        vec_entry *e = vec_manifest_add(m);
        int ok = fl[0] == 64 && !copy_field(e->sha256, sizeof e->sha256, fld[0], fl[0]);
        for (int i = 0; ok && i < 64; i++)
            ok = (e->sha256[i] >= '0' && e->sha256[i] <= '9') || (e->sha256[i] >= 'a' && e->sha256[i] <= 'f');
        if (!ok) {
            snprintf(err, errsize, "%s line %ld: the sha256 field is not 64 lower-case hex digits", path, ln);
            goto bad;
        }
        char num[32], *end;
        if (copy_field(num, sizeof num, fld[1], fl[1]) || !fl[1] || (e->size = strtoull(num, &end, 10), *end)) {
            snprintf(err, errsize, "%s line %ld: the size field is not a decimal number", path, ln);
            goto bad;
        }
        if (copy_field(e->generator, sizeof e->generator, fld[2], fl[2]) ||
            copy_field(e->path, sizeof e->path, fld[3], fl[3]) || !fl[3] ||
            copy_field(e->covers, sizeof e->covers, fld[4], fl[4]) ||
            copy_field(e->agrees, sizeof e->agrees, fld[5], fl[5])) {
            snprintf(err, errsize, "%s line %ld: a field is empty or too long", path, ln);
            goto bad;
        }
        if (e->path[0] == '/' || strstr(e->path, "..")) {
            snprintf(err, errsize, "%s line %ld: path '%s' leaves the vectors directory", path, ln, e->path);
            goto bad;
        }
        for (size_t i = 0; i + 1 < m->n; i++)
            if (!strcmp(m->v[i].path, e->path)) {
                snprintf(err, errsize, "%s line %ld: '%s' listed twice", path, ln, e->path);
                goto bad;
            }
    }
    fclose(f);
    return 0;
bad:
    fclose(f);
    vec_manifest_free(m);
    return 1;
}

int vec_manifest_write(const char *dir, const vec_manifest *m)
{
    char path[700];
    snprintf(path, sizeof path, "%s/MANIFEST", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    fprintf(f, "# mxcts golden vectors (spec/vectors.md). Written by `mxcts vectors generate`; checked by\n"
               "# `mxcts vectors verify`. One line per file, six tab-separated fields:\n"
               "# sha256, size in bytes, generator, path, what it covers, which implementations agree\n");
    for (size_t i = 0; i < m->n; i++) {
        const vec_entry *e = &m->v[i];
        fprintf(f, "%s\t%llu\t%s\t%s\t%s\t%s\n", e->sha256, (unsigned long long)e->size, e->generator, e->path,
                e->covers, e->agrees);
    }
    return fclose(f) != 0;
}

int vec_sha256_file(const char *path, char hex[65], uint64_t *size)
{
    hex[0] = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        fclose(f);
        return 1;
    }
    static unsigned char buf[1 << 16];
    unsigned char md[32];
    size_t n;
    uint64_t total = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        EVP_DigestUpdate(ctx, buf, n);
        total += n;
    }
    int bad = ferror(f);
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    fclose(f);
    if (bad || len != 32)
        return 1;
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", md[i]);
    if (size)
        *size = total;
    return 0;
}

const char *vec_default_dir(const char *arg)
{
    static char buf[600];
    if (arg)
        return arg;
    const char *env = getenv("MXCTS_VECTORS");
    if (env && *env)
        return env;
    const char *inst = cli_installed_vectors_dir(); /* an installed tool uses its installed vectors */
    if (inst)
        return inst;
#ifdef MXCTS_SOURCE_DIR
    snprintf(buf, sizeof buf, "%s/vectors/MANIFEST", MXCTS_SOURCE_DIR);
    FILE *f = fopen(buf, "r");
    if (f) {
        fclose(f);
        snprintf(buf, sizeof buf, "%s/vectors", MXCTS_SOURCE_DIR);
        return buf;
    }
#endif
    return "vectors";
}

/* ---- verify ---- */

/* Name the record field holding byte `off`: its start and width. */
static void field_at(const mxcts_vec_header *h, size_t off, char *name, size_t size, size_t *start, size_t *width)
{
    size_t w = mxcts_vec_wide_size(h->src), dw = mxcts_vec_wide_size(h->dst), k = h->k;
    switch (h->op) {
    case MXCTS_VEC_DECODE:
        if (off == 0)
            *start = 0, *width = 1, snprintf(name, size, "code");
        else if (off < 5)
            *start = 1, *width = 4, snprintf(name, size, "f32 bits");
        else
            *start = 5, *width = 8, snprintf(name, size, "f64 bits");
        return;
    case MXCTS_VEC_ENCODE:
    case MXCTS_VEC_E8M0_ENCODE:
        if (h->input_mode == MXCTS_VEC_IMPLICIT)
            *start = 0, *width = 1, snprintf(name, size, "code");
        else if (off < w)
            *start = 0, *width = w, snprintf(name, size, "input");
        else
            *start = off, *width = 1, snprintf(name, size, off == w ? "code" : "flags");
        return;
    case MXCTS_VEC_MX_QUANTIZE:
        if (off < k * w)
            *start = off / w * w, *width = w, snprintf(name, size, "input %zu", off / w);
        else if (off == k * w)
            *start = off, *width = 1, snprintf(name, size, "scale");
        else
            *start = off, *width = 1, snprintf(name, size, "element %zu", off - k * w - 1);
        return;
    case MXCTS_VEC_MX_DEQUANTIZE:
        if (off == 0)
            *start = 0, *width = 1, snprintf(name, size, "scale");
        else if (off <= k)
            *start = off, *width = 1, snprintf(name, size, "element code %zu", off - 1);
        else
            *start = 1 + k + (off - 1 - k) / dw * dw, *width = dw, snprintf(name, size, "output %zu", (off - 1 - k) / dw);
        return;
    case MXCTS_VEC_GEMM: {
        size_t M = h->m, N = h->n, K = h->k, kb = K / (size_t)h->block.block_size;
        size_t a = 0, as = M * K, b = as + M * kb, bs = b + N * K, c = bs + N * kb;
        *width = 1, *start = off;
        if (off < as)
            snprintf(name, size, "A[%zu][%zu]", off / K, off % K);
        else if (off < b)
            snprintf(name, size, "A scale[%zu][%zu]", (off - as) / kb, (off - as) % kb);
        else if (off < bs)
            snprintf(name, size, "B[%zu][%zu]", (off - b) / K, (off - b) % K);
        else if (off < c)
            snprintf(name, size, "B scale[%zu][%zu]", (off - bs) / kb, (off - bs) % kb);
        else {
            size_t i = (off - c) / dw;
            *start = c + i * dw, *width = dw;
            snprintf(name, size, "C[%zu][%zu]", i / N, i % N);
        }
        (void)a;
        return;
    }
    }
    *start = off, *width = 1;
    snprintf(name, size, "byte %zu", off);
}

typedef struct vstats {
    int verbose;
    unsigned long files, bad_files;
    unsigned long long records;
} vstats;

#define MAX_SHOWN 5

/* Re-derive every record; returns the number that differ. */
static unsigned long long rederive(const char *rel, const mxcts_vec_file *f, vstats *vs)
{
    size_t rs = f->h.record_size;
    uint8_t *tmp = malloc(rs);
    unsigned long long bad = 0;
    for (uint64_t i = 0; i < f->h.count; i++) {
        const uint8_t *r = mxcts_vec_record(f, i);
        memcpy(tmp, r, rs);
        mxcts_status st = mxcts_vec_derive(&f->h, i, tmp);
        if (st != MXCTS_OK) {
            if (bad++ < MAX_SHOWN)
                printf("FAIL %s: record %llu: the reference rejects its inputs: %s\n", rel, (unsigned long long)i,
                       mxcts_status_string(st));
            continue;
        }
        if (!memcmp(tmp, r, rs))
            continue;
        if (bad++ >= MAX_SHOWN)
            continue;
        size_t off = 0;
        while (tmp[off] == r[off])
            off++;
        char name[64];
        size_t start, width;
        field_at(&f->h, off, name, sizeof name, &start, &width);
        char input[96] = "";
        if ((f->h.op == MXCTS_VEC_ENCODE || f->h.op == MXCTS_VEC_E8M0_ENCODE)) {
            uint64_t in;
            mxcts_vec_encode_io(f, i, &in, NULL, NULL);
            snprintf(input, sizeof input, " (input 0x%0*llx)", (int)(2 * mxcts_vec_wide_size(f->h.src)),
                     (unsigned long long)in);
        }
        printf("FAIL %s: record %llu%s: %s stored 0x%0*llx, reference 0x%0*llx\n", rel, (unsigned long long)i, input,
               name, (int)(2 * width), (unsigned long long)mxcts_vec_le(r + start, width), (int)(2 * width),
               (unsigned long long)mxcts_vec_le(tmp + start, width));
    }
    free(tmp);
    (void)vs;
    if (bad > MAX_SHOWN)
        printf("FAIL %s: %llu records differ from the reference in all\n", rel, bad);
    return bad;
}

static int verify_entry(const char *dir, const vec_entry *e, vstats *vs)
{
    char path[700], hex[65];
    uint64_t size = 0;
    int fail = 0;
    snprintf(path, sizeof path, "%s/%s", dir, e->path);
    if (vec_sha256_file(path, hex, &size)) {
        printf("FAIL %s: cannot read the file listed in MANIFEST\n", e->path);
        return 1;
    }
    if (size != e->size) {
        printf("FAIL %s: size %llu bytes, MANIFEST says %llu (truncated or extended)\n", e->path,
               (unsigned long long)size, (unsigned long long)e->size);
        fail = 1;
    }
    if (strcmp(hex, e->sha256)) {
        printf("FAIL %s: sha256 %s, MANIFEST says %s\n", e->path, hex, e->sha256);
        fail = 1;
    }
    mxcts_vec_file f;
    char err[400];
    mxcts_vec_error ve = mxcts_vec_open(path, &f, err, sizeof err);
    if (ve != MXCTS_VEC_OK) {
        printf("FAIL %s: %s\n", e->path, err);
        fail = 1;
    }
    if (ve == MXCTS_VEC_OK || ve == MXCTS_VEC_ERR_BODY_CRC) {
        if (rederive(e->path, &f, vs))
            fail = 1;
        vs->records += f.h.count;
        if (vs->verbose && !fail)
            printf("ok   %s: %llu records (%s %s%s%s, profile %s)\n", e->path, (unsigned long long)f.h.count,
                   mxcts_vec_op_name(f.h.op), f.h.fmt < MXCTS_FORMAT_COUNT ? mxcts_format_get(f.h.fmt)->name : "",
                   f.h.fmt_b < MXCTS_FORMAT_COUNT ? "x" : "",
                   f.h.fmt_b < MXCTS_FORMAT_COUNT ? mxcts_format_get(f.h.fmt_b)->name : "", f.h.profile);
        mxcts_vec_close(&f);
    }
    return fail;
}

/* Files under dir that MANIFEST does not list. */
static const vec_manifest *g_man;
static const char *g_dir;
static unsigned long g_unlisted;
static int walk_cb(const char *fpath, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb, (void)ftw;
    if (type != FTW_F)
        return 0;
    const char *rel = fpath + strlen(g_dir);
    while (*rel == '/')
        rel++;
    if (!strcmp(rel, "MANIFEST") || !strcmp(rel, "README.md"))
        return 0;
    for (size_t i = 0; i < g_man->n; i++)
        if (!strcmp(g_man->v[i].path, rel))
            return 0;
    printf("FAIL %s: present but not listed in MANIFEST\n", rel);
    g_unlisted++;
    return 0;
}

static int do_verify(const char *dir, int verbose)
{
    vec_manifest m;
    char err[800];
    if (vec_manifest_read(dir, &m, err, sizeof err)) {
        printf("FAIL MANIFEST: %s\n", err);
        return 1;
    }
    if (!m.n) {
        printf("FAIL MANIFEST: %s/MANIFEST lists no files\n", dir);
        return 1;
    }
    vstats vs = {0};
    vs.verbose = verbose;
    for (size_t i = 0; i < m.n; i++) {
        vs.files++;
        if (verify_entry(dir, &m.v[i], &vs))
            vs.bad_files++;
        fflush(stdout);
    }
    g_man = &m, g_dir = dir, g_unlisted = 0;
    nftw(dir, walk_cb, 16, FTW_PHYS);
    char mpath[700], hex[65] = "";
    snprintf(mpath, sizeof mpath, "%s/MANIFEST", dir);
    vec_sha256_file(mpath, hex, NULL);
    int fail = vs.bad_files || g_unlisted;
    printf("mxcts vectors verify: %s: %lu files, %llu records re-derived, MANIFEST sha256 %s: %s", dir, vs.files,
           vs.records, hex, fail ? "FAILED" : "OK");
    if (fail)
        printf(" (%lu files with problems, %lu unlisted)", vs.bad_files, g_unlisted);
    printf("\n");
    vec_manifest_free(&m);
    g_man = NULL; /* it pointed at m */
    return fail ? 1 : 0;
}

static int do_list(const char *dir)
{
    vec_manifest m;
    char err[800];
    if (vec_manifest_read(dir, &m, err, sizeof err)) {
        fprintf(stderr, "mxcts vectors list: %s\n", err);
        return 1;
    }
    unsigned long long total = 0;
    for (size_t i = 0; i < m.n; i++) {
        const vec_entry *e = &m.v[i];
        printf("%s  %llu bytes  %s  %s\n    covers: %s\n    agrees: %s\n", e->path, (unsigned long long)e->size,
               e->generator, e->sha256, e->covers, e->agrees);
        total += e->size;
    }
    char mpath[700], hex[65] = "";
    snprintf(mpath, sizeof mpath, "%s/MANIFEST", dir);
    vec_sha256_file(mpath, hex, NULL);
    printf("%zu files, %llu bytes; MANIFEST sha256 %s\n", m.n, total, hex);
    vec_manifest_free(&m);
    return 0;
}

int cmd_vectors(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
#ifdef _OPENMP
    /* Records are tiny: one thread per call beats waking a team for each of them. */
    omp_set_num_threads(1);
#endif
    const char *sub = argv[1], *dir = NULL;
    int verbose = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
            verbose = 1;
        else if (!strcmp(argv[i], "--out") && i + 1 < argc && !strcmp(sub, "generate"))
            dir = argv[++i];
        else if (argv[i][0] != '-' && !dir && strcmp(sub, "generate"))
            dir = argv[i];
        else
            return cli_usage_error("vectors", "unknown option", argv[i]);
    }
    if (!strcmp(sub, "generate"))
        return vec_generate(dir ? dir : "vectors", verbose) ? 1 : 0;
    if (!strcmp(sub, "verify"))
        return do_verify(vec_default_dir(dir), verbose);
    if (!strcmp(sub, "list"))
        return do_list(vec_default_dir(dir));
    return cli_usage_error("vectors", "unknown subcommand (generate, verify, list)", sub);
}

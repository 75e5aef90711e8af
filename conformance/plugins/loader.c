/* The vendor plugin backend (`--backend plugin:PATH`, include/mxcts/plugin.h).
 *
 * Nothing of the plugin runs in the runner's own process except the
 * library's load-time constructors, and only after they have been seen to
 * work in a child: opening first probes the library in a forked child
 * (dlopen, mxcts_plugin_get_v1(), ABI checks, copy of the metadata), with a
 * time limit. Every operation then runs in its own forked child that calls
 * mxcts_plugin_get_v1() and the operation; its outputs come back through
 * shared memory only when it returns. A crash or a hang is that case's FAIL. */
#include <dlfcn.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runner/backend.h"
#include "mxcts/gemm_ref.h"
#include "mxcts/plugin.h"
#include "plugin_table.h"

typedef struct plugin_impl {
    void *handle;
    mxcts_plugin_get_v1_fn get;
    char path[400];
} plugin_impl;

/* The checks of a plugin's table and the copy of its metadata (a separate
 * function so that fuzz/fuzz_plugin_table.c can drive it without dlopen). */
int rb_plugin_table_read(const mxcts_plugin_v1 *t, probe_info *pi)
{
    if (!t) {
        snprintf(pi->err, sizeof pi->err, "%s() returned NULL", MXCTS_PLUGIN_ENTRY);
        return 1;
    }
    pi->abi = t->abi_version;
    pi->size = t->struct_size;
    if (t->abi_version != MXCTS_PLUGIN_ABI_V1) {
        snprintf(pi->err, sizeof pi->err, "plugin ABI version %u, this runner speaks %u", t->abi_version,
                 MXCTS_PLUGIN_ABI_V1);
        return 1;
    }
    if (t->struct_size < offsetof(mxcts_plugin_v1, reserved)) {
        snprintf(pi->err, sizeof pi->err, "plugin table too small (%u bytes, need %zu)", t->struct_size,
                 offsetof(mxcts_plugin_v1, reserved));
        return 1;
    }
    snprintf(pi->name, sizeof pi->name, "%s", t->name ? t->name : "(unnamed plugin)");
    snprintf(pi->version, sizeof pi->version, "%s", t->version ? t->version : "");
    snprintf(pi->profile, sizeof pi->profile, "%s", t->profile ? t->profile : "ocp");
    snprintf(pi->device, sizeof pi->device, "%s", t->device ? t->device : "");
    pi->accum_kind = t->accum_kind;
    pi->accum_block = t->accum_block;
    pi->has[RB_OP_ENCODE] = t->encode != NULL;
    pi->has[RB_OP_DECODE] = t->decode != NULL;
    pi->has[RB_OP_MX_QUANTIZE] = t->mx_quantize != NULL;
    pi->has[RB_OP_MX_DEQUANTIZE] = t->mx_dequantize != NULL;
    pi->has[RB_OP_GEMM_MX] = t->gemm_mx != NULL;
    pi->has[RB_OP_REENCODE] = t->reencode != NULL;
    return 0;
}

static int probe_child(void *arg, void *const *outs)
{
    const char *path = arg;
    probe_info *pi = outs[0];
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(pi->err, sizeof pi->err, "dlopen failed: %s", dlerror());
        return 1;
    }
    mxcts_plugin_get_v1_fn get = (mxcts_plugin_get_v1_fn)dlsym(h, MXCTS_PLUGIN_ENTRY);
    if (!get) {
        snprintf(pi->err, sizeof pi->err, "the library does not export %s()", MXCTS_PLUGIN_ENTRY);
        return 1;
    }
    return rb_plugin_table_read(get(), pi);
}

static void describe_failure(rb_backend *b, int rc, int sig)
{
    if (rc == RB_ERR_CRASH) {
        if (sig > 0)
            snprintf(b->last_reason, sizeof b->last_reason, "plugin crashed: signal %d (%s)", sig, strsignal(sig));
        else
            snprintf(b->last_reason, sizeof b->last_reason, "plugin process exited with status %d mid-call", -sig);
    } else if (rc == RB_ERR_TIMEOUT) {
        snprintf(b->last_reason, sizeof b->last_reason, "plugin call timed out after %g s and was killed",
                 b->timeout_s);
    } else if (rc == RB_ERR_ISOLATE) {
        snprintf(b->last_reason, sizeof b->last_reason, "runner could not fork an isolated child");
    } else if (rc == MXCTS_ERR_UNSUPPORTED) {
        snprintf(b->last_reason, sizeof b->last_reason, "plugin returned MXCTS_ERR_UNSUPPORTED");
    }
}

/* ---- operations: argument packs and child entry points ---- */
typedef struct op_args {
    const mxcts_plugin_get_v1_fn *get;
    int i0, i1, i2;
    int64_t r, c, k;
    size_t n;
    const void *p0, *p1, *p2, *p3;
} op_args;

static int ch_encode(void *arg, void *const *outs)
{
    op_args *a = arg;
    const mxcts_plugin_v1 *t = (*a->get)();
    return t->encode(a->i0, a->p0, a->n, outs[0], a->i1, a->i2);
}
static int ch_decode(void *arg, void *const *outs)
{
    op_args *a = arg;
    const mxcts_plugin_v1 *t = (*a->get)();
    return t->decode(a->i0, a->p0, a->n, outs[0]);
}
static int ch_quantize(void *arg, void *const *outs)
{
    op_args *a = arg;
    const mxcts_plugin_v1 *t = (*a->get)();
    return t->mx_quantize(a->i0, a->p0, a->r, a->k, a->i1, outs[0], outs[1]);
}
static int ch_dequantize(void *arg, void *const *outs)
{
    op_args *a = arg;
    const mxcts_plugin_v1 *t = (*a->get)();
    return t->mx_dequantize(a->i0, a->p0, a->p1, a->r, a->k, outs[0]);
}
static int ch_gemm(void *arg, void *const *outs)
{
    op_args *a = arg;
    const mxcts_plugin_v1 *t = (*a->get)();
    return t->gemm_mx(a->i0, a->i1, a->r, a->c, a->k, a->p0, a->p1, a->p2, a->p3, outs[0]);
}
static int ch_reencode(void *arg, void *const *outs)
{
    op_args *a = arg;
    const mxcts_plugin_v1 *t = (*a->get)();
    return t->reencode(a->i0, a->i1, a->p0, a->n, outs[0]);
}

/* Output buffer sizes: what the runner allocated (the suites pass real
 * sizes); for the guard suite's impossible shapes only a small buffer. */
static size_t sz2(int64_t r, int64_t c, size_t e, size_t cap)
{
    if (r <= 0 || c <= 0 || (uint64_t)r > (uint64_t)INT64_MAX / (uint64_t)c)
        return cap;
    uint64_t n = (uint64_t)r * (uint64_t)c;
    if (n > (SIZE_MAX / e))
        return cap;
    return (size_t)(n * e);
}

static int run(rb_backend *b, int (*fn)(void *, void *const *), op_args *a, rb_iso_buf *o, int no)
{
    plugin_impl *p = b->impl;
    a->get = &p->get;
    int sig = 0;
    int rc = rb_isolate(fn, a, o, no, b->timeout_s, &sig);
    describe_failure(b, rc, sig);
    return rc;
}

/* The guard suite passes small buffers with huge shapes and says how big
 * they really are in b->out_cap. */
#define cap_or(want) ((b)->out_cap ? ((want) < (b)->out_cap ? (want) : (b)->out_cap) : (want))

static int pl_encode(rb_backend *b, int fmt, const uint32_t *src, size_t n, uint8_t *dst, int round,
                     int overflow)
{
    op_args a = {0};
    a.i0 = fmt, a.i1 = round, a.i2 = overflow, a.p0 = src, a.n = n;
    rb_iso_buf o[1] = {{dst, cap_or(n)}};
    return run(b, ch_encode, &a, o, 1);
}
static int pl_decode(rb_backend *b, int fmt, const uint8_t *src, size_t n, uint32_t *dst)
{
    op_args a = {0};
    a.i0 = fmt, a.p0 = src, a.n = n;
    rb_iso_buf o[1] = {{dst, cap_or(n * 4)}};
    return run(b, ch_decode, &a, o, 1);
}
static int pl_quantize(rb_backend *b, int elem, const uint32_t *src, int64_t rows, int64_t k,
                       int scale_mode, uint8_t *codes, uint8_t *scales)
{
    op_args a = {0};
    a.i0 = elem, a.i1 = scale_mode, a.p0 = src, a.r = rows, a.k = k;
    rb_iso_buf o[2] = {{codes, cap_or(sz2(rows, k, 1, 64))}, {scales, cap_or(sz2(rows, k / 32, 1, 64))}};
    return run(b, ch_quantize, &a, o, 2);
}
static int pl_dequantize(rb_backend *b, int elem, const uint8_t *codes, const uint8_t *scales,
                         int64_t rows, int64_t k, uint32_t *dst)
{
    op_args a = {0};
    a.i0 = elem, a.p0 = codes, a.p1 = scales, a.r = rows, a.k = k;
    rb_iso_buf o[1] = {{dst, cap_or(sz2(rows, k, 4, 256))}};
    return run(b, ch_dequantize, &a, o, 1);
}
static int pl_gemm(rb_backend *b, int fa, int fb, int64_t m, int64_t n, int64_t k, const uint8_t *A,
                   const uint8_t *as, const uint8_t *B, const uint8_t *bs, uint32_t *c)
{
    op_args a = {0};
    a.i0 = fa, a.i1 = fb, a.r = m, a.c = n, a.k = k, a.p0 = A, a.p1 = as, a.p2 = B, a.p3 = bs;
    rb_iso_buf o[1] = {{c, cap_or(sz2(m, n, 4, 256))}};
    return run(b, ch_gemm, &a, o, 1);
}
static int pl_reencode(rb_backend *b, int sf, int df, const uint8_t *src, size_t n, uint8_t *dst)
{
    op_args a = {0};
    a.i0 = sf, a.i1 = df, a.p0 = src, a.n = n;
    rb_iso_buf o[1] = {{dst, cap_or(n)}};
    return run(b, ch_reencode, &a, o, 1);
}

static void pl_close(rb_backend *b)
{
    plugin_impl *p = b->impl;
    if (p) {
        if (p->handle)
            dlclose(p->handle);
        free(p);
    }
    b->impl = NULL;
}

int rb_open_plugin(rb_backend *b, const char *path, char *err, size_t errsize)
{
    probe_info pi;
    memset(&pi, 0, sizeof pi);
    int sig = 0;
    rb_iso_buf o[1] = {{&pi, sizeof pi}};
    double t = b->timeout_s > 0 ? b->timeout_s : 10;
    int rc = rb_isolate(probe_child, (void *)path, o, 1, t, &sig);
    if (rc == RB_ERR_CRASH) {
        snprintf(err, errsize, "plugin %s crashed while loading (%s)", path,
                 sig > 0 ? strsignal(sig) : "exited");
        return 1;
    }
    if (rc == RB_ERR_TIMEOUT) {
        snprintf(err, errsize, "plugin %s hung while loading (killed after %g s)", path, t);
        return 1;
    }
    if (rc != 0) {
        snprintf(err, errsize, "plugin %s: %s", path, pi.err[0] ? pi.err : "could not be probed");
        return 1;
    }
    plugin_impl *p = calloc(1, sizeof *p);
    if (!p)
        return snprintf(err, errsize, "out of memory"), 1;
    snprintf(p->path, sizeof p->path, "%s", path);
    /* Load it here too (constructors already ran fine in the probe) so that
     * every call's child inherits the mapping; no plugin code runs here. */
    p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!p->handle || !(p->get = (mxcts_plugin_get_v1_fn)dlsym(p->handle, MXCTS_PLUGIN_ENTRY))) {
        snprintf(err, errsize, "plugin %s: dlopen failed in the runner: %s", path, dlerror());
        free(p);
        return 1;
    }
    b->impl = p;
    b->close = pl_close;
    b->isolated = 1;
    strcpy(b->kind, "plugin");
    snprintf(b->name, sizeof b->name, "%s", pi.name);
    snprintf(b->impl_version, sizeof b->impl_version, "%s", pi.version);
    snprintf(b->profile, sizeof b->profile, "%s", pi.profile);
    snprintf(b->device, sizeof b->device, "%s", pi.device[0] ? pi.device : "(not stated by the plugin)");
    snprintf(b->target, sizeof b->target, "plugin");
    snprintf(b->platform, sizeof b->platform, "plugin");
    static const int kinds[] = {MXCTS_ACCUM_BLOCKED, MXCTS_ACCUM_EXACT, MXCTS_ACCUM_SEQUENTIAL,
                                MXCTS_ACCUM_BLOCKED, MXCTS_ACCUM_PAIRWISE};
    b->accum_kind = (pi.accum_kind >= 0 && pi.accum_kind <= 4) ? kinds[pi.accum_kind] : MXCTS_ACCUM_BLOCKED;
    b->accum_block = pi.accum_block > 0 ? pi.accum_block : 32;
    static const char *const why[RB_OP_COUNT] = {
        "plugin has no encode", "plugin has no decode", "plugin has no mx_quantize",
        "plugin has no mx_dequantize", "plugin has no gemm_mx", "plugin has no reencode"};
    if (pi.has[RB_OP_ENCODE]) b->ops.encode = pl_encode; else b->not_supported[RB_OP_ENCODE] = why[RB_OP_ENCODE];
    if (pi.has[RB_OP_DECODE]) b->ops.decode = pl_decode; else b->not_supported[RB_OP_DECODE] = why[RB_OP_DECODE];
    if (pi.has[RB_OP_MX_QUANTIZE]) b->ops.mx_quantize = pl_quantize; else b->not_supported[RB_OP_MX_QUANTIZE] = why[RB_OP_MX_QUANTIZE];
    if (pi.has[RB_OP_MX_DEQUANTIZE]) b->ops.mx_dequantize = pl_dequantize; else b->not_supported[RB_OP_MX_DEQUANTIZE] = why[RB_OP_MX_DEQUANTIZE];
    if (pi.has[RB_OP_GEMM_MX]) b->ops.gemm_mx = pl_gemm; else b->not_supported[RB_OP_GEMM_MX] = why[RB_OP_GEMM_MX];
    if (pi.has[RB_OP_REENCODE]) b->ops.reencode = pl_reencode; else b->not_supported[RB_OP_REENCODE] = why[RB_OP_REENCODE];
    return 0;
}

/* The kernel library (include/mxcts/kernels.h) as a backend: `--backend cpu`
 * and `--backend hip[:N]`. Host buffers go straight to the cpu backend; for
 * hip they are copied to device buffers and back (the output buffers are
 * copied in first, so "nothing written on error" stays observable). Status
 * codes are mapped onto mxcts_status classes for the guard suite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>

#include "backend.h"
#include "mxcts/format.h"
#include "mxcts/gemm_ref.h"
#include "mxcts/mxblock.h"
#include "mxcts/profile.h"

#ifdef MXCTS_HAVE_MXK
#include "mxcts/kernels.h"

typedef struct mxk_impl {
    mxk_context *ctx;
    int hip;
} mxk_impl;

int rb_have_mxk(void) { return 1; }

const char *rb_best_backend(void)
{
    int n = 0;
    if (mxk_device_count("hip", &n) == MXK_OK && n > 0)
        return "hip";
    return "cpu";
}

/* Driver and runtime versions, when the runtime the library was linked with
 * is visible (CUDA through HIP-on-NVIDIA, or HIP on AMD). */
static void rb_runtime_versions(rb_backend *b)
{
    typedef int (*ver_fn)(int *);
    ver_fn rt = (ver_fn)dlsym(RTLD_DEFAULT, "cudaRuntimeGetVersion");
    ver_fn dr = (ver_fn)dlsym(RTLD_DEFAULT, "cudaDriverGetVersion");
    const char *what = "CUDA";
    if (!rt) {
        rt = (ver_fn)dlsym(RTLD_DEFAULT, "hipRuntimeGetVersion");
        dr = (ver_fn)dlsym(RTLD_DEFAULT, "hipDriverGetVersion");
        what = "HIP";
    }
    int v = 0;
    if (rt && rt(&v) == 0 && v)
        snprintf(b->runtime, sizeof b->runtime, "%s runtime %d.%d (%d)", what, v / 1000, (v % 1000) / 10, v);
    v = 0;
    if (dr && dr(&v) == 0 && v)
        snprintf(b->driver, sizeof b->driver, "%s driver API %d.%d", what, v / 1000, (v % 1000) / 10);
    FILE *f = fopen("/proc/driver/nvidia/version", "r");
    if (f) {
        char line[256];
        if (fgets(line, sizeof line, f)) {
            /* "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release ...":
             * the version is the first token after "Kernel Module" that starts with a digit */
            char *p = strstr(line, "Kernel Module");
            if (p) {
                p += strlen("Kernel Module");
                while (*p && !(*p >= '0' && *p <= '9' && p[-1] == ' '))
                    p++;
                size_t len = strcspn(p, " \n");
                size_t used = strlen(b->driver);
                snprintf(b->driver + used, sizeof b->driver - used, "%sNVIDIA kernel module %.*s",
                         used ? ", " : "", (int)len, p);
            }
        }
        fclose(f);
    }
}

static int map_status(mxk_status s)
{
    switch (s) {
    case MXK_OK: return MXCTS_OK;
    case MXK_ERR_NULL: return MXCTS_ERR_NULL;
    case MXK_ERR_SIZE: case MXK_ERR_ALIGN: case MXK_ERR_OVERFLOW: case MXK_ERR_LD:
    case MXK_ERR_RANGE: case MXK_ERR_SHAPE:
        return MXCTS_ERR_SIZE;
    case MXK_ERR_DTYPE: return MXCTS_ERR_FORMAT;
    case MXK_ERR_MODE: case MXK_ERR_VALUE: return MXCTS_ERR_MODE;
    case MXK_ERR_UNSUPPORTED: return MXCTS_ERR_UNSUPPORTED;
    default: return RB_ERR_OTHER;
    }
}

static mxk_dtype dt(int fmt)
{
    if (fmt >= 0 && fmt < MXCTS_FORMAT_COUNT)
        return (mxk_dtype)(MXK_E4M3 + fmt); /* same order: e4m3 .. e8m0 */
    return (mxk_dtype)(MXK_DTYPE_COUNT + 7);
}

/* Byte size rows * cols * esize, or 0 when it overflows / is not positive. */
static size_t nbytes(int64_t rows, int64_t cols, size_t esize)
{
    if (rows <= 0 || cols <= 0)
        return 0;
    if ((uint64_t)rows > (uint64_t)INT64_MAX / (uint64_t)cols)
        return 0;
    uint64_t e = (uint64_t)rows * (uint64_t)cols;
    if (e > SIZE_MAX / esize)
        return 0;
    return (size_t)(e * esize);
}

/* Device side of one host buffer. cpu: the host pointer itself. hip: a device
 * copy (outputs are copied in too). NULL stays NULL; an impossible size gets
 * a small dummy buffer so the guard sees the bad size, not a failed alloc. */
typedef struct dbuf {
    void *host;
    void *dev;
    size_t bytes;
    int out;
} dbuf;

static int dbuf_make(mxk_impl *m, dbuf *d, const void *host, size_t bytes, int out)
{
    d->host = (void *)host;
    d->out = out;
    d->bytes = bytes;
    d->dev = NULL;
    if (!host)
        return 0;
    if (!m->hip) {
        d->dev = (void *)host;
        return 0;
    }
    size_t alloc = bytes ? bytes : 64;
    if (mxk_buffer_alloc(m->ctx, alloc, &d->dev) != MXK_OK)
        return RB_ERR_OTHER;
    if (bytes && mxk_copy_to_device(m->ctx, d->dev, host, bytes) != MXK_OK)
        return RB_ERR_OTHER;
    return 0;
}

static int dbuf_done(mxk_impl *m, dbuf *d, int copy_back)
{
    int rc = 0;
    if (m->hip && d->dev) {
        if (copy_back && d->out && d->bytes)
            rc = mxk_copy_to_host(m->ctx, d->host, d->dev, d->bytes) == MXK_OK ? 0 : RB_ERR_OTHER;
        mxk_buffer_free(m->ctx, d->dev);
    }
    d->dev = NULL;
    return rc;
}

static int finish(rb_backend *b, mxk_impl *m, mxk_status st, dbuf *bufs, int nb)
{
    if (m->hip && st == MXK_OK && mxk_synchronize(m->ctx, NULL) != MXK_OK)
        st = MXK_ERR_RUNTIME;
    int rc = map_status(st);
    for (int i = 0; i < nb; i++) {
        int r = dbuf_done(m, &bufs[i], 1);
        if (r && rc == MXCTS_OK)
            rc = r;
    }
    if (rc == MXCTS_ERR_UNSUPPORTED || rc == RB_ERR_OTHER)
        snprintf(b->last_reason, sizeof b->last_reason, "kernel library: %s", mxk_status_string(st));
    return rc;
}

#define DB(i, p, sz, o)                                                                        \
    do {                                                                                       \
        int r_ = dbuf_make(m, &bufs[i], p, sz, o);                                             \
        if (r_) {                                                                              \
            for (int j_ = 0; j_ <= (i); j_++)                                                  \
                dbuf_done(m, &bufs[j_], 0);                                                    \
            snprintf(b->last_reason, sizeof b->last_reason, "device buffer allocation failed"); \
            return r_;                                                                         \
        }                                                                                      \
    } while (0)

static int mk_encode(rb_backend *b, int fmt, const uint32_t *src, size_t n, uint8_t *dst, int round,
                     int overflow)
{
    mxk_impl *m = b->impl;
    mxk_convert_opts o;
    if (mxk_convert_opts_from_profile(b->profile, &o) != MXK_OK) {
        snprintf(b->last_reason, sizeof b->last_reason, "kernel library has no options for profile %s",
                 b->profile);
        return MXCTS_ERR_UNSUPPORTED;
    }
    o.round = (mxk_round)round;
    o.overflow = (mxk_overflow)overflow;
    if (n == 0)
        return (src && dst) ? MXCTS_OK : MXCTS_ERR_NULL; /* mxk tensors have no zero size */
    dbuf bufs[2];
    DB(0, src, n * 4, 0);
    DB(1, dst, n, 1);
    mxk_tensor s = mxk_tensor_2d(bufs[0].dev, MXK_F32, 1, (int64_t)n);
    mxk_tensor d = mxk_tensor_2d(bufs[1].dev, dt(fmt), 1, (int64_t)n);
    mxk_status st = mxk_encode(m->ctx, NULL, &s, &d, 1.0f, &o);
    return finish(b, m, st, bufs, 2);
}

static int mk_decode(rb_backend *b, int fmt, const uint8_t *src, size_t n, uint32_t *dst)
{
    mxk_impl *m = b->impl;
    if (fmt == MXCTS_E8M0) {
        snprintf(b->last_reason, sizeof b->last_reason,
                 "kernel library decodes element formats only (E8M0 scales are judged through mx_dequantize)");
        return MXCTS_ERR_UNSUPPORTED;
    }
    if (n == 0)
        return (src && dst) ? MXCTS_OK : MXCTS_ERR_NULL;
    dbuf bufs[2];
    DB(0, src, n, 0);
    DB(1, dst, n * 4, 1);
    mxk_tensor s = mxk_tensor_2d(bufs[0].dev, dt(fmt), 1, (int64_t)n);
    mxk_tensor d = mxk_tensor_2d(bufs[1].dev, MXK_F32, 1, (int64_t)n);
    mxk_status st = mxk_decode(m->ctx, NULL, &s, &d, 1.0f);
    return finish(b, m, st, bufs, 2);
}

static int mk_quantize(rb_backend *b, int elem, const uint32_t *src, int64_t rows, int64_t k,
                       int scale_mode, uint8_t *codes, uint8_t *scales)
{
    mxk_impl *m = b->impl;
    mxcts_block_config cfg;
    if (mxcts_profile_apply(b->profile, NULL, NULL, &cfg) != MXCTS_OK)
        return MXCTS_ERR_MODE;
    mxk_mx_opts o = mxk_mx_opts_ocp();
    int ok = cfg.round == MXCTS_ELEM_RNE &&
             ((cfg.nan_policy == MXCTS_BLOCK_NAN_SPEC && cfg.inf_policy == MXCTS_BLOCK_INF_SPEC) ||
              (cfg.nan_policy == MXCTS_BLOCK_NAN_IGNORE && cfg.inf_policy == MXCTS_BLOCK_INF_IGNORE));
    if (!ok) {
        snprintf(b->last_reason, sizeof b->last_reason,
                 "kernel library MX options cannot express profile %s's block knobs", b->profile);
        return MXCTS_ERR_UNSUPPORTED;
    }
    o.nan_policy = cfg.nan_policy == MXCTS_BLOCK_NAN_IGNORE ? MXK_BLOCK_NAN_IGNORE : MXK_BLOCK_NAN_PROPAGATE;
    o.int8_min = cfg.int8_min;
    if (scale_mode >= 0 && scale_mode < MXCTS_SCALE_MODE_COUNT && scale_mode >= (int)MXK_SCALE_MODE_COUNT) {
        snprintf(b->last_reason, sizeof b->last_reason, "kernel library has no scale mode %s",
                 mxcts_scale_mode_name((mxcts_scale_mode)scale_mode));
        return MXCTS_ERR_UNSUPPORTED;
    }
    o.scale_mode = (mxk_scale_mode)scale_mode;
    dbuf bufs[3];
    size_t ne = nbytes(rows, k, 1);
    size_t ns = (k > 0 && k % 32 == 0) ? nbytes(rows, k / 32, 1) : 0;
    DB(0, src, nbytes(rows, k, 4), 0);
    DB(1, codes, ne, 1);
    DB(2, scales, ns, 1);
    mxk_tensor s = {bufs[0].dev, MXK_F32, rows, k, k};
    mxk_tensor e = {bufs[1].dev, dt(elem), rows, k, k};
    mxk_tensor x = {bufs[2].dev, MXK_E8M0, rows, k / 32, k / 32};
    if (k > 0 && k % 32)
        x.cols = k / 32 + 1;
    mxk_status st = mxk_mx_quantize(m->ctx, NULL, &s, &e, &x, &o);
    return finish(b, m, st, bufs, 3);
}

/* gemm_mx: C (f32) = A . B^T with MX E4M3 / E5M2 operands (mxk_gemm_mx). The
 * other MX element formats (FP6, FP4, INT8) are valid requests the kernel
 * library has no GEMM for: NOT_SUPPORTED with the reason. */
static int mk_gemm(rb_backend *b, int fa, int fb, int64_t M, int64_t N, int64_t k, const uint8_t *a,
                   const uint8_t *as, const uint8_t *bb, const uint8_t *bs, uint32_t *c)
{
    mxk_impl *m = b->impl;
    for (int i = 0; i < 2; i++) {
        int f = i ? fb : fa;
        if (f == MXCTS_E2M3 || f == MXCTS_E3M2 || f == MXCTS_E2M1 || f == MXCTS_INT8) {
            snprintf(b->last_reason, sizeof b->last_reason,
                     "kernel library gemm_mx takes E4M3 / E5M2 elements only (not %s)",
                     mxcts_format_get((mxcts_format)f)->name);
            return MXCTS_ERR_UNSUPPORTED;
        }
    }
    dbuf bufs[5];
    const int64_t nb = (k > 0 && k % 32 == 0) ? k / 32 : (k > 0 ? k / 32 + 1 : 0);
    DB(0, a, nbytes(M, k, 1), 0);
    DB(1, as, nbytes(M, nb, 1), 0);
    DB(2, bb, nbytes(N, k, 1), 0);
    DB(3, bs, nbytes(N, nb, 1), 0);
    DB(4, c, nbytes(M, N, 4), 1);
    mxk_tensor A = {bufs[0].dev, dt(fa), M, k, k}, AS = {bufs[1].dev, MXK_E8M0, M, nb, nb};
    mxk_tensor B = {bufs[2].dev, dt(fb), N, k, k}, BS = {bufs[3].dev, MXK_E8M0, N, nb, nb};
    mxk_tensor C = {bufs[4].dev, MXK_F32, M, N, N};
    mxk_status st = mxk_gemm_mx(m->ctx, NULL, &A, &AS, &B, &BS, &C, NULL);
    return finish(b, m, st, bufs, 5);
}

/* The accumulation the library declares for the path this shape takes. */
static int mk_gemm_accum(rb_backend *b, int fa, int fb, int64_t M, int64_t N, int64_t k, int *inner_bits,
                         int *extra_roundings, char *path, size_t pathsz)
{
    (void)fa;
    mxk_impl *m = b->impl;
    mxk_gemm_shape sh = {M, N, k, 0, 0};
    mxk_gemm_accum ga;
    if (mxk_gemm_accum_get(m->ctx, MXK_OP_GEMM_MX, dt(fb), &sh, &ga) != MXK_OK)
        return 1;
    *inner_bits = ga.inner_bits;
    *extra_roundings = ga.extra_roundings;
    snprintf(path, pathsz, "%s", ga.path ? ga.path : "");
    return 0;
}

static int mk_dequantize(rb_backend *b, int elem, const uint8_t *codes, const uint8_t *scales,
                         int64_t rows, int64_t k, uint32_t *dst)
{
    mxk_impl *m = b->impl;
    dbuf bufs[3];
    size_t ne = nbytes(rows, k, 1);
    size_t ns = (k > 0 && k % 32 == 0) ? nbytes(rows, k / 32, 1) : 0;
    DB(0, codes, ne, 0);
    DB(1, scales, ns, 0);
    DB(2, dst, ne * 4, 1);
    mxk_tensor e = {bufs[0].dev, dt(elem), rows, k, k};
    mxk_tensor x = {bufs[1].dev, MXK_E8M0, rows, k / 32, k / 32};
    if (k > 0 && k % 32)
        x.cols = k / 32 + 1;
    mxk_tensor d = {bufs[2].dev, MXK_F32, rows, k, k};
    mxk_status st = mxk_mx_dequantize(m->ctx, NULL, &e, &x, &d, MXK_LAYOUT_ROW_MAJOR);
    return finish(b, m, st, bufs, 3);
}

static int mk_reencode(rb_backend *b, int sf, int df, const uint8_t *src, size_t n, uint8_t *dst)
{
    mxk_impl *m = b->impl;
    if (n == 0)
        return (src && dst) ? MXCTS_OK : MXCTS_ERR_NULL;
    dbuf bufs[2];
    DB(0, src, n, 0);
    DB(1, dst, n, 1);
    mxk_tensor s = mxk_tensor_2d(bufs[0].dev, dt(sf), 1, (int64_t)n);
    mxk_tensor d = mxk_tensor_2d(bufs[1].dev, dt(df), 1, (int64_t)n);
    mxk_convert_opts o = mxk_convert_opts_ocp();
    mxk_status st = mxk_reencode(m->ctx, NULL, &s, &d, MXK_REENCODE_BITS, &o);
    return finish(b, m, st, bufs, 2);
}

static void mk_close(rb_backend *b)
{
    mxk_impl *m = b->impl;
    if (m) {
        mxk_context_destroy(m->ctx);
        free(m);
    }
    b->impl = NULL;
}

int rb_open_mxk(rb_backend *b, const char *which, char *err, size_t errsize)
{
    mxk_impl *m = calloc(1, sizeof *m);
    if (!m)
        return snprintf(err, errsize, "out of memory"), 1;
    mxk_status st = mxk_context_create(which, &m->ctx);
    if (st != MXK_OK) {
        int n = 0;
        mxk_device_count("hip", &n);
        snprintf(err, errsize, "kernel library backend '%s' not available: %s%s", which,
                 mxk_status_string(st),
                 !strncmp(which, "hip", 3) && n == 0 ? " (no HIP device visible, or the library was built "
                                                       "without MXCTS_HIP_NVIDIA / a ROCm runtime)"
                                                     : "");
        free(m);
        return 1;
    }
    m->hip = strncmp(which, "hip", 3) == 0;
    b->no_fork = m->hip; /* a CUDA / HIP context is not usable in a forked child */
    mxk_target_info info;
    mxk_target_info_get(m->ctx, &info);
    b->impl = m;
    b->close = mk_close;
    snprintf(b->kind, sizeof b->kind, "%s", m->hip ? "hip" : "cpu");
    snprintf(b->name, sizeof b->name, "mxcts kernel library (%s backend)", info.backend);
    snprintf(b->impl_version, sizeof b->impl_version, "%d.%d", MXK_VERSION_MAJOR, MXK_VERSION_MINOR);
    snprintf(b->target, sizeof b->target, "%s", info.target);
    snprintf(b->device, sizeof b->device, "%s", info.name);
    snprintf(b->platform, sizeof b->platform, "%s", info.platform);
    b->accum_kind = MXCTS_ACCUM_BLOCKED; /* mxk_gemm_accum_get: blocked, 32, fp32 */
    b->accum_block = 32;
    b->ops.encode = mk_encode;
    b->ops.decode = mk_decode;
    b->ops.mx_quantize = mk_quantize;
    b->ops.mx_dequantize = mk_dequantize;
    b->ops.reencode = mk_reencode;
    b->ops.gemm_mx = mk_gemm;
    b->gemm_accum = mk_gemm_accum; /* blocked, 32, fp32 sums or what the path declares */
    rb_runtime_versions(b);
    return 0;
}

#else /* !MXCTS_HAVE_MXK */

int rb_have_mxk(void) { return 0; }
const char *rb_best_backend(void) { return "ref"; }
int rb_open_mxk(rb_backend *b, const char *which, char *err, size_t errsize)
{
    (void)b;
    snprintf(err, errsize, "backend '%s': this mxcts was built without the kernel library", which);
    return 1;
}

#endif

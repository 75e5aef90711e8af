/* The kernel library's API layer: contexts, guards, dispatch to backends.
 * Every entry point checks all its arguments before any backend call, so
 * nothing is written to outputs when it fails. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#ifdef _OPENMP
#include <omp.h>
#endif

static const char *const status_text[MXK_STATUS_COUNT] = {
    [MXK_OK] = "ok",
    [MXK_ERR_NULL] = "a required pointer is NULL",
    [MXK_ERR_SIZE] = "a dimension is zero or negative",
    [MXK_ERR_ALIGN] = "MX row length K is not a multiple of 32",
    [MXK_ERR_OVERFLOW] = "a size product overflows 64 bits",
    [MXK_ERR_LD] = "leading dimension smaller than the row",
    [MXK_ERR_RANGE] = "a byte offset exceeds what the chosen kernel can address",
    [MXK_ERR_DTYPE] = "dtype/format not valid for this operand",
    [MXK_ERR_SHAPE] = "operand shapes do not agree",
    [MXK_ERR_MODE] = "an option value is out of range",
    [MXK_ERR_VALUE] = "invalid scalar argument (scale must be finite and > 0)",
    [MXK_ERR_UNSUPPORTED] = "not supported on this target (mxk_dispatch_query gives the reason)",
    [MXK_ERR_BACKEND] = "unknown backend, backend not built, or no such device",
    [MXK_ERR_RUNTIME] = "the device runtime reported an error",
    [MXK_ERR_ALLOC] = "out of host memory",
    [MXK_ERR_INDEX] = "an index (MoE token / expert id) is out of range",
};

const char *mxk_status_string(int status)
{
    if (status < 0 || status >= MXK_STATUS_COUNT)
        return "unknown mxk status";
    return status_text[status];
}

static const char *const dtype_names[MXK_DTYPE_COUNT] = {
    "f32", "f16", "bf16", "e4m3", "e5m2", "e4m3fnuz", "e5m2fnuz", "e2m3", "e3m2", "e2m1", "int8", "e8m0"};
static const unsigned char dtype_sizes[MXK_DTYPE_COUNT] = {4, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1};

const char *mxk_dtype_name(mxk_dtype t)
{
    return (unsigned)t < MXK_DTYPE_COUNT ? dtype_names[t] : "?";
}

mxk_status mxk_dtype_from_name(const char *name, mxk_dtype *t)
{
    if (!name || !t)
        return MXK_ERR_NULL;
    for (int i = 0; i < MXK_DTYPE_COUNT; i++)
        if (!strcasecmp(name, dtype_names[i])) {
            *t = (mxk_dtype)i;
            return MXK_OK;
        }
    return MXK_ERR_DTYPE;
}

size_t mxk_dtype_size(mxk_dtype t)
{
    return (unsigned)t < MXK_DTYPE_COUNT ? dtype_sizes[t] : 0;
}

mxk_tensor mxk_tensor_2d(void *data, mxk_dtype dtype, int64_t rows, int64_t cols)
{
    mxk_tensor t = {data, dtype, rows, cols, cols};
    return t;
}

const char *mxk_op_name(mxk_op op)
{
    static const char *const names[MXK_OP_COUNT] = {"encode", "decode", "mx_quantize", "mx_dequantize",
                                                    "reencode",  "gemm_mx", "gemm_fp8", "gemv_mx",
                                                    "moe_gemm_mx", "linear_mxfp8"};
    return (unsigned)op < MXK_OP_COUNT ? names[op] : "?";
}

mxk_convert_opts mxk_convert_opts_ocp(void)
{
    mxk_convert_opts o = {MXK_ROUND_RNE, MXK_SAT, MXK_NAN_SIGN_PRESERVE, -128};
    return o;
}

mxk_status mxk_convert_opts_from_profile(const char *profile, mxk_convert_opts *opts)
{
    if (!profile || !opts)
        return MXK_ERR_NULL;
    mxk_convert_opts o = mxk_convert_opts_ocp();
    if (!strcmp(profile, "ocp")) {
    } else if (!strcmp(profile, "ocp_nonsat")) {
        o.overflow = MXK_NONSAT;
    } else if (!strcmp(profile, "cuda_satfinite")) {
        o.nan_sign = MXK_NAN_SIGN_CLEAR;
    } else if (!strcmp(profile, "cuda_nosat")) {
        o.overflow = MXK_NONSAT;
        o.nan_sign = MXK_NAN_SIGN_CLEAR;
    } else {
        return MXK_ERR_MODE;
    }
    *opts = o;
    return MXK_OK;
}

mxk_mx_opts mxk_mx_opts_ocp(void)
{
    mxk_mx_opts o = {MXK_SCALE_FLOOR, MXK_BLOCK_NAN_PROPAGATE, MXK_LAYOUT_ROW_MAJOR, -128};
    return o;
}

/* ---- contexts ---- */

static int parse_backend(const char *s, int *backend, int *device)
{
    if (!strcmp(s, "cpu")) {
        *backend = MXK_BACKEND_CPU;
        *device = -1;
        return 1;
    }
    if (!strncmp(s, "hip", 3)) {
        *backend = MXK_BACKEND_HIP;
        if (s[3] == 0) {
            *device = 0;
            return 1;
        }
        if (s[3] != ':' || !s[4])
            return 0;
        char *end;
        long d = strtol(s + 4, &end, 10);
        if (*end || d < 0 || d > 1024)
            return 0;
        *device = (int)d;
        return 1;
    }
    return 0;
}

mxk_status mxk_context_create(const char *backend, mxk_context **ctx)
{
    if (!backend || !ctx)
        return MXK_ERR_NULL;
    int b, dev;
    if (!parse_backend(backend, &b, &dev))
        return MXK_ERR_BACKEND;
    mxk_target_info info;
    memset(&info, 0, sizeof info);
    if (b == MXK_BACKEND_CPU) {
        strcpy(info.backend, "cpu");
        info.device = -1;
        strcpy(info.target, "cpu");
        strcpy(info.name, "host CPU (OpenMP)");
        strcpy(info.platform, "host");
        info.wave_size = 1;
#ifdef _OPENMP
        info.compute_units = omp_get_max_threads();
#else
        info.compute_units = 1;
#endif
    } else {
#ifdef MXK_HAVE_HIP
        int n = 0;
        mxk_status st = mxk_hip_device_count(&n);
        if (st)
            return st;
        if (dev >= n)
            return MXK_ERR_BACKEND;
        st = mxk_hip_target_info(dev, &info);
        if (st)
            return st;
#else
        return MXK_ERR_BACKEND;
#endif
    }
    mxk_context *c = (mxk_context *)calloc(1, sizeof *c);
    if (!c)
        return MXK_ERR_ALLOC;
    c->backend = b;
    c->device = dev;
    c->info = info;
    *ctx = c;
    return MXK_OK;
}

mxk_status mxk_context_destroy(mxk_context *ctx)
{
    if (!ctx)
        return MXK_ERR_NULL;
    free(ctx);
    return MXK_OK;
}

mxk_status mxk_target_info_get(const mxk_context *ctx, mxk_target_info *info)
{
    if (!ctx || !info)
        return MXK_ERR_NULL;
    *info = ctx->info;
    return MXK_OK;
}

mxk_status mxk_device_count(const char *backend, int *count)
{
    if (!backend || !count)
        return MXK_ERR_NULL;
    if (!strcmp(backend, "cpu")) {
        *count = 1;
        return MXK_OK;
    }
    if (strcmp(backend, "hip"))
        return MXK_ERR_BACKEND;
#ifdef MXK_HAVE_HIP
    int n = 0;
    if (mxk_hip_device_count(&n) != MXK_OK)
        n = 0;
    *count = n;
#else
    *count = 0;
#endif
    return MXK_OK;
}

mxk_status mxk_synchronize(const mxk_context *ctx, mxk_stream stream)
{
    if (!ctx)
        return MXK_ERR_NULL;
#ifdef MXK_HAVE_HIP
    if (ctx->backend == MXK_BACKEND_HIP)
        return mxk_hip_synchronize(ctx->device, stream);
#endif
    (void)stream;
    return MXK_OK;
}

/* ---- memory helpers ---- */

mxk_status mxk_buffer_alloc(const mxk_context *ctx, size_t bytes, void **ptr)
{
    if (!ctx || !ptr)
        return MXK_ERR_NULL;
    if (bytes == 0)
        return MXK_ERR_SIZE;
    if (ctx->backend == MXK_BACKEND_CPU) {
        void *p = malloc(bytes);
        if (!p)
            return MXK_ERR_ALLOC;
        *ptr = p;
        return MXK_OK;
    }
#ifdef MXK_HAVE_HIP
    return mxk_hip_alloc(ctx->device, bytes, ptr);
#else
    return MXK_ERR_BACKEND;
#endif
}

mxk_status mxk_buffer_free(const mxk_context *ctx, void *ptr)
{
    if (!ctx)
        return MXK_ERR_NULL;
    if (!ptr)
        return MXK_OK;
    if (ctx->backend == MXK_BACKEND_CPU) {
        free(ptr);
        return MXK_OK;
    }
#ifdef MXK_HAVE_HIP
    return mxk_hip_free(ctx->device, ptr);
#else
    return MXK_ERR_BACKEND;
#endif
}

/* kind: 0 to host, 1 to device, 2 device to device (mxk_hip_copy's codes) */
static mxk_status copy(const mxk_context *ctx, void *dst, const void *src, size_t bytes, int kind)
{
    if (!ctx || !dst || !src)
        return MXK_ERR_NULL;
    if (bytes == 0)
        return MXK_OK;
    if (ctx->backend == MXK_BACKEND_CPU) {
        memcpy(dst, src, bytes);
        return MXK_OK;
    }
#ifdef MXK_HAVE_HIP
    return mxk_hip_copy(ctx->device, dst, src, bytes, kind);
#else
    (void)kind;
    return MXK_ERR_BACKEND;
#endif
}

mxk_status mxk_copy_to_device(const mxk_context *ctx, void *dst, const void *src, size_t bytes)
{
    return copy(ctx, dst, src, bytes, 1);
}

mxk_status mxk_copy_to_host(const mxk_context *ctx, void *dst, const void *src, size_t bytes)
{
    return copy(ctx, dst, src, bytes, 0);
}

mxk_status mxk_copy_on_device(const mxk_context *ctx, void *dst, const void *src, size_t bytes)
{
    return copy(ctx, dst, src, bytes, 2);
}

/* ---- guards ---- */

static int is_elem(mxk_dtype t) { return t >= MXK_E4M3 && t <= MXK_INT8; }
static int is_mx_elem(mxk_dtype t)
{
    return t == MXK_E4M3 || t == MXK_E5M2 || (t >= MXK_E2M3 && t <= MXK_INT8);
}

mxk_status mxk_check_desc(const mxk_tensor *t)
{
    if (!t || !t->data)
        return MXK_ERR_NULL;
    if ((unsigned)t->dtype >= MXK_DTYPE_COUNT)
        return MXK_ERR_DTYPE;
    if (t->rows <= 0 || t->cols <= 0 || t->ld <= 0)
        return MXK_ERR_SIZE;
    if (t->ld < t->cols)
        return MXK_ERR_LD;
    /* elements spanned: (rows - 1) * ld + cols, then bytes */
    if (t->rows - 1 > (INT64_MAX - t->cols) / t->ld)
        return MXK_ERR_OVERFLOW;
    int64_t span = (t->rows - 1) * t->ld + t->cols;
    int64_t sz = (int64_t)mxk_dtype_size(t->dtype);
    if (span > INT64_MAX / sz)
        return MXK_ERR_OVERFLOW;
    return MXK_OK;
}

int64_t mxk_extent_bytes(const mxk_tensor *t)
{
    return ((t->rows - 1) * t->ld + t->cols) * (int64_t)mxk_dtype_size(t->dtype);
}

static mxk_status check_convert_opts(const mxk_convert_opts *o)
{
    if (!o)
        return MXK_ERR_NULL;
    if ((unsigned)o->round >= MXK_ROUND_COUNT || (unsigned)o->overflow >= MXK_OVERFLOW_COUNT ||
        (unsigned)o->nan_sign >= MXK_NAN_SIGN_COUNT || (o->int8_min != -128 && o->int8_min != -127))
        return MXK_ERR_MODE;
    return MXK_OK;
}

static int valid_scale(float s) { return isfinite(s) && s > 0.0f; }


static mxk_status same_shape(const mxk_tensor *a, const mxk_tensor *b)
{
    return (a->rows == b->rows && a->cols == b->cols) ? MXK_OK : MXK_ERR_SHAPE;
}

/* Resolve the path: the first row whose kernels can address every operand.
 * MXK_ERR_RANGE when rows exist but none can address them. */
static mxk_status route(const mxk_context *ctx, mxk_op op, mxk_dtype fmt, const mxk_convert_opts *o,
                        const mxk_tensor *const *ts, int nt, mxk_path_id *id)
{
    int64_t bytes = 0;
    for (int i = 0; i < nt; i++)
        if (mxk_extent_bytes(ts[i]) > bytes)
            bytes = mxk_extent_bytes(ts[i]);
    *id = mxk_dispatch_lookup_bytes(ctx, op, fmt, o, bytes, NULL);
    if (*id != MXK_PATH_NONE)
        return MXK_OK;
    if (mxk_dispatch_lookup(ctx, op, fmt, o, NULL) != MXK_PATH_NONE)
        return MXK_ERR_RANGE;
    return MXK_ERR_UNSUPPORTED;
}

/* ---- operations ---- */

mxk_status mxk_encode(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *src,
                      const mxk_tensor *dst, float scale, const mxk_convert_opts *opts)
{
    if (!ctx)
        return MXK_ERR_NULL;
    MXK_TRY(mxk_check_desc(src));
    MXK_TRY(mxk_check_desc(dst));
    MXK_TRY(check_convert_opts(opts));
    if (!mxk_is_wide(src->dtype) || !is_elem(dst->dtype))
        return MXK_ERR_DTYPE;
    MXK_TRY(same_shape(src, dst));
    if (!valid_scale(scale))
        return MXK_ERR_VALUE;
    const mxk_tensor *ts[2] = {src, dst};
    mxk_path_id id;
    MXK_TRY(route(ctx, MXK_OP_ENCODE, dst->dtype, opts, ts, 2, &id));
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_encode(src, dst, scale, opts);
#ifdef MXK_HAVE_HIP
    return mxk_hip_encode(ctx->device, stream, id, src, dst, scale, opts);
#else
    (void)stream;
    return MXK_ERR_BACKEND;
#endif
}

mxk_status mxk_decode(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *src,
                      const mxk_tensor *dst, float scale)
{
    if (!ctx)
        return MXK_ERR_NULL;
    MXK_TRY(mxk_check_desc(src));
    MXK_TRY(mxk_check_desc(dst));
    if (!is_elem(src->dtype) || (dst->dtype != MXK_F32 && dst->dtype != MXK_BF16))
        return MXK_ERR_DTYPE;
    MXK_TRY(same_shape(src, dst));
    if (!valid_scale(scale))
        return MXK_ERR_VALUE;
    const mxk_tensor *ts[2] = {src, dst};
    mxk_path_id id;
    MXK_TRY(route(ctx, MXK_OP_DECODE, src->dtype, NULL, ts, 2, &id));
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_decode(src, dst, scale);
#ifdef MXK_HAVE_HIP
    return mxk_hip_decode(ctx->device, stream, src, dst, scale);
#else
    (void)stream;
    return MXK_ERR_BACKEND;
#endif
}

mxk_status mxk_scale_shape(mxk_scale_layout layout, int64_t rows, int64_t K, int64_t *scale_rows,
                           int64_t *scale_cols)
{
    if (!scale_rows || !scale_cols)
        return MXK_ERR_NULL;
    if ((unsigned)layout >= MXK_LAYOUT_COUNT)
        return MXK_ERR_MODE;
    if (rows < 1 || K < MXK_BLOCK)
        return MXK_ERR_SIZE;
    if (K % MXK_BLOCK)
        return MXK_ERR_ALIGN;
    /* tile of the layout: rows x columns of scales */
    static const int64_t tile_r[MXK_LAYOUT_COUNT] = {1, 32, 128}, tile_c[MXK_LAYOUT_COUNT] = {1, 8, 4};
    const int64_t tr = tile_r[layout], tc = tile_c[layout], nb = K / MXK_BLOCK;
    if (rows > INT64_MAX - tr || nb > INT64_MAX - tc)
        return MXK_ERR_OVERFLOW;
    const int64_t pr = (rows + tr - 1) / tr * tr, pc = (nb + tc - 1) / tc * tc;
    int64_t n;
    if (__builtin_mul_overflow(pr, pc, &n))
        return MXK_ERR_OVERFLOW;
    *scale_rows = pr;
    *scale_cols = pc;
    return MXK_OK;
}

/* elems (rows x K) and its scale tensor in `layout`: row-major takes any ld
 * (checked by mxk_check_desc); a hardware layout takes the padded matrix,
 * dense (ld == cols). */
static mxk_status check_mx_pair(const mxk_tensor *elems, const mxk_tensor *scales, mxk_scale_layout layout)
{
    if (!is_mx_elem(elems->dtype) || scales->dtype != MXK_E8M0)
        return MXK_ERR_DTYPE;
    if (elems->cols % MXK_BLOCK)
        return MXK_ERR_ALIGN;
    int64_t sr, sc;
    MXK_TRY(mxk_scale_shape(layout, elems->rows, elems->cols, &sr, &sc));
    if (scales->rows != sr || scales->cols != sc)
        return MXK_ERR_SHAPE;
    if (layout != MXK_LAYOUT_ROW_MAJOR && scales->ld != sc)
        return MXK_ERR_LD;
    return MXK_OK;
}

mxk_status mxk_mx_quantize(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *src,
                           const mxk_tensor *elems, const mxk_tensor *scales, const mxk_mx_opts *opts)
{
    if (!ctx || !opts)
        return MXK_ERR_NULL;
    MXK_TRY(mxk_check_desc(src));
    MXK_TRY(mxk_check_desc(elems));
    MXK_TRY(mxk_check_desc(scales));
    if ((unsigned)opts->scale_mode >= MXK_SCALE_MODE_COUNT ||
        (unsigned)opts->nan_policy >= MXK_BLOCK_NAN_COUNT || (unsigned)opts->layout >= MXK_LAYOUT_COUNT ||
        (opts->int8_min != -128 && opts->int8_min != -127))
        return MXK_ERR_MODE;
    if (!mxk_is_wide(src->dtype))
        return MXK_ERR_DTYPE;
    if (src->cols % MXK_BLOCK)
        return MXK_ERR_ALIGN;
    MXK_TRY(check_mx_pair(elems, scales, opts->layout));
    MXK_TRY(same_shape(src, elems));
    if (opts->scale_mode == MXK_SCALE_EVEN && elems->dtype == MXK_INT8)
        return MXK_ERR_UNSUPPORTED; /* EVEN is defined for float elements only */
    const mxk_tensor *ts[3] = {src, elems, scales};
    mxk_path_id id;
    MXK_TRY(route(ctx, MXK_OP_MX_QUANTIZE, elems->dtype, NULL, ts, 3, &id));
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_mx_quantize(src, elems, scales, opts);
#ifdef MXK_HAVE_HIP
    return mxk_hip_mx_quantize(ctx->device, stream, id, src, elems, scales, opts);
#else
    (void)stream;
    return MXK_ERR_BACKEND;
#endif
}

mxk_status mxk_mx_dequantize(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *elems,
                             const mxk_tensor *scales, const mxk_tensor *dst, mxk_scale_layout layout)
{
    if (!ctx)
        return MXK_ERR_NULL;
    MXK_TRY(mxk_check_desc(elems));
    MXK_TRY(mxk_check_desc(scales));
    MXK_TRY(mxk_check_desc(dst));
    if ((unsigned)layout >= MXK_LAYOUT_COUNT)
        return MXK_ERR_MODE;
    MXK_TRY(check_mx_pair(elems, scales, layout));
    if (!mxk_is_wide(dst->dtype))
        return MXK_ERR_DTYPE;
    MXK_TRY(same_shape(elems, dst));
    const mxk_tensor *ts[3] = {elems, scales, dst};
    mxk_path_id id;
    MXK_TRY(route(ctx, MXK_OP_MX_DEQUANTIZE, elems->dtype, NULL, ts, 3, &id));
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_mx_dequantize(elems, scales, dst, layout);
#ifdef MXK_HAVE_HIP
    return mxk_hip_mx_dequantize(ctx->device, stream, elems, scales, dst, layout);
#else
    (void)stream;
    return MXK_ERR_BACKEND;
#endif
}


mxk_status mxk_reencode(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *src,
                        const mxk_tensor *dst, mxk_reencode_mode mode, const mxk_convert_opts *opts)
{
    if (!ctx)
        return MXK_ERR_NULL;
    MXK_TRY(mxk_check_desc(src));
    MXK_TRY(mxk_check_desc(dst));
    MXK_TRY(check_convert_opts(opts));
    if ((unsigned)mode >= MXK_REENCODE_COUNT)
        return MXK_ERR_MODE;
    if (!mxk_is_fp8(src->dtype) || !mxk_is_fp8(dst->dtype))
        return MXK_ERR_DTYPE;
    if (mode == MXK_REENCODE_BITS) {
        int ok = (src->dtype == MXK_E4M3 && dst->dtype == MXK_E4M3FNUZ) ||
                 (src->dtype == MXK_E4M3FNUZ && dst->dtype == MXK_E4M3) ||
                 (src->dtype == MXK_E5M2 && dst->dtype == MXK_E5M2FNUZ) ||
                 (src->dtype == MXK_E5M2FNUZ && dst->dtype == MXK_E5M2);
        if (!ok)
            return MXK_ERR_DTYPE;
    }
    MXK_TRY(same_shape(src, dst));
    const mxk_tensor *ts[2] = {src, dst};
    mxk_path_id id;
    MXK_TRY(route(ctx, MXK_OP_REENCODE, dst->dtype, opts, ts, 2, &id));
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_reencode(src, dst, mode, opts);
#ifdef MXK_HAVE_HIP
    return mxk_hip_reencode(ctx->device, stream, src, dst, mode, opts);
#else
    (void)stream;
    return MXK_ERR_BACKEND;
#endif
}

/* ---- `mxcts targets` ---- */

mxk_status mxk_dispatch_table_print(FILE *out)
{
    if (!out)
        return MXK_ERR_NULL;
    int nhip = 0;
    mxk_device_count("hip", &nhip);
    fprintf(out, "devices found:\n");
    fprintf(out, "  cpu     target cpu      host CPU (OpenMP)\n");
    for (int d = 0; d < nhip; d++) {
        char name[16];
        snprintf(name, sizeof name, "hip:%d", d);
        mxk_context *c = NULL;
        if (mxk_context_create(name, &c) == MXK_OK) {
            fprintf(out, "  %-7s target %-8s %s (%s, wave %d, %d CUs, %.1f GiB)\n", name, c->info.target,
                    c->info.name, c->info.platform, c->info.wave_size, c->info.compute_units,
                    (double)c->info.global_mem / (1024.0 * 1024.0 * 1024.0));
            mxk_context_destroy(c);
        }
    }
#ifdef MXK_HAVE_HIP
    if (!nhip)
        fprintf(out, "  (hip backend built; no GPU device found)\n");
#else
    fprintf(out, "  (hip backend not built in this binary)\n");
#endif
    fprintf(out, "\ntargets of this build:\n");
    for (size_t i = 0; i < mxk_build_target_count(); i++) {
        mxk_build_target b;
        mxk_build_target_get(i, &b);
        const char *ran = "";
        if (!strcmp(b.platform, "host"))
            ran = "  [device present: runs here]";
        for (int d = 0; d < nhip; d++) {
            char name[16];
            snprintf(name, sizeof name, "hip:%d", d);
            mxk_context *c = NULL;
            if (mxk_context_create(name, &c) == MXK_OK) {
                if (!strcmp(c->info.target, b.target))
                    ran = "  [device present: runs here]";
                mxk_context_destroy(c);
            }
        }
        fprintf(out, "  %-8s %-7s %s%s\n", b.target, b.platform, b.status, ran);
    }
    fprintf(out, "\ndispatch table (first matching row wins; targets match exactly):\n");
    fprintf(out, "  %-14s %-8s %-4s %-18s %-8s %-9s %-24s %s\n", "op", "target", "be", "formats", "profile",
            "envelope", "path", "reason");
    for (size_t i = 0; i < mxk_dispatch_row_count(); i++) {
        const mxk_dispatch_row *r = mxk_dispatch_row_get(i);
        fprintf(out, "  %-14s %-8s %-4s %-18s %-8s %-9s %-24s %s", mxk_op_name(r->op), r->target, r->backend,
                r->formats, r->profile, r->envelope, r->path, r->reason);
        if (r->max_bytes < INT64_MAX)
            fprintf(out, " [max %lld bytes]", (long long)r->max_bytes);
        fputc('\n', out);
    }
    return MXK_OK;
}

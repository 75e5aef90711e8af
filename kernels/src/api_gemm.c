/* API layer of the GEMM family (kernels.h "GEMM family"): guards, shape
 * envelope dispatch, backend calls. Every argument is checked before any
 * backend call, so nothing is written to outputs when a call fails.
 * Guard order: NULL, sizes / leading dimensions / 64-bit overflow (per
 * descriptor), dtypes, K % 32, shapes, options, then the dispatch (target
 * support, byte range). */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "internal.h"


static int64_t extent(const mxk_tensor *t) { return t ? mxk_extent_bytes(t) : 0; }

static int is_mx8(mxk_dtype t) { return t == MXK_E4M3 || t == MXK_E5M2; }

mxk_gemm_opts mxk_gemm_opts_default(void)
{
    mxk_gemm_opts o = {NULL, 0u, MXK_LAYOUT_ROW_MAJOR};
    return o;
}

mxk_linear_opts mxk_linear_opts_default(void)
{
    mxk_linear_opts o = {MXK_E4M3, MXK_SCALE_FLOOR};
    return o;
}

/* opts (may be NULL) against N; the bias descriptor is checked here. */
static mxk_status check_opts(const mxk_gemm_opts *o, int64_t N)
{
    if (!o)
        return MXK_OK;
    if (o->bias) {
        MXK_TRY(mxk_check_desc(o->bias));
        if (!mxk_is_wide(o->bias->dtype))
            return MXK_ERR_DTYPE;
        if (o->bias->rows != 1 || o->bias->cols != N)
            return MXK_ERR_SHAPE;
    }
    if (o->flags & ~(unsigned)MXK_GEMM_REQUIRE_NATIVE)
        return MXK_ERR_MODE;
    if ((unsigned)o->layout >= MXK_LAYOUT_COUNT)
        return MXK_ERR_MODE;
    if (o->layout != MXK_LAYOUT_ROW_MAJOR)
        return MXK_ERR_UNSUPPORTED; /* hardware scale layouts: reserved names */
    return MXK_OK;
}

/* An MX operand pair: elements rows x K (E4M3/E5M2), scales rows x K/32. */
static mxk_status check_mx(const mxk_tensor *e, const mxk_tensor *s)
{
    MXK_TRY(mxk_check_desc(e));
    MXK_TRY(mxk_check_desc(s));
    if (!is_mx8(e->dtype) || s->dtype != MXK_E8M0)
        return MXK_ERR_DTYPE;
    if (e->cols % MXK_BLOCK)
        return MXK_ERR_ALIGN;
    if (s->rows != e->rows || s->cols != e->cols / MXK_BLOCK)
        return MXK_ERR_SHAPE;
    return MXK_OK;
}

static const char *backend_name(const mxk_context *ctx) { return ctx->backend == MXK_BACKEND_CPU ? "cpu" : "hip"; }

static int64_t max_extent(const mxk_tensor *const *ts, int n)
{
    int64_t m = 0;
    for (int i = 0; i < n; i++)
        if (extent(ts[i]) > m)
            m = extent(ts[i]);
    return m;
}

static mxk_status route(const mxk_context *ctx, mxk_op op, mxk_dtype wfmt, int act, int64_t M, int64_t N,
                        int64_t K, int64_t bytes, const mxk_gemm_opts *o, mxk_path_id *id, int *native)
{
    mxk_gemm_shape sh = {M, N, K, bytes, o ? o->flags : 0u};
    mxk_status why = MXK_OK;
    *id = mxk_gemm_dispatch_lookup(backend_name(ctx), ctx->info.target, op, wfmt, act, &sh, NULL, native, &why);
    return *id == MXK_PATH_NONE ? why : MXK_OK;
}

static const mxk_tensor *bias_of(const mxk_gemm_opts *o) { return o ? o->bias : NULL; }

/* ---- gemm_mx / gemv_mx ---- */

static mxk_status gemm_mx_checks(const mxk_context *ctx, const mxk_tensor *a, const mxk_tensor *as,
                                 const mxk_tensor *b, const mxk_tensor *bs, const mxk_tensor *c,
                                 const mxk_gemm_opts *opts)
{
    if (!ctx)
        return MXK_ERR_NULL;
    MXK_TRY(check_mx(a, as));
    MXK_TRY(check_mx(b, bs));
    MXK_TRY(mxk_check_desc(c));
    if (!mxk_is_wide(c->dtype))
        return MXK_ERR_DTYPE;
    if (b->cols != a->cols || c->rows != a->rows || c->cols != b->rows)
        return MXK_ERR_SHAPE;
    return check_opts(opts, b->rows);
}

static mxk_status gemm_mx_run(const mxk_context *ctx, mxk_stream stream, mxk_op op, const mxk_tensor *a,
                              const mxk_tensor *as, const mxk_tensor *b, const mxk_tensor *bs,
                              const mxk_tensor *c, const mxk_gemm_opts *opts)
{
    const mxk_tensor *ts[5] = {a, as, b, bs, c};
    const int64_t bytes = max_extent(ts, 5);
    mxk_path_id id;
    int native = 0;
    mxk_status st = route(ctx, op, b->dtype, (int)a->dtype, a->rows, b->rows, a->cols, bytes, opts, &id, &native);
    if (st != MXK_OK && op == MXK_OP_GEMV_MX) {
        /* outside the GEMV envelope (M > 16, operands past its 32-bit
         * offsets, or a native request): the gemm_mx path, same answer class */
        op = MXK_OP_GEMM_MX;
        st = route(ctx, op, b->dtype, (int)a->dtype, a->rows, b->rows, a->cols, bytes, opts, &id, &native);
    }
    if (st != MXK_OK)
        return st;
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_gemm_mx(a, as, b, bs, c, bias_of(opts));
#ifdef MXK_HAVE_HIP
    if (id == MXK_PATH_GEMV_HIP)
        return mxk_hip_gemv_mx(ctx->device, stream, a, as, b, bs, c, bias_of(opts));
    return mxk_hip_gemm_mx(ctx->device, stream, id, a, as, b, bs, c, bias_of(opts));
#else
    (void)stream;
    return MXK_ERR_BACKEND;
#endif
}

mxk_status mxk_gemm_mx(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *a, const mxk_tensor *a_scales,
                       const mxk_tensor *b, const mxk_tensor *b_scales, const mxk_tensor *c,
                       const mxk_gemm_opts *opts)
{
    MXK_TRY(gemm_mx_checks(ctx, a, a_scales, b, b_scales, c, opts));
    return gemm_mx_run(ctx, stream, MXK_OP_GEMM_MX, a, a_scales, b, b_scales, c, opts);
}

mxk_status mxk_gemv_mx(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *a, const mxk_tensor *a_scales,
                       const mxk_tensor *b, const mxk_tensor *b_scales, const mxk_tensor *c,
                       const mxk_gemm_opts *opts)
{
    MXK_TRY(gemm_mx_checks(ctx, a, a_scales, b, b_scales, c, opts));
    return gemm_mx_run(ctx, stream, MXK_OP_GEMV_MX, a, a_scales, b, b_scales, c, opts);
}

/* ---- gemm_fp8 ---- */

mxk_status mxk_gemm_fp8(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *a, float a_scale,
                        const mxk_tensor *b, float b_scale, const mxk_tensor *c, const mxk_gemm_opts *opts)
{
    if (!ctx)
        return MXK_ERR_NULL;
    MXK_TRY(mxk_check_desc(a));
    MXK_TRY(mxk_check_desc(b));
    MXK_TRY(mxk_check_desc(c));
    if (!mxk_is_fp8(b->dtype) || !(mxk_is_fp8(a->dtype) || a->dtype == MXK_BF16 || a->dtype == MXK_F16) ||
        !mxk_is_wide(c->dtype))
        return MXK_ERR_DTYPE;
    if (b->cols != a->cols || c->rows != a->rows || c->cols != b->rows)
        return MXK_ERR_SHAPE;
    MXK_TRY(check_opts(opts, b->rows));
    if (!isfinite(a_scale) || !(a_scale > 0.0f) || !isfinite(b_scale) || !(b_scale > 0.0f))
        return MXK_ERR_VALUE;
    const mxk_tensor *ts[3] = {a, b, c};
    mxk_path_id id;
    int native = 0;
    MXK_TRY(route(ctx, MXK_OP_GEMM_FP8, b->dtype, (int)a->dtype, a->rows, b->rows, a->cols, max_extent(ts, 3), opts,
              &id, &native));
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_gemm_fp8(a, a_scale, b, b_scale, c, bias_of(opts));
#ifdef MXK_HAVE_HIP
    return mxk_hip_gemm_fp8(ctx->device, stream, id, a, a_scale, b, b_scale, c, bias_of(opts));
#else
    (void)stream;
    return MXK_ERR_BACKEND;
#endif
}

/* ---- moe_gemm_mx ---- */

mxk_status mxk_moe_gemm_mx(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *a,
                           const mxk_tensor *a_scales, const mxk_tensor *b, const mxk_tensor *b_scales,
                           const mxk_moe_routing *r, const mxk_tensor *c, const mxk_gemm_opts *opts)
{
    if (!ctx || !r || !r->sorted_ids || !r->expert_ids)
        return MXK_ERR_NULL;
    MXK_TRY(check_mx(a, a_scales));
    MXK_TRY(check_mx(b, b_scales));
    MXK_TRY(mxk_check_desc(c));
    if (!mxk_is_wide(c->dtype))
        return MXK_ERR_DTYPE;
    if (r->num_experts <= 0 || r->top_k <= 0 || r->block_m <= 0 || r->block_m > 256 || r->num_slots <= 0 ||
        r->num_valid_slots < 0 || r->num_valid_slots > r->num_slots || r->num_slots % r->block_m)
        return MXK_ERR_SIZE;
    if (a->rows > (INT32_MAX - 1) / r->top_k)
        return MXK_ERR_OVERFLOW; /* ids are int32: num_tokens * top_k must fit */
    if (b->cols != a->cols || b->rows % r->num_experts)
        return MXK_ERR_SHAPE;
    const int64_t N = b->rows / r->num_experts;
    if (c->cols != N || c->rows != a->rows * r->top_k)
        return MXK_ERR_SHAPE;
    MXK_TRY(check_opts(opts, N));
    const mxk_tensor *ts[5] = {a, a_scales, b, b_scales, c};
    mxk_path_id id;
    int native = 0;
    MXK_TRY(route(ctx, MXK_OP_MOE_GEMM_MX, b->dtype, (int)a->dtype, r->block_m, N, a->cols, max_extent(ts, 5), opts,
              &id, &native));
    if (r->num_valid_slots == 0)
        return MXK_OK;
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_moe_gemm_mx(a, a_scales, b, b_scales, r, c, bias_of(opts));
#ifdef MXK_HAVE_HIP
    return mxk_hip_moe_gemm_mx(ctx->device, stream, id, a, a_scales, b, b_scales, r, c, bias_of(opts));
#else
    (void)stream;
    return MXK_ERR_BACKEND;
#endif
}

/* ---- linear_mxfp8 ---- */

mxk_status mxk_linear_mxfp8(const mxk_context *ctx, mxk_stream stream, const mxk_tensor *x, const mxk_tensor *w,
                            const mxk_tensor *w_scales, const mxk_tensor *c, const mxk_linear_opts *lopts,
                            const mxk_gemm_opts *opts)
{
    if (!ctx)
        return MXK_ERR_NULL;
    MXK_TRY(mxk_check_desc(x));
    MXK_TRY(check_mx(w, w_scales));
    MXK_TRY(mxk_check_desc(c));
    if (!mxk_is_wide(x->dtype) || !mxk_is_wide(c->dtype))
        return MXK_ERR_DTYPE;
    if (x->cols % MXK_BLOCK)
        return MXK_ERR_ALIGN;
    if (w->cols != x->cols || c->rows != x->rows || c->cols != w->rows)
        return MXK_ERR_SHAPE;
    mxk_linear_opts lo = lopts ? *lopts : mxk_linear_opts_default();
    if (!is_mx8(lo.act_elem))
        return MXK_ERR_DTYPE;
    if ((unsigned)lo.act_scale_mode >= MXK_SCALE_MODE_COUNT)
        return MXK_ERR_MODE;
    MXK_TRY(check_opts(opts, w->rows));
    /* the quantised activations occupy x->rows * K bytes: range of the GEMM */
    if (x->rows > INT64_MAX / x->cols)
        return MXK_ERR_OVERFLOW;
    const mxk_tensor *ts[4] = {x, w, w_scales, c};
    int64_t bytes = max_extent(ts, 4);
    mxk_path_id id, gid;
    int native = 0;
    MXK_TRY(route(ctx, MXK_OP_LINEAR_MXFP8, w->dtype, (int)lo.act_elem, x->rows, w->rows, x->cols, bytes, opts, &id,
              &native));
    MXK_TRY(route(ctx, MXK_OP_GEMM_MX, w->dtype, (int)lo.act_elem, x->rows, w->rows, x->cols, bytes, opts, &gid,
              &native));
    if (ctx->backend == MXK_BACKEND_CPU)
        return mxk_cpu_linear_mxfp8(x, w, w_scales, c, bias_of(opts), lo.act_elem, (int)lo.act_scale_mode);
#ifdef MXK_HAVE_HIP
    return mxk_hip_linear_mxfp8(ctx->device, stream, gid, x, w, w_scales, c, bias_of(opts), lo.act_elem,
                                (int)lo.act_scale_mode);
#else
    (void)stream;
    (void)id;
    return MXK_ERR_BACKEND;
#endif
}

/* ---- declared accumulation ---- */

mxk_status mxk_gemm_accum_get(const mxk_context *ctx, mxk_op op, mxk_dtype fmt, const mxk_gemm_shape *shape,
                              mxk_gemm_accum *out)
{
    if (!ctx || !out)
        return MXK_ERR_NULL;
    if (op < MXK_OP_GEMM_MX || op >= MXK_OP_COUNT || (unsigned)fmt >= MXK_DTYPE_COUNT)
        return MXK_ERR_MODE;
    mxk_path_info pi;
    int native = 0;
    mxk_status why = MXK_OK;
    mxk_op q = op == MXK_OP_LINEAR_MXFP8 ? MXK_OP_GEMM_MX : op;
    mxk_path_id id = mxk_gemm_dispatch_lookup(backend_name(ctx), ctx->info.target, q, fmt, -1, shape, &pi, &native,
                                              &why);
    if (id == MXK_PATH_NONE && op == MXK_OP_GEMV_MX)
        id = mxk_gemm_dispatch_lookup(backend_name(ctx), ctx->info.target, MXK_OP_GEMM_MX, fmt, -1, shape, &pi,
                                      &native, &why);
    if (id == MXK_PATH_NONE)
        return why;
    out->block = 32;
    out->inner_bits = 24;
    out->outer_bits = 24;
    /* gemm_fp8: fl32(a_scale * b_scale) and its product; MoE: the routing weight */
    out->extra_roundings = op == MXK_OP_GEMM_FP8 ? 2 : op == MXK_OP_MOE_GEMM_MX ? 1 : 0;
    out->native = native;
    out->path = pi.path;
    /* Hopper FP8 mma: the tensor core's internal sum of one instruction's 32
     * products is not a full fp32 sum (DeepSeek-V3 3.3.2 measured about 14
     * bits); declared here, to be confirmed on the H100. */
    if (id == MXK_PATH_GEMM_SM90_MMA && native)
        out->inner_bits = 14;
    return MXK_OK;
}

/* Internal interface between the API layer (guards, dispatch) and the
 * backends. Not installed. */
#ifndef MXK_INTERNAL_H
#define MXK_INTERNAL_H

#include "mxcts/kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { MXK_BACKEND_CPU = 0, MXK_BACKEND_HIP = 1 };

/* Path identifiers the backends understand (the dispatch table names them). */
typedef enum mxk_path_id {
    MXK_PATH_NONE = 0,
    MXK_PATH_CPU_OMP,
    MXK_PATH_HIP_SW,
    MXK_PATH_HIP_GFX942_FNUZ,   /* v_cvt_pk_fp8_f32 / v_cvt_pk_bf8_f32 (FNUZ) */
    MXK_PATH_HIP_GFX12_OCP,     /* gfx1200/1201 v_cvt_pk_fp8_f32 (OCP) */
    MXK_PATH_HIP_GFX950_OCP,    /* gfx950 v_cvt_scalef32_pk_fp8_f32 */
    MXK_PATH_HIP_SM90_SATFINITE, /* NVIDIA sm_90 cvt.rn.satfinite.e4m3x2.f32 */
    /* GEMM family (kernels/hip/mxk_gemm.hip) */
    MXK_PATH_GEMM_HIP_GENERIC,   /* software decode, fp32 FMA, any target */
    MXK_PATH_GEMM_SM90_MMA,      /* mma.sync m16n8k32 e4m3/e5m2 (FP8 x FP8), m16n8k16 bf16/f16 (mixed) */
    MXK_PATH_GEMM_MFMA16,        /* gfx9: decode to f16/bf16 + v_mfma_f32_16x16x16{f16,bf16_1k} / 16x16x8bf16 */
    MXK_PATH_GEMM_GFX942_FP8,    /* OCP -> FNUZ + v_mfma_f32_16x16x32_fp8_fp8 */
    MXK_PATH_GEMM_GFX950_SCALED, /* v_mfma_scale_f32_16x16x128_f8f6f4 */
    MXK_PATH_GEMM_GFX12_WMMA_FP8,/* v_wmma_f32_16x16x16_{fp8,bf8}_{fp8,bf8} */
    MXK_PATH_GEMM_WMMA16,        /* gfx11/gfx12: decode to f16/bf16 + v_wmma_f32_16x16x16_{f16,bf16} */
    MXK_PATH_GEMV_HIP,           /* small-M streaming kernel, 32-bit offsets */
    MXK_PATH_MOE_HIP,            /* MoE grouped tile kernel, 32-bit offsets in the expert stack */
    MXK_PATH_LINEAR_HIP          /* per-token quantise kernel + the gemm_mx path */
} mxk_path_id;

/* ---- argument guards shared by api.c and api_gemm.c (defined in api.c) ---- */
#define MXK_TRY(x)               \
    do {                         \
        mxk_status st_ = (x);    \
        if (st_ != MXK_OK)       \
            return st_;          \
    } while (0)

/* Structural checks of one descriptor: NULL, dtype, sizes, ld, 64-bit size
 * overflow (no dtype rule, no address limit). */
mxk_status mxk_check_desc(const mxk_tensor *t);
/* Bytes spanned by a descriptor that passed mxk_check_desc. */
int64_t mxk_extent_bytes(const mxk_tensor *t);
static inline int mxk_is_wide(mxk_dtype t) { return t == MXK_F32 || t == MXK_F16 || t == MXK_BF16; }
static inline int mxk_is_fp8(mxk_dtype t) { return t >= MXK_E4M3 && t <= MXK_E5M2FNUZ; }

struct mxk_context {
    int backend;
    int device;
    mxk_target_info info;
};

/* Dispatch lookup: fills info and returns the path id (MXK_PATH_NONE when
 * unsupported). */
mxk_path_id mxk_dispatch_lookup(const mxk_context *ctx, mxk_op op, mxk_dtype fmt,
                                const mxk_convert_opts *copts, mxk_path_info *info);

/* The same, skipping rows whose kernels cannot address `bytes` (the largest
 * operand's byte extent). */
mxk_path_id mxk_dispatch_lookup_bytes(const mxk_context *ctx, mxk_op op, mxk_dtype fmt,
                                      const mxk_convert_opts *copts, int64_t bytes, mxk_path_info *info);

/* cpu backend (arguments already checked) */
mxk_status mxk_cpu_encode(const mxk_tensor *src, const mxk_tensor *dst, float scale,
                          const mxk_convert_opts *o);
mxk_status mxk_cpu_decode(const mxk_tensor *src, const mxk_tensor *dst, float scale);
mxk_status mxk_cpu_mx_quantize(const mxk_tensor *src, const mxk_tensor *elems,
                               const mxk_tensor *scales, const mxk_mx_opts *o);
mxk_status mxk_cpu_mx_dequantize(const mxk_tensor *elems, const mxk_tensor *scales,
                                 const mxk_tensor *dst, mxk_scale_layout layout);
mxk_status mxk_cpu_reencode(const mxk_tensor *src, const mxk_tensor *dst, mxk_reencode_mode mode,
                            const mxk_convert_opts *o);

/* GEMM family: dispatch with a shape envelope (kernels/src/dispatch.c) and
 * the cpu backend (kernels/cpu/cpu_gemm.c). act_wide: 1 when the activation
 * operand is BF16/F16/F32 (gemm_fp8 weight-only), 0 for FP8/MX. */
mxk_path_id mxk_gemm_dispatch_lookup(const char *backend, const char *target, mxk_op op, mxk_dtype fmt,
                                     int act_wide, const mxk_gemm_shape *shape, mxk_path_info *info,
                                     int *native, mxk_status *why);
mxk_status mxk_cpu_gemm_mx(const mxk_tensor *a, const mxk_tensor *as, const mxk_tensor *b,
                           const mxk_tensor *bs, const mxk_tensor *c, const mxk_tensor *bias);
mxk_status mxk_cpu_gemm_fp8(const mxk_tensor *a, float a_scale, const mxk_tensor *b, float b_scale,
                            const mxk_tensor *c, const mxk_tensor *bias);
mxk_status mxk_moe_check_ids(const mxk_moe_routing *r, int64_t num_tokens);
mxk_status mxk_cpu_moe_gemm_mx(const mxk_tensor *a, const mxk_tensor *as, const mxk_tensor *b,
                               const mxk_tensor *bs, const mxk_moe_routing *r, const mxk_tensor *c,
                               const mxk_tensor *bias);
mxk_status mxk_cpu_linear_mxfp8(const mxk_tensor *x, const mxk_tensor *w, const mxk_tensor *ws,
                                const mxk_tensor *c, const mxk_tensor *bias, mxk_dtype act_elem,
                                int act_mode);

#ifdef MXK_HAVE_HIP
/* hip backend (GEMM family: kernels/hip/mxk_gemm.hip, extern "C") */
mxk_status mxk_hip_gemm_mx(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *a,
                           const mxk_tensor *as, const mxk_tensor *b, const mxk_tensor *bs,
                           const mxk_tensor *c, const mxk_tensor *bias);
mxk_status mxk_hip_gemm_fp8(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *a, float a_scale,
                            const mxk_tensor *b, float b_scale, const mxk_tensor *c, const mxk_tensor *bias);
mxk_status mxk_hip_gemv_mx(int device, mxk_stream st, const mxk_tensor *a, const mxk_tensor *as,
                           const mxk_tensor *b, const mxk_tensor *bs, const mxk_tensor *c, const mxk_tensor *bias);
mxk_status mxk_hip_moe_gemm_mx(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *a,
                               const mxk_tensor *as, const mxk_tensor *b, const mxk_tensor *bs,
                               const mxk_moe_routing *r, const mxk_tensor *c, const mxk_tensor *bias);
mxk_status mxk_hip_linear_mxfp8(int device, mxk_stream st, mxk_path_id gemm_path, const mxk_tensor *x,
                                const mxk_tensor *w, const mxk_tensor *ws, const mxk_tensor *c,
                                const mxk_tensor *bias, mxk_dtype act_elem, int act_mode);

/* hip backend (kernels/hip/mxk_hip.hip, extern "C") */
mxk_status mxk_hip_device_count(int *count);
mxk_status mxk_hip_target_info(int device, mxk_target_info *info);
mxk_status mxk_hip_encode(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *src,
                          const mxk_tensor *dst, float scale, const mxk_convert_opts *o);
mxk_status mxk_hip_decode(int device, mxk_stream st, const mxk_tensor *src, const mxk_tensor *dst,
                          float scale);
mxk_status mxk_hip_mx_quantize(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *src,
                               const mxk_tensor *elems, const mxk_tensor *scales,
                               const mxk_mx_opts *o);
mxk_status mxk_hip_mx_dequantize(int device, mxk_stream st, const mxk_tensor *elems,
                                 const mxk_tensor *scales, const mxk_tensor *dst, mxk_scale_layout layout);
mxk_status mxk_hip_reencode(int device, mxk_stream st, const mxk_tensor *src, const mxk_tensor *dst,
                            mxk_reencode_mode mode, const mxk_convert_opts *o);
mxk_status mxk_hip_synchronize(int device, mxk_stream st);
mxk_status mxk_hip_alloc(int device, size_t bytes, void **ptr);
mxk_status mxk_hip_free(int device, void *ptr);
mxk_status mxk_hip_copy(int device, void *dst, const void *src, size_t bytes, int kind); /* 0 D2H, 1 H2D, 2 D2D */
#endif

#ifdef __cplusplus
}
#endif
#endif

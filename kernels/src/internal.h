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
    MXK_PATH_HIP_SM90_SATFINITE /* NVIDIA sm_90 cvt.rn.satfinite.e4m3x2.f32 */
} mxk_path_id;

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
                                 const mxk_tensor *dst);
mxk_status mxk_cpu_reencode(const mxk_tensor *src, const mxk_tensor *dst, mxk_reencode_mode mode,
                            const mxk_convert_opts *o);

#ifdef MXK_HAVE_HIP
/* hip backend (kernels/hip/mxk_hip.hip, extern "C") */
mxk_status mxk_hip_device_count(int *count);
mxk_status mxk_hip_target_info(int device, mxk_target_info *info);
mxk_status mxk_hip_encode(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *src,
                          const mxk_tensor *dst, float scale, const mxk_convert_opts *o);
mxk_status mxk_hip_decode(int device, mxk_stream st, const mxk_tensor *src, const mxk_tensor *dst,
                          float scale);
mxk_status mxk_hip_mx_quantize(int device, mxk_stream st, const mxk_tensor *src,
                               const mxk_tensor *elems, const mxk_tensor *scales,
                               const mxk_mx_opts *o);
mxk_status mxk_hip_mx_dequantize(int device, mxk_stream st, const mxk_tensor *elems,
                                 const mxk_tensor *scales, const mxk_tensor *dst);
mxk_status mxk_hip_reencode(int device, mxk_stream st, const mxk_tensor *src, const mxk_tensor *dst,
                            mxk_reencode_mode mode, const mxk_convert_opts *o);
mxk_status mxk_hip_synchronize(int device, mxk_stream st);
mxk_status mxk_hip_alloc(int device, size_t bytes, void **ptr);
mxk_status mxk_hip_free(int device, void *ptr);
mxk_status mxk_hip_copy(int device, void *dst, const void *src, size_t bytes, int to_device);
#endif

#ifdef __cplusplus
}
#endif
#endif

/* The "hip" backend of the emulated kernel library (test-only, CTest
 * kernels_gemm_hip_emu): kernels/hip/mxk_gemm.hip compiled for the host
 * through hip_hostemu.h, so test_gemm --backend hip runs the GEMM family's
 * HIP launchers and kernels (generic tile strategy, gemv, MoE id check and
 * gathered tiles) on the CPU. One device, target "emu" (the dispatch table's
 * generic hip rows); memory is host memory. The element conversions of
 * mxk_hip.hip are not emulated: they answer with the cpu backend. */
#include "hip_hostemu.h"
#include "../hip/mxk_gemm.hip"
#include <cstdio>

extern "C" {

mxk_status mxk_hip_device_count(int *count)
{
    *count = 1;
    return MXK_OK;
}

mxk_status mxk_hip_target_info(int device, mxk_target_info *info)
{
    std::memset(info, 0, sizeof *info);
    std::strcpy(info->backend, "hip");
    info->device = device;
    /* MXK_EMU_TARGET=sm_90 routes to the sm_90 rows (mma.sync emulated
     * from the PTX fragment tables); default "emu": the generic rows */
    const char *tg = std::getenv("MXK_EMU_TARGET");
    std::snprintf(info->target, sizeof info->target, "%s", tg && !std::strcmp(tg, "sm_90") ? "sm_90" : "emu");
    std::strcpy(info->name, "host emulation of the HIP GEMM kernels (test only)");
    std::strcpy(info->platform, "emu");
    info->wave_size = 32;
    info->compute_units = 1;
    return MXK_OK;
}

mxk_status mxk_hip_synchronize(int, mxk_stream) { return MXK_OK; }
mxk_status mxk_hip_alloc(int, size_t bytes, void **ptr)
{
    *ptr = std::malloc(bytes);
    return *ptr ? MXK_OK : MXK_ERR_ALLOC;
}
mxk_status mxk_hip_free(int, void *ptr)
{
    std::free(ptr);
    return MXK_OK;
}
mxk_status mxk_hip_copy(int, void *dst, const void *src, size_t bytes, int)
{
    std::memcpy(dst, src, bytes);
    return MXK_OK;
}
mxk_status mxk_hip_encode(int, mxk_stream, mxk_path_id, const mxk_tensor *src, const mxk_tensor *dst, float scale,
                          const mxk_convert_opts *o)
{
    return mxk_cpu_encode(src, dst, scale, o);
}
mxk_status mxk_hip_decode(int, mxk_stream, const mxk_tensor *src, const mxk_tensor *dst, float scale)
{
    return mxk_cpu_decode(src, dst, scale);
}
mxk_status mxk_hip_mx_quantize(int, mxk_stream, mxk_path_id, const mxk_tensor *src, const mxk_tensor *elems,
                               const mxk_tensor *scales, const mxk_mx_opts *o)
{
    return mxk_cpu_mx_quantize(src, elems, scales, o);
}
mxk_status mxk_hip_mx_dequantize(int, mxk_stream, const mxk_tensor *elems, const mxk_tensor *scales,
                                 const mxk_tensor *dst, mxk_scale_layout layout)
{
    return mxk_cpu_mx_dequantize(elems, scales, dst, layout);
}
mxk_status mxk_hip_reencode(int, mxk_stream, const mxk_tensor *src, const mxk_tensor *dst, mxk_reencode_mode mode,
                            const mxk_convert_opts *o)
{
    return mxk_cpu_reencode(src, dst, mode, o);
}

} // extern "C"

/* The HIP surface this project uses, on three toolchains:
 *  - nvcc (NVIDIA): mapped to CUDA here (Debian's ROCm 5.2 nvidia_detail
 *    headers do not build with CUDA 13, so they are never included);
 *  - hip-clang with MXK_HIP_BARE (AMD device-only compile/ISA check without
 *    HIP headers or device libraries: -nogpuinc -nogpulib);
 *  - hip-clang with a ROCm installation: <hip/hip_runtime.h>.
 * Only what the kernels use is mapped; add calls here as they are needed. */
#ifndef MXK_HIP_COMPAT_H
#define MXK_HIP_COMPAT_H

#if defined(__CUDACC__) /* ---------------------------------- NVIDIA ---- */
#include <cuda_runtime.h>
#include <cuda_fp8.h>
typedef cudaError_t hipError_t;
typedef cudaStream_t hipStream_t;
typedef cudaDeviceProp hipDeviceProp_t;
#define hipSuccess cudaSuccess
#define hipGetDeviceCount cudaGetDeviceCount
#define hipGetDeviceProperties cudaGetDeviceProperties
#define hipSetDevice cudaSetDevice
#define hipGetDevice cudaGetDevice
#define hipGetLastError cudaGetLastError
#define hipGetErrorString cudaGetErrorString
#define hipStreamSynchronize cudaStreamSynchronize
#define hipMalloc cudaMalloc
#define hipFree cudaFree
#define hipMemcpy cudaMemcpy
#define hipMemcpyAsync cudaMemcpyAsync
#define hipMemset cudaMemset
#define hipMemsetAsync cudaMemsetAsync
#define hipMemcpyHostToDevice cudaMemcpyHostToDevice
#define hipMemcpyDeviceToHost cudaMemcpyDeviceToHost
#define hipMemcpyDeviceToDevice cudaMemcpyDeviceToDevice
#define hipDeviceSynchronize cudaDeviceSynchronize
#define hipEvent_t cudaEvent_t
#define hipEventCreate cudaEventCreate
#define hipEventRecord cudaEventRecord
#define hipEventSynchronize cudaEventSynchronize
#define hipEventElapsedTime cudaEventElapsedTime
#define hipEventDestroy cudaEventDestroy
#define MXK_PLATFORM_NAME "nvidia"
#define MXK_WAVE 32
/* butterfly shuffle inside an aligned group of w lanes, w = 2..8 a power of
 * two (only those w need to be converged, so groups may leave a loop
 * independently) */
#define mxk_shfl_xor_g(v, m, w) \
    __shfl_xor_sync(((1u << (w)) - 1u) << (threadIdx.x & (32u - (w))), (v), (m), (w))

#elif defined(MXK_HIP_BARE) /* ------------ AMD device-only, no headers ---- */
#include <stdint.h>
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __host__ __attribute__((host))
#define __shared__ __attribute__((shared))
#define __forceinline__ inline __attribute__((always_inline))
#define __launch_bounds__(n) __attribute__((amdgpu_flat_work_group_size(1, n)))
#define MXK_TID_X (__builtin_amdgcn_workitem_id_x())
#define MXK_BID_X (__builtin_amdgcn_workgroup_id_x())
#define MXK_BDIM_X (__builtin_amdgcn_workgroup_size_x())
#define MXK_GDIM_X (__builtin_amdgcn_grid_size_x() / __builtin_amdgcn_workgroup_size_x())
#define MXK_BID_Y (__builtin_amdgcn_workgroup_id_y())
#define MXK_GDIM_Y (__builtin_amdgcn_grid_size_y() / __builtin_amdgcn_workgroup_size_y())
#define MXK_PLATFORM_NAME "amd"
#define MXK_WAVE __AMDGCN_WAVEFRONT_SIZE
/* ds_bpermute based xor shuffle within `w` lanes (w divides the wave) */
static __device__ __forceinline__ unsigned mxk_shfl_xor_u(unsigned v, int m, int w)
{
    int lane = (int)__builtin_amdgcn_mbcnt_hi(~0u, __builtin_amdgcn_mbcnt_lo(~0u, 0u));
    int src = ((lane ^ m) & (w - 1)) | (lane & ~(w - 1));
    return (unsigned)__builtin_amdgcn_ds_bpermute(src << 2, (int)v);
}
#define mxk_shfl_xor_g(v, m, w) mxk_shfl_xor_u((v), (m), (w))

#else /* ------------------------------------------------ AMD with ROCm ---- */
#include <hip/hip_runtime.h>
#define MXK_PLATFORM_NAME "amd"
#define MXK_WAVE warpSize
#define mxk_shfl_xor_g(v, m, w) __shfl_xor((v), (m), (w))
#endif

#ifndef MXK_TID_X
#define MXK_TID_X (threadIdx.x)
#define MXK_BID_X (blockIdx.x)
#define MXK_BDIM_X (blockDim.x)
#define MXK_GDIM_X (gridDim.x)
#define MXK_BID_Y (blockIdx.y)
#define MXK_GDIM_Y (gridDim.y)
#endif

#endif

/* TMA and mbarrier primitives for the NVIDIA sm_90a kernels (the TMA GEMM
 * mxk_gemm_ws.h and the TMA GEMV mxk_gemv_tma.h); included by mxk_gemm.hip
 * inside namespace mxkg after mxk_gemm_wgmma.h (gw_smem, MXKG_WGMMA_DEVICE).
 * Device side: mbarrier init / arrive / expect-tx / parity wait, shared
 * memory by address, and the 2D tensor-map tile load that completes on an
 * mbarrier. Host side: the driver's
 * tensor-map encoder (looked up per call: no cached global state) and a map
 * of a row-major byte matrix. */
#ifndef MXK_TMA_H
#define MXK_TMA_H

#if defined(MXKG_WGMMA_DEVICE)
__device__ __forceinline__ void tm_bar_init(uint32_t b, uint32_t count)
{
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(b), "r"(count));
}
__device__ __forceinline__ void tm_arrive(uint32_t b)
{
    asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];" ::"r"(b) : "memory");
}
__device__ __forceinline__ void tm_arrive_tx(uint32_t b, uint32_t bytes)
{
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(b), "r"(bytes) : "memory");
}
__device__ __forceinline__ void tm_wait(uint32_t b, uint32_t parity)
{
    asm volatile("{\n.reg .pred p;\nTM_WAIT:\n"
                 "mbarrier.try_wait.parity.shared::cta.b64 p, [%0], %1;\n"
                 "@!p bra TM_WAIT;\n}" ::"r"(b), "r"(parity)
                 : "memory");
}
/* Shared memory by address (the TMA kernels realign their dynamic array, and
 * generic pointers into it would compile to generic loads) */
__device__ __forceinline__ uint32_t tm_lds(uint32_t a)
{
    uint32_t v;
    asm volatile("ld.shared.u32 %0, [%1];" : "=r"(v) : "r"(a));
    return v;
}
__device__ __forceinline__ void tm_lds2(uint32_t a, uint32_t &lo, uint32_t &hi)
{
    asm volatile("ld.shared.v2.u32 {%0, %1}, [%2];" : "=r"(lo), "=r"(hi) : "r"(a));
}
__device__ __forceinline__ uint32_t tm_ldsb(uint32_t a)
{
    uint32_t v;
    asm volatile("ld.shared.u8 %0, [%1];" : "=r"(v) : "r"(a));
    return v;
}
__device__ __forceinline__ void tm_sts(uint32_t a, uint32_t v)
{
    asm volatile("st.shared.u32 [%0], %1;" ::"r"(a), "r"(v) : "memory");
}
/* 2D TMA tile load (coordinates: column byte, row) completing on mbarrier b */
__device__ __forceinline__ void tm_load2d(uint32_t dst, const CUtensorMap *tm, int col, int row, uint32_t b)
{
    asm volatile("cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes"
                 " [%0], [%1, {%2, %3}], [%4];" ::"r"(dst), "l"((uint64_t)tm), "r"(col), "r"(row), "r"(b)
                 : "memory");
}
#endif

/* cuTensorMapEncodeTiled from the driver, or NULL */
static inline PFN_cuTensorMapEncodeTiled_v12000 tma_encoder()
{
    void *fn = NULL;
    cudaDriverEntryPointQueryResult q;
    if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &fn, 12000, cudaEnableDefault, &q) !=
            cudaSuccess ||
        q != cudaDriverEntryPointSuccess)
        return NULL;
    return (PFN_cuTensorMapEncodeTiled_v12000)fn;
}

/* Map of a row-major byte matrix (rows x cols, row stride ld; the encoder
 * refuses a base not 16-byte aligned or ld % 16 != 0): boxes of boxr rows x
 * boxc bytes, 128-byte swizzle or none, zeros outside the matrix. */
static inline bool tma_map_u8(PFN_cuTensorMapEncodeTiled_v12000 enc, CUtensorMap *tm, const void *p, int64_t rows,
                              int64_t cols, int64_t ld, unsigned boxc, unsigned boxr, bool swz128)
{
    const cuuint64_t dim[2] = {(cuuint64_t)cols, (cuuint64_t)rows}, stride[1] = {(cuuint64_t)ld};
    const cuuint32_t box[2] = {boxc, boxr}, es[2] = {1, 1};
    return enc(tm, CU_TENSOR_MAP_DATA_TYPE_UINT8, 2, (void *)p, dim, stride, box, es, CU_TENSOR_MAP_INTERLEAVE_NONE,
               swz128 ? CU_TENSOR_MAP_SWIZZLE_128B : CU_TENSOR_MAP_SWIZZLE_NONE, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
               CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) == CUDA_SUCCESS;
}

#endif

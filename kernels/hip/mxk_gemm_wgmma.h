/* gemm_wgmma: the MX-FP8 GEMM (gemm_mx) on NVIDIA sm_90a through warpgroup
 * MMA; included by mxk_gemm.hip inside namespace mxkg (gemm_args, codec and
 * block-scale helpers). Built only when the CUDA architecture is "90a"
 * (wgmma is an sm_90a feature); otherwise the mma.sync tile kernel runs.
 *
 * CTA tile 128 x 128, 256 threads = two warpgroups of 64 rows each; K in
 * stages of 128 bytes (4 MX blocks) through a 4-stage cp.async pipeline in
 * shared memory, laid out as the wgmma "no swizzle" K-major canonical form
 * (core matrices of 8 rows x 16 bytes; LBO = 128 between the two K halves of
 * a block, SBO = 256 between 8-row groups). Rows past M / N and K past the
 * end are zero-filled by cp.async (src-size 0), so edges need no branches.
 *
 * Numerics are the declared ones: one wgmma m64n128k32 per MX block with a
 * zero accumulator (the block's 32 exact products summed by the tensor
 * core), then acc += T * 2^(Xa-127) * 2^(Xb-127) in fp32. The fast form
 * fma(T * fb, fa, acc) equals mxk_block_add(acc, T, Xa, Xb) whenever T * fb
 * and T * fa * fb are exact; the scale window checked per block guarantees
 * it for every finite block sum an FP8 block can produce (2^-32 <= |T| <=
 * 2^37), other blocks take mxk_block_add per element. */
#ifndef MXK_GEMM_WGMMA_H
#define MXK_GEMM_WGMMA_H

enum { GW_BM = 128, GW_BN = 128, GW_BK = 128, GW_STAGES = 4, GW_THREADS = 256 };
enum { GW_TILE = GW_BM * GW_BK,                               /* bytes of A (or B) per stage */
       GW_STAGE_BYTES = 2 * GW_TILE + (GW_BM + GW_BN) * (GW_BK / 32),
       GW_SMEM = GW_STAGES * GW_STAGE_BYTES };

#if defined(__CUDACC__) && defined(__CUDA_ARCH__) && defined(__CUDA_ARCH_FEAT_SM90_ALL)
#define MXKG_WGMMA_DEVICE 1
#endif

#if defined(MXKG_WGMMA_DEVICE)
__device__ __forceinline__ uint32_t gw_smem(const void *p)
{
    return (uint32_t)__cvta_generic_to_shared(p);
}

/* 16 bytes (or 4 for the scales) global -> shared; n < size zero-fills */
__device__ __forceinline__ void gw_cp16(uint32_t dst, const void *src, int n)
{
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"(dst), "l"(src), "r"(n));
}
__device__ __forceinline__ void gw_cp4(uint32_t dst, const void *src, int n)
{
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;" ::"r"(dst), "l"(src), "r"(n));
}

/* no-swizzle K-major descriptor: start, LBO (K direction), SBO (M/N direction) */
__device__ __forceinline__ uint64_t gw_desc(uint32_t addr, uint32_t lbo, uint32_t sbo)
{
    return (uint64_t)((addr & 0x3FFFFu) >> 4) | ((uint64_t)(lbo >> 4) << 16) | ((uint64_t)(sbo >> 4) << 32);
}

/* T = A(64 x 32) * B(128 x 32)^T of one MX block, zero accumulator */
template <int FA, int FB>
__device__ __forceinline__ void gw_mma(float *d, uint64_t da, uint64_t db)
{
    asm volatile("wgmma.fence.sync.aligned;" ::: "memory");
        if (FA == MXK_C_E4M3 && FB == MXK_C_E4M3)
        asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
                     "wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3 "
                     "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, %64, %65, p, 1, 1;\n}\n"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63])
                     : "l"(da), "l"(db), "r"(0));
    else     if (FA == MXK_C_E4M3 && FB == MXK_C_E5M2)
        asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
                     "wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e5m2 "
                     "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, %64, %65, p, 1, 1;\n}\n"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63])
                     : "l"(da), "l"(db), "r"(0));
    else     if (FA == MXK_C_E5M2 && FB == MXK_C_E4M3)
        asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
                     "wgmma.mma_async.sync.aligned.m64n128k32.f32.e5m2.e4m3 "
                     "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, %64, %65, p, 1, 1;\n}\n"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63])
                     : "l"(da), "l"(db), "r"(0));
    else     if (FA == MXK_C_E5M2 && FB == MXK_C_E5M2)
        asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
                     "wgmma.mma_async.sync.aligned.m64n128k32.f32.e5m2.e5m2 "
                     "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, %64, %65, p, 1, 1;\n}\n"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63])
                     : "l"(da), "l"(db), "r"(0));
    asm volatile("wgmma.commit_group.sync.aligned;" ::: "memory");
    asm volatile("wgmma.wait_group.sync.aligned 0;" ::: "memory");
}

/* Stage s of the pipeline: A rows m0.., B rows n0.., K bytes k0..k0+127, and
 * their scale bytes. 16-byte chunk c of a 128-byte row: block c / 2, half c % 2. */
__device__ __forceinline__ void gw_load_stage(const gemm_args &g, char *st, int64_t m0, int64_t n0, int64_t k0,
                                              int tid)
{
    const uint8_t *A = (const uint8_t *)g.a, *B = (const uint8_t *)g.b;
    for (int i = tid; i < 2 * GW_BM * 8; i += GW_THREADS) {
        const int isb = i >= GW_BM * 8, c = i & 7, r = (i >> 3) & (GW_BM - 1);
        const int64_t row = (isb ? n0 : m0) + r, lim = isb ? g.N : g.M;
        const int64_t k = k0 + 16 * c;
        const bool ok = row < lim && k < g.K;
        const uint8_t *src = isb ? B + (ok ? row * g.ldb + k : 0) : A + (ok ? row * g.lda + k : 0);
        const int off = (isb ? GW_TILE : 0) + (c >> 1) * (GW_BM * 32) + (r >> 3) * 256 + (c & 1) * 128 + (r & 7) * 16;
        gw_cp16(gw_smem(st + off), src, ok ? 16 : 0);
    }
    for (int i = tid; i < GW_BM + GW_BN; i += GW_THREADS) { /* 4 scale bytes per row: K % 128 tail zero-filled */
        const bool isb = i >= GW_BM;
        const int r = isb ? i - GW_BM : i;
        const int64_t row = (isb ? n0 : m0) + r, lim = isb ? g.N : g.M;
        const int64_t kb = k0 / 32, nb = g.K / 32 - kb;
        const int n = row < lim ? (int)(nb < 4 ? nb : 4) : 0;
        const uint8_t *src = isb ? (const uint8_t *)g.bs + (n ? row * g.ldbs + kb : 0)
                                 : (const uint8_t *)g.as + (n ? row * g.ldas + kb : 0);
        gw_cp4(gw_smem(st + 2 * GW_TILE + 4 * i), src, n);
    }
}

__device__ __forceinline__ float gw_pow2(uint32_t x) /* 2^(x-127), x in 1..254 */
{
    return __uint_as_float(x << 23);
}
#endif

template <int FA, int FB>
__global__ void __launch_bounds__(GW_THREADS, 1) gemm_wgmma_kernel(gemm_args g)
{
#if defined(MXKG_WGMMA_DEVICE)
    extern __shared__ __align__(128) char gw_sm[];
    const int tid = (int)threadIdx.x, wg = tid >> 7, w = (tid >> 5) & 3, l = tid & 31, gq = l >> 2, t = l & 3;
    const int64_t m0 = (int64_t)blockIdx.y * GW_BM, n0 = (int64_t)blockIdx.x * GW_BN;
    const int64_t nk = (g.K + GW_BK - 1) / GW_BK;
    float acc[64], T[64];
#pragma unroll
    for (int i = 0; i < 64; i++)
        acc[i] = 0.0f;
    for (int s = 0; s < GW_STAGES - 1; s++) {
        if (s < nk)
            gw_load_stage(g, gw_sm + s * GW_STAGE_BYTES, m0, n0, (int64_t)s * GW_BK, tid);
        asm volatile("cp.async.commit_group;" ::: "memory");
    }
    const int ra = 64 * wg + 16 * w + gq; /* this thread's rows: ra, ra + 8 (tile-relative) */
    for (int64_t kt = 0; kt < nk; kt++) {
        asm volatile("cp.async.wait_group %0;" ::"n"(GW_STAGES - 2) : "memory");
        asm volatile("fence.proxy.async.shared::cta;" ::: "memory"); /* cp.async writes -> wgmma reads */
        __syncthreads();
        {
            const int64_t nx = kt + GW_STAGES - 1; /* refill the slot computed last iteration */
            if (nx < nk)
                gw_load_stage(g, gw_sm + (nx % GW_STAGES) * GW_STAGE_BYTES, m0, n0, nx * GW_BK, tid);
            asm volatile("cp.async.commit_group;" ::: "memory");
        }
        char *st = gw_sm + (kt % GW_STAGES) * GW_STAGE_BYTES;
        const uint8_t *xa = (const uint8_t *)st + 2 * GW_TILE, *xb = xa + 4 * GW_BM;
        const uint32_t sa = gw_smem(st), sb = gw_smem(st + GW_TILE);
#pragma unroll
        for (int j = 0; j < 4; j++) {
            if (kt * GW_BK + 32 * j >= g.K)
                break; /* uniform */
            gw_mma<FA, FB>(T, gw_desc(sa + j * (GW_BM * 32) + wg * 2048, 128, 256),
                           gw_desc(sb + j * (GW_BN * 32), 128, 256));
            /* scale window: see the header comment (|T| in [2^-32, 2^37] or 0, Inf, NaN) */
            const uint32_t xa0 = xa[4 * ra + j], xa1 = xa[4 * (ra + 8) + j];
            uint32_t bmin = 255, bmax = 0;
            float fb[32];
#pragma unroll
            for (int q = 0; q < 16; q++)
                for (int e = 0; e < 2; e++) {
                    const uint32_t x = xb[4 * (8 * q + 2 * t + e) + j];
                    bmin = x < bmin ? x : bmin;
                    bmax = x > bmax ? x : bmax;
                    fb[2 * q + e] = gw_pow2(x);
                }
            const uint32_t amin = xa0 < xa1 ? xa0 : xa1, amax = xa0 > xa1 ? xa0 : xa1;
            const bool fast = amin >= 1 && amax <= 254 && bmin >= 33 && bmax <= 217 && amin + bmin >= 160 &&
                              amax + bmax <= 344;
            if (fast) {
                const float fa0 = gw_pow2(xa0), fa1 = gw_pow2(xa1);
#pragma unroll
                for (int i = 0; i < 64; i++) {
                    const float fa = (i & 2) ? fa1 : fa0;
                    acc[i] = __fmaf_rn(T[i] * fb[((i >> 2) << 1) | (i & 1)], fa, acc[i]);
                }
            } else {
#pragma unroll
                for (int i = 0; i < 64; i++) {
                    const uint32_t x = xb[4 * (8 * (i >> 2) + 2 * t + (i & 1)) + j];
                    acc[i] = mxk_block_add(acc[i], T[i], (i & 2) ? xa1 : xa0, x);
                }
            }
        }
    }
    asm volatile("cp.async.wait_group 0;" ::: "memory");
    /* epilogue: bias, one rounding to the output type */
#pragma unroll
    for (int i = 0; i < 64; i++) {
        const int64_t m = m0 + ra + ((i & 2) ? 8 : 0), n = n0 + 8 * (i >> 2) + 2 * t + (i & 1);
        if (m >= g.M || n >= g.N)
            continue;
        float v = acc[i];
        if (g.bias)
            v += mxk_load_wide(g.btype, g.bias, n);
        char *crp = (char *)g.c + m * g.ldc * (g.ctype == MXK_C_F32 ? 4 : 2);
        mxk_store_out(g.ctype, crp, n, v);
    }
#else
    (void)g; /* compiled without sm_90a: never launched (the host checks MXK_CUDA_WGMMA) */
#endif
}

#endif

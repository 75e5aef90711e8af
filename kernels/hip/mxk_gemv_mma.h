/* gemv_mma: the small-M (decode) GEMV on NVIDIA sm_89+ and in the host
 * emulation; included by mxk_gemm.hip inside namespace mxkg (it uses its
 * gemm_args, emu_mma and the codec helpers).
 *
 * The weight is streamed once, 8 bytes per lane per load, straight into the
 * A fragment of mma.sync m16n8k32 (16 weight rows x one MX block); the
 * activations (M <= 16 tokens, padded to 8 or 16 columns) are the B fragment.
 * Inside one block the k order is free (the instruction sums the 32 exact
 * products of the block), so lane (g, t) takes bytes 8t..8t+7 of the block
 * for weight rows g and g+8 and the same bytes of token g's activations:
 * every operand load is one contiguous 8-byte load. Block scales are applied
 * to each block's sum in fp32 (mxk_block_add), as on every other path.
 *
 * A CTA of 8 warps covers 8/S row groups of 16 rows; the S warps of a group
 * take interleaved runs of GM_U blocks (one step of the group reads S * GM_U
 * consecutive blocks of each of its 16 rows: long DRAM bursts) and their
 * accumulators are summed in a fixed order through LDS (deterministic).
 * Needs 8-byte aligned operand rows (the launcher checks, else gemv_kernel). */
#ifndef MXK_GEMV_MMA_H
#define MXK_GEMV_MMA_H

enum { GM_WARPS = 8, GM_U = 8 };

#if (defined(__CUDACC__) && defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 890)) || defined(MXK_HIP_HOSTEMU)
#define MXKG_HAVE_GEMV_MMA 1
#endif

/* 8 bytes of a streamed operand: no L1 allocation for the weight */
__device__ __forceinline__ void gm_ld8(const uint8_t *p, bool stream, uint32_t &lo, uint32_t &hi)
{
#if defined(__CUDACC__) && defined(__CUDA_ARCH__)
    if (stream)
        asm volatile("ld.global.nc.L1::no_allocate.v2.u32 {%0,%1}, [%2];" : "=r"(lo), "=r"(hi) : "l"(p));
    else
        asm volatile("ld.global.nc.v2.u32 {%0,%1}, [%2];" : "=r"(lo), "=r"(hi) : "l"(p));
#else
    (void)stream;
    memcpy(&lo, p, 4);
    memcpy(&hi, p + 4, 4);
#endif
}

/* d = A(16x32, weights) * B(32x8, activations), fp32, zero accumulator */
template <int FA, int FB>
__device__ __forceinline__ void gm_mma(const uint32_t a[4], const uint32_t b[2], float d[4])
{
#if defined(MXK_HIP_HOSTEMU)
    const float cz[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    emu_mma(0, FB, FA, a, b, cz, d); /* A operand: weights (FB), B: activations (FA) */
#elif defined(MXKG_HAVE_GEMV_MMA)
#define GM_MMA(TA, TB)                                                                                  \
    asm volatile("mma.sync.aligned.m16n8k32.row.col.f32." TA "." TB ".f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, " \
                 "{%8,%9}, {%10,%10,%10,%10};"                                                          \
                 : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])                                       \
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "f"(0.0f))
    if (FB == MXK_C_E4M3 && FA == MXK_C_E4M3)
        GM_MMA("e4m3", "e4m3");
    else if (FB == MXK_C_E4M3)
        GM_MMA("e4m3", "e5m2");
    else if (FA == MXK_C_E4M3)
        GM_MMA("e5m2", "e4m3");
    else
        GM_MMA("e5m2", "e5m2");
#undef GM_MMA
#else
    (void)a, (void)b;
    for (int q = 0; q < 4; q++)
        d[q] = mxk_u2f(0x7FC00000u); /* never launched without the instruction */
#endif
}

/* S: warps per row group (1, 2, 4 or 8). FA: activation format, FB: weight. */
template <int FA, int FB>
__global__ void
#if defined(__CUDACC__)
__launch_bounds__(32 * GM_WARPS, 2) /* two CTAs per SM: more bytes in flight */
#endif
gemv_mma_kernel(gemm_args g, int S)
{
    __shared__ float red[GM_WARPS][2][4][32];
    const int tid = (int)MXK_TID_X, w = tid >> 5, l = tid & 31, gq = l >> 2, t = l & 3;
    const int rg = w / S, ks = w % S;
    const int64_t n0 = ((int64_t)MXK_BID_X * (GM_WARPS / S) + rg) * 16;
    const int M = (int)g.M, NT = M > 8 ? 2 : 1;
    const int64_t nb = g.K / 32;
    const uint8_t *W = (const uint8_t *)g.b, *WX = (const uint8_t *)g.bs;
    const uint8_t *A = (const uint8_t *)g.a, *AX = (const uint8_t *)g.as;
    /* weight rows g, g + 8 of the group; B fragment j holds token 8j + g;
     * accumulator q of fragment j is (row g + 8 (q >> 1), token 8j + 2t + (q & 1)) */
    const uint8_t *wp0 = n0 + gq < g.N ? W + (n0 + gq) * g.ldb + 8 * t : NULL;
    const uint8_t *wp1 = n0 + gq + 8 < g.N ? W + (n0 + gq + 8) * g.ldb + 8 * t : NULL;
    const uint8_t *wx0 = n0 + gq < g.N ? WX + (n0 + gq) * g.ldbs : NULL;
    const uint8_t *wx1 = n0 + gq + 8 < g.N ? WX + (n0 + gq + 8) * g.ldbs : NULL;
    float acc[2][4];
    for (int j = 0; j < 2; j++)
        for (int q = 0; q < 4; q++)
            acc[j][q] = 0.0f;

    for (int64_t kb = (int64_t)ks * GM_U; kb < nb; kb += (int64_t)S * GM_U) {
        const int64_t kb1 = kb + GM_U < nb ? kb + GM_U : nb;
        uint32_t wf[GM_U][4], af[2][GM_U][2], wx[GM_U][2];
        for (int u = 0; u < GM_U; u++) { /* issue every load of the step first */
            const int64_t k = kb + u;
            const bool v = k < kb1;
            wf[u][0] = wf[u][1] = wf[u][2] = wf[u][3] = 0u;
            wx[u][0] = wx[u][1] = 127u;
            if (v && wp0) {
                gm_ld8(wp0 + 32 * k, true, wf[u][0], wf[u][2]);
                wx[u][0] = wx0[k];
            }
            if (v && wp1) {
                gm_ld8(wp1 + 32 * k, true, wf[u][1], wf[u][3]);
                wx[u][1] = wx1[k];
            }
            for (int j = 0; j < 2; j++) {
                af[j][u][0] = af[j][u][1] = 0u;
                if (j < NT && v && 8 * j + gq < M)
                    gm_ld8(A + (int64_t)(8 * j + gq) * g.lda + 32 * k + 8 * t, false, af[j][u][0], af[j][u][1]);
            }
        }
        for (int u = 0; u < GM_U; u++) {
            if (kb + u >= kb1)
                break; /* uniform across the warp */
            for (int j = 0; j < 2; j++) {
                if (j >= NT)
                    break;
                /* activation scales: small and shared by every CTA (cache hits), read at use */
                uint32_t ax[2];
                for (int c = 0; c < 2; c++) {
                    const int tok = 8 * j + 2 * t + c;
                    ax[c] = tok < M ? AX[(int64_t)tok * g.ldas + kb + u] : 127u;
                }
                float d[4];
                gm_mma<FA, FB>(wf[u], af[j][u], d);
                for (int q = 0; q < 4; q++)
                    acc[j][q] = mxk_block_add(acc[j][q], d[q], ax[q & 1], wx[u][q >> 1]);
            }
        }
    }

    for (int j = 0; j < 2; j++)
        for (int q = 0; q < 4; q++)
            red[w][j][q][l] = acc[j][q];
    MXKG_SYNC();
    if (ks != 0)
        return;
    for (int j = 0; j < NT; j++)
        for (int q = 0; q < 4; q++) {
            float v = red[w][j][q][l];
            for (int s = 1; s < S; s++) /* fixed order: deterministic */
                v += red[w + s][j][q][l];
            const int64_t n = n0 + gq + 8 * (q >> 1);
            const int tok = 8 * j + 2 * t + (q & 1);
            if (n >= g.N || tok >= M)
                continue;
            if (g.bias)
                v += mxk_load_wide(g.btype, g.bias, n);
            char *crp = (char *)g.c + (int64_t)tok * g.ldc * (g.ctype == MXK_C_F32 ? 4 : 2);
            mxk_store_out(g.ctype, crp, n, v);
        }
}

#endif

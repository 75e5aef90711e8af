/* gemv1: the M = 1 and M = 2 decode GEMV on NVIDIA sm_89+ (and in the host emulation);
 * included by mxk_gemm.hip inside namespace mxkg after mxk_gemv_mma.h (it
 * uses gemm_args, gm_block_add and the codec helpers).
 *
 * With one or two tokens there is little for a tensor core to share, and on
 * sm_90 an FP8 mma.sync is a dozen conversions plus two f16 MMAs anyway. Here
 * a lane owns whole MX blocks: it loads a block of the MT activation rows and
 * the same block of G1_ROWS weight rows (32 bytes each, 16-byte loads), converts the
 * codes with cvt.rn.f16x2.{e4m3,e5m2}x2 (exact) and cvt.f32.f16, sums the 32
 * exact products in fp32 in a fixed order and applies the two block scales
 * (gm_block_add: mxk_block_add's semantics). The S warps of a row group take
 * interleaved blocks; lanes and warps are reduced in a fixed order, so the
 * result does not depend on timing. Needs 16-byte aligned operand rows (the
 * launcher checks). */
#ifndef MXK_GEMV1_H
#define MXK_GEMV1_H

enum { G1_ROWS = 4, G1_WARPS = 8 /* at most, per CTA */ };

/* 32 bytes (16-byte aligned) */
__device__ __forceinline__ void g1_ld32(const uint8_t *p, uint32_t w[8])
{
#if defined(MXKG_GM_PTX)
    asm volatile("ld.global.nc.v4.u32 {%0,%1,%2,%3}, [%4];" : "=r"(w[0]), "=r"(w[1]), "=r"(w[2]), "=r"(w[3]) : "l"(p));
    asm volatile("ld.global.nc.v4.u32 {%0,%1,%2,%3}, [%4];"
                 : "=r"(w[4]), "=r"(w[5]), "=r"(w[6]), "=r"(w[7])
                 : "l"(p + 16));
#else
    memcpy(w, p, 32);
#endif
}

/* the 32 codes of w (byte i of the block = code i) as f32 values */
template <int F>
__device__ __forceinline__ void g1_decode32(const uint32_t w[8], float out[32])
{
#if defined(MXKG_GM_PTX) && defined(MXKG_HAVE_GEMV_MMA)
    for (int i = 0; i < 16; i++) {
        const unsigned short pair = (unsigned short)(w[i >> 1] >> (16 * (i & 1)));
        uint32_t h2;
        if (F == MXK_C_E4M3)
            asm("cvt.rn.f16x2.e4m3x2 %0, %1;" : "=r"(h2) : "h"(pair));
        else
            asm("cvt.rn.f16x2.e5m2x2 %0, %1;" : "=r"(h2) : "h"(pair));
        asm("cvt.f32.f16 %0, %1;" : "=f"(out[2 * i]) : "h"((unsigned short)(h2 & 0xFFFFu)));
        asm("cvt.f32.f16 %0, %1;" : "=f"(out[2 * i + 1]) : "h"((unsigned short)(h2 >> 16)));
    }
#else
    const mxk_fmt f = mxk_fmt_of(F);
    for (int i = 0; i < 32; i++)
        out[i] = mxk_u2f(mxk_decode_f32(f, (w[i >> 2] >> (8 * (i & 3))) & 0xFFu));
#endif
}

/* The body of one CTA (column block cta of the grid): MT token rows (1 or 2;
 * rows past g.M, MT = 2 with g.M = 1, are read but not stored). NW warps per
 * CTA: 8, or 4 with registers capped for 6 CTAs per SM (smaller CTAs spread
 * a grid of a few SMs' worth evenly; the launcher picks). S: warps per row
 * group (1, 2, 4 or 8; <= NW); a CTA covers NW / S groups of G1_ROWS rows */
template <int FA, int FB, int MT, int NW>
__device__ __forceinline__ void gemv1_body(const gemm_args &g, int S, int64_t cta)
{
    __shared__ float red[NW][MT][G1_ROWS];
    const int tid = (int)MXK_TID_X, w = tid >> 5, l = tid & 31, rg = w / S, ks = w % S;
    const int64_t n0 = (cta * (NW / S) + rg) * G1_ROWS;
    const int64_t nb = g.K / 32;
    const uint8_t *A = (const uint8_t *)g.a, *AX = (const uint8_t *)g.as;
    const uint8_t *W = (const uint8_t *)g.b, *WX = (const uint8_t *)g.bs;
    float acc[MT][G1_ROWS];
    for (int m = 0; m < MT; m++)
        for (int r = 0; r < G1_ROWS; r++)
            acc[m][r] = 0.0f;
    for (int64_t kb = (int64_t)ks * 32 + l; kb < nb; kb += (int64_t)S * 32) {
        uint32_t av[MT][8], wv[G1_ROWS][8], xb[G1_ROWS], xa[MT];
        for (int m = 0; m < MT; m++) {
            g1_ld32(A + m * g.lda + kb * 32, av[m]);
            xa[m] = AX[m * g.ldas + kb];
        }
        for (int r = 0; r < G1_ROWS; r++) {
            const int64_t n = n0 + r;
            if (n < g.N) {
                g1_ld32(W + n * g.ldb + kb * 32, wv[r]);
                xb[r] = WX[n * g.ldbs + kb];
            } else {
                for (int i = 0; i < 8; i++)
                    wv[r][i] = 0u;
                xb[r] = 127u;
            }
        }
        float af[MT][32];
        for (int m = 0; m < MT; m++)
            g1_decode32<FA>(av[m], af[m]);
        for (int r = 0; r < G1_ROWS; r++) {
            float wf[32];
            g1_decode32<FB>(wv[r], wf);
            for (int m = 0; m < MT; m++) {
                float s = 0.0f;
                for (int i = 0; i < 32; i++) /* exact products, summed in order */
                    s += af[m][i] * wf[i];
                acc[m][r] = gm_block_add(acc[m][r], s, xa[m], xb[r]);
            }
        }
    }
    for (int m = 0; m < MT; m++)
        for (int r = 0; r < G1_ROWS; r++) {
            float v = acc[m][r];
            for (int o = 16; o >= 1; o >>= 1)
                v += mxk_u2f(mxkg_shfl32(mxk_f2u(v), o));
            if (l == 0)
                red[w][m][r] = v;
        }
    MXKG_SYNC();
    if (ks != 0 || l >= MT * G1_ROWS)
        return;
    const int m = l / G1_ROWS, r = l % G1_ROWS;
    const int64_t n = n0 + r;
    if (n >= g.N || m >= g.M)
        return;
    float v = red[w][m][r];
    for (int s = 1; s < S; s++) /* fixed order: deterministic */
        v += red[w + s][m][r];
    if (g.bias)
        v += mxk_load_wide(g.btype, g.bias, n);
    mxk_store_out(g.ctype, (char *)g.c + (int64_t)m * g.ldc * (g.ctype == MXK_C_F32 ? 4 : 2), n, v);
}

/* gemv_mx with one or two tokens (g.M == MT) */
template <int FA, int FB, int MT, int NW>
__global__ void
#if defined(__CUDACC__)
__launch_bounds__(32 * NW, NW == 4 ? 6 : 1)
#endif
gemv1_kernel(gemm_args g, int S)
{
    gemv1_body<FA, FB, MT, NW>(g, S, (int64_t)MXK_BID_X);
}

/* MoE decode in one launch: grid row y is run y of the routed rows, runs[3y ..
 * 3y + 2] = first packed row i, rows (1 or 2, all of one expert), expert e.
 * Its token rows are A rows arow[i] (and arow[i + 1]) read in place, its
 * weight is expert e's N x K slice of B, its fp32 result goes to rows i
 * (i + 1) of the packed output g.c (N floats a row); g holds A, B, their
 * scales and N, K. Each run computes exactly what gemv1_kernel computes for
 * it alone (same body, same order). */
template <int FA, int FB, int NW>
__global__ void
#if defined(__CUDACC__)
__launch_bounds__(32 * NW, NW == 4 ? 6 : 1)
#endif
moe_gemv1_kernel(gemm_args g, const int32_t *runs, const int32_t *arow, int S)
{
    const int64_t y = (int64_t)MXK_BID_Y, i = runs[3 * y], len = runs[3 * y + 1], e = runs[3 * y + 2];
    const int64_t r0 = arow[i], r1 = len == 2 ? arow[i + 1] : r0;
    gemm_args h = g;
    h.a = (const uint8_t *)g.a + r0 * g.lda, h.lda = (r1 - r0) * g.lda;
    h.as = (const uint8_t *)g.as + r0 * g.ldas, h.ldas = (r1 - r0) * g.ldas;
    h.b = (const uint8_t *)g.b + e * g.N * g.ldb, h.bs = (const uint8_t *)g.bs + e * g.N * g.ldbs;
    h.c = (float *)g.c + i * g.N, h.ldc = g.N, h.M = len;
    gemv1_body<FA, FB, 2, NW>(h, S, (int64_t)MXK_BID_X);
}

#endif

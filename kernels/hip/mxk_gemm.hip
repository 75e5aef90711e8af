/* HIP kernels of the GEMM family (kernels.h "GEMM family"): gemm_mx,
 * gemm_fp8, moe_gemm_mx (one tile kernel, per-target matrix-core strategy),
 * gemv_mx (small-M streaming kernel), linear_mxfp8 (quantise + gemm_mx), and
 * their host launchers (extern "C", called by kernels/src/api_gemm.c after
 * the guards and the dispatch).
 *
 * Declared accumulation on every strategy: exact products, the 32 products
 * of one MX block summed by the matrix instruction (or in fp32 registers),
 * block scales applied in fp32 (mxk_block_add), fp32 accumulator, bias in
 * fp32, one rounding to the output (mxk_store_out).
 *
 * Strategies (the dispatch table names them; host picks, device code for
 * each target only contains its own):
 *   S_GENERIC  any target: operands decoded to f32 in LDS, fp32 FMA
 *   S_SM90     NVIDIA sm_89+: mma.sync m16n8k32 e4m3/e5m2 (one MX block per
 *              instruction) or m16n8k16 bf16/f16 after an exact decode
 *   S_MFMA16   gfx908/gfx90a/gfx942/gfx950: exact decode to f16/bf16 in LDS,
 *              v_mfma_f32_16x16x16f16 / 16x16x16bf16_1k / 16x16x8bf16 (gfx908)
 *   S_GFX942   OCP E4M3 -> FNUZ by the bit rule (value halves: scale exponent
 *              +1 per operand), v_mfma_f32_16x16x32_{fp8,bf8}_{fp8,bf8}
 *   S_GFX950   v_mfma_scale_f32_16x16x128_f8f6f4, E8M0 scale per lane (K % 128)
 *   S_GFX12F8  v_wmma_f32_16x16x16_{fp8,bf8}_{fp8,bf8}_w32_gfx12
 *   S_WMMA16   gfx11/gfx12: exact decode + v_wmma_f32_16x16x16_{f16,bf16}
 * AMD strategies are compiled and ISA-checked (ci/amd-compile-check.sh), not
 * run: no AMD GPU here. Their fragment layouts follow the CDNA3/RDNA3/RDNA4
 * ISA documents; test_gemm --backend hip on the hardware is the check. */
#include "compat/mxk_hip_compat.h"
#if defined(__CUDACC__) && defined(MXK_CUDA_WGMMA)
#include <cudaTypedefs.h> /* CUtensorMap and cuTensorMapEncodeTiled's type, for the TMA kernels */
#endif
#include "../common/mxk_codec.h"
#include "../common/mxk_gemm_common.h"

#ifndef MXK_HIP_BARE
#include <string.h>
#include <type_traits>
#ifndef MXK_HAVE_HIP
#define MXK_HAVE_HIP 1 /* the hip backend's prototypes in internal.h */
#endif
#include "../src/internal.h"
#endif

#if defined(__gfx1200__) || defined(__gfx1201__)
#define MXKG_GFX12 1
#endif
#if defined(__gfx1100__) || defined(__gfx1101__) || defined(__gfx1102__) || defined(__gfx1103__)
#define MXKG_GFX11 1
#endif
#if defined(__gfx908__) || defined(__gfx90a__) || defined(__gfx940__) || defined(__gfx941__) || \
    defined(__gfx942__) || defined(__gfx950__)
#define MXKG_CDNA 1
#endif

#if defined(MXK_HIP_HOSTEMU) /* host emulation (kernels/tests/hip_hostemu.h) */
#define MXKG_SYNC() mxk_emu_syncthreads()
#elif defined(MXK_HIP_BARE)
#define MXKG_SYNC()                                               \
    do {                                                          \
        __builtin_amdgcn_fence(__ATOMIC_RELEASE, "workgroup");    \
        __builtin_amdgcn_s_barrier();                             \
        __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "workgroup");    \
    } while (0)
#else
#define MXKG_SYNC() __syncthreads()
#endif

/* xor shuffle of a 32-bit value inside aligned groups of 32 lanes */
#if defined(MXK_HIP_HOSTEMU)
#define mxkg_shfl32(v, m) mxk_emu_shfl32((v), (m))
#elif defined(__CUDACC__)
#define mxkg_shfl32(v, m) __shfl_xor_sync(0xFFFFFFFFu, (v), (m), 32)
#elif defined(MXK_HIP_BARE)
#define mxkg_shfl32(v, m) mxk_shfl_xor_u((v), (m), 32)
#else
#define mxkg_shfl32(v, m) __shfl_xor((v), (m), 32)
#endif

#if defined(__CUDACC__) && defined(__NVCC_DIAG_PRAGMA_SUPPORT__)
#pragma nv_diag_suppress 128 /* the per-target fallback after a strategy's return is unreachable there */
#endif

namespace mxkg {

enum { S_GENERIC = 0, S_SM90, S_MFMA16, S_GFX942, S_GFX950, S_GFX12F8, S_WMMA16 };
enum { BM = 64, BN = 64 };

#if !defined(MXK_HIP_HOSTEMU) /* matrix-instruction operand types (device compilers only) */
typedef float v4f __attribute__((ext_vector_type(4)));
typedef float v8f __attribute__((ext_vector_type(8)));
typedef int v2i __attribute__((ext_vector_type(2)));
typedef int v8i __attribute__((ext_vector_type(8)));
typedef short v2s __attribute__((ext_vector_type(2)));
typedef short v4s __attribute__((ext_vector_type(4)));
typedef short v8s __attribute__((ext_vector_type(8)));
typedef short v16s __attribute__((ext_vector_type(16)));
#if !defined(__CUDACC__)
typedef _Float16 v4h __attribute__((ext_vector_type(4)));
typedef _Float16 v8h __attribute__((ext_vector_type(8)));
typedef _Float16 v16h __attribute__((ext_vector_type(16)));
#endif
#endif

/* Per-strategy constants: lanes per wave, K per step, LDS element kind. */
template <int S> struct strat {
    static constexpr int WS = (S == S_SM90 || S == S_GFX12F8 || S == S_WMMA16) ? 32 : 64;
    static constexpr int THREADS = 4 * WS;
    static constexpr int KS = S == S_GFX950 ? 128 : 32;                    /* K per step */
    static constexpr int LDS32 = S == S_GENERIC ? 1 : 0;                   /* f32 decoded */
    static constexpr int NACC = (WS == 32) ? 8 : 4;                        /* accumulators / lane / 16x16 */
};

/* LDS holds 16-bit decoded values: the 16-bit matrix strategies, and the
 * sm_90 strategy when the activations are bf16 / f16 (T16 != 0). */
template <int S, int T16> struct lds16 {
    static constexpr int value = (S == S_MFMA16 || S == S_WMMA16 || (S == S_SM90 && T16 != 0)) ? 1 : 0;
};

/* Row and column (inside a 16x16 tile) of accumulator r of lane l. */
template <int S>
__device__ __forceinline__ void acc_pos(int l, int r, int &row, int &col)
{
    if (S == S_SM90) { /* two m16n8 halves: c0,c1 row g; c2,c3 row g+8 */
        int g = l >> 2, t = l & 3, h = r >> 2, q = r & 3;
        row = g + 8 * (q >> 1);
        col = 8 * h + 2 * t + (q & 1);
    } else if (S == S_GFX12F8) {
        row = 8 * (l >> 4) + r, col = l & 15;
    } else if (S == S_WMMA16) {
#if defined(MXKG_GFX11)
        row = 2 * r + (l >> 4), col = l & 15; /* gfx11: lanes 16-31 hold the odd rows */
#else
        row = 8 * (l >> 4) + r, col = l & 15; /* gfx12 */
#endif
    } else { /* MFMA 16x16 (and the generic path, which uses the same map) */
        row = 4 * (l >> 4) + r, col = l & 15;
    }
}

__device__ __forceinline__ uint32_t ld32(const void *p) /* 4-byte aligned LDS read */
{
    return *(const uint32_t *)p;
}

#if defined(MXK_HIP_HOSTEMU)
/* Emulated mma.sync for the host emulation of the sm_90 strategy, written
 * from the PTX ISA fragment tables (groupID g = lane >> 2, t = lane & 3):
 * m16n8k32 8-bit: A(row, k) in lane (row % 8) * 4 + (k % 16) / 4, register
 * row / 8 + 2 * (k / 16), byte k % 4; B(k, col) in lane col * 4 + (k % 16) / 4,
 * register k / 16, byte k % 4. m16n8k16 16-bit: A(row, k) in lane
 * (row % 8) * 4 + (k % 8) / 2, register row / 8 + 2 * (k / 8), half k % 2;
 * B(k, col) in lane col * 4 + (k % 8) / 2, register k / 8, half k % 2.
 * D(row, col): lane (row % 8) * 4 + col / 2, element 2 * (row / 8) + col % 2.
 * kind 0: FP8 (formats fa, fb), 1: bf16, 2: f16. */
static inline void emu_mma(int kind, int fa, int fb, const uint32_t a[4], const uint32_t b[2], const float c[4],
                           float d[4])
{
    uint32_t mine[6] = {a[0], a[1], a[2], a[3], b[0], b[1]}, all[32][6];
    mxk_emu_gather6(mine, all);
    const int l = (int)(MXK_TID_X & 31u), K = kind == 0 ? 32 : 16;
    for (int q = 0; q < 4; q++) {
        const int row = (l >> 2) + 8 * (q >> 1), col = 2 * (l & 3) + (q & 1);
        float s = c[q];
        for (int k = 0; k < K; k++) {
            float av, bv;
            if (kind == 0) {
                uint32_t aw = all[(row % 8) * 4 + (k % 16) / 4][row / 8 + 2 * (k / 16)];
                uint32_t bw = all[col * 4 + (k % 16) / 4][4 + k / 16];
                av = mxk_u2f(mxk_decode_f32(mxk_fmt_of(fa), (aw >> (8 * (k % 4))) & 0xFFu));
                bv = mxk_u2f(mxk_decode_f32(mxk_fmt_of(fb), (bw >> (8 * (k % 4))) & 0xFFu));
            } else {
                uint32_t aw = all[(row % 8) * 4 + (k % 8) / 2][row / 8 + 2 * (k / 8)];
                uint32_t bw = all[col * 4 + (k % 8) / 2][4 + k / 8];
                uint16_t ah = (uint16_t)(aw >> (16 * (k % 2))), bh = (uint16_t)(bw >> (16 * (k % 2)));
                av = mxk_u2f(kind == 1 ? mxk_bf16_to_f32(ah) : mxk_f16_to_f32(ah));
                bv = mxk_u2f(kind == 1 ? mxk_bf16_to_f32(bh) : mxk_f16_to_f32(bh));
            }
            s += av * bv;
        }
        d[q] = s;
    }
}
#endif

/* ---- the matrix-core step of one 16x16 tile over one K step. sa / sb:
 * LDS rows of the tile (row stride in bytes). part[NACC]: the partial sums
 * of this step (MX: one block, unscaled; gfx950: scaled, accumulated). ---- */
template <int S, int FA, int FB, int T16>
__device__ __forceinline__ void tile_step(const char *sa, const char *sb, int stride, int l, float *part,
                                          const uint8_t *xa, const uint8_t *xb, int xstride)
{
    (void)xa, (void)xb, (void)xstride;
    constexpr int NACC = strat<S>::NACC;
    if (S == S_GENERIC) {
        for (int r = 0; r < NACC; r++) {
            int row, col;
            acc_pos<S>(l, r, row, col);
            const float *a = (const float *)(sa + row * stride), *b = (const float *)(sb + col * stride);
            float s = 0.0f;
            for (int k = 0; k < 32; k++)
                s += a[k] * b[k];
            part[r] = s;
        }
        return;
    }
#if (defined(__CUDACC__) && defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 890)) || defined(MXK_HIP_HOSTEMU)
    if (S == S_SM90) {
        const int g = l >> 2, t = l & 3;
        for (int h = 0; h < 2; h++) {
            float d0, d1, d2, d3;
            if (T16 == 0) { /* FP8 x FP8: one m16n8k32 per block */
                uint32_t a0 = ld32(sa + g * stride + 4 * t), a1 = ld32(sa + (g + 8) * stride + 4 * t);
                uint32_t a2 = ld32(sa + g * stride + 16 + 4 * t), a3 = ld32(sa + (g + 8) * stride + 16 + 4 * t);
                const char *bb = sb + (8 * h + g) * stride;
                uint32_t b0 = ld32(bb + 4 * t), b1 = ld32(bb + 16 + 4 * t);
#define MMA8(TA, TB)                                                                                   \
    asm volatile("mma.sync.aligned.m16n8k32.row.col.f32." TA "." TB ".f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, " \
                 "{%8,%9}, {%10,%10,%10,%10};"                                                         \
                 : "=f"(d0), "=f"(d1), "=f"(d2), "=f"(d3)                                              \
                 : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1), "f"(0.0f))
#if defined(MXK_HIP_HOSTEMU)
                {
                    const uint32_t ar[4] = {a0, a1, a2, a3}, br[2] = {b0, b1};
                    const float cz[4] = {0.0f, 0.0f, 0.0f, 0.0f};
                    float dd[4];
                    emu_mma(0, FA, FB, ar, br, cz, dd);
                    d0 = dd[0], d1 = dd[1], d2 = dd[2], d3 = dd[3];
                }
#else
                if (FA == MXK_C_E4M3 && FB == MXK_C_E4M3)
                    MMA8("e4m3", "e4m3");
                else if (FA == MXK_C_E4M3)
                    MMA8("e4m3", "e5m2");
                else if (FB == MXK_C_E4M3)
                    MMA8("e5m2", "e4m3");
                else
                    MMA8("e5m2", "e5m2");
#endif
#undef MMA8
            } else { /* 16-bit: two m16n8k16 per block, chained */
                d0 = d1 = d2 = d3 = 0.0f;
                for (int k0 = 0; k0 < 32; k0 += 16) {
                    const int kb = 2 * k0; /* bytes */
                    uint32_t a0 = ld32(sa + g * stride + kb + 4 * t), a1 = ld32(sa + (g + 8) * stride + kb + 4 * t);
                    uint32_t a2 = ld32(sa + g * stride + kb + 16 + 4 * t),
                             a3 = ld32(sa + (g + 8) * stride + kb + 16 + 4 * t);
                    const char *bb = sb + (8 * h + g) * stride + kb;
                    uint32_t b0 = ld32(bb + 4 * t), b1 = ld32(bb + 16 + 4 * t);
#if defined(MXK_HIP_HOSTEMU)
                    const uint32_t ar[4] = {a0, a1, a2, a3}, br[2] = {b0, b1};
                    const float cc[4] = {d0, d1, d2, d3};
                    float dd[4];
                    emu_mma(T16 == MXK_C_BF16 ? 1 : 2, FA, FB, ar, br, cc, dd);
                    d0 = dd[0], d1 = dd[1], d2 = dd[2], d3 = dd[3];
#else
                    if (T16 == MXK_C_BF16)
                        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, "
                                     "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                                     : "+f"(d0), "+f"(d1), "+f"(d2), "+f"(d3)
                                     : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
                    else
                        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, "
                                     "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                                     : "+f"(d0), "+f"(d1), "+f"(d2), "+f"(d3)
                                     : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(b0), "r"(b1));
#endif
                }
            }
            part[4 * h + 0] = d0, part[4 * h + 1] = d1, part[4 * h + 2] = d2, part[4 * h + 3] = d3;
        }
        return;
    }
#endif
#if defined(MXKG_CDNA) && !defined(__CUDACC__)
    if (S == S_MFMA16) {
        v4f d = {0.0f, 0.0f, 0.0f, 0.0f};
        const char *ar = sa + (l & 15) * stride, *br = sb + (l & 15) * stride;
#if defined(__gfx908__)
        if (T16 == MXK_C_BF16) { /* gfx908 has no bf16_1k: 16x16x8bf16, four per block */
            for (int k0 = 0; k0 < 32; k0 += 8) {
                const int kb = 2 * (k0 + 2 * (l >> 4));
                uint32_t a = ld32(ar + kb), b = ld32(br + kb);
                v2s av = __builtin_bit_cast(v2s, a), bv = __builtin_bit_cast(v2s, b);
                d = __builtin_amdgcn_mfma_f32_16x16x8bf16(av, bv, d, 0, 0, 0);
            }
        } else
#endif
        {
            for (int k0 = 0; k0 < 32; k0 += 16) {
                const int kb = 2 * (k0 + 4 * (l >> 4));
                uint32_t a_lo = ld32(ar + kb), a_hi = ld32(ar + kb + 4);
                uint32_t b_lo = ld32(br + kb), b_hi = ld32(br + kb + 4);
                unsigned long long a64 = a_lo | ((unsigned long long)a_hi << 32);
                unsigned long long b64 = b_lo | ((unsigned long long)b_hi << 32);
                if (T16 == MXK_C_BF16) {
#if !defined(__gfx908__)
                    d = __builtin_amdgcn_mfma_f32_16x16x16bf16_1k(__builtin_bit_cast(v4s, a64),
                                                                  __builtin_bit_cast(v4s, b64), d, 0, 0, 0);
#endif
                } else {
                    d = __builtin_amdgcn_mfma_f32_16x16x16f16(__builtin_bit_cast(v4h, a64),
                                                              __builtin_bit_cast(v4h, b64), d, 0, 0, 0);
                }
            }
        }
        for (int r = 0; r < 4; r++)
            part[r] = d[r];
        return;
    }
#endif
#if (defined(__gfx940__) || defined(__gfx941__) || defined(__gfx942__)) && !defined(__CUDACC__)
    if (S == S_GFX942) {
        const char *ar = sa + (l & 15) * stride + 8 * (l >> 4), *br = sb + (l & 15) * stride + 8 * (l >> 4);
        long a = (long)(ld32(ar) | ((unsigned long long)ld32(ar + 4) << 32));
        long b = (long)(ld32(br) | ((unsigned long long)ld32(br + 4) << 32));
        v4f z = {0.0f, 0.0f, 0.0f, 0.0f}, d;
        const bool a8 = FA == MXK_C_E4M3 || FA == MXK_C_E4M3FNUZ, b8 = FB == MXK_C_E4M3 || FB == MXK_C_E4M3FNUZ;
        if (a8 && b8)
            d = __builtin_amdgcn_mfma_f32_16x16x32_fp8_fp8(a, b, z, 0, 0, 0);
        else if (a8)
            d = __builtin_amdgcn_mfma_f32_16x16x32_fp8_bf8(a, b, z, 0, 0, 0);
        else if (b8)
            d = __builtin_amdgcn_mfma_f32_16x16x32_bf8_fp8(a, b, z, 0, 0, 0);
        else
            d = __builtin_amdgcn_mfma_f32_16x16x32_bf8_bf8(a, b, z, 0, 0, 0);
        for (int r = 0; r < 4; r++)
            part[r] = d[r];
        return;
    }
#endif
#if defined(__gfx950__) && !defined(__CUDACC__) && __has_builtin(__builtin_amdgcn_mfma_scale_f32_16x16x128_f8f6f4)
    if (S == S_GFX950) { /* part holds the running accumulator: the hardware scales and adds */
        const int kb = 32 * (l >> 4); /* this lane's MX block inside the 128-step */
        const char *ar = sa + (l & 15) * stride + kb, *br = sb + (l & 15) * stride + kb;
        v8i a, b;
        for (int i = 0; i < 8; i++)
            a[i] = (int)ld32(ar + 4 * i), b[i] = (int)ld32(br + 4 * i);
        int sxa = xa[(l & 15) * xstride + (l >> 4)], sxb = xb[(l & 15) * xstride + (l >> 4)];
        v4f c = {part[0], part[1], part[2], part[3]};
        constexpr int fa = FA == MXK_C_E5M2 ? 1 : 0, fb = FB == MXK_C_E5M2 ? 1 : 0;
        c = __builtin_amdgcn_mfma_scale_f32_16x16x128_f8f6f4(a, b, c, fa, fb, 0, sxa, 0, sxb);
        for (int r = 0; r < 4; r++)
            part[r] = c[r];
        return;
    }
#endif
#if defined(MXKG_GFX12) && !defined(__CUDACC__)
    if (S == S_GFX12F8) {
        v8f d = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
        for (int k0 = 0; k0 < 32; k0 += 16) {
            const char *ar = sa + (l & 15) * stride + k0 + 8 * (l >> 4);
            const char *br = sb + (l & 15) * stride + k0 + 8 * (l >> 4);
            v2i a = {(int)ld32(ar), (int)ld32(ar + 4)}, b = {(int)ld32(br), (int)ld32(br + 4)};
            if (FA == MXK_C_E4M3 && FB == MXK_C_E4M3)
                d = __builtin_amdgcn_wmma_f32_16x16x16_fp8_fp8_w32_gfx12(a, b, d);
            else if (FA == MXK_C_E4M3)
                d = __builtin_amdgcn_wmma_f32_16x16x16_fp8_bf8_w32_gfx12(a, b, d);
            else if (FB == MXK_C_E4M3)
                d = __builtin_amdgcn_wmma_f32_16x16x16_bf8_fp8_w32_gfx12(a, b, d);
            else
                d = __builtin_amdgcn_wmma_f32_16x16x16_bf8_bf8_w32_gfx12(a, b, d);
        }
        for (int r = 0; r < 8; r++)
            part[r] = d[r];
        return;
    }
#endif
#if (defined(MXKG_GFX11) || defined(MXKG_GFX12)) && !defined(__CUDACC__)
    if (S == S_WMMA16) {
        v8f d = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
        for (int k0 = 0; k0 < 32; k0 += 16) {
#if defined(MXKG_GFX11)
            /* gfx11: every lane holds all 16 k of its row (lanes 16-31 repeat 0-15) */
            const char *ar = sa + (l & 15) * stride + 2 * k0, *br = sb + (l & 15) * stride + 2 * k0;
            uint32_t aw[8], bw[8];
            for (int i = 0; i < 8; i++)
                aw[i] = ld32(ar + 4 * i), bw[i] = ld32(br + 4 * i);
            if (T16 == MXK_C_BF16)
                d = __builtin_amdgcn_wmma_f32_16x16x16_bf16_w32(__builtin_bit_cast(v16s, aw),
                                                                __builtin_bit_cast(v16s, bw), d);
            else
                d = __builtin_amdgcn_wmma_f32_16x16x16_f16_w32(__builtin_bit_cast(v16h, aw),
                                                               __builtin_bit_cast(v16h, bw), d);
#else
            /* gfx12: lanes 0-15 hold k 0-7, lanes 16-31 k 8-15 */
            const char *ar = sa + (l & 15) * stride + 2 * (k0 + 8 * (l >> 4));
            const char *br = sb + (l & 15) * stride + 2 * (k0 + 8 * (l >> 4));
            uint32_t aw[4], bw[4];
            for (int i = 0; i < 4; i++)
                aw[i] = ld32(ar + 4 * i), bw[i] = ld32(br + 4 * i);
            if (T16 == MXK_C_BF16)
                d = __builtin_amdgcn_wmma_f32_16x16x16_bf16_w32_gfx12(__builtin_bit_cast(v8s, aw),
                                                                      __builtin_bit_cast(v8s, bw), d);
            else
                d = __builtin_amdgcn_wmma_f32_16x16x16_f16_w32_gfx12(__builtin_bit_cast(v8h, aw),
                                                                     __builtin_bit_cast(v8h, bw), d);
#endif
        }
        for (int r = 0; r < 8; r++)
            part[r] = d[r];
        return;
    }
#endif
    /* a strategy compiled for a target without its instruction: never
     * dispatched (the table only names it on its targets) */
    for (int r = 0; r < NACC; r++)
        part[r] = mxk_u2f(0x7FC00000u);
}

/* Stage one element into LDS: FP8 code (kept, re-encoded for gfx942),
 * decoded to 16 bits, or decoded to f32. AK: the operand's element kind. */
template <int S, int AK, int T16>
__device__ __forceinline__ void stage_elem(char *dst, int idx, const void *src, int64_t off, bool valid)
{
    if (strat<S>::LDS32) {
        float v = 0.0f;
        if (valid)
            v = (AK == MXK_C_BF16 || AK == MXK_C_F16) ? mxk_load_wide(AK, src, off)
                                                       : mxk_u2f(mxk_decode_f32(mxk_fmt_of(AK),
                                                                                ((const uint8_t *)src)[off]));
        ((float *)dst)[idx] = v;
    } else if (lds16<S, T16>::value) {
        uint16_t h = 0;
        if (valid) {
            if (AK == MXK_C_BF16 || AK == MXK_C_F16)
                h = ((const uint16_t *)src)[off];
            else if (T16 == MXK_C_BF16)
                h = (uint16_t)(mxk_decode_f32(mxk_fmt_of(AK), ((const uint8_t *)src)[off]) >> 16);
            else
                h = mxk_fp8_to_f16(AK, ((const uint8_t *)src)[off]);
        }
        ((uint16_t *)dst)[idx] = h;
    } else {
        uint32_t c = valid ? ((const uint8_t *)src)[off] : 0u;
        if (S == S_GFX942 && (AK == MXK_C_E4M3)) /* OCP -> FNUZ bit rule (DESIGN 2) */
            c = c == 0x80u ? 0u : (c & 0x7Fu) == 0x7Fu ? 0x80u : c;
        ((uint8_t *)dst)[idx] = (uint8_t)c;
    }
}

/* Kernel arguments (one struct: the launch stays readable). */
struct gemm_args {
    const void *a, *as, *b, *bs;
    int64_t lda, ldas, ldb, ldbs;
    void *c;
    int64_t ldc;
    int ctype;
    const void *bias;
    int btype;
    int64_t M, N, K;
    int mx;            /* 1: block scales; 0: per-tensor (post scale) */
    float post;        /* gemm_fp8: fl32(a_scale * b_scale) (x2 per OCP operand re-encoded on gfx942) */
    int xbias;         /* gfx942 MX: +1 per OCP E4M3 operand re-encoded (value halved) */
    /* MoE */
    const int32_t *sorted_ids, *expert_ids;
    const float *weights;
    int64_t num_valid, block_m, chunks;
    int top_k;
    int64_t pad_id, n_per_expert;
    int64_t y0; /* first grid row of this launch (grids taller than 65535 go in slices) */
};

template <int S, int T16> struct lds_bytes {
    static constexpr int EB = strat<S>::LDS32 ? 4 : lds16<S, T16>::value ? 2 : 1;
    static constexpr int STRIDE = strat<S>::KS * EB + 16; /* row stride in bytes (16-byte aligned rows) */
};

/* One CTA: a BM x BN tile of C (gemm) or of one expert tile's gathered rows
 * (MoE: blockIdx.y = tile * chunks + chunk). IDX: offset type (uint32_t for
 * the 32-bit-offset paths). */
template <int S, int FA, int FB, int T16, typename IDX>
__global__ void tile_gemm_kernel(gemm_args g)
{
    constexpr int WS = strat<S>::WS, KS = strat<S>::KS, NACC = strat<S>::NACC, STR = lds_bytes<S, T16>::STRIDE;
    constexpr int NT = strat<S>::THREADS, XS = KS / 32;
    __shared__ __attribute__((aligned(16))) char sA[BM * STR];
    __shared__ __attribute__((aligned(16))) char sB[BN * STR];
    __shared__ uint8_t sXa[BM * XS], sXb[BN * XS];
    __shared__ int64_t sArow[BM], sCrow[BM];
    __shared__ float sW[BM];
    __shared__ int sNanA[BM], sNanB[BN];
    const int tid = (int)MXK_TID_X;
    const int wave = tid / WS, lane = tid % WS;
    const int64_t n0 = (int64_t)MXK_BID_X * BN;
    int64_t m0 = 0, mlim = g.M, boff = 0;
    const bool moe = g.sorted_ids != 0;
    if (moe) {
        const int64_t y = (int64_t)MXK_BID_Y + g.y0;
        const int64_t t = y / g.chunks, ch = y % g.chunks;
        const int e = g.expert_ids[t];
        if (e < 0)
            return;
        m0 = t * g.block_m + ch * BM;
        mlim = t * g.block_m + g.block_m;
        if (mlim > g.num_valid)
            mlim = g.num_valid;
        if (m0 >= mlim)
            return;
        boff = (int64_t)e * g.n_per_expert;
    } else {
        m0 = ((int64_t)MXK_BID_Y + g.y0) * BM;
    }
    for (int i = tid; i < BM; i += NT) {
        int64_t s = m0 + i, ar = -1, cr = -1;
        float w = 1.0f;
        if (s < mlim) {
            if (moe) {
                int32_t id = g.sorted_ids[s];
                if (id != g.pad_id) {
                    ar = id / g.top_k, cr = id;
                    if (g.weights)
                        w = g.weights[id];
                }
            } else {
                ar = s, cr = s;
            }
        }
        sArow[i] = ar, sCrow[i] = cr, sW[i] = w, sNanA[i] = 0;
    }
    for (int i = tid; i < BN; i += NT)
        sNanB[i] = 0;
    MXKG_SYNC();

    const int wm = (wave >> 1) * 32, wn = (wave & 1) * 32;
    float acc[2][2][NACC];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            for (int r = 0; r < NACC; r++)
                acc[i][j][r] = 0.0f;

    const int64_t Nlim = g.n_per_expert ? g.n_per_expert : g.N;
    for (int64_t k0 = 0; k0 < g.K; k0 += KS) {
        /* stage A and B (zero outside the matrix and in the K tail) */
        for (int i = tid; i < BM * KS; i += NT) {
            const int r = i / KS, k = i % KS;
            const int64_t ar = sArow[r];
            const bool v = ar >= 0 && k0 + k < g.K;
            stage_elem<S, FA, T16>(sA + r * STR, k, g.a, v ? (int64_t)((IDX)ar * (IDX)g.lda + (IDX)(k0 + k)) : 0, v);
        }
        for (int i = tid; i < BN * KS; i += NT) {
            const int r = i / KS, k = i % KS;
            const bool v = n0 + r < Nlim && k0 + k < g.K;
            stage_elem<S, FB, T16>(sB + r * STR, k, g.b,
                                   v ? (int64_t)((IDX)(boff + n0 + r) * (IDX)g.ldb + (IDX)(k0 + k)) : 0, v);
        }
        if (g.mx) {
            for (int i = tid; i < BM * XS; i += NT) {
                const int r = i / XS, x = i % XS;
                const int64_t ar = sArow[r];
                const bool in = ar >= 0 && (k0 / 32 + x) * 32 < g.K;
                uint8_t c = in ? ((const uint8_t *)g.as)[(IDX)ar * (IDX)g.ldas + (IDX)(k0 / 32 + x)] : 127;
                sXa[i] = c;
                if (c == 0xFF)
                    sNanA[r] = 1;
            }
            for (int i = tid; i < BN * XS; i += NT) {
                const int r = i / XS, x = i % XS;
                const bool in = n0 + r < Nlim && (k0 / 32 + x) * 32 < g.K;
                uint8_t c = in ? ((const uint8_t *)g.bs)[(IDX)(boff + n0 + r) * (IDX)g.ldbs + (IDX)(k0 / 32 + x)] : 127;
                sXb[i] = c;
                if (c == 0xFF)
                    sNanB[r] = 1;
            }
        } else {
            for (int i = tid; i < BM * XS; i += NT)
                sXa[i] = 127;
            for (int i = tid; i < BN * XS; i += NT)
                sXb[i] = 127;
        }
        MXKG_SYNC();
        if (S == S_GENERIC || wave < 4) {
            /* the generic path runs 4 logical 64-lane groups of 256 threads */
            for (int ti = 0; ti < 2; ti++)
                for (int tj = 0; tj < 2; tj++) {
                    const int r0 = wm + 16 * ti, c0 = wn + 16 * tj;
                    float part[NACC];
                    if (S == S_GFX950) {
                        for (int r = 0; r < NACC; r++)
                            part[r] = acc[ti][tj][r];
                        if (g.mx)
                            tile_step<S, FA, FB, T16>(sA + r0 * STR, sB + c0 * STR, STR, lane, part, sXa + r0 * XS,
                                                      sXb + c0 * XS, XS);
                        else { /* unit scales (127) */
                            tile_step<S, FA, FB, T16>(sA + r0 * STR, sB + c0 * STR, STR, lane, part, sXa + r0 * XS,
                                                      sXb + c0 * XS, XS);
                        }
                        for (int r = 0; r < NACC; r++)
                            acc[ti][tj][r] = part[r];
                        continue;
                    }
                    tile_step<S, FA, FB, T16>(sA + r0 * STR, sB + c0 * STR, STR, lane, part, 0, 0, 0);
                    for (int r = 0; r < NACC; r++) {
                        int row, col;
                        acc_pos<S>(lane, r, row, col);
                        if (g.mx)
                            acc[ti][tj][r] = mxk_block_add(acc[ti][tj][r], part[r], sXa[(r0 + row) * XS],
                                                           sXb[(c0 + col) * XS]) ;
                        else
                            acc[ti][tj][r] += part[r];
                    }
                }
        }
        MXKG_SYNC();
    }
    /* epilogue: (gfx942 / per-tensor) scale, NaN scales, routing weight, bias, one rounding */
    for (int ti = 0; ti < 2; ti++)
        for (int tj = 0; tj < 2; tj++)
            for (int r = 0; r < NACC; r++) {
                int row, col;
                acc_pos<S>(lane, r, row, col);
                const int rr = wm + 16 * ti + row, cc = wn + 16 * tj + col;
                const int64_t crow = sCrow[rr], n = n0 + cc;
                if (crow < 0 || n >= Nlim)
                    continue;
                float v = acc[ti][tj][r];
                if (g.xbias)
                    v = mxk_scale_add(0.0f, v, g.xbias);
                if (!g.mx && g.post != 1.0f)
                    v *= g.post;
                if (S == S_GFX950 && (sNanA[rr] | sNanB[cc]))
                    v = mxk_u2f(0x7FC00000u);
                if (moe && g.weights)
                    v *= sW[rr];
                if (g.bias)
                    v += mxk_load_wide(g.btype, g.bias, n);
                char *crp = (char *)g.c + crow * g.ldc * (g.ctype == MXK_C_F32 ? 4 : 2);
                mxk_store_out(g.ctype, crp, n, v);
            }
}

/* ---- gemv: M <= 16. A CTA of 256 threads = 8 groups of 32 lanes; group
 * gr handles weight rows n = blockIdx.x * 16 + 2 * gr + {0, 1}. The A chunk
 * (M x 256 k, decoded f32, scale codes) is staged in LDS; a lane covers 8
 * consecutive k of a block (4 lanes per block): products summed in fp32,
 * the block sum closed by two xor shuffles, scaled by the lane that owns the
 * block, and the per-lane accumulators reduced across the group at the end.
 * 32-bit offsets (the dispatch row's envelope). ---- */
enum { GV_KC = 256, GV_ROWS = 16, GV_RPG = 2 };

template <int FA, int FB>
__global__ void gemv_kernel(gemm_args g)
{
    __shared__ float sA[16 * GV_KC];
    __shared__ uint8_t sX[16 * (GV_KC / 32)];
    const int tid = (int)MXK_TID_X, gr = tid >> 5, l = tid & 31;
    const int M = (int)g.M;
    const mxk_fmt fa = mxk_fmt_of(FA), fb = mxk_fmt_of(FB);
    float acc[16][GV_RPG];
    for (int m = 0; m < 16; m++)
        for (int q = 0; q < GV_RPG; q++)
            acc[m][q] = 0.0f;
    const int64_t nbase = (int64_t)MXK_BID_X * GV_ROWS + GV_RPG * gr;
    for (int64_t k0 = 0; k0 < g.K; k0 += GV_KC) {
        const int kc = (int)(g.K - k0 < (int64_t)GV_KC ? g.K - k0 : (int64_t)GV_KC);
        for (int i = tid; i < M * GV_KC; i += 256) {
            const int m = i / GV_KC, k = i % GV_KC;
            float v = 0.0f;
            if (k < kc)
                v = mxk_u2f(mxk_decode_f32(fa, ((const uint8_t *)g.a)[(uint32_t)m * (uint32_t)g.lda +
                                                                      (uint32_t)(k0 + k)]));
            sA[m * GV_KC + k] = v;
        }
        for (int i = tid; i < M * (GV_KC / 32); i += 256) {
            const int m = i / (GV_KC / 32), x = i % (GV_KC / 32);
            sX[i] = x * 32 < kc ? ((const uint8_t *)g.as)[(uint32_t)m * (uint32_t)g.ldas + (uint32_t)(k0 / 32 + x)]
                                : 127;
        }
        MXKG_SYNC();
        const int kl = 8 * l, blk = l >> 2;
        const bool kval = kl < kc; /* lanes past the chunk's end add zeros (no divergence at the shuffles) */
        for (int q = 0; q < GV_RPG; q++) {
            const int64_t n = nbase + q;
            if (n >= g.N)
                continue; /* uniform across the 32-lane group */
            float wv[8];
            uint32_t xb = 127;
            if (kval) {
                const uint8_t *w = (const uint8_t *)g.b + (uint32_t)n * (uint32_t)g.ldb + (uint32_t)(k0 + kl);
                for (int i = 0; i < 8; i++)
                    wv[i] = mxk_u2f(mxk_decode_f32(fb, w[i]));
                xb = ((const uint8_t *)g.bs)[(uint32_t)n * (uint32_t)g.ldbs + (uint32_t)(k0 / 32 + blk)];
            } else {
                for (int i = 0; i < 8; i++)
                    wv[i] = 0.0f;
            }
            for (int m = 0; m < 16; m++) {
                if (m >= M)
                    break;
                const float *a = sA + m * GV_KC + kl;
                float p = ((a[0] * wv[0] + a[1] * wv[1]) + (a[2] * wv[2] + a[3] * wv[3])) +
                          ((a[4] * wv[4] + a[5] * wv[5]) + (a[6] * wv[6] + a[7] * wv[7]));
                p += mxk_u2f(mxkg_shfl32(mxk_f2u(p), 1));
                p += mxk_u2f(mxkg_shfl32(mxk_f2u(p), 2));
                if ((l & 3) == 0 && kval)
                    acc[m][q] = mxk_block_add(acc[m][q], p, sX[m * (GV_KC / 32) + blk], xb);
            }
        }
        MXKG_SYNC();
    }
    /* reduce the 8 block-owner lanes of the group (lanes 0, 4, ..., 28) */
    for (int q = 0; q < GV_RPG; q++) {
        const int64_t n = nbase + q;
        for (int m = 0; m < 16; m++) {
            if (m >= M)
                break;
            float v = (l & 3) == 0 ? acc[m][q] : 0.0f;
            v += mxk_u2f(mxkg_shfl32(mxk_f2u(v), 4));
            v += mxk_u2f(mxkg_shfl32(mxk_f2u(v), 8));
            v += mxk_u2f(mxkg_shfl32(mxk_f2u(v), 16));
            if (l == 0 && n < g.N) {
                if (g.bias)
                    v += mxk_load_wide(g.btype, g.bias, n);
                char *crp = (char *)g.c + (int64_t)m * g.ldc * (g.ctype == MXK_C_F32 ? 4 : 2);
                mxk_store_out(g.ctype, crp, n, v);
            }
        }
    }
}

#if defined(__CUDACC__) || defined(MXK_HIP_HOSTEMU) /* NVIDIA-only kernels (and the gemv's host emulation) */
#include "mxk_gemv_mma.h"
#include "mxk_gemv1.h"
#endif
#if defined(__CUDACC__)
#include "mxk_gemm_wgmma.h"
#endif
#if defined(__CUDACC__) && defined(MXK_CUDA_WGMMA)
#include "mxk_tma.h"
#include "mxk_gemv_tma.h"
#endif
#if defined(__CUDACC__) && defined(MXK_CUDA_WGMMA) && defined(MXK_GEMM_TMA)
#include "mxk_gemm_ws.h" /* -DMXCTS_GEMM_TMA=ON (the default) */
#endif

/* MoE by expert (moe_by_expert): compact row i <- A row rows[i] (codes and
 * scale codes); one CTA per row */
__global__ void moe_gather_kernel(const uint8_t *a, int64_t lda, const uint8_t *as, int64_t ldas, const int32_t *rows,
                                  int64_t K, uint8_t *p, int64_t ldp, uint8_t *px, int64_t ldpx)
{
    const int64_t i = (int64_t)MXK_BID_X, r = rows[i];
    for (int64_t k = MXK_TID_X; k < K; k += MXK_BDIM_X)
        p[i * ldp + k] = a[r * lda + k];
    for (int64_t k = MXK_TID_X; k < K / 32; k += MXK_BDIM_X)
        px[i * ldpx + k] = as[r * ldas + k];
}

/* ... and C row crow[i] <- fp32 result row i x routing weight + bias, rounded
 * once (the tile kernel's epilogue, same order) */
__global__ void moe_scatter_kernel(const float *o, int64_t N, const int32_t *crow, const float *w, const void *bias,
                                   int btype, void *c, int64_t ldc, int ctype, int64_t i0)
{
    const int64_t i = i0 + (int64_t)MXK_BID_Y, n = (int64_t)MXK_BID_X * MXK_BDIM_X + MXK_TID_X;
    if (n >= N)
        return;
    const int32_t id = crow[i];
    float v = o[i * N + n];
    if (w)
        v *= w[id];
    if (bias)
        v += mxk_load_wide(btype, bias, n);
    mxk_store_out(ctype, (char *)c + (int64_t)id * ldc * (ctype == MXK_C_F32 ? 4 : 2), n, v);
}

/* MoE routing check: any id outside [0, pad] or expert outside [-1, E) sets *bad. */
__global__ void moe_check_kernel(const int32_t *ids, const int32_t *experts, int64_t nvalid, int64_t ntiles,
                                 int64_t pad, int64_t E, int *bad)
{
    const int64_t i = (int64_t)MXK_BID_X * MXK_BDIM_X + MXK_TID_X;
    if (i < nvalid) {
        const int32_t id = ids[i];
        if (id < 0 || (int64_t)id > pad)
            *bad = 1;
    }
    if (i < ntiles) {
        const int32_t e = experts[i];
        if (e < -1 || (int64_t)e >= E)
            *bad = 1;
    }
}

#ifdef MXK_HIP_BARE
/* Device-only builds (ISA check): instantiate the strategies of this target. */
#define INST(S, FA, FB, T16, IDX) template __global__ void tile_gemm_kernel<S, FA, FB, T16, IDX>(gemm_args);
INST(S_GENERIC, MXK_C_E4M3, MXK_C_E4M3, 0, int64_t)
INST(S_GENERIC, MXK_C_BF16, MXK_C_E4M3FNUZ, 0, int64_t)
template __global__ void gemv_kernel<MXK_C_E4M3, MXK_C_E4M3>(gemm_args);
template __global__ void gemv_kernel<MXK_C_E5M2, MXK_C_E4M3>(gemm_args);
#if defined(MXKG_CDNA)
INST(S_MFMA16, MXK_C_E4M3, MXK_C_E5M2, MXK_C_F16, uint32_t)
INST(S_MFMA16, MXK_C_BF16, MXK_C_E4M3, MXK_C_BF16, uint32_t)
#endif
#if defined(__gfx942__)
INST(S_GFX942, MXK_C_E4M3, MXK_C_E4M3, 0, uint32_t)
INST(S_GFX942, MXK_C_E4M3FNUZ, MXK_C_E5M2FNUZ, 0, uint32_t)
#endif
#if defined(__gfx950__)
INST(S_GFX950, MXK_C_E4M3, MXK_C_E4M3, 0, uint32_t)
INST(S_GFX950, MXK_C_E5M2, MXK_C_E4M3, 0, uint32_t)
#endif
#if defined(MXKG_GFX12)
INST(S_GFX12F8, MXK_C_E4M3, MXK_C_E4M3, 0, uint32_t)
INST(S_GFX12F8, MXK_C_E5M2, MXK_C_E5M2, 0, uint32_t)
#endif
#if defined(MXKG_GFX11) || defined(MXKG_GFX12)
INST(S_WMMA16, MXK_C_E4M3, MXK_C_E4M3, MXK_C_F16, uint32_t)
INST(S_WMMA16, MXK_C_BF16, MXK_C_E4M3, MXK_C_BF16, uint32_t)
#endif
#undef INST
#endif

} // namespace mxkg

#ifndef MXK_HIP_BARE
/* ======================= host launchers ============================== */
#ifndef MXKG_LAUNCH /* kernel<<<grid, block, 0, stream>>>(args); the host emulation redefines it */
#define MXKG_LAUNCH(kernel, grid, block, stream, ...) kernel<<<(grid), (block), 0, (stream)>>>(__VA_ARGS__)
#endif
#if defined(MXK_HIP_HOSTEMU)
#define MXKG_UNUSED_STREAM(s) (void)(s)
#else
#define MXKG_UNUSED_STREAM(s)
#endif
using namespace mxkg;

namespace {

struct dev_sel {
    int prev = -1;
    hipError_t err = hipSuccess;
    explicit dev_sel(int device)
    {
        if (hipGetDevice(&prev) != hipSuccess)
            prev = -1;
        err = hipSetDevice(device);
    }
    ~dev_sel()
    {
        if (prev >= 0)
            (void)hipSetDevice(prev);
    }
};

mxk_status launched()
{
    return hipGetLastError() == hipSuccess ? MXK_OK : MXK_ERR_RUNTIME;
}

int strategy_of(mxk_path_id id)
{
    switch (id) {
    case MXK_PATH_GEMM_SM90_MMA: return S_SM90;
    case MXK_PATH_GEMM_MFMA16: return S_MFMA16;
    case MXK_PATH_GEMM_GFX942_FP8: return S_GFX942;
    case MXK_PATH_GEMM_GFX950_SCALED: return S_GFX950;
    case MXK_PATH_GEMM_GFX12_WMMA_FP8: return S_GFX12F8;
    case MXK_PATH_GEMM_WMMA16: return S_WMMA16;
    default: return S_GENERIC;
    }
}

int code_of(mxk_dtype t) { return (int)t; } /* mxk_dtype values are the codec's codes */

template <int S, int FA, int FB, int T16>
void launch_tile(const gemm_args &g, dim3 grid, hipStream_t s)
{
    typedef typename std::conditional<(S == S_GENERIC || S == S_SM90), int64_t, uint32_t>::type IDX;
    /* grid.y carries the row tiles; the y limit is 65535: slice taller grids */
    const int64_t rows = (int64_t)grid.y | ((int64_t)grid.z << 32); /* launch_any packs the full count */
    MXKG_UNUSED_STREAM(s);
    for (int64_t y0 = 0; y0 < rows; y0 += 65535) {
        gemm_args a = g;
        a.y0 = y0;
        dim3 gs(grid.x, (unsigned)(rows - y0 < 65535 ? rows - y0 : 65535), 1);
        void (*kfn)(gemm_args) = tile_gemm_kernel<S, FA, FB, T16, IDX>;
        MXKG_LAUNCH(kfn, gs, strat<S>::THREADS, s, a);
    }
}

/* A grid whose y count may exceed 65535: low 32 bits in y, high in z. */
dim3 tall_grid(int64_t x, int64_t y)
{
    return dim3((unsigned)x, (unsigned)(y & 0xFFFFFFFF), (unsigned)(y >> 32));
}

/* The FP8 x FP8 strategies, instantiated per platform. Each strategy only
 * takes the formats its instruction reads (the dispatch rows say the same);
 * anything else falls back to a decode strategy rather than misreading. */
template <int FA, int FB>
void launch_fp8(int S, const gemm_args &g, dim3 grid, hipStream_t s)
{
    constexpr bool ocp = (FA == MXK_C_E4M3 || FA == MXK_C_E5M2) && (FB == MXK_C_E4M3 || FB == MXK_C_E5M2);
#if !defined(__CUDACC__) && !defined(MXK_HIP_HOSTEMU)
    constexpr bool fnuz_ok = FA != MXK_C_E5M2 && FB != MXK_C_E5M2; /* OCP E5M2 Inf has no FNUZ code */
#endif
    switch (S) {
#if defined(__CUDACC__) || defined(MXK_HIP_HOSTEMU)
    case S_SM90:
        if constexpr (ocp)
            launch_tile<S_SM90, FA, FB, 0>(g, grid, s);
        else
            launch_tile<S_GENERIC, FA, FB, 0>(g, grid, s);
        break;
#else
    case S_GFX942:
        if constexpr (fnuz_ok)
            launch_tile<S_GFX942, FA, FB, 0>(g, grid, s);
        else
            launch_tile<S_MFMA16, FA, FB, MXK_C_F16>(g, grid, s);
        break;
    case S_GFX950:
        if constexpr (ocp)
            launch_tile<S_GFX950, FA, FB, 0>(g, grid, s);
        else
            launch_tile<S_MFMA16, FA, FB, MXK_C_F16>(g, grid, s);
        break;
    case S_GFX12F8:
        if constexpr (ocp)
            launch_tile<S_GFX12F8, FA, FB, 0>(g, grid, s);
        else
            launch_tile<S_WMMA16, FA, FB, MXK_C_F16>(g, grid, s);
        break;
    case S_MFMA16: launch_tile<S_MFMA16, FA, FB, MXK_C_F16>(g, grid, s); break;
    case S_WMMA16: launch_tile<S_WMMA16, FA, FB, MXK_C_F16>(g, grid, s); break;
#endif
    default: launch_tile<S_GENERIC, FA, FB, 0>(g, grid, s); break;
    }
}

/* Wide (bf16 / f16) activations x FP8 weights: 16-bit strategies. */
template <int FA, int FB>
void launch_wide(int S, const gemm_args &g, dim3 grid, hipStream_t s)
{
    switch (S) {
#if defined(__CUDACC__) || defined(MXK_HIP_HOSTEMU)
    case S_SM90: launch_tile<S_SM90, FA, FB, FA>(g, grid, s); break;
#else
    case S_MFMA16: launch_tile<S_MFMA16, FA, FB, FA>(g, grid, s); break;
    case S_WMMA16: launch_tile<S_WMMA16, FA, FB, FA>(g, grid, s); break;
#endif
    default: launch_tile<S_GENERIC, FA, FB, 0>(g, grid, s); break;
    }
}

template <int FA>
void launch_b(int S, int fb, const gemm_args &g, dim3 grid, hipStream_t s)
{
    constexpr bool wide = FA == MXK_C_BF16 || FA == MXK_C_F16;
#define LB(FB)                                  \
    if constexpr (wide)                         \
        launch_wide<FA, FB>(S, g, grid, s);     \
    else                                        \
        launch_fp8<FA, FB>(S, g, grid, s);
    switch (fb) {
    case MXK_C_E4M3: LB(MXK_C_E4M3); break;
    case MXK_C_E5M2: LB(MXK_C_E5M2); break;
    case MXK_C_E4M3FNUZ: LB(MXK_C_E4M3FNUZ); break;
    default: LB(MXK_C_E5M2FNUZ); break;
    }
#undef LB
}

void launch_any(int S, int fa, int fb, const gemm_args &g, dim3 grid, hipStream_t s)
{
    switch (fa) {
    case MXK_C_E4M3: launch_b<MXK_C_E4M3>(S, fb, g, grid, s); break;
    case MXK_C_E5M2: launch_b<MXK_C_E5M2>(S, fb, g, grid, s); break;
    case MXK_C_E4M3FNUZ: launch_b<MXK_C_E4M3FNUZ>(S, fb, g, grid, s); break;
    case MXK_C_E5M2FNUZ: launch_b<MXK_C_E5M2FNUZ>(S, fb, g, grid, s); break;
    case MXK_C_BF16: launch_b<MXK_C_BF16>(S, fb, g, grid, s); break;
    default: launch_b<MXK_C_F16>(S, fb, g, grid, s); break;
    }
}

#if defined(__CUDACC__) && defined(MXK_CUDA_WGMMA)
/* Split-K factor: enough CTAs for two per SM when the output has few
 * tiles, at most 8 (a portable cluster) and at least 4 K stages a CTA. */
int wgmma_split(int64_t tiles, int64_t stages, int sms)
{
    int64_t sp = (2 * (int64_t)sms) / (tiles > 0 ? tiles : 1);
    if (sp > stages / 4)
        sp = stages / 4;
    if (sp > 8)
        sp = 8;
    return sp < 1 ? 1 : (int)sp;
}

#if defined(MXK_GEMM_TMA)
/* The warp-specialised TMA kernel (mxk_gemm_ws.h), K split over S CTAs of a
 * 1 x 1 x S cluster when S > 1. false: not taken (the driver lacks the TMA
 * encoder, or a map or the launch was refused). */
bool launch_ws(const gemm_args &g, int fa, int fb, int S, hipStream_t s)
{
    PFN_cuTensorMapEncodeTiled_v12000 enc = tma_encoder();
    if (g.K > INT32_MAX || g.M > INT32_MAX || g.N > INT32_MAX || !enc)
        return false;
    CUtensorMap ta, tb;
    if (!tma_map_u8(enc, &ta, g.a, g.M, g.K, g.lda, WS_BK, WS_BM, true) ||
        !tma_map_u8(enc, &tb, g.b, g.N, g.K, g.ldb, WS_BK, WS_BN, true))
        return false;
    void (*k)(const CUtensorMap, const CUtensorMap, gemm_args) =
        fa == MXK_C_E4M3 ? (fb == MXK_C_E4M3 ? gemm_ws_kernel<MXK_C_E4M3, MXK_C_E4M3> : gemm_ws_kernel<MXK_C_E4M3, MXK_C_E5M2>)
                         : (fb == MXK_C_E4M3 ? gemm_ws_kernel<MXK_C_E5M2, MXK_C_E4M3> : gemm_ws_kernel<MXK_C_E5M2, MXK_C_E5M2>);
    if (cudaFuncSetAttribute(k, cudaFuncAttributeMaxDynamicSharedMemorySize, WS_SMEM) != cudaSuccess)
        return false;
    cudaLaunchConfig_t cfg = {};
    cudaLaunchAttribute at[1] = {};
    cfg.gridDim = dim3((unsigned)((g.N + WS_BN - 1) / WS_BN), (unsigned)((g.M + WS_BM - 1) / WS_BM), (unsigned)S);
    cfg.blockDim = dim3(WS_THREADS), cfg.dynamicSmemBytes = WS_SMEM, cfg.stream = s;
    at[0].id = cudaLaunchAttributeClusterDimension; /* the K slices of one tile form a cluster */
    at[0].val.clusterDim.x = 1, at[0].val.clusterDim.y = 1, at[0].val.clusterDim.z = (unsigned)S;
    cfg.attrs = at, cfg.numAttrs = S > 1 ? 1 : 0;
    if (cudaLaunchKernelEx(&cfg, k, ta, tb, g) == cudaSuccess)
        return true;
    (void)cudaGetLastError(); /* refused (cluster or shared memory): the next kernel runs */
    return false;
}

/* K slices for the TMA kernel when its tiles leave most SMs idle: one CTA per
 * SM in one wave, at most 8 (a portable cluster), each at least 4 stages */
int ws_split(int64_t tiles, int64_t stages, int sms)
{
    int64_t sp = (int64_t)sms / (tiles > 0 ? tiles : 1);
    if (sp > stages / 4)
        sp = stages / 4;
    if (sp > 8)
        sp = 8;
    return sp < 1 ? 1 : (int)sp;
}

#endif

#ifndef MXK_WS_FILL_PCT
#define MXK_WS_FILL_PCT 50 /* the TMA GEMM takes a shape whose CTAs (tiles x K split) fill this % of the SMs (50, 90 measured) */
#endif
#ifndef MXK_WS_SPLIT
#define MXK_WS_SPLIT 1 /* few-tile shapes: the TMA GEMM split over K (0: gemm_wgmma's split-K) */
#endif
#ifndef MXK_GEMV_TMA_MMIN
#define MXK_GEMV_TMA_MMIN 2 /* the fewest tokens that take the TMA GEMV (M = 1: gemv1 measured faster) */
#endif
typedef void (*gt_fn)(const CUtensorMap, const CUtensorMap, const CUtensorMap, const CUtensorMap, gemm_args, int, int);

/* the launch of `tiles` tiles of 16 rgn rows, each over a cluster of `split` K slices */
void gt_config(cudaLaunchConfig_t *cfg, cudaLaunchAttribute *at, int64_t tiles, int64_t split, int rgn,
               hipStream_t s)
{
    *cfg = cudaLaunchConfig_t{};
    *at = cudaLaunchAttribute{};
    cfg->blockDim = dim3((unsigned)(32 * (GT_KW * rgn + 1))), cfg->dynamicSmemBytes = GT_SMEM, cfg->stream = s;
    at->id = cudaLaunchAttributeClusterDimension; /* the K slices of one tile form a cluster */
    at->val.clusterDim.x = (unsigned)split, at->val.clusterDim.y = 1, at->val.clusterDim.z = 1;
    cfg->attrs = at, cfg->numAttrs = split > 1 ? 1 : 0;
    cfg->gridDim = dim3((unsigned)split, (unsigned)tiles);
}

/* K slices for `tiles` tiles: MXK_GT_CTAS CTAs per SM over the tiles, at
 * most 8 (a portable cluster) and nk (>= 1 stage each). Clusters are placed
 * whole inside a GPC, so fewer fit than SMs / split (on an H100, 39 of 3,
 * about 21 of 5): shrink the split until every tile's cluster fits in one
 * wave. */
int64_t gt_split(gt_fn k, int64_t tiles, int64_t nk, int rgn, int sms)
{
    int64_t split = (int64_t)sms * MXK_GT_CTAS / tiles;
    split = split > 8 ? 8 : split > nk ? nk : split < 1 ? 1 : split;
    for (; split > 1; split--) {
        cudaLaunchConfig_t cfg;
        cudaLaunchAttribute at[1];
        gt_config(&cfg, at, tiles, split, rgn, 0);
        int fit = 0;
        if (cudaOccupancyMaxActiveClusters(&fit, (const void *)k, &cfg) == cudaSuccess && fit >= tiles)
            break;
        (void)cudaGetLastError();
    }
    return split;
}

/* The TMA GEMV (mxk_gemv_tma.h) for M <= 32 when every operand and scale
 * row is 16-byte aligned (the tensor maps need it). false: not taken. */
bool launch_gemv_tma(const gemm_args &g, int fa, int fb, int sms, hipStream_t s)
{
    const uintptr_t al = (uintptr_t)g.a | (uintptr_t)g.b | (uintptr_t)g.as | (uintptr_t)g.bs | (uintptr_t)g.lda |
                         (uintptr_t)g.ldb | (uintptr_t)g.ldas | (uintptr_t)g.ldbs;
    const int64_t nk = (g.K + GT_KC - 1) / GT_KC;
    if ((al & 15u) || g.M > 32 || g.K > INT32_MAX / 2 || g.N > INT32_MAX || (g.N + 47) / 48 > 65535)
        return false;
    PFN_cuTensorMapEncodeTiled_v12000 enc = tma_encoder();
    const int mtb = g.M > 16 ? 32 : g.M > 8 ? 16 : 8;
#define GT_PICK(MT)                                                                                              \
    (fa == MXK_C_E4M3 ? (fb == MXK_C_E4M3 ? gemv_tma_kernel<MXK_C_E4M3, MXK_C_E4M3, MT>                        \
                                          : gemv_tma_kernel<MXK_C_E4M3, MXK_C_E5M2, MT>)                       \
                      : (fb == MXK_C_E4M3 ? gemv_tma_kernel<MXK_C_E5M2, MXK_C_E4M3, MT>                        \
                                          : gemv_tma_kernel<MXK_C_E5M2, MXK_C_E5M2, MT>))
    gt_fn k = mtb == 8 ? GT_PICK(8) : mtb == 16 ? GT_PICK(16) : GT_PICK(32);
#undef GT_PICK
    if (!enc || cudaFuncSetAttribute(k, cudaFuncAttributeMaxDynamicSharedMemorySize, GT_SMEM) != cudaSuccess)
        return false;
    /* tiles of 4 or 3 row groups (64 or 48 rows), each split over K as far as
     * its clusters fit: the one whose busiest SM streams the fewest weight
     * rows x K stages (N = 6144: 96 tiles of 64 leave 36 of 132 SMs idle,
     * 128 of 48 do not) */
    int rgn = 4;
    int64_t split = 1, best = INT64_MAX;
    for (int r = 4; r >= 3; r--) {
        const int64_t t = (g.N + 16 * r - 1) / (16 * r);
        const int64_t sp = gt_split(k, t, nk, r, sms), slots = (int64_t)sms * MXK_GT_CTAS;
        const int64_t cost = 16 * r * ((nk + sp - 1) / sp) * ((t * sp + slots - 1) / slots);
        if (cost < best)
            best = cost, rgn = r, split = sp;
    }
    const int rows = 16 * rgn;
    const int64_t tiles = (g.N + rows - 1) / rows;
    CUtensorMap tw, ta, twx, tax;
    if (!tma_map_u8(enc, &tw, g.b, g.N, g.K, g.ldb, 128, (unsigned)rows, true) ||
        !tma_map_u8(enc, &ta, g.a, g.M, g.K, g.lda, 128, (unsigned)mtb, true) ||
        !tma_map_u8(enc, &twx, g.bs, g.N, g.K / 32, g.ldbs, 16, (unsigned)rows, false) ||
        !tma_map_u8(enc, &tax, g.as, g.M, g.K / 32, g.ldas, 16, (unsigned)mtb, false))
        return false;
    cudaLaunchConfig_t cfg;
    cudaLaunchAttribute at[1];
    gt_config(&cfg, at, tiles, split, rgn, s);
    if (cudaLaunchKernelEx(&cfg, k, tw, ta, twx, tax, g, mtb, rgn) == cudaSuccess)
        return true;
    (void)cudaGetLastError(); /* refused (cluster or shared memory): gemv_mma runs */
    return false;
}

/* The sm_90a warpgroup-MMA kernels for OCP FP8 x OCP FP8 MX operands whose
 * rows are 16-byte aligned: the TMA kernel (MXCTS_GEMM_TMA, on by default)
 * for shapes that fill the GPU, else gemm_wgmma (scale rows 4-byte aligned), split over K when the
 * output has few tiles. false: not taken. */
bool launch_wgmma(const gemm_args &g, int fa, int fb, int sms, hipStream_t s)
{
    const bool ocp = (fa == MXK_C_E4M3 || fa == MXK_C_E5M2) && (fb == MXK_C_E4M3 || fb == MXK_C_E5M2);
    const uintptr_t al16 = (uintptr_t)g.a | (uintptr_t)g.b | (uintptr_t)g.lda | (uintptr_t)g.ldb;
    const uintptr_t al4 = (uintptr_t)g.as | (uintptr_t)g.bs | (uintptr_t)g.ldas | (uintptr_t)g.ldbs;
    if (!ocp || (al16 & 15u) || (g.M + GW_BM - 1) / GW_BM > 65535)
        return false;
    void (*k)(gemm_args) = fa == MXK_C_E4M3 ? (fb == MXK_C_E4M3 ? gemm_wgmma_kernel<MXK_C_E4M3, MXK_C_E4M3>
                                                                 : gemm_wgmma_kernel<MXK_C_E4M3, MXK_C_E5M2>)
                                             : (fb == MXK_C_E4M3 ? gemm_wgmma_kernel<MXK_C_E5M2, MXK_C_E4M3>
                                                                 : gemm_wgmma_kernel<MXK_C_E5M2, MXK_C_E5M2>);
    if (cudaFuncSetAttribute(k, cudaFuncAttributeMaxDynamicSharedMemorySize, GW_SMEM) != cudaSuccess)
        return false;
    const int64_t tiles = ((g.N + GW_BN - 1) / GW_BN) * ((g.M + GW_BM - 1) / GW_BM);
    const int split = wgmma_split(tiles, (g.K + GW_BK - 1) / GW_BK, sms);
#if defined(MXK_GEMM_TMA)
    /* the TMA kernel once its 128 x 256 tiles (times its K split) fill at
     * least MXK_WS_FILL_PCT percent of the SMs (below that, twice as many
     * 128 x 128 tiles at two per SM do better) */
    const int64_t ws_tiles = ((g.N + WS_BN - 1) / WS_BN) * ((g.M + WS_BM - 1) / WS_BM);
    /* few tiles: K split over a cluster (MXK_WS_SPLIT; else gemm_wgmma's split) */
    const int ws_s = split > 1 && MXK_WS_SPLIT ? ws_split(ws_tiles, (g.K + WS_BK - 1) / WS_BK, sms) : 1;
    if ((split == 1 || ws_s > 1) && ws_tiles * ws_s * 100 >= (int64_t)sms * MXK_WS_FILL_PCT &&
        launch_ws(g, fa, fb, ws_s, s))
        return true;
#endif
    if (al4 & 3u) /* gemm_wgmma copies scale rows 4 bytes at a time (the TMA kernel reads bytes) */
        return false;
    cudaLaunchConfig_t cfg = {};
    cudaLaunchAttribute at[1] = {};
    cfg.gridDim = dim3((unsigned)((g.N + GW_BN - 1) / GW_BN), (unsigned)((g.M + GW_BM - 1) / GW_BM), (unsigned)split);
    cfg.blockDim = dim3(GW_THREADS), cfg.dynamicSmemBytes = GW_SMEM, cfg.stream = s;
    at[0].id = cudaLaunchAttributeClusterDimension; /* the split CTAs of one tile form a cluster */
    at[0].val.clusterDim.x = 1, at[0].val.clusterDim.y = 1, at[0].val.clusterDim.z = (unsigned)split;
    cfg.attrs = at, cfg.numAttrs = split > 1 ? 1 : 0;
    if (cudaLaunchKernelEx(&cfg, k, g) == cudaSuccess)
        return true;
    (void)cudaGetLastError(); /* a refused configuration is not sticky: clear it, the tile kernel runs */
    return false;
}
#endif

gemm_args base_args(const mxk_tensor *a, const mxk_tensor *b, const mxk_tensor *c, const mxk_tensor *bias)
{
    gemm_args g;
    memset(&g, 0, sizeof g);
    g.a = a->data, g.lda = a->ld, g.b = b->data, g.ldb = b->ld;
    g.c = c->data, g.ldc = c->ld, g.ctype = code_of(c->dtype);
    g.bias = bias ? bias->data : NULL, g.btype = bias ? code_of(bias->dtype) : 0;
    g.M = a->rows, g.N = b->rows, g.K = a->cols;
    g.post = 1.0f;
    return g;
}

} // namespace

extern "C" {

mxk_status mxk_hip_gemm_mx(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *a, const mxk_tensor *as,
                           const mxk_tensor *b, const mxk_tensor *bs, const mxk_tensor *c, const mxk_tensor *bias)
{
    dev_sel ds(device);
    if (ds.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    gemm_args g = base_args(a, b, c, bias);
    g.as = as->data, g.ldas = as->ld, g.bs = bs->data, g.ldbs = bs->ld, g.mx = 1;
    const int S = strategy_of(path);
    if (S == S_GFX942) /* each OCP E4M3 operand re-encoded to FNUZ halves: 2^+1 per operand */
        g.xbias = (a->dtype == MXK_E4M3) + (b->dtype == MXK_E4M3);
#if defined(__CUDACC__) && defined(MXK_CUDA_WGMMA)
    int sms = 0;
    if (S == S_SM90 && cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device) == cudaSuccess &&
        launch_wgmma(g, code_of(a->dtype), code_of(b->dtype), sms, (hipStream_t)st))
        return launched();
#endif
    dim3 grid = tall_grid((g.N + BN - 1) / BN, (g.M + BM - 1) / BM);
    launch_any(S, code_of(a->dtype), code_of(b->dtype), g, grid, (hipStream_t)st);
    return launched();
}

mxk_status mxk_hip_gemm_fp8(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *a, float a_scale,
                            const mxk_tensor *b, float b_scale, const mxk_tensor *c, const mxk_tensor *bias)
{
    dev_sel ds(device);
    if (ds.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    gemm_args g = base_args(a, b, c, bias);
    g.mx = 0;
    g.post = a_scale * b_scale; /* fl32, as the cpu path */
    int S = strategy_of(path);
    if (S == S_GFX942) /* 2^+1 per OCP E4M3 operand, exact in the fp32 epilogue */
        g.xbias = (a->dtype == MXK_E4M3) + (b->dtype == MXK_E4M3);
    dim3 grid = tall_grid((g.N + BN - 1) / BN, (g.M + BM - 1) / BM);
    launch_any(S, code_of(a->dtype), code_of(b->dtype), g, grid, (hipStream_t)st);
    return launched();
}

#if defined(__CUDACC__) || defined(MXK_HIP_HOSTEMU)
/* gemv1's CTA size: 8 warps (two CTAs per SM resident) when that grid is one
 * even wave (>= 95% of its slots filled: the large DRAM-bound shapes), else 4
 * warps (six per SM; a few waves' worth of small CTAs spreads over the SMs
 * evenly: 192 CTAs of 8 on 132 SMs left 60 SMs doing twice the work). The
 * host emulation counts one SM, so small and large grids take both kernels. */
static int gemv1_warps(int64_t groups, int S, int device)
{
    int sms = 1;
#if defined(__CUDACC__)
    if (cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device) != cudaSuccess || sms < 1)
        sms = 1;
#else
    (void)device;
#endif
    if (S > 4)
        return 8;
    const int64_t c8 = (groups + 8 / S - 1) / (8 / S), slots = (c8 + sms - 1) / sms * sms;
    return c8 <= 2 * (int64_t)sms && 20 * c8 >= 19 * slots ? 8 : 4;
}

/* warps per gemv1 row group: doubled while fewer than ~2048 warps are in
 * flight over `groups` row groups and each lane keeps at least one block */
static int gemv1_split(int64_t groups, int64_t nb)
{
    int S = 1;
    while (S < G1_WARPS && groups * S < 2048 && nb >= 64 * S)
        S *= 2;
    return S;
}

typedef void (*gemv1_fn)(gemm_args, int);
#define G1_PICK(MT, W)                                                                                           \
    (fa == MXK_C_E4M3 ? (fb == MXK_C_E4M3 ? gemv1_kernel<MXK_C_E4M3, MXK_C_E4M3, MT, W>                         \
                                          : gemv1_kernel<MXK_C_E4M3, MXK_C_E5M2, MT, W>)                        \
                      : (fb == MXK_C_E4M3 ? gemv1_kernel<MXK_C_E5M2, MXK_C_E4M3, MT, W>                         \
                                          : gemv1_kernel<MXK_C_E5M2, MXK_C_E5M2, MT, W>))
static gemv1_fn gemv1_pick(int fa, int fb, int mt, int w)
{
    return mt == 1 ? (w == 8 ? G1_PICK(1, 8) : G1_PICK(1, 4)) : (w == 8 ? G1_PICK(2, 8) : G1_PICK(2, 4));
}
#undef G1_PICK
#endif

mxk_status mxk_hip_gemv_mx(int device, mxk_stream st, const mxk_tensor *a, const mxk_tensor *as,
                           const mxk_tensor *b, const mxk_tensor *bs, const mxk_tensor *c, const mxk_tensor *bias)
{
    dev_sel ds(device);
    if (ds.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    gemm_args g = base_args(a, b, c, bias);
    g.as = as->data, g.ldas = as->ld, g.bs = bs->data, g.ldbs = bs->ld, g.mx = 1;
    hipStream_t s = (hipStream_t)st;
    const int fa = code_of(a->dtype), fb = code_of(b->dtype);
    MXKG_UNUSED_STREAM(s);
#if defined(__CUDACC__) || defined(MXK_HIP_HOSTEMU)
    /* tensor-core streaming kernel when every operand row is 8-byte aligned */
    const uintptr_t al = (uintptr_t)g.a | (uintptr_t)g.b | (uintptr_t)g.lda | (uintptr_t)g.ldb;
    /* the kernel holds the mma only where it was compiled for sm_89+
     * (MXK_CUDA_ARCH: the build's architecture; no runtime query per call) */
#if defined(MXK_HIP_HOSTEMU) || (defined(MXK_CUDA_ARCH) && MXK_CUDA_ARCH >= 89)
    const int mma_arch = 90;
#else
    const int mma_arch = 0;
#endif
#if defined(__CUDACC__) && defined(MXK_CUDA_WGMMA)
    int sms = 0; /* sm_90a: the TMA stream when every row is 16-byte aligned */
    if (g.M >= MXK_GEMV_TMA_MMIN && cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device) == cudaSuccess &&
        launch_gemv_tma(g, fa, fb, sms, s))
        return launched();
#endif
    if (g.M <= 2 && ((al | (uintptr_t)g.ldb | (uintptr_t)g.lda) & 15u) == 0 && mma_arch >= 89) {
        /* one or two tokens: lanes own whole blocks (mxk_gemv1.h); S warps share a row group
         * until ~2048 warps are in flight, each lane keeping at least one block */
        const int64_t groups = (g.N + G1_ROWS - 1) / G1_ROWS;
        const int S = gemv1_split(groups, g.K / 32);
        const int W = gemv1_warps(groups, S, device);
        const int64_t per_cta = W / S;
        void (*fn)(gemm_args, int) = gemv1_pick(fa, fb, (int)g.M, W);
        MXKG_LAUNCH(fn, dim3((unsigned)((groups + per_cta - 1) / per_cta)), 32 * W, s, g, S);
        return launched();
    }
    if ((al & 7u) == 0 && mma_arch >= 89) {
        const int64_t nb = g.K / 32;
        int S = 8;
        while (S > 1 && nb / S < GM_U)
            S /= 2;
        const int64_t groups = (g.N + 15) / 16, per_cta = GM_WARPS / S;
        void (*mfn)(gemm_args, int) = fa == MXK_C_E4M3 && fb == MXK_C_E4M3 ? gemv_mma_kernel<MXK_C_E4M3, MXK_C_E4M3>
                                      : fa == MXK_C_E4M3 ? gemv_mma_kernel<MXK_C_E4M3, MXK_C_E5M2>
                                      : fb == MXK_C_E4M3 ? gemv_mma_kernel<MXK_C_E5M2, MXK_C_E4M3>
                                                         : gemv_mma_kernel<MXK_C_E5M2, MXK_C_E5M2>;
        if (g.M > 16) /* gemm_mx's M = 17..32 row */
            mfn = fa == MXK_C_E4M3 && fb == MXK_C_E4M3 ? gemv_mma32_kernel<MXK_C_E4M3, MXK_C_E4M3>
                  : fa == MXK_C_E4M3                   ? gemv_mma32_kernel<MXK_C_E4M3, MXK_C_E5M2>
                  : fb == MXK_C_E4M3                   ? gemv_mma32_kernel<MXK_C_E5M2, MXK_C_E4M3>
                                                       : gemv_mma32_kernel<MXK_C_E5M2, MXK_C_E5M2>;
        MXKG_LAUNCH(mfn, dim3((unsigned)((groups + per_cta - 1) / per_cta)), 32 * GM_WARPS, s, g, S);
        return launched();
    }
#endif
    if (g.M > 16) /* the streaming kernel needs 8-byte aligned rows for M > 16: the tile kernels */
        return mxk_hip_gemm_mx(device, st, MXK_PATH_GEMM_SM90_MMA, a, as, b, bs, c, bias);
    dim3 grid((unsigned)((g.N + GV_ROWS - 1) / GV_ROWS), 1, 1);
    void (*kfn)(gemm_args) = fa == MXK_C_E4M3 && fb == MXK_C_E4M3 ? gemv_kernel<MXK_C_E4M3, MXK_C_E4M3>
                             : fa == MXK_C_E4M3                   ? gemv_kernel<MXK_C_E4M3, MXK_C_E5M2>
                             : fb == MXK_C_E4M3                   ? gemv_kernel<MXK_C_E5M2, MXK_C_E4M3>
                                                                  : gemv_kernel<MXK_C_E5M2, MXK_C_E5M2>;
    MXKG_LAUNCH(kfn, grid, 256, s, g);
    return launched();
}

#ifndef MXK_MOE_BY_EXPERT
#define MXK_MOE_BY_EXPERT 1 /* sm_90, OCP FP8: MoE through per-expert gemm_mx / gemv_mx calls (0: the tile kernel) */
#endif
#ifndef MXK_MOE_DECODE_FUSED
/* MoE by expert where every expert has at most two routed rows (decode): one
 * moe_gemv1_kernel launch for all experts instead of a gather, one call per
 * expert and the scatter. On in the host emulation (CI runs it); off on the
 * GPU until the H100 has run and timed it (ci/gpu-ab.sh) */
#if defined(MXK_HIP_HOSTEMU)
#define MXK_MOE_DECODE_FUSED 1
#else
#define MXK_MOE_DECODE_FUSED 0
#endif
#endif
#if defined(__CUDACC__) || defined(MXK_HIP_HOSTEMU)
/* The routed rows in tile order, skipping pad slots and tiles of expert -1:
 * A row, C row and expert of each, from the routing copied to the host.
 * Returns the row count. */
static int64_t moe_rows(const int32_t *ids, const int32_t *ex, int64_t nv, int64_t ntiles, int64_t bm, int64_t top_k,
                        int64_t pad, int32_t *arow, int32_t *crow, int32_t *erow)
{
    int64_t n = 0;
    for (int64_t t = 0; t < ntiles; t++) {
        if (ex[t] < 0)
            continue;
        for (int64_t s = t * bm; s < t * bm + bm && s < nv; s++)
            if (ids[s] != pad)
                arow[n] = (int32_t)(ids[s] / top_k), crow[n] = ids[s], erow[n] = ex[t], n++;
    }
    return n;
}

/* The routing copied to the host (ids[nv], ex[ntiles]) and checked there with
 * moe_check_kernel's rule, before any kernel reads it. */
static mxk_status moe_host_routing(hipStream_t s, const mxk_moe_routing *r, int64_t ntiles, int64_t pad,
                                   int32_t *ids, int32_t *ex)
{
    const int64_t nv = r->num_valid_slots;
    if (hipMemcpyAsync(ids, r->sorted_ids, (size_t)nv * 4, hipMemcpyDeviceToHost, s) != hipSuccess ||
        hipMemcpyAsync(ex, r->expert_ids, (size_t)ntiles * 4, hipMemcpyDeviceToHost, s) != hipSuccess ||
        hipStreamSynchronize(s) != hipSuccess)
        return MXK_ERR_RUNTIME;
    for (int64_t i = 0; i < nv; i++)
        if (ids[i] < 0 || (int64_t)ids[i] > pad)
            return MXK_ERR_INDEX;
    for (int64_t t = 0; t < ntiles; t++)
        if (ex[t] < -1 || (int64_t)ex[t] >= r->num_experts)
            return MXK_ERR_INDEX;
    return MXK_OK;
}

/* Device scratch of moe_by_expert, one allocation: the n routed rows packed
 * (codes K a row, scale codes ldpx a row: 16-byte rows), their fp32
 * results (N a row), and the A and C row of each. */
struct moe_scratch {
    char *dev;
    uint8_t *P, *PX;
    float *O;
    int32_t *AR, *CR, *RU; /* A rows, C rows (n each), then the decode runs (3 R) */
    int64_t K, N, ldpx;
};

/* packed: room for the gathered rows (moe_run_rows; moe_run_decode reads A in place) */
static mxk_status moe_scratch_alloc(moe_scratch *m, int64_t n, int64_t K, int64_t N, bool packed, int64_t R)
{
    m->K = K, m->N = N, m->ldpx = (K / 32 + 15) / 16 * 16;
    const size_t sp = packed ? (size_t)(n * K + 255) / 256 * 256 : 0,
                 sx = packed ? (size_t)(n * m->ldpx + 255) / 256 * 256 : 0, so = (size_t)(n * N) * 4,
                 si = (size_t)(2 * n + 3 * R) * 4;
    if (hipMalloc((void **)&m->dev, sp + sx + so + si) != hipSuccess) {
        m->dev = NULL;
        return MXK_ERR_RUNTIME;
    }
    m->P = (uint8_t *)m->dev, m->PX = m->P + sp;
    m->O = (float *)(m->PX + sx);
    m->AR = (int32_t *)((char *)m->O + so), m->CR = m->AR + n, m->RU = m->CR + n;
    return MXK_OK;
}

/* Routed rows per scatter launch: a grid's y extent is at most 65535 (T x
 * top_k passes it in prefill: 8192 tokens x top_k 8); the host emulation
 * slices at 7 rows so the tests run the slicing. */
#if defined(MXK_HIP_HOSTEMU)
#define MOE_SCATTER_ROWS 7
#else
#define MOE_SCATTER_ROWS 65535
#endif

/* C row CR[i] <- fp32 result row i x routing weight + bias (the tile
 * kernel's epilogue, same order), for the n routed rows */
static mxk_status moe_scatter(hipStream_t s, const moe_scratch *m, int64_t n, const mxk_moe_routing *r,
                              const mxk_tensor *c, const mxk_tensor *bias)
{
    MXKG_UNUSED_STREAM(s);
    for (int64_t i0 = 0; i0 < n; i0 += MOE_SCATTER_ROWS) { /* grid rows: at most 65535 a launch */
        const int64_t h = n - i0 < MOE_SCATTER_ROWS ? n - i0 : MOE_SCATTER_ROWS;
        MXKG_LAUNCH(moe_scatter_kernel, dim3((unsigned)((m->N + 255) / 256), (unsigned)h), 256, s,
                    (const float *)m->O, m->N, (const int32_t *)m->CR, (const float *)r->weights,
                    bias ? bias->data : NULL, bias ? code_of(bias->dtype) : 0, c->data, c->ld, code_of(c->dtype), i0);
        const mxk_status rc = launched();
        if (rc != MXK_OK)
            return rc;
    }
    return MXK_OK;
}

/* One gemm_mx / gemv_mx call (the fast kernels: gemv1, the TMA GEMV, wgmma)
 * per run of one expert's packed rows (erow: the expert of each row). */
static mxk_status moe_expert_calls(int device, hipStream_t s, const moe_scratch *m, const int32_t *erow, int64_t n,
                                   const mxk_tensor *a, const mxk_tensor *b, const mxk_tensor *bs)
{
    const int64_t K = m->K, N = m->N, ldpx = m->ldpx;
    for (int64_t i = 0; i < n;) {
        int64_t j = i;
        const int32_t e = erow[i];
        while (j < n && erow[j] == e)
            j++;
        const mxk_tensor A = {m->P + i * K, a->dtype, j - i, K, K}, AS = {m->PX + i * ldpx, MXK_E8M0, j - i, K / 32, ldpx},
                         B = {(uint8_t *)b->data + (int64_t)e * N * b->ld, b->dtype, N, K, b->ld},
                         BS = {(uint8_t *)bs->data + (int64_t)e * N * bs->ld, MXK_E8M0, N, K / 32, bs->ld},
                         C = {m->O + i * N, MXK_F32, j - i, N, N};
        const mxk_status rc = j - i <= 16 ? mxk_hip_gemv_mx(device, s, &A, &AS, &B, &BS, &C, NULL)
                                          : mxk_hip_gemm_mx(device, s, MXK_PATH_GEMM_SM90_MMA, &A, &AS, &B, &BS, &C, NULL);
        if (rc != MXK_OK)
            return rc;
        i = j;
    }
    return MXK_OK;
}

/* The device part of moe_by_expert for the n routed rows (rows: A rows, then
 * C rows at + nv, experts at + 2 nv): gather, the expert calls, scatter with
 * routing weight and bias (the tile kernel's epilogue, same order). */
static mxk_status moe_run_rows(int device, hipStream_t s, const mxk_tensor *a, const mxk_tensor *as,
                               const mxk_tensor *b, const mxk_tensor *bs, const mxk_moe_routing *r,
                               const mxk_tensor *c, const mxk_tensor *bias, const int32_t *rows, int64_t nv, int64_t n)
{
    moe_scratch m;
    mxk_status rc = moe_scratch_alloc(&m, n, a->cols, c->cols, true, 0);
    if (rc != MXK_OK)
        return rc;
    if (hipMemcpyAsync(m.AR, rows, (size_t)n * 4, hipMemcpyHostToDevice, s) != hipSuccess ||
        hipMemcpyAsync(m.CR, rows + nv, (size_t)n * 4, hipMemcpyHostToDevice, s) != hipSuccess) {
        rc = MXK_ERR_RUNTIME;
    } else {
        MXKG_LAUNCH(moe_gather_kernel, dim3((unsigned)n), 128, s, (const uint8_t *)a->data, a->ld,
                    (const uint8_t *)as->data, as->ld, (const int32_t *)m.AR, m.K, m.P, m.K, m.PX, m.ldpx);
        rc = launched();
    }
    if (rc == MXK_OK)
        rc = moe_expert_calls(device, s, &m, rows + 2 * nv, n, a, b, bs);
    if (rc == MXK_OK)
        rc = moe_scatter(s, &m, n, r, c, bias);
    /* the scratch lives until every kernel that was queued has run */
    if (hipStreamSynchronize(s) != hipSuccess && rc == MXK_OK)
        rc = MXK_ERR_RUNTIME;
    (void)hipFree(m.dev);
    return rc;
}

/* The runs of one expert's consecutive rows (erow: the expert of each packed
 * row) as moe_gemv1_kernel takes them: first row, rows, expert. Returns R,
 * or 0 when a run has more than two rows or there are more runs than a grid
 * column holds (then the per-expert calls run). */
static int64_t moe_decode_runs(const int32_t *erow, int64_t n, int32_t *runs)
{
    int64_t R = 0;
    for (int64_t i = 0; i < n;) {
        int64_t j = i;
        while (j < n && erow[j] == erow[i])
            j++;
        if (j - i > 2 || R == 65535)
            return 0;
        runs[3 * R] = (int32_t)i, runs[3 * R + 1] = (int32_t)(j - i), runs[3 * R + 2] = erow[i];
        R++, i = j;
    }
    return R;
}

typedef void (*moe_gemv1_fn)(gemm_args, const int32_t *, const int32_t *, int);
#define MG1_PICK(W)                                                                                              \
    (fa == MXK_C_E4M3 ? (fb == MXK_C_E4M3 ? moe_gemv1_kernel<MXK_C_E4M3, MXK_C_E4M3, W>                         \
                                          : moe_gemv1_kernel<MXK_C_E4M3, MXK_C_E5M2, W>)                        \
                      : (fb == MXK_C_E4M3 ? moe_gemv1_kernel<MXK_C_E5M2, MXK_C_E4M3, W>                         \
                                          : moe_gemv1_kernel<MXK_C_E5M2, MXK_C_E5M2, W>))
static moe_gemv1_fn moe_gemv1_pick(int fa, int fb, int w)
{
    return w == 8 ? MG1_PICK(8) : MG1_PICK(4);
}
#undef MG1_PICK

/* MoE decode (every expert with at most two routed rows, R runs): A rows
 * read in place, one moe_gemv1_kernel launch over all runs, then the
 * scatter. host: A rows (n), C rows (n), runs (3 R), contiguous: one copy. */
static mxk_status moe_run_decode(int device, hipStream_t s, const mxk_tensor *a, const mxk_tensor *as,
                                 const mxk_tensor *b, const mxk_tensor *bs, const mxk_moe_routing *r,
                                 const mxk_tensor *c, const mxk_tensor *bias, const int32_t *host, int64_t n,
                                 int64_t R)
{
    moe_scratch m;
    mxk_status rc = moe_scratch_alloc(&m, n, a->cols, c->cols, false, R);
    if (rc != MXK_OK)
        return rc;
    if (hipMemcpyAsync(m.AR, host, (size_t)(2 * n + 3 * R) * 4, hipMemcpyHostToDevice, s) != hipSuccess) {
        rc = MXK_ERR_RUNTIME;
    } else {
        gemm_args g;
        memset(&g, 0, sizeof g);
        g.a = a->data, g.lda = a->ld, g.as = as->data, g.ldas = as->ld;
        g.b = b->data, g.ldb = b->ld, g.bs = bs->data, g.ldbs = bs->ld;
        g.c = m.O, g.ldc = m.N, g.ctype = MXK_C_F32, g.M = 2, g.N = m.N, g.K = m.K, g.mx = 1;
        /* gemv_mx's gemv1 choice of S and CTA size, for R runs side by side */
        const int64_t groups = (m.N + G1_ROWS - 1) / G1_ROWS;
        const int S = gemv1_split(groups * R, m.K / 32);
        const int W = gemv1_warps(groups * R, S, device);
        const int64_t per_cta = W / S;
        MXKG_LAUNCH(moe_gemv1_pick(code_of(a->dtype), code_of(b->dtype), W),
                    dim3((unsigned)((groups + per_cta - 1) / per_cta), (unsigned)R), 32 * W, s, g,
                    (const int32_t *)m.RU, (const int32_t *)m.AR, S);
        rc = launched();
    }
    if (rc == MXK_OK)
        rc = moe_scatter(s, &m, n, r, c, bias);
    if (hipStreamSynchronize(s) != hipSuccess && rc == MXK_OK) /* the scratch lives until the kernels ran */
        rc = MXK_ERR_RUNTIME;
    (void)hipFree(m.dev);
    return rc;
}

/* The decode form applies (MXK_MOE_DECODE_FUSED, 16-byte aligned operand
 * rows as gemv1 reads them): host = A rows, C rows, runs packed for
 * moe_run_decode; returns R, or 0 to take the per-expert calls. */
static int64_t moe_decode_plan(const mxk_tensor *a, const mxk_tensor *b, const int32_t *rows, int64_t nv, int64_t n,
                               int32_t *host)
{
    const uintptr_t al = (uintptr_t)a->data | (uintptr_t)a->ld | (uintptr_t)b->data | (uintptr_t)b->ld;
    if (!MXK_MOE_DECODE_FUSED || (al & 15u) != 0 || !host)
        return 0;
    const int64_t R = moe_decode_runs(rows + 2 * nv, n, host + 2 * n);
    memcpy(host, rows, (size_t)n * 4);
    memcpy(host + n, rows + nv, (size_t)n * 4);
    return R;
}

/* MoE on sm_90 with OCP FP8 operands: the routing copied to the host and
 * checked there (no check kernel, allocation or second synchronise), the
 * routed rows gathered into a packed buffer, then per run of rows of one
 * expert one gemm_mx / gemv_mx call into fp32 rows, then each row scattered
 * to its C row. The generic tile kernel streamed the weights at ~70-150 GB/s. */
static mxk_status moe_by_expert(int device, hipStream_t s, const mxk_tensor *a, const mxk_tensor *as,
                                const mxk_tensor *b, const mxk_tensor *bs, const mxk_moe_routing *r,
                                const mxk_tensor *c, const mxk_tensor *bias, int64_t ntiles, int64_t pad)
{
    const int64_t nv = r->num_valid_slots;
    int32_t *ids = (int32_t *)malloc((size_t)(nv > 0 ? nv : 1) * 4), *ex = (int32_t *)malloc((size_t)ntiles * 4);
    int32_t *rows = (int32_t *)malloc((size_t)(nv > 0 ? nv : 1) * 12); /* A rows, C rows, experts */
    mxk_status rc = ids && ex && rows ? moe_host_routing(s, r, ntiles, pad, ids, ex) : MXK_ERR_RUNTIME;
    int32_t *host = NULL;
    if (rc == MXK_OK) {
        const int64_t n = moe_rows(ids, ex, nv, ntiles, r->block_m, r->top_k, pad, rows, rows + nv, rows + 2 * nv);
        host = n > 0 && MXK_MOE_DECODE_FUSED ? (int32_t *)malloc((size_t)n * 20) : NULL; /* 2 n + 3 R, R <= n */
        const int64_t R = n > 0 ? moe_decode_plan(a, b, rows, nv, n, host) : 0;
        if (R > 0)
            rc = moe_run_decode(device, s, a, as, b, bs, r, c, bias, host, n, R);
        else if (n > 0)
            rc = moe_run_rows(device, s, a, as, b, bs, r, c, bias, rows, nv, n);
    }
    free(ids), free(ex), free(rows), free(host);
    return rc;
}
#endif

mxk_status mxk_hip_moe_gemm_mx(int device, mxk_stream st, mxk_path_id path, const mxk_tensor *a,
                               const mxk_tensor *as, const mxk_tensor *b, const mxk_tensor *bs,
                               const mxk_moe_routing *r, const mxk_tensor *c, const mxk_tensor *bias)
{
    dev_sel ds(device);
    if (ds.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    hipStream_t s = (hipStream_t)st;
    const int64_t ntiles = (r->num_valid_slots + r->block_m - 1) / r->block_m;
    const int64_t pad = a->rows * r->top_k;
#if defined(__CUDACC__) || defined(MXK_HIP_HOSTEMU)
    const bool ocp8 = (a->dtype == MXK_E4M3 || a->dtype == MXK_E5M2) && (b->dtype == MXK_E4M3 || b->dtype == MXK_E5M2);
    if (MXK_MOE_BY_EXPERT && strategy_of(path) == S_SM90 && ocp8 && ntiles > 0)
        return moe_by_expert(device, s, a, as, b, bs, r, c, bias, ntiles, pad);
#endif
    /* ids first: a kernel checks them, the host reads the verdict before the GEMM */
    int *dbad = NULL, bad = 0;
    if (hipMalloc((void **)&dbad, sizeof(int)) != hipSuccess)
        return MXK_ERR_RUNTIME;
    if (hipMemcpyAsync(dbad, &bad, sizeof bad, hipMemcpyHostToDevice, s) != hipSuccess) {
        (void)hipFree(dbad);
        return MXK_ERR_RUNTIME;
    }
    int64_t nchk = r->num_valid_slots > ntiles ? r->num_valid_slots : ntiles;
    MXKG_LAUNCH(moe_check_kernel, dim3((unsigned)((nchk + 255) / 256)), 256, s, r->sorted_ids, r->expert_ids,
                r->num_valid_slots, ntiles, pad, r->num_experts, dbad);
    hipError_t e1 = hipGetLastError();
    hipError_t e2 = hipMemcpyAsync(&bad, dbad, sizeof bad, hipMemcpyDeviceToHost, s);
    hipError_t e3 = hipStreamSynchronize(s);
    (void)hipFree(dbad);
    if (e1 != hipSuccess || e2 != hipSuccess || e3 != hipSuccess)
        return MXK_ERR_RUNTIME;
    if (bad)
        return MXK_ERR_INDEX;
    gemm_args g = base_args(a, b, c, bias);
    g.as = as->data, g.ldas = as->ld, g.bs = bs->data, g.ldbs = bs->ld, g.mx = 1;
    g.sorted_ids = r->sorted_ids, g.expert_ids = r->expert_ids, g.weights = r->weights;
    g.num_valid = r->num_valid_slots, g.block_m = r->block_m, g.top_k = r->top_k, g.pad_id = pad;
    g.n_per_expert = c->cols, g.N = c->cols;
    g.chunks = (r->block_m + BM - 1) / BM;
    const int S = strategy_of(path);
    if (S == S_GFX942)
        g.xbias = (a->dtype == MXK_E4M3) + (b->dtype == MXK_E4M3);
    dim3 grid = tall_grid((c->cols + BN - 1) / BN, ntiles * g.chunks);
    launch_any(S, code_of(a->dtype), code_of(b->dtype), g, grid, s);
    return launched();
}

mxk_status mxk_hip_linear_mxfp8(int device, mxk_stream st, mxk_path_id gemm_path, const mxk_tensor *x,
                                const mxk_tensor *w, const mxk_tensor *ws, const mxk_tensor *c,
                                const mxk_tensor *bias, mxk_dtype act_elem, int act_mode)
{
    dev_sel ds(device);
    if (ds.err != hipSuccess)
        return MXK_ERR_RUNTIME;
    const int64_t M = x->rows, K = x->cols;
    uint8_t *q = NULL, *sc = NULL;
    if (hipMalloc((void **)&q, (size_t)(M * K)) != hipSuccess)
        return MXK_ERR_RUNTIME;
    if (hipMalloc((void **)&sc, (size_t)(M * (K / 32))) != hipSuccess) {
        (void)hipFree(q);
        return MXK_ERR_RUNTIME;
    }
    mxk_tensor Q = mxk_tensor_2d(q, act_elem, M, K), QS = mxk_tensor_2d(sc, MXK_E8M0, M, K / 32);
    mxk_mx_opts mo = mxk_mx_opts_ocp();
    mo.scale_mode = (mxk_scale_mode)act_mode;
    mxk_status stq = mxk_hip_mx_quantize(device, st, MXK_PATH_HIP_SW, x, &Q, &QS, &mo);
    mxk_status stg = stq == MXK_OK ? mxk_hip_gemm_mx(device, st, gemm_path, &Q, &QS, w, ws, c, bias) : stq;
    hipError_t es = hipStreamSynchronize((hipStream_t)st); /* the scratch lives until the GEMM ran */
    (void)hipFree(q);
    (void)hipFree(sc);
    if (stg != MXK_OK)
        return stg;
    return es == hipSuccess ? MXK_OK : MXK_ERR_RUNTIME;
}

} // extern "C"
#endif

/* gemv_mma: the small-M (decode) GEMV on NVIDIA sm_89+ and in the host
 * emulation; included by mxk_gemm.hip inside namespace mxkg (it uses its
 * gemm_args, emu_mma and the codec helpers).
 *
 * The weight is the A operand of mma.sync m16n8k32 (16 weight rows x one MX
 * block); the activations (M <= 16 tokens, padded to 8 or 16 columns) are
 * the B fragment. Inside one block the k order is free (the instruction sums
 * the block's 32 exact products), so lane (g, t) takes bytes 8t..8t+7 of the
 * block for weight rows g and g+8 and the same bytes of token g's
 * activations. Block scales are applied to each block's sum in fp32
 * (mxk_block_add's semantics; gm_block_add), as on every other path.
 *
 * Weight stream: each warp owns a private ring of GM_P shared-memory stages
 * (16 rows x GM_KS blocks + their scales) filled by cp.async, GM_P - 1
 * stages ahead of the mma, so the bytes in flight do not live in registers.
 * Weight scale bytes come through registers with the same lead (one byte per
 * lane per stage; the loop is unrolled by GM_P so the register is fixed) and
 * are put into the stage when it is consumed. Activations and their scales
 * (small, L1/L2 hits) are loaded into registers one stage ahead.
 *
 * A CTA of 8 warps covers 8/S row groups of 16 rows; the S warps of a group
 * take interleaved runs of GM_U blocks (one run of the group reads S * GM_U
 * consecutive blocks of each of its 16 rows: long DRAM bursts) and their
 * accumulators are summed in a fixed order through LDS (deterministic).
 * Needs 8-byte aligned operand rows (the launcher checks, else gemv_kernel);
 * 16-byte aligned weight rows take 16-byte copies, others two 8-byte ones. */
#ifndef MXK_GEMV_MMA_H
#define MXK_GEMV_MMA_H

/* GM_KS blocks per stage, GM_P stages per warp; a stage row is 64 bytes */
enum { GM_WARPS = 8, GM_U = 8, GM_KS = 2, GM_P = 5, GM_ROWB = 32 * GM_KS, GM_SB = 16 * GM_ROWB + 16 * GM_KS,
       GM_WB = GM_P * GM_SB };

#if (defined(__CUDACC__) && defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 890)) || defined(MXK_HIP_HOSTEMU)
#define MXKG_HAVE_GEMV_MMA 1
#endif
#if defined(__CUDACC__) && defined(__CUDA_ARCH__) && !defined(MXK_HIP_HOSTEMU)
#define MXKG_GM_PTX 1
#endif

/* 8 bytes of an operand (activations: cached) */
__device__ __forceinline__ void gm_ld8(const uint8_t *p, uint32_t &lo, uint32_t &hi)
{
#if defined(MXKG_GM_PTX)
    asm volatile("ld.global.nc.v2.u32 {%0,%1}, [%2];" : "=r"(lo), "=r"(hi) : "l"(p));
#else
    memcpy(&lo, p, 4);
    memcpy(&hi, p + 4, 4);
#endif
}

/* 8 bytes of a stage (8-byte aligned) */
__device__ __forceinline__ void gm_lds8(const uint8_t *p, uint32_t &lo, uint32_t &hi)
{
#if defined(MXKG_GM_PTX)
    const uint2 v = *(const uint2 *)p;
    lo = v.x, hi = v.y;
#else
    memcpy(&lo, p, 4);
    memcpy(&hi, p + 4, 4);
#endif
}

/* 16 bytes global -> shared, zeros when !v (src must still be a valid
 * address); a16: 16-byte aligned source, else two 8-byte copies */
__device__ __forceinline__ void gm_cp16(uint8_t *dst, const uint8_t *src, bool v, bool a16)
{
#if defined(MXKG_GM_PTX)
    const uint32_t d = (uint32_t)__cvta_generic_to_shared(dst);
    if (a16) {
        asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"(d), "l"(src), "r"(v ? 16 : 0));
    } else {
        asm volatile("cp.async.ca.shared.global [%0], [%1], 8, %2;" ::"r"(d), "l"(src), "r"(v ? 8 : 0));
        asm volatile("cp.async.ca.shared.global [%0], [%1], 8, %2;" ::"r"(d + 8), "l"(src + 8), "r"(v ? 8 : 0));
    }
#else
    (void)a16;
    if (v)
        memcpy(dst, src, 16);
    else
        memset(dst, 0, 16);
#endif
}

__device__ __forceinline__ void gm_commit()
{
#if defined(MXKG_GM_PTX)
    asm volatile("cp.async.commit_group;" ::: "memory");
#endif
}

/* the stage consumed now has landed (this lane's copies) */
__device__ __forceinline__ void gm_wait_stage()
{
#if defined(MXKG_GM_PTX)
    asm volatile("cp.async.wait_group %0;" ::"n"(GM_P - 1) : "memory");
#endif
}

/* every lane's stage writes (and reads) are done */
__device__ __forceinline__ void gm_syncwarp()
{
#if defined(MXK_HIP_HOSTEMU)
    mxk_emu::group_bar[mxk_emu::tid / 32]->arrive_and_wait();
#elif defined(MXKG_GM_PTX)
    __syncwarp();
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

/* mxk_block_add with a two-instruction common case: when both codes are in
 * [80, 172], s * 2^(Xb-127) and s * 2^(Xa+Xb-254) are exact for every FP8
 * block sum (0, Inf, NaN or 2^-32 <= |s| <= 2^37), so one fma rounds once,
 * as mxk_block_add does. Other codes (0x00, 0xFF, extreme scales) call it. */
#if defined(__CUDACC__)
__device__ __noinline__ float gm_block_add_slow(float acc, float s, uint32_t xa, uint32_t xb)
{
    return mxk_block_add(acc, s, xa, xb);
}
#else
#define gm_block_add_slow mxk_block_add
#endif
/* the scale window of the two-instruction form (every fast path tests this) */
__device__ __forceinline__ bool gm_in_window(uint32_t x)
{
    return x - 80u <= 92u; /* 80 <= x <= 172 */
}

__device__ __forceinline__ float gm_block_add(float acc, float s, uint32_t xa, uint32_t xb)
{
    if (gm_in_window(xa) && gm_in_window(xb))
#if defined(__CUDACC__)
        return __fmaf_rn(s * mxk_u2f(xb << 23), mxk_u2f(xa << 23), acc);
#else
        return acc + (s * mxk_u2f(xb << 23)) * mxk_u2f(xa << 23); /* both products exact */
#endif
    return gm_block_add_slow(acc, s, xa, xb);
}

/* The kernel body for MT tokens at most (1, 8, 16 or 32): the token count
 * picks the fragments and block scalings that carry a real token, so M = 1
 * does half of the scalings of M = 2..8 and a quarter of those of M = 9..16;
 * MT / 8 activation fragments share each weight fragment. */
template <int FA, int FB, int MT>
__device__ __forceinline__ void gm_body(const gemm_args &g, int S, float (*sm)[GM_WB / 4])
{
    enum { NT = MT > 8 ? MT / 8 : 1 };
    const int tid = (int)MXK_TID_X, w = tid >> 5, l = tid & 31, gq = l >> 2, t = l & 3;
    const int rg = w / S, ks = w % S;
    const int64_t n0 = ((int64_t)MXK_BID_X * (GM_WARPS / S) + rg) * 16;
    const int M = (int)g.M;
    const int nb = (int)(g.K / 32); /* block indices fit in an int: 32-bit index math */
    const uint8_t *W = (const uint8_t *)g.b, *WX = (const uint8_t *)g.bs;
    const uint8_t *A = (const uint8_t *)g.a, *AX = (const uint8_t *)g.as;
    uint8_t *ring = (uint8_t *)sm[w];
    const bool a16 = (((uintptr_t)W | (uintptr_t)g.ldb) & 15u) == 0;
    /* this lane copies 16-byte piece t of weight rows gq and gq + 8 (a stage
     * row is 4 pieces: 2 per block); the scale byte of row l / 2, block l % 2 */
    const bool rv0 = n0 + gq < g.N, rv1 = n0 + gq + 8 < g.N, xv = n0 + (l >> 1) < g.N;
    const uint8_t *wp0 = rv0 ? W + (n0 + gq) * g.ldb + 16 * (t & 1) : W;
    const uint8_t *wp1 = rv1 ? W + (n0 + gq + 8) * g.ldb + 16 * (t & 1) : W;
    const uint8_t *wxp = xv ? WX + (n0 + (l >> 1)) * g.ldbs + (l & 1) : WX;
    /* rows r and r + 8 share the swizzle: piece c of row r sits at c ^ 2 * ((r >> 1) & 1),
     * so the 8-byte fragment loads of 4 consecutive rows hit distinct banks */
    const int sw = 2 * ((gq >> 1) & 1);
    const int cpo = 16 * (t ^ sw);                          /* where this lane's copies go */
    const uint8_t *rdo = ring + gq * GM_ROWB + 8 * (t & 1); /* fragment reads: + 16 * (piece ^ sw) */
    /* activations: token 8j + gq's bytes (B fragment j), scales of tokens 8j + 2t + c */
    const uint8_t *ap[NT], *axp[NT][2];
    bool av[NT], axv[NT][2];
    for (int j = 0; j < NT; j++) {
        av[j] = 8 * j + gq < M;
        ap[j] = A + (av[j] ? (int64_t)(8 * j + gq) * g.lda + 8 * t : 0);
        for (int c = 0; c < 2; c++) {
            const int tok = 8 * j + 2 * t + c;
            axv[j][c] = tok < M;
            axp[j][c] = AX + (axv[j][c] ? (int64_t)tok * g.ldas : 0);
        }
    }

    /* step i of this warp: blocks kbase(i) .. + GM_KS - 1 (runs of GM_U, S runs apart) */
    const int k00 = ks * GM_U;
    int T = 0;
    if (nb > k00) {
        const int64_t runs = (nb - k00 + (int64_t)S * GM_U - 1) / ((int64_t)S * GM_U);
        const int64_t last = k00 + (runs - 1) * S * GM_U, len = nb - last < GM_U ? nb - last : (int64_t)GM_U;
        T = (int)((runs - 1) * (GM_U / GM_KS) + (len + GM_KS - 1) / GM_KS);
    }
#define GM_KB(i) (k00 + ((i) / (GM_U / GM_KS)) * S * GM_U + ((i) % (GM_U / GM_KS)) * GM_KS)

    float acc[NT][4];
    for (int j = 0; j < NT; j++)
        for (int q = 0; q < 4; q++)
            acc[j][q] = 0.0f;
    uint32_t xs[GM_P]; /* weight scale byte per stage in flight */
    for (int s = 0; s < GM_P; s++)
        xs[s] = 127u;

    /* issue step i into stage s (a commit group each, empty past the end) */
#define GM_ISSUE(i, s)                                                                                  \
    do {                                                                                                \
        if ((i) < T) {                                                                                  \
            const int kb_ = GM_KB(i), k_ = kb_ + (t >> 1);                                          \
            uint8_t *st_ = ring + (s) * GM_SB + cpo;                                                    \
            const bool v0_ = rv0 && k_ < nb, v1_ = rv1 && k_ < nb;                                      \
            gm_cp16(st_ + gq * GM_ROWB, v0_ ? wp0 + 32 * k_ : W, v0_, a16);                             \
            gm_cp16(st_ + (gq + 8) * GM_ROWB, v1_ ? wp1 + 32 * k_ : W, v1_, a16);                       \
            xs[s] = xv && kb_ + (l & 1) < nb ? wxp[kb_] : 127u;                                         \
        }                                                                                               \
        gm_commit();                                                                                    \
    } while (0)

    /* activation fragments (B) and scales of step i, one step ahead (L1/L2 hits) */
    uint32_t af[NT][GM_KS][2], ax[NT][GM_KS][2];
#define GM_ACT(i, F, X)                                                                                 \
    do {                                                                                                \
        const int kb_ = GM_KB(i);                                                                   \
        for (int u = 0; u < GM_KS; u++) {                                                               \
            const int k_ = kb_ + u;                                                                 \
            const bool v_ = (i) < T && k_ < nb;                                                         \
            for (int j = 0; j < NT; j++) {                                                              \
                F[j][u][0] = F[j][u][1] = 0u;                                                           \
                if (v_ && av[j])                                                                        \
                    gm_ld8(ap[j] + 32 * k_, F[j][u][0], F[j][u][1]);                                    \
                for (int c = 0; c < 2; c++)                                                             \
                    X[j][u][c] = MT == 1 && c ? 127u : v_ && axv[j][c] ? axp[j][c][k_] : 127u;          \
            }                                                                                           \
        }                                                                                               \
    } while (0)

#if defined(__CUDACC__)
#pragma unroll
#endif
    for (int s = 0; s < GM_P; s++)
        GM_ISSUE(s, s);
    GM_ACT(0, af, ax);
    for (int i0 = 0; i0 < T; i0 += GM_P) {
#if defined(__CUDACC__)
#pragma unroll
#endif
        for (int s = 0; s < GM_P; s++) { /* unrolled: xs[s] is a fixed register */
            const int i = i0 + s;
            if (i >= T)
                break; /* uniform across the warp */
            uint32_t nf[NT][GM_KS][2], nx[NT][GM_KS][2];
            GM_ACT(i + 1, nf, nx);
            uint8_t *st = ring + s * GM_SB;
            gm_wait_stage();
            st[16 * GM_ROWB + l] = (uint8_t)xs[s]; /* scales: [row][block] */
            gm_syncwarp();
            const int kb = GM_KB(i);
            for (int u = 0; u < GM_KS; u++) {
                if (kb + u >= nb)
                    break; /* uniform */
                uint32_t a[4];
                const uint8_t *p = rdo + s * GM_SB + 16 * ((2 * u + (t >> 1)) ^ sw);
                gm_lds8(p, a[0], a[2]);
                gm_lds8(p + 8 * GM_ROWB, a[1], a[3]);
                const uint32_t wx[2] = {st[16 * GM_ROWB + 2 * gq + u], st[16 * GM_ROWB + 2 * (gq + 8) + u]};
                for (int j = 0; j < NT; j++) {
                    float d[4];
                    gm_mma<FA, FB>(a, af[j][u], d);
                    for (int q = 0; q < 4; q++)
                        if (MT > 1 || !(q & 1)) /* M = 1: only token 0 (even columns) */
                            acc[j][q] = gm_block_add(acc[j][q], d[q], ax[j][u][q & 1], wx[q >> 1]);
                }
            }
            gm_syncwarp(); /* stage s is free again */
            GM_ISSUE(i + GM_P, s);
            for (int j = 0; j < NT; j++)
                for (int u = 0; u < GM_KS; u++)
                    for (int c = 0; c < 2; c++)
                        af[j][u][c] = nf[j][u][c], ax[j][u][c] = nx[j][u][c];
        }
    }
#undef GM_ISSUE
#undef GM_ACT
#undef GM_KB

    /* no copy is pending (every issued stage was consumed) and the ring is read */
    float *red = sm[w];
    for (int j = 0; j < NT; j++)
        for (int q = 0; q < 4; q++)
            red[(4 * j + q) * 32 + l] = acc[j][q];
    MXKG_SYNC();
    if (ks != 0)
        return;
    for (int j = 0; j < NT; j++)
        for (int q = 0; q < 4; q++) {
            const int64_t n = n0 + gq + 8 * (q >> 1);
            const int tok = 8 * j + 2 * t + (q & 1);
            if (n >= g.N || tok >= M)
                continue;
            float v = red[(4 * j + q) * 32 + l];
            for (int s = 1; s < S; s++) /* fixed order: deterministic */
                v += sm[w + s][(4 * j + q) * 32 + l];
            if (g.bias)
                v += mxk_load_wide(g.btype, g.bias, n);
            char *crp = (char *)g.c + (int64_t)tok * g.ldc * (g.ctype == MXK_C_F32 ? 4 : 2);
            mxk_store_out(g.ctype, crp, n, v);
        }
}

/* S: warps per row group (1, 2, 4 or 8). FA: activation format, FB: weight. */
template <int FA, int FB>
__global__ void
#if defined(__CUDACC__)
__launch_bounds__(32 * GM_WARPS, 2) /* two CTAs per SM */
#endif
gemv_mma_kernel(gemm_args g, int S)
{
    alignas(16) __shared__ float gm_sm[GM_WARPS][GM_WB / 4]; /* per-warp stage rings; then the split-K sums */
    if (g.M == 1)
        gm_body<FA, FB, 1>(g, S, gm_sm);
    else if (g.M <= 8)
        gm_body<FA, FB, 8>(g, S, gm_sm);
    else
        gm_body<FA, FB, 16>(g, S, gm_sm);
}

/* M = 17..32 (gemm_mx's skinny shapes): four activation fragments per weight
 * fragment need about 160 registers, so one CTA per SM (its own kernel, so
 * the M <= 16 kernel keeps two). */
template <int FA, int FB>
__global__ void
#if defined(__CUDACC__)
__launch_bounds__(32 * GM_WARPS, 1)
#endif
gemv_mma32_kernel(gemm_args g, int S)
{
    alignas(16) __shared__ float gm_sm[GM_WARPS][GM_WB / 4];
    gm_body<FA, FB, 32>(g, S, gm_sm);
}

#endif

/* gemv_tma: gemv_mx (M = 2..16 tokens) and gemm_mx's skinny M <= 32 on
 * NVIDIA sm_90a with the weight streamed by the tensor memory accelerator;
 * included by mxk_gemm.hip inside namespace mxkg after mxk_gemv_mma.h
 * (gm_block_add) and mxk_tma.h.
 *
 * Why: the decode GEMV is a pure weight stream. The cp.async kernel
 * (mxk_gemv_mma.h) keeps too few bytes in flight on small shapes and spends
 * most of its instructions on per-lane copy addresses, bounds and per-block
 * scale-window branches. Here, per stage of 512 K bytes (16 MX blocks):
 *  - producer warp, lane 0: ten TMA box loads (weights 64 rows x 4 x 128 B
 *    and activations 8, 16 or 32 token rows x 4 x 128 B, 128-byte swizzle;
 *    both scale tiles 16 B wide) into a ring of GT_P stages (~200 KiB in
 *    flight per SM; zeros past N, M and K), completing on "full";
 *  - producer warp, all lanes: once "full" completes, one verdict for the
 *    stage: every scale code of a real row and token inside the exact
 *    window [80, 172] (gm_in_window's; four codes per word at once); then
 *    "ready";
 *  - 4 x GT_KW consumer warps: warp w takes weight rows 16 (w % 4) .. + 15
 *    and MX blocks (w / 4) * 16 / GT_KW .. of each stage. Per MX block, two
 *    chained mma.sync m16n8k16 f16 after an exact FP8 -> f16 convert (what
 *    the compiler emits for mma.sync m16n8k32 e4m3/e5m2 on sm_90, in the
 *    same operand order), then fp32 block scaling: on a full stage with the
 *    verdict, straight-line fma(T * 2^(Xb-127), 2^(Xa-127), acc)
 *    (gm_block_add's fast form); otherwise gm_block_add per element. Then
 *    "empty". The GT_KW partial sums of a row group are added in a fixed
 *    order at the end.
 * Few weight rows: the S CTAs of a 1-D cluster (S <= 8, all clusters in one
 * wave) take consecutive K slices of one 64-row tile and CTA 0 adds their
 * partials in K order through distributed shared memory (deterministic, no
 * workspace; the partials reuse the drained stage ring).
 * Needs 16-byte aligned operand and scale rows (TMA); the launcher checks and
 * otherwise leaves the call to gemv_mma. */
#ifndef MXK_GEMV_TMA_H
#define MXK_GEMV_TMA_H

#ifndef MXK_GT_P
#define MXK_GT_P 4
#endif
#ifndef MXK_GT_KW
#define MXK_GT_KW 4
#endif
#ifndef MXK_GT_CTAS
#define MXK_GT_CTAS 1 /* CTAs per SM the split aims at (the ring and registers must allow it) */
#endif
enum { GT_KW = MXK_GT_KW,             /* consumer warps per row group: each a share of every stage */
       GT_CW = 4 * GT_KW,             /* consumer warps */
       GT_ROWS = 64,                  /* weight rows of a stage's layout: up to 4 row groups of 16 */
       GT_KC = 512,                   /* K bytes of a stage: 16 MX blocks, 4 boxes of 128 */
       GT_P = MXK_GT_P,               /* stages in the ring */
       GT_THREADS = 32 * (GT_CW + 1), /* + the producer warp */
       GT_W = GT_ROWS * GT_KC,        /* weight bytes: box j at j * GT_ROWS * 128 */
       GT_TOK = 32,                   /* token rows reserved per stage */
       GT_A = GT_TOK * GT_KC,         /* activations: box j at j * GT_TOK * 128 (8, 16 or 32 token rows) */
       GT_WX = GT_ROWS * 16,          /* weight scale codes [row][block] */
       GT_AX = GT_TOK * 16,           /* token scale codes [token][block] */
       GT_OFF_WX = GT_W + GT_A, GT_OFF_AX = GT_OFF_WX + GT_WX, GT_OFF_OK = GT_OFF_AX + GT_AX,
       GT_STAGE = ((GT_OFF_OK + 16 + 1023) / 1024) * 1024,
       GT_RED = GT_KW * 4 * 16 * 32 * 4, /* partials at the end, in the ring: [share][row group][value][lane] */
       GT_SMEM = GT_P * GT_STAGE + 24 * GT_P + 1024 /* barriers, alignment slack */ };
static_assert(GT_RED <= GT_P * GT_STAGE, "the partials reuse the stage ring");
static_assert(16 % GT_KW == 0, "a consumer's share of a stage is whole MX blocks");

#if defined(MXKG_WGMMA_DEVICE)
/* four FP8 codes -> two f16x2 (bytes 0,1 and 2,3), exact */
template <int F>
__device__ __forceinline__ void gt_cvt(uint32_t x, uint32_t &lo, uint32_t &hi)
{
    if (F == MXK_C_E4M3)
        asm("{.reg .b16 l, h;\nmov.b32 {l, h}, %2;\ncvt.rn.f16x2.e4m3x2 %0, l;\ncvt.rn.f16x2.e4m3x2 %1, h;\n}"
            : "=r"(lo), "=r"(hi)
            : "r"(x));
    else
        asm("{.reg .b16 l, h;\nmov.b32 {l, h}, %2;\ncvt.rn.f16x2.e5m2x2 %0, l;\ncvt.rn.f16x2.e5m2x2 %1, h;\n}"
            : "=r"(lo), "=r"(hi)
            : "r"(x));
}

/* d (+)= A(16 x 16, f16) * B(16 x 8, f16), fp32 */
__device__ __forceinline__ void gt_hmma(float d[4], const uint32_t a[4], const uint32_t b[2], const float c[4])
{
    asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%10,%11,%12,%13};"
        : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]), "f"(c[0]), "f"(c[1]), "f"(c[2]),
          "f"(c[3]));
}

/* The block sum of one m16n8k32 FP8 fragment pair (gm_mma's operands:
 * weights a, tokens b), as the compiler lowers mma.sync m16n8k32 on sm_90:
 * the low code pairs of every register first, then the high ones onto it */
template <int FA, int FB>
__device__ __forceinline__ void gt_mma(const uint32_t a[4], const uint32_t b[2], float d[4])
{
    uint32_t al[4], ah[4], bl[2], bh[2];
    for (int i = 0; i < 4; i++)
        gt_cvt<FB>(a[i], al[i], ah[i]);
    for (int i = 0; i < 2; i++)
        gt_cvt<FA>(b[i], bl[i], bh[i]);
    const float z[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    float t[4];
    gt_hmma(t, al, bl, z);
    gt_hmma(d, ah, bh, t);
}

/* the fragment addresses of MX block u in a stage (128-byte swizzle):
 * weight rows r0 (+8 rows: + 8 * 128), token row 8f + gq of fragment f */
__device__ __forceinline__ uint32_t gt_woff(int u, int r0, int gq, int t)
{
    return (uint32_t)((u >> 2) * (GT_ROWS * 128) + r0 * 128 + ((((2 * (u & 3) + (t >> 1)) ^ gq) << 4) + 8 * (t & 1)));
}
__device__ __forceinline__ uint32_t gt_aoff(int u, int f, int gq, int t)
{
    return (uint32_t)(GT_W + (u >> 2) * (GT_TOK * 128) + (8 * f + gq) * 128 +
                      ((((2 * (u & 3) + (t >> 1)) ^ gq) << 4) + 8 * (t & 1)));
}

/* This warp's share of a full stage with every code in the window: no
 * branch, factors 2^(X-127) built from the codes (gm_block_add's fast form) */
template <int FA, int FB, int MT>
__device__ __forceinline__ void gt_stage_fast(uint32_t st, int u0, int r0, int gq, int t, float (*acc)[4])
{
    enum { NT = MT / 8 };
    const uint32_t wx = st + GT_OFF_WX + (uint32_t)(r0 * 16), ax = st + GT_OFF_AX + (uint32_t)(2 * t * 16);
#pragma unroll
    for (int v = 0; v < 16 / GT_KW; v++) {
        const int u = u0 + v;
        uint32_t a[4];
        const uint32_t pw = st + gt_woff(u, r0, gq, t);
        tm_lds2(pw, a[0], a[2]);
        tm_lds2(pw + 8 * 128, a[1], a[3]);
        const float fb0 = __uint_as_float(tm_ldsb(wx + (uint32_t)u) << 23),
                    fb1 = __uint_as_float(tm_ldsb(wx + (uint32_t)(8 * 16 + u)) << 23);
#pragma unroll
        for (int f = 0; f < NT; f++) {
            uint32_t b[2];
            tm_lds2(st + gt_aoff(u, f, gq, t), b[0], b[1]);
            const float fa0 = __uint_as_float(tm_ldsb(ax + (uint32_t)(8 * f * 16 + u)) << 23),
                        fa1 = __uint_as_float(tm_ldsb(ax + (uint32_t)((8 * f + 1) * 16 + u)) << 23);
            float d[4];
            gt_mma<FA, FB>(a, b, d);
            acc[f][0] = __fmaf_rn(d[0] * fb0, fa0, acc[f][0]);
            acc[f][1] = __fmaf_rn(d[1] * fb0, fa1, acc[f][1]);
            acc[f][2] = __fmaf_rn(d[2] * fb1, fa0, acc[f][2]);
            acc[f][3] = __fmaf_rn(d[3] * fb1, fa1, acc[f][3]);
        }
    }
}

/* Any other stage (the short last one of K, or a code outside the window):
 * codes read per block, gm_block_add per element */
template <int FA, int FB, int MT>
__device__ __forceinline__ void gt_stage_any(uint32_t st, int u0, int u1, int r0, int gq, int t, const bool wv[2],
                                             const bool (*tv)[2], float (*acc)[4])
{
    enum { NT = MT / 8 };
    const uint32_t wx = st + GT_OFF_WX, ax = st + GT_OFF_AX;
#pragma unroll 1
    for (int u = u0; u < u1; u++) {
        uint32_t a[4];
        const uint32_t pw = st + gt_woff(u, r0, gq, t);
        tm_lds2(pw, a[0], a[2]);
        tm_lds2(pw + 8 * 128, a[1], a[3]);
        const uint32_t xw[2] = {wv[0] ? tm_ldsb(wx + (uint32_t)(r0 * 16 + u)) : 127u,
                                wv[1] ? tm_ldsb(wx + (uint32_t)((r0 + 8) * 16 + u)) : 127u};
#pragma unroll
        for (int f = 0; f < NT; f++) {
            uint32_t b[2];
            tm_lds2(st + gt_aoff(u, f, gq, t), b[0], b[1]);
            const uint32_t xa[2] = {tv[f][0] ? tm_ldsb(ax + (uint32_t)((8 * f + 2 * t) * 16 + u)) : 127u,
                                    tv[f][1] ? tm_ldsb(ax + (uint32_t)((8 * f + 2 * t + 1) * 16 + u)) : 127u};
            float d[4];
            gt_mma<FA, FB>(a, b, d);
#pragma unroll
            for (int q = 0; q < 4; q++)
                acc[f][q] = gm_block_add(acc[f][q], d[q], xa[q & 1], xw[q >> 1]);
        }
    }
}

/* consumer warp w: rows r0, r0 + 8 of the tile (r0 = 16 (w % rgn) + lane / 4),
 * MX blocks (w / rgn) * 16 / GT_KW .. of stages kt0 .. kt0 + nk - 1 of K;
 * acc[f][q] as gemv_mma's fragments */
template <int FA, int FB, int MT>
__device__ __forceinline__ void gt_consume(const gemm_args &g, uint32_t sm, uint32_t bars, int64_t n0, int kt0,
                                           int nk, int w, int l, int rgn, float (*acc)[4])
{
    enum { NT = MT / 8 };
    const int gq = l >> 2, t = l & 3, r0 = 16 * (w % rgn) + gq, u0 = (w / rgn) * (16 / GT_KW);
    const int nb = (int)(g.K / 32), M = (int)g.M;
    const bool wv[2] = {n0 + r0 < g.N, n0 + r0 + 8 < g.N};
    bool tv[NT][2]; /* token 8f + 2t + c is real (zero-filled codes otherwise: keep them off the slow path) */
#pragma unroll
    for (int f = 0; f < NT; f++)
#pragma unroll
        for (int c = 0; c < 2; c++)
            tv[f][c] = 8 * f + 2 * t + c < M;
    for (int kt = 0; kt < nk; kt++) {
        const int s = kt % GT_P;
        const uint32_t par = (uint32_t)((kt / GT_P) & 1);
        tm_wait(bars + 8 * s, par);              /* the TMA bytes */
        tm_wait(bars + 8 * (2 * GT_P + s), par); /* the verdict */
        const uint32_t st = sm + (uint32_t)(s * GT_STAGE);
        const int left = nb - (kt0 + kt) * (GT_KC / 32), nbv = left < 16 ? left : 16;
        if (nbv == 16 && tm_lds(st + GT_OFF_OK))
            gt_stage_fast<FA, FB, MT>(st, u0, r0, gq, t, acc);
        else
            gt_stage_any<FA, FB, MT>(st, u0, u0 + 16 / GT_KW < nbv ? u0 + 16 / GT_KW : nbv, r0, gq, t, wv, tv, acc);
        tm_arrive(bars + 8 * (GT_P + s)); /* every thread, after its own reads (racecheck-visible) */
    }
}

/* producer lane 0: the ten box loads of this CTA's stage kt (K stage
 * kt0 + kt) into slot kt % GT_P */
__device__ __forceinline__ void gt_issue(const gemm_args &g, const CUtensorMap *tw, const CUtensorMap *ta,
                                         const CUtensorMap *twx, const CUtensorMap *tax, uint32_t sm, uint32_t bars,
                                         int64_t n0, int kt0, int kt, int mtb, int rows)
{
    const int s = kt % GT_P;
    const uint32_t full = bars + 8 * s, st = sm + (uint32_t)(s * GT_STAGE);
    const int kc = (kt0 + kt) * GT_KC;
    int boxes = 0; /* boxes wholly past K are not loaded (their blocks are never read) */
    while (boxes < GT_KC / 128 && kc + 128 * boxes < g.K)
        boxes++;
    tm_arrive_tx(full, (uint32_t)(boxes * (rows + mtb) * 128 + (rows + mtb) * 16));
    for (int j = 0; j < boxes; j++) {
        tm_load2d(st + (uint32_t)(j * (GT_ROWS * 128)), tw, kc + 128 * j, (int)n0, full);
        tm_load2d(st + (uint32_t)(GT_W + j * (GT_TOK * 128)), ta, kc + 128 * j, 0, full);
    }
    tm_load2d(st + GT_OFF_WX, twx, kc / 32, (int)n0, full);
    tm_load2d(st + GT_OFF_AX, tax, kc / 32, 0, full);
}

/* producer warp: the verdict of the landed stage (read only for a full
 * stage): every code of a real weight row or token inside [80, 172]. Four
 * codes per word in two 16-bit lanes each: v + 0x7FB0 sets bit 15 iff
 * v >= 80, v + 0x7F53 iff v >= 173. */
__device__ __forceinline__ void gt_verdict(const gemm_args &g, uint32_t st, int64_t n0, int l, int rows)
{
    uint32_t bad = 0;
    /* a fixed trip count (unrolled: the twelve loads in flight at once);
     * rows past the tile's count as valid codes */
#pragma unroll
    for (int i = l; i < (GT_ROWS + GT_TOK) * 4; i += 32) { /* one 4-code word each: [row][block 4c..4c+3] */
        const bool isw = i < GT_ROWS * 4;
        const int j = isw ? i : i - GT_ROWS * 4, row = j >> 2;
        const bool rv = isw ? row < rows && n0 + row < g.N : row < g.M;
        const uint32_t x = rv ? tm_lds(st + (isw ? GT_OFF_WX : GT_OFF_AX) + (uint32_t)(4 * j)) : 0x7F7F7F7Fu;
        const uint32_t e = x & 0x00FF00FFu, o = (x >> 8) & 0x00FF00FFu;
        bad |= (~(e + 0x7FB07FB0u) | (e + 0x7F537F53u) | ~(o + 0x7FB07FB0u) | (o + 0x7F537F53u)) & 0x80008000u;
    }
    const bool any = __any_sync(0xFFFFFFFFu, bad != 0);
    if (l == 0)
        tm_sts(st + GT_OFF_OK, any ? 0u : 1u);
}

/* the producer warp: issue the first GT_P stages, then per stage: the
 * verdict, "ready", and the refill of the slot the consumers freed last */
__device__ __forceinline__ void gt_produce(const gemm_args &g, const CUtensorMap *tw, const CUtensorMap *ta,
                                           const CUtensorMap *twx, const CUtensorMap *tax, uint32_t sm, uint32_t bars,
                                           int64_t n0, int kt0, int nk, int mtb, int l, int rows)
{
    if (l == 0)
        for (int kt = 0; kt < nk && kt < GT_P; kt++)
            gt_issue(g, tw, ta, twx, tax, sm, bars, n0, kt0, kt, mtb, rows);
    for (int kt = 0; kt < nk; kt++) {
        const int s = kt % GT_P;
        tm_wait(bars + 8 * s, (uint32_t)((kt / GT_P) & 1));
        gt_verdict(g, sm + (uint32_t)(s * GT_STAGE), n0, l, rows);
        __syncwarp();
        if (l == 0) {
            tm_arrive(bars + 8 * (2 * GT_P + s)); /* ready */
            const int kr = kt - 1;                /* stage kr's slot, once its consumers are done */
            if (kr >= 0 && kr + GT_P < nk) {
                tm_wait(bars + 8 * (GT_P + kr % GT_P), (uint32_t)((kr / GT_P) & 1));
                gt_issue(g, tw, ta, twx, tax, sm, bars, n0, kt0, kr + GT_P, mtb, rows);
            }
        }
        __syncwarp();
    }
}

/* f32 at shared address a of cluster CTA q */
__device__ __forceinline__ float gt_ld_remote(uint32_t a, uint32_t q)
{
    uint32_t r;
    float v;
    asm volatile("mapa.shared::cluster.u32 %0, %1, %2;" : "=r"(r) : "r"(a), "r"(q));
    asm volatile("ld.shared::cluster.f32 %0, [%1];" : "=f"(v) : "r"(r) : "memory");
    return v;
}
#endif

/* grid (S, tiles): blockIdx.x is the K slice (the CTA's rank in a 1-D
 * cluster of S when S > 1), blockIdx.y the tile of 16 rgn rows (rgn = 3 or
 * 4 row groups; the block has rgn GT_KW consumer warps + the producer). MT:
 * 8, 16 or 32 token columns (MT / 8 B fragments per weight fragment); mtb:
 * token rows of the activation boxes (the same). */
template <int FA, int FB, int MT>
__global__ void
#if defined(__CUDACC__)
__launch_bounds__(GT_THREADS, MXK_GT_CTAS)
#endif
gemv_tma_kernel(const __grid_constant__ CUtensorMap tw, const __grid_constant__ CUtensorMap ta,
                const __grid_constant__ CUtensorMap twx, const __grid_constant__ CUtensorMap tax, gemm_args g, int mtb,
                int rgn)
{
#if defined(MXKG_WGMMA_DEVICE)
    enum { NT = MT / 8 };
    extern __shared__ char gt_raw[];
    const uint32_t raw = gw_smem(gt_raw);
    const uint32_t sm = (raw + 1023u) & ~1023u; /* swizzle atoms: 1024-byte aligned */
    const uint32_t red = sm, bars = sm + GT_P * GT_STAGE; /* partials (at the end); full[s], empty[s], ready[s] */
    const int tid = (int)threadIdx.x, w = tid >> 5, l = tid & 31;
    const int S = (int)gridDim.x, z = (int)blockIdx.x;
    const int rows = 16 * rgn, cw = GT_KW * rgn; /* tile rows, consumer warps */
    const int64_t n0 = (int64_t)blockIdx.y * rows;
    const int nk_all = (int)((g.K + GT_KC - 1) / GT_KC);
    const int kt0 = (int)((int64_t)nk_all * z / S), nk = (int)((int64_t)nk_all * (z + 1) / S) - kt0;
    if (tid == 0) {
        for (int s = 0; s < GT_P; s++) {
            tm_bar_init(bars + 8 * s, 1);                /* the producer's expect-tx arrival + the bytes */
            tm_bar_init(bars + 8 * (GT_P + s), 32 * cw); /* empty: every consumer thread */
            tm_bar_init(bars + 8 * (2 * GT_P + s), 1);   /* ready: the producer, after the verdict */
        }
        asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
    }
    __syncthreads();
    float acc[NT][4];
#pragma unroll
    for (int f = 0; f < NT; f++)
#pragma unroll
        for (int q = 0; q < 4; q++)
            acc[f][q] = 0.0f;
    if (w == cw)
        gt_produce(g, &tw, &ta, &twx, &tax, sm, bars, n0, kt0, nk, mtb, l, rows);
    else
        gt_consume<FA, FB, MT>(g, sm, bars, n0, kt0, nk, w, l, rgn, acc);
    /* the GT_KW shares of a row group: share 0 adds the others in order */
    const int gq = l >> 2, t = l & 3, rg = w % rgn, kp = w / rgn, r0 = 16 * rg + gq;
    const bool lead = w < rgn; /* share 0 of row group w */
#define GT_RED_AT(p, f, q) (red + (uint32_t)(4 * ((((p) * 4 + rg) * 16 + 4 * (f) + (q)) * 32 + l)))
    __syncthreads(); /* every stage read and every TMA landed: the ring holds the partials now */
    if (GT_KW > 1) {
        if (w < cw && kp > 0)
#pragma unroll
            for (int f = 0; f < NT; f++)
#pragma unroll
                for (int q = 0; q < 4; q++)
                    tm_sts(GT_RED_AT(kp, f, q), __float_as_uint(acc[f][q]));
        __syncthreads();
        if (lead)
#pragma unroll
            for (int f = 0; f < NT; f++)
#pragma unroll
                for (int q = 0; q < 4; q++)
                    for (int p = 1; p < GT_KW; p++)
                        acc[f][q] += __uint_as_float(tm_lds(GT_RED_AT(p, f, q)));
    }
    if (S > 1) { /* publish the partials (share 0's slot); CTA 0 adds them in K order */
        if (lead)
#pragma unroll
            for (int f = 0; f < NT; f++)
#pragma unroll
                for (int q = 0; q < 4; q++)
                    tm_sts(GT_RED_AT(0, f, q), __float_as_uint(acc[f][q]));
        gw_cluster_sync();
        if (z == 0 && lead)
#pragma unroll
            for (int f = 0; f < NT; f++)
#pragma unroll
                for (int q = 0; q < 4; q++) {
                    float v = acc[f][q];
                    for (int p = 1; p < S; p++)
                        v += gt_ld_remote(GT_RED_AT(0, f, q), (uint32_t)p);
                    acc[f][q] = v;
                }
    }
#undef GT_RED_AT
    if (z == 0 && lead)
#pragma unroll
        for (int f = 0; f < NT; f++)
#pragma unroll
            for (int q = 0; q < 4; q++) {
                const int tok = 8 * f + 2 * t + (q & 1);
                if (tok < g.M)
                    gw_store(g, tok, n0 + r0 + 8 * (q >> 1), acc[f][q]);
            }
    if (S > 1)
        gw_cluster_sync(); /* no CTA leaves while CTA 0 still reads its partial */
#else
    (void)tw, (void)ta, (void)twx, (void)tax, (void)g, (void)mtb, (void)rgn; /* compiled without sm_90a: never launched */
#endif
}

#endif

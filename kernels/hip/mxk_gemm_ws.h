/* gemm_ws: the MX-FP8 GEMM (gemm_mx) for large shapes on NVIDIA sm_90a,
 * warp-specialised; included by mxk_gemm.hip inside namespace mxkg after
 * mxk_gemm_wgmma.h (whose descriptor and store helpers it shares).
 *
 * CTA tile 128 x 256, 384 threads: warpgroup 0 produces, warpgroups 1 and 2
 * consume (64 rows x 256 columns each). Per K stage of 128 bytes (4 MX
 * blocks) the producer's thread 0 issues two TMA loads (A 128 x 128 and
 * B 256 x 128 bytes, 128-byte swizzle, zero fill past M, N and K) that
 * complete on the stage's "full" mbarrier, and all 128 producer threads turn
 * the stage's scale codes into fp32 factors 2^(X-127) (exact: the code is
 * the factor's exponent field, so the code is read back from the bits) and a
 * per-warp verdict on the fast scale window; each then arrives on "full".
 * Consumers wait on "full", run per MX block four wgmma m64n64k32 with a
 * zero accumulator and fold each block sum into fp32 with the same rule as
 * gemm_wgmma (gw_promote's: fma(T * fa, fb, acc) inside the window,
 * mxk_block_add outside), then free the stage on its "empty" mbarrier.
 * No CTA-wide barrier in the loop: the two consumers drift apart, so one
 * scales while the other's wgmma runs. Numerics equal gemm_wgmma's.
 * Epilogue: the two consumers stage the tile in the drained ring and store
 * it with one compact loop (gw_store_tile). */
#ifndef MXK_GEMM_WS_H
#define MXK_GEMM_WS_H

/* Build knobs of experiments not yet run on a GPU (ci/gpu-ab.sh builds
 * and measures each against the default; docs/GEMM.md "Open"); the defaults
 * are the algorithm measured and verified on the H100 (this loop structure
 * around the knobs has not run there yet: docs/CONFORMANCE.md, session 8):
 * MXK_WS_FB4: B factors permuted per quarter, read with 16-byte loads;
 * MXK_WS_CHAIN: a stage's four blocks chained in straight-line code, the
 *   next block's first wgmma issued before the last quarter is scaled;
 * MXK_WS_PRODUCER_REGS: the producer warpgroup's setmaxnreg (24: the
 *   consumers get 240 instead of 232). */
#ifndef MXK_WS_FB4
#define MXK_WS_FB4 0
#endif
#ifndef MXK_WS_CHAIN
#define MXK_WS_CHAIN 0
#endif
#ifndef MXK_WS_PRODUCER_REGS
#define MXK_WS_PRODUCER_REGS 40
#endif
enum { WS_BM = 128, WS_BN = 256, WS_BK = 128, WS_STAGES = 4, WS_THREADS = 384 };
/* descriptor step to the next 64 B rows (64 x 128 bytes = 8 KiB; the start
 * address field counts 16-byte units) */
enum { WS_QD = 64 * WS_BK / 16 };
enum { WS_A = WS_BM * WS_BK, WS_B = WS_BN * WS_BK,
       WS_SF = (WS_BM + WS_BN) * 4 * 4, /* fp32 factors: [block][A row], then [block][B row] */
       WS_STAGE = ((WS_A + WS_B + WS_SF + 16 + 1023) / 1024) * 1024,
       WS_SMEM = WS_STAGES * WS_STAGE + 16 * WS_STAGES + 1024 /* barriers, alignment slack */ };
/* 64K registers: 384 threads launch at 168; the producer gives back down to
 * MXK_WS_PRODUCER_REGS, the two consumer warpgroups take what that frees */
#define WS_CONSUMER_REGS ((168 * 384 - 128 * MXK_WS_PRODUCER_REGS) / 256 / 8 * 8)
enum { WS_RED_LD = WS_BN + 4 }; /* the output tile in the drained ring: row stride in floats */
static_assert(WS_BM * WS_RED_LD * 4 <= WS_STAGES * WS_STAGE, "the output tile fits the ring");

#if defined(MXKG_WGMMA_DEVICE)
__device__ __forceinline__ float ws_lds(uint32_t a)
{
    return __uint_as_float(tm_lds(a));
}
__device__ __forceinline__ float2 ws_lds2(uint32_t a)
{
    uint32_t x, y;
    tm_lds2(a, x, y);
    return make_float2(__uint_as_float(x), __uint_as_float(y));
}

/* x in a register the compiler treats as opaque: a per-thread shared
 * address built once, so the factor loads below use immediate offsets from
 * it instead of re-deriving the thread's column offset (which, under the
 * consumers' register pressure, was rebuilt from SR_TID per quarter and
 * stalled on it) */
__device__ __forceinline__ uint32_t ws_pin(uint32_t x)
{
    uint32_t r;
    asm("mov.b32 %0, %1;" : "=r"(r) : "r"(x));
    return r;
}

/* Where column c (0..255) of a block's B factors sits. MXK_WS_FB4: permuted
 * inside each 64-column quarter, column 8q + 2t + e at 16 (q >> 1) + 4t +
 * 2 (q & 1) + e, so thread t's 16 factors of a quarter are four 16-byte
 * words and the four t of a warp read 64 contiguous bytes (one wavefront):
 * half the shared loads of the column order. */
__device__ __forceinline__ int ws_fbi(int c)
{
    if (!MXK_WS_FB4)
        return c;
    const int h = c >> 6, q = (c >> 3) & 7, t = (c >> 1) & 3, e = c & 1;
    return 64 * h + 16 * (q >> 1) + 4 * t + 2 * (q & 1) + e;
}

/* the factor pair of columns 8q + 2t, 8q + 2t + 1 of quarter h (in floats) */
__device__ __forceinline__ int ws_fb_pair(int h, int q, int t)
{
    return ws_fbi(64 * h + 8 * q + 2 * t);
}

/* thread t's byte offset into a quarter's factors */
__device__ __forceinline__ uint32_t ws_fb_thread(int t)
{
    return 4u * (uint32_t)ws_fb_pair(0, 0, t);
}

/* the B factors of half u (q = 4u .. 4u + 3) of one 64-column quarter, from
 * fbt = the quarter's factors + ws_fb_thread(t) */
__device__ __forceinline__ void ws_fb(float2 *b, uint32_t fbt, int u)
{
#pragma unroll
    for (int q = 4 * u; q < 4 * u + 4; q += 2) {
        const uint32_t a = fbt + 4u * (uint32_t)ws_fb_pair(0, q, 0); /* thread 0's pair: the offset from fbt */
        if (MXK_WS_FB4) {
            asm volatile("ld.shared.v4.f32 {%0, %1, %2, %3}, [%4];"
                         : "=f"(b[q].x), "=f"(b[q].y), "=f"(b[q + 1].x), "=f"(b[q + 1].y)
                         : "r"(a));
        } else {
            b[q] = ws_lds2(a), b[q + 1] = ws_lds2(a + 32u);
        }
    }
}

/* acc[i] += T[i] * fa(row) * fb(col) for one MX block and one 64-column
 * quarter (T element i: row ra + 8 ((i >> 1) & 1), column 8 (i >> 2) + 2t +
 * (i & 1)), every code of the stage inside the window. T * fa first: the
 * row factors are in registers before the wgmma wait, so the 32 products
 * run while the column factors' shared loads land (the window makes T * fa
 * and T * fb both exact, so the order changes no bit). */
__device__ __forceinline__ void ws_promote(float *ac, float *T, float fa0, float fa1, const float2 *b)
{
#pragma unroll
    for (int q = 0; q < 8; q++) { /* in place: T is free once scaled */
        T[4 * q + 0] *= fa0, T[4 * q + 1] *= fa0;
        T[4 * q + 2] *= fa1, T[4 * q + 3] *= fa1;
    }
#pragma unroll
    for (int q = 0; q < 8; q++) {
        ac[4 * q + 0] = __fmaf_rn(T[4 * q + 0], b[q].x, ac[4 * q + 0]);
        ac[4 * q + 1] = __fmaf_rn(T[4 * q + 1], b[q].y, ac[4 * q + 1]);
        ac[4 * q + 2] = __fmaf_rn(T[4 * q + 2], b[q].x, ac[4 * q + 2]);
        ac[4 * q + 3] = __fmaf_rn(T[4 * q + 3], b[q].y, ac[4 * q + 3]);
    }
}

/* One MX block, the rare form (extreme or NaN scale codes in the stage):
 * one quarter at a time, mxk_block_add per element, factors read as used. */
template <int FA, int FB>
__device__ __forceinline__ void ws_block_slow(float *acc, float *T0, uint64_t da, uint64_t db, uint32_t fa,
                                              uint32_t fb, int ra, int t)
{
    const uint32_t xa0 = __float_as_uint(ws_lds(fa + 4u * (uint32_t)ra)) >> 23,
                   xa1 = __float_as_uint(ws_lds(fa + 4u * (uint32_t)(ra + 8))) >> 23;
#pragma unroll
    for (int h = 0; h < 4; h++) {
        gw_mma<FA, FB>(T0, da, db + h * WS_QD);
        gw_wait<0>(T0);
#pragma unroll
        for (int q = 0; q < 8; q++) {
            const float2 f = ws_lds2(fb + 4u * (uint32_t)ws_fb_pair(h, q, t));
            const uint32_t xb0 = __float_as_uint(f.x) >> 23, xb1 = __float_as_uint(f.y) >> 23;
            float *ac = acc + 32 * h + 4 * q;
            ac[0] = mxk_block_add(ac[0], T0[4 * q + 0], xa0, xb0);
            ac[1] = mxk_block_add(ac[1], T0[4 * q + 1], xa0, xb1);
            ac[2] = mxk_block_add(ac[2], T0[4 * q + 2], xa1, xb0);
            ac[3] = mxk_block_add(ac[3], T0[4 * q + 3], xa1, xb1);
        }
    }
}

/* One consumer's view of a full stage: operand and factor addresses, MX
 * blocks in it, and the producer's window verdict. */
struct ws_view {
    uint32_t sa, sb, sf;
    int nbv;
    bool fast;
};

__device__ __forceinline__ ws_view ws_stage(char *sm, uint32_t bars, int64_t kt, int64_t kt_abs, int64_t nbk, int c)
{
    const int s = (int)(kt % WS_STAGES);
    tm_wait(bars + 8 * s, (uint32_t)((kt / WS_STAGES) & 1));
    char *st = sm + s * WS_STAGE;
    ws_view v;
    v.sa = gw_smem(st) + 64 * WS_BK * c, v.sb = gw_smem(st + WS_A), v.sf = v.sb + WS_B;
    const uint32_t fl = v.sf + 4 * 4 * (WS_BM + WS_BN);
    v.fast = !(__float_as_uint(ws_lds(fl)) | __float_as_uint(ws_lds(fl + 4)) | __float_as_uint(ws_lds(fl + 8)) |
               __float_as_uint(ws_lds(fl + 12)));
    const int64_t left = nbk - 4 * kt_abs;
    v.nbv = left < 4 ? (int)left : 4; /* uniform */
    return v;
}

/* One MX block of a fast stage: four m64n64k32 quarters through T0 / T1,
 * always one wgmma in flight while the other result is scaled. On entry
 * quarter 0 is already issued into T0. NEXT: before the last quarter is
 * scaled the next block's quarter 0 (nda / ndb; of the next stage too) is
 * issued into T0, so the tensor core does not wait at block boundaries.
 * The caller chains the four blocks of a stage in straight-line code: a
 * wgmma in flight across a loop back edge or a barrier wait made ptxas
 * serialise every wgmma of the kernel (C7514). */
template <int FA, int FB, bool NEXT>
__device__ __forceinline__ void ws_block_fast(float *acc, float *T0, float *T1, uint64_t da, uint64_t db,
                                              uint32_t fa, uint32_t fb, int ra, int t, uint64_t nda, uint64_t ndb)
{
    float2 b[8];
    gw_mma<FA, FB>(T1, da, db + WS_QD);
    /* half of each quarter's factors is read before its wait (latency under
     * the wgmma), half after (registers: acc + T0 + T1 leave ~40) */
    const uint32_t fat = ws_pin(fa + 4u * (uint32_t)ra), fbt = ws_pin(fb + ws_fb_thread(t));
    const float fa0 = ws_lds(fat), fa1 = ws_lds(fat + 32u);
    ws_fb(b, fbt, 0);
    gw_wait<1>(T0);
    ws_fb(b, fbt, 1);
    ws_promote(acc, T0, fa0, fa1, b);
    gw_mma<FA, FB>(T0, da, db + 2 * WS_QD);
    ws_fb(b, fbt + 4 * 64, 0);
    gw_wait<1>(T1);
    ws_fb(b, fbt + 4 * 64, 1);
    ws_promote(acc + 32, T1, fa0, fa1, b);
    gw_mma<FA, FB>(T1, da, db + 3 * WS_QD);
    ws_fb(b, fbt + 4 * 128, 0);
    gw_wait<1>(T0);
    ws_fb(b, fbt + 4 * 128, 1);
    ws_promote(acc + 64, T0, fa0, fa1, b);
    ws_fb(b, fbt + 4 * 192, 0);
    if (NEXT) {
        gw_mma<FA, FB>(T0, nda, ndb);
        gw_wait<1>(T1);
    } else {
        gw_wait<0>(T1);
    }
    ws_fb(b, fbt + 4 * 192, 1);
    ws_promote(acc + 96, T1, fa0, fa1, b);
}

/* the four scale codes of stage kt for tile row i (A rows 0..127, then B
 * rows), byte j = block 4 kt + j; 127 (factor 1) where there is no row or
 * block. One 32-bit load when the scale rows are 4-byte aligned. */
__device__ __forceinline__ uint32_t ws_codes4(const gemm_args &g, int i, int64_t m0, int64_t n0, int64_t kt,
                                              int64_t nbk, bool al4)
{
    const bool isb = i >= WS_BM;
    const int64_t row = isb ? n0 + (i - WS_BM) : m0 + i;
    if (row >= (isb ? g.N : g.M))
        return 0x7F7F7F7Fu;
    const uint8_t *xp = isb ? (const uint8_t *)g.bs + row * g.ldbs : (const uint8_t *)g.as + row * g.ldas;
    const int64_t k0 = 4 * kt;
    if (al4 && k0 + 4 <= nbk)
        return *(const uint32_t *)(xp + k0);
    uint32_t w = 0;
    for (int j = 0; j < 4; j++)
        w |= (k0 + j < nbk ? (uint32_t)xp[k0 + j] : 127u) << (8 * j);
    return w;
}

/* producer: TMA for the operand tiles, scale factors and the window verdict;
 * a stage's scale codes are loaded before its slot is free (their latency
 * overlaps the wait) */
__device__ __forceinline__ void ws_produce(const gemm_args &g, const CUtensorMap *ta, const CUtensorMap *tb, char *sm,
                                           uint32_t bars, int64_t m0, int64_t n0, int64_t kt0, int64_t nk, int tid)
{
    static_assert(WS_BM + WS_BN == 3 * 128, "three tile rows per producer thread");
    const int64_t nbk = g.K / 32;
    const bool al4 = (((uintptr_t)g.as | (uintptr_t)g.bs | (uintptr_t)g.ldas | (uintptr_t)g.ldbs) & 3u) == 0;
    for (int64_t kt = 0; kt < nk; kt++) {
        const int s = (int)(kt % WS_STAGES);
        const uint32_t full = bars + 8 * s, empty = bars + 8 * (WS_STAGES + s);
        uint32_t w[3];
#pragma unroll
        for (int u = 0; u < 3; u++)
            w[u] = ws_codes4(g, tid + 128 * u, m0, n0, kt0 + kt, nbk, al4);
        if (kt >= WS_STAGES)
            tm_wait(empty, (uint32_t)((kt / WS_STAGES + 1) & 1));
        char *st = sm + s * WS_STAGE;
        if (tid == 0) {
            tm_arrive_tx(full, WS_A + WS_B);
            tm_load2d(gw_smem(st), ta, (int)((kt0 + kt) * WS_BK), (int)m0, full);
            tm_load2d(gw_smem(st + WS_A), tb, (int)((kt0 + kt) * WS_BK), (int)n0, full);
        }
        float *sf = (float *)(st + WS_A + WS_B);
        bool bad = false;
#pragma unroll
        for (int u = 0; u < 3; u++) {
            const int i = tid + 128 * u;
            const bool isb = i >= WS_BM;
            const int r = isb ? i - WS_BM : i;
#pragma unroll
            for (int j = 0; j < 4; j++) {
                const uint32_t c = (w[u] >> (8 * j)) & 0xFFu;
                bad |= !gm_in_window(c);
                sf[isb ? 4 * WS_BM + j * WS_BN + ws_fbi(r) : j * WS_BM + r] = gw_pow2(c);
            }
        }
        bad = __any_sync(0xFFFFFFFFu, bad);
        if ((tid & 31) == 0)
            ((int *)(sf + 4 * (WS_BM + WS_BN)))[tid >> 5] = bad;
        tm_arrive(full);
    }
}

/* free stage kt for the producer: every thread arrives after its own wgmma
 * reads of it have completed (a lane-0 arrival after __syncwarp orders
 * them too, but racecheck cannot see through it and reports the producer's
 * rewrite as a hazard) */
__device__ __forceinline__ void ws_release(uint32_t bars, int64_t kt)
{
    tm_arrive(bars + 8 * (WS_STAGES + (int)(kt % WS_STAGES)));
}

/* consumer c (0 or 1): rows 64c..64c+63 of the tile, all 256 columns, K
 * stages kt0 .. kt0 + nk - 1; ends with its fragment of the f32 tile staged
 * in the drained ring (row stride WS_RED_LD) */
template <int FA, int FB>
__device__ __forceinline__ void ws_consume(const gemm_args &g, char *sm, uint32_t bars, int64_t kt0, int64_t nk, int c,
                                           int tid)
{
    const int w = (tid >> 5) & 3, l = tid & 31, gq = l >> 2, t = l & 3;
    const int ra = 64 * c + 16 * w + gq; /* this thread's rows: ra, ra + 8 (tile-relative) */
    float acc[128], T0[32], T1[32]; /* two m64n64k32 results: one is scaled while the other runs */
#pragma unroll
    for (int i = 0; i < 128; i++)
        acc[i] = 0.0f;
    const int64_t nbk = g.K / 32;
#pragma unroll 1
    for (int64_t kt = 0; kt < nk; kt++) {
        const ws_view v = ws_stage(sm, bars, kt, kt0 + kt, nbk, c);
        const uint32_t fa = v.sf, fb = v.sf + 4 * 4 * WS_BM;
        if (MXK_WS_CHAIN && v.fast && v.nbv == 4) { /* a stage in straight-line code, T0 in flight throughout */
            gw_mma<FA, FB>(T0, gw_desc(v.sa), gw_desc(v.sb));
#pragma unroll
            for (int j = 0; j < 3; j++)
                ws_block_fast<FA, FB, true>(acc, T0, T1, gw_desc(v.sa + 32 * j), gw_desc(v.sb + 32 * j),
                                            fa + 4 * j * WS_BM, fb + 4 * j * WS_BN, ra, t,
                                            gw_desc(v.sa + 32 * (j + 1)), gw_desc(v.sb + 32 * (j + 1)));
            ws_block_fast<FA, FB, false>(acc, T0, T1, gw_desc(v.sa + 96), gw_desc(v.sb + 96), fa + 12 * WS_BM,
                                         fb + 12 * WS_BN, ra, t, 0, 0);
        } else if (v.fast) {
#pragma unroll 1
            for (int j = 0; j < v.nbv; j++) {
                gw_mma<FA, FB>(T0, gw_desc(v.sa + 32 * j), gw_desc(v.sb + 32 * j));
                ws_block_fast<FA, FB, false>(acc, T0, T1, gw_desc(v.sa + 32 * j), gw_desc(v.sb + 32 * j),
                                             fa + 4 * j * WS_BM, fb + 4 * j * WS_BN, ra, t, 0, 0);
            }
        } else { /* rare: extreme or NaN scale codes */
#pragma unroll 1
            for (int j = 0; j < v.nbv; j++)
                ws_block_slow<FA, FB>(acc, T0, gw_desc(v.sa + 32 * j), gw_desc(v.sb + 32 * j), fa + 4 * j * WS_BM,
                                      fb + 4 * j * WS_BN, ra, t);
        }
        ws_release(bars, kt);
    }
    /* the tile into the drained ring (named barrier 1: the two consumer
     * warpgroups; every stage was waited for, so no TMA write is still
     * landing) */
    const uint32_t red = gw_smem(sm);
    asm volatile("bar.sync 1, 256;" ::: "memory");
#pragma unroll
    for (int h = 0; h < 4; h++)
        gw_stage_frag(red, WS_RED_LD, acc + 32 * h, 32, ra, 64 * h, t);
}

/* Split K (a 1 x 1 x S cluster per tile): after the cluster barrier every
 * CTA's partial tile is staged; CTA z adds rows [z 128/S, (z+1) 128/S) of
 * all S partials in K order (partial 0 first) through distributed shared
 * memory and stores them; a second barrier keeps every CTA alive until the
 * others have read its partial. All 384 threads take part (each role calls
 * this from its own branch: their register budgets differ). */
__device__ __forceinline__ void ws_split_store(const gemm_args &g, char *sm, int64_t m0, int64_t n0, int tid)
{
    gw_cluster_sync();
    uint32_t z, S;
    asm volatile("mov.u32 %0, %%cluster_ctarank;" : "=r"(z));
    asm volatile("mov.u32 %0, %%cluster_nctarank;" : "=r"(S));
    const int per = (WS_BM + (int)S - 1) / (int)S, r0 = (int)z * per, r1 = r0 + per < WS_BM ? r0 + per : WS_BM;
    const uint32_t red = gw_smem(sm);
#pragma unroll 1
    for (int e = tid; e < (r1 - r0) * (WS_BN / 4); e += WS_THREADS) {
        const int row = r0 + e / (WS_BN / 4), c4 = 4 * (e % (WS_BN / 4));
        const uint32_t a = red + 4u * (uint32_t)(row * WS_RED_LD + c4);
        float4 v = gw_ld_remote(a, 0);
        for (uint32_t q = 1; q < S; q++) {
            const float4 u = gw_ld_remote(a, q);
            v.x += u.x, v.y += u.y, v.z += u.z, v.w += u.w;
        }
        gw_store4(g, m0 + row, n0 + c4, v);
    }
    gw_cluster_sync();
}
#endif

template <int FA, int FB>
__global__ void
#if defined(__CUDACC__)
__launch_bounds__(WS_THREADS, 1)
#endif
gemm_ws_kernel(const __grid_constant__ CUtensorMap ta, const __grid_constant__ CUtensorMap tb, gemm_args g)
{
#if defined(MXKG_WGMMA_DEVICE)
    extern __shared__ char ws_raw[];
    char *sm = (char *)(((uintptr_t)ws_raw + 1023) & ~(uintptr_t)1023); /* swizzle atoms: 1024-byte aligned */
    const uint32_t bars = gw_smem(sm + WS_STAGES * WS_STAGE); /* full[s], then empty[s]: 8 bytes each */
    const int tid = (int)threadIdx.x, wg = tid >> 7;
    const int64_t m0 = (int64_t)blockIdx.y * WS_BM, n0 = (int64_t)blockIdx.x * WS_BN;
    /* K stages of this CTA: slice blockIdx.z of gridDim.z (split K when > 1) */
    const int64_t nk_all = (g.K + WS_BK - 1) / WS_BK, S = gridDim.z;
    const int64_t kt0 = nk_all * blockIdx.z / S, nk = nk_all * (blockIdx.z + 1) / S - kt0;
    if (tid == 0) {
        for (int s = 0; s < WS_STAGES; s++) {
            tm_bar_init(bars + 8 * s, 128 + 1);             /* 128 producer threads + the TMA bytes */
            tm_bar_init(bars + 8 * (WS_STAGES + s), 256); /* every consumer thread */
        }
        asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
    }
    __syncthreads();
    if (wg == 0) {
        asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;" ::"n"(MXK_WS_PRODUCER_REGS));
        ws_produce(g, &ta, &tb, sm, bars, m0, n0, kt0, nk, tid);
        if (S > 1)
            ws_split_store(g, sm, m0, n0, tid);
    } else {
        asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;" ::"n"(WS_CONSUMER_REGS));
        ws_consume<FA, FB>(g, sm, bars, kt0, nk, wg - 1, tid);
        if (S > 1) {
            ws_split_store(g, sm, m0, n0, tid);
        } else { /* one compact store loop over the staged tile */
            asm volatile("bar.sync 1, 256;" ::: "memory");
            gw_store_tile(g, gw_smem(sm), WS_RED_LD, WS_BM, WS_BN, m0, n0, tid - 128, 256);
        }
    }
#else
    (void)ta, (void)tb, (void)g; /* compiled without sm_90a: never launched */
#endif
}

#endif

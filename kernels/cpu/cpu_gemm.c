/* cpu backend of the GEMM family (arguments already checked by the API
 * layer, kernels/src/api_gemm.c): gemm_mx, gemm_fp8, gemv_mx (same code),
 * moe_gemm_mx, linear_mxfp8.
 *
 * Blocked: OpenMP over (M tile, N tile) pairs; each thread decodes its tiles
 * to f32 once (256-entry tables: every FP8 value is an f32), then a micro
 * kernel sums each 32-term block in fp32 (8 partial lanes, fixed order, so
 * the result does not depend on the thread count or the vector width) and
 * applies the block scales to an fp32 accumulator (mxk_gemm_common.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../common/mxk_gemm_common.h"
#ifdef _OPENMP
#include <omp.h>
#endif
#include "../src/internal.h"

enum { MT = 32, NT = 32, BLK = 32 };

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define MXK_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define MXK_CLONES
#endif

/* The micro kernel: B tile transposed per block, Bt[(b*32 + k)*NT + j], so
 * the 32 columns of a row pair are summed in SIMD over j with a broadcast
 * A value: for each output the block sum is sequential over k = 0..31 in
 * fp32 (fixed order: results do not depend on threads or vector width;
 * products of FP8 / bf16 / f16 values are exact in fp32, so fused and
 * separate multiply-adds give the same bits). Then the block scales:
 * 2^(Xa+Xb-254) as one f32 when it is a normal number (the common case),
 * else mxk_block_add (double product, 0xFF -> NaN). */
typedef float v8f __attribute__((vector_size(32)));

typedef struct btile {
    const float *Bt;      /* nb x 32 x NT */
    const uint8_t *xb;    /* NT x nb scale codes (NULL: no block scales) */
    const uint8_t *xbmin, *xbmax; /* per block over the tile's columns (0xFF counts as max) */
} btile;

MXK_CLONES
static void tile_kernel(int mt, int nt, int64_t nb, const float *A, int64_t kp, const uint8_t *xa, const btile *bt,
                        float *acc /* mt x NT */)
{
    for (int i0 = 0; i0 < mt; i0 += 2) {
        const int two = i0 + 1 < mt;
        const float *a0 = A + (int64_t)i0 * kp, *a1 = two ? a0 + kp : a0;
        float c0[NT], c1[NT];
        for (int j = 0; j < NT; j++)
            c0[j] = c1[j] = 0.0f;
        for (int64_t b = 0; b < nb; b++) {
            const float *B = bt->Bt + b * BLK * NT;
            float s0[NT], s1[NT];
            {
                /* 2 rows x 32 columns in registers: 8 vectors of 8 lanes */
                v8f p0[4] = {{0}}, p1[4] = {{0}};
                for (int k = 0; k < BLK; k++) {
                    const float x0 = a0[b * BLK + k], x1 = a1[b * BLK + k];
                    const float *r = B + k * NT;
                    for (int q = 0; q < 4; q++) {
                        v8f bv;
                        memcpy(&bv, r + 8 * q, sizeof bv);
                        p0[q] += x0 * bv;
                        p1[q] += x1 * bv;
                    }
                }
                memcpy(s0, p0, sizeof s0);
                memcpy(s1, p1, sizeof s1);
            }
            if (!bt->xb) {
                for (int j = 0; j < NT; j++)
                    c0[j] += s0[j], c1[j] += s1[j];
                continue;
            }
            for (int h = 0; h < 1 + two; h++) {
                float *c = h ? c1 : c0;
                const float *sv = h ? s1 : s0;
                const int xa_ = xa[(int64_t)(i0 + h) * nb + b];
                const int lo = xa_ + bt->xbmin[b] - 254, hi = xa_ + bt->xbmax[b] - 254;
                if (xa_ != 0xFF && bt->xbmax[b] != 0xFF && lo >= -126 && hi <= 127) {
                    float f[NT];
                    for (int j = 0; j < NT; j++)
                        f[j] = mxk_u2f((uint32_t)(xa_ + bt->xb[(int64_t)j * nb + b] - 127) << 23);
                    for (int j = 0; j < NT; j++)
                        c[j] += sv[j] * f[j];
                } else {
                    for (int j = 0; j < nt; j++)
                        c[j] = mxk_block_add(c[j], sv[j], (uint32_t)xa_, bt->xb[(int64_t)j * nb + b]);
                }
            }
        }
        for (int j = 0; j < nt; j++) {
            acc[i0 * NT + j] = c0[j];
            if (two)
                acc[(i0 + 1) * NT + j] = c1[j];
        }
    }
}

static void make_lut(mxk_dtype t, float lut[256])
{
    const mxk_fmt f = mxk_fmt_of((int)t);
    for (int c = 0; c < 256; c++)
        lut[c] = mxk_u2f(mxk_decode_f32(f, (uint32_t)c));
}

/* One operand: codes (with LUT) or wide values; row r of the operand at
 * `row` (the caller maps gathered rows). Writes kp floats (zero padded). */
typedef struct operand {
    const mxk_tensor *t;
    const mxk_tensor *sc; /* MX scales or NULL */
    float lut[256];
    int wide;             /* MXK_C_F32 / BF16 / F16 or -1 for codes */
} operand;

static void op_init(operand *o, const mxk_tensor *t, const mxk_tensor *sc)
{
    o->t = t;
    o->sc = sc;
    if (t->dtype == MXK_F32 || t->dtype == MXK_BF16 || t->dtype == MXK_F16) {
        o->wide = (int)t->dtype;
    } else {
        o->wide = -1;
        make_lut(t->dtype, o->lut);
    }
}

static void op_row(const operand *o, int64_t row, int64_t K, int64_t kp, float *dst, uint8_t *xdst)
{
    const mxk_tensor *t = o->t;
    if (o->wide < 0) {
        const uint8_t *p = (const uint8_t *)t->data + row * t->ld;
        for (int64_t k = 0; k < K; k++)
            dst[k] = o->lut[p[k]];
    } else {
        const char *p = (const char *)t->data + row * t->ld * (int64_t)mxk_dtype_size(t->dtype);
        for (int64_t k = 0; k < K; k++)
            dst[k] = mxk_load_wide(o->wide, p, k);
    }
    for (int64_t k = K; k < kp; k++)
        dst[k] = 0.0f;
    if (o->sc && xdst)
        memcpy(xdst, (const uint8_t *)o->sc->data + row * o->sc->ld, (size_t)(kp / BLK));
}

/* Epilogue of one output element. */
static inline void store(const mxk_tensor *c, int64_t i, int64_t j, float v, float post_scale, int scaled,
                         const mxk_tensor *bias)
{
    if (scaled)
        v *= post_scale;
    if (bias)
        v += mxk_load_wide((int)bias->dtype, bias->data, j);
    char *row = (char *)c->data + i * c->ld * (int64_t)mxk_dtype_size(c->dtype);
    mxk_store_out((int)c->dtype, row, j, v);
}

/* The generic driver: C[rowmap_c(i)] = f(A[rowmap_a(i)], B[boff + j]).
 * a_rows / c_rows: NULL = identity. Used by every op. */
typedef struct plan {
    operand A, B;
    int64_t M, N, K;
    const int64_t *a_rows, *c_rows; /* gathered (MoE) or NULL */
    const int64_t *b_off;           /* per-M-row offset into B rows (MoE expert), or NULL */
    const float *row_w;             /* per-M-row weight (MoE routing) or NULL */
    float post_scale;               /* per-tensor scale product (gemm_fp8) */
    int scaled;
    const mxk_tensor *bias, *c;
} plan;

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#include <immintrin.h>
#define MXK_HAVE_F16C_DECODE 1
/* 32 OCP FP8 codes -> f32 through the f16 converter: E5M2 is the top byte of
 * an f16 (Inf and NaN included); E4M3 placed in f16's exponent/mantissa
 * fields is its value x 2^-8 (normals and subnormals alike), fixed by an
 * exact x 256. E4M3 NaN codes (S.1111.111) have no such image: returns 0
 * and the caller uses the table. */
__attribute__((target("avx2,f16c"))) static int decode32_f16c(int e4m3, const uint8_t *q, float *w)
{
    for (int h = 0; h < 2; h++) {
        __m256i u = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(q + 16 * h)));
        __m256i hb;
        if (e4m3) {
            __m256i mag = _mm256_and_si256(u, _mm256_set1_epi16(0x7F));
            if (!_mm256_testz_si256(_mm256_cmpeq_epi16(mag, _mm256_set1_epi16(0x7F)), _mm256_set1_epi16(-1)))
                return 0;
            hb = _mm256_or_si256(_mm256_slli_epi16(_mm256_and_si256(u, _mm256_set1_epi16(0x80)), 8),
                                 _mm256_slli_epi16(mag, 7));
        } else {
            hb = _mm256_slli_epi16(u, 8);
        }
        __m256 f0 = _mm256_cvtph_ps(_mm256_castsi256_si128(hb));
        __m256 f1 = _mm256_cvtph_ps(_mm256_extracti128_si256(hb, 1));
        if (e4m3) {
            f0 = _mm256_mul_ps(f0, _mm256_set1_ps(256.0f));
            f1 = _mm256_mul_ps(f1, _mm256_set1_ps(256.0f));
        }
        _mm256_storeu_ps(w + 16 * h, f0);
        _mm256_storeu_ps(w + 16 * h + 8, f1);
    }
    return 1;
}
#endif

/* Small M (decode, M <= SMALL_M, no gathered rows): stream each weight row
 * once, decode 32 codes into registers, and for every A row sum the block
 * in 8 fixed lanes then a fixed tree (fp32), scale, accumulate. */
enum { SMALL_M = 8 };

MXK_CLONES
static void small_m_rows(const plan *p, int64_t j0, int64_t j1, const float *Aall, const uint8_t *xall, int64_t nb,
                         int64_t kp)
{
    const int64_t M = p->M, K = p->K;
    const mxk_tensor *B = p->B.t;
    const int blocked = p->A.sc != NULL;
    const int64_t boff = p->b_off ? p->b_off[0] : 0; /* MoE groups: one expert */
    const mxk_dtype bt = B->dtype;
#ifdef MXK_HAVE_F16C_DECODE
    const int f16c = (bt == MXK_E4M3 || bt == MXK_E5M2) && __builtin_cpu_supports("avx2") &&
                     __builtin_cpu_supports("f16c");
#else
    const int f16c = 0;
    (void)bt;
#endif
    for (int64_t j = j0; j < j1; j++) {
        float acc[SMALL_M] = {0};
        float w[BLK];
        for (int64_t b = 0; b < nb; b++) {
            if (p->B.wide < 0) {
                const uint8_t *q = (const uint8_t *)B->data + (boff + j) * B->ld + b * BLK;
                const int64_t n = K - b * BLK < BLK ? K - b * BLK : BLK;
                int done = 0;
#ifdef MXK_HAVE_F16C_DECODE
                if (f16c && n == BLK)
                    done = decode32_f16c(bt == MXK_E4M3, q, w);
#endif
                if (done) {
                } else if (n == BLK)
                    for (int k = 0; k < BLK; k++)
                        w[k] = p->B.lut[q[k]];
                else
                    for (int k = 0; k < BLK; k++)
                        w[k] = k < n ? p->B.lut[q[k]] : 0.0f;
            }
            const uint32_t xb = blocked ? ((const uint8_t *)p->B.sc->data)[(boff + j) * p->B.sc->ld + b] : 127u;
            for (int64_t m = 0; m < M; m++) {
                const float *a = Aall + m * kp + b * BLK;
                v8f s = {0};
                for (int q = 0; q < 4; q++) {
                    v8f av, wv;
                    memcpy(&av, a + 8 * q, sizeof av);
                    memcpy(&wv, w + 8 * q, sizeof wv);
                    s += av * wv;
                }
                const float bs = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
                acc[m] = blocked ? mxk_block_add(acc[m], bs, xall[m * nb + b], xb) : acc[m] + bs;
            }
        }
        for (int64_t m = 0; m < M; m++) {
            float v = acc[m];
            if (p->row_w)
                v *= p->row_w[m];
            store(p->c, p->c_rows ? p->c_rows[m] : m, j, v, p->post_scale, p->scaled, p->bias);
        }
    }
}

static mxk_status run_plan(const plan *p)
{
    const int64_t K = p->K, nb = (K + BLK - 1) / BLK, kp = nb * BLK;
    const int64_t mtiles = (p->M + MT - 1) / MT, ntiles = (p->N + NT - 1) / NT;
    const int64_t ntot = mtiles * ntiles;
    const int blocked = p->A.sc != NULL;
    int fail = 0;
    /* A decoded once (f32 rows + scale codes), shared by all threads */
    float *Aall = malloc((size_t)(p->M * kp) * sizeof(float));
    uint8_t *xall = malloc((size_t)(p->M * nb));
    if (!Aall || !xall) {
        free(Aall), free(xall);
        return MXK_ERR_ALLOC;
    }
#pragma omp parallel for schedule(static) if (p->M * kp > 65536)
    for (int64_t i = 0; i < p->M; i++) {
        int64_t r = p->a_rows ? p->a_rows[i] : i;
        op_row(&p->A, r, K, kp, Aall + i * kp, xall + i * nb);
    }
    if (p->M <= SMALL_M && p->B.wide < 0) {
        const int64_t chunk = 16;
#pragma omp parallel for schedule(dynamic, 1)
        for (int64_t j0 = 0; j0 < p->N; j0 += chunk)
            small_m_rows(p, j0, j0 + chunk < p->N ? j0 + chunk : p->N, Aall, xall, nb, kp);
        free(Aall), free(xall);
        return MXK_OK;
    }
#pragma omp parallel reduction(| : fail)
    {
        float *Brow = malloc((size_t)kp * sizeof(float));
        float *Bt = malloc((size_t)(NT * kp) * sizeof(float));
        uint8_t *xb = malloc((size_t)(NT * nb));
        uint8_t *xbmin = malloc((size_t)nb), *xbmax = malloc((size_t)nb);
        float acc[MT * NT];
        int64_t cur_n = -1, cur_boff = -1;
        if (!Brow || !Bt || !xb || !xbmin || !xbmax)
            fail = 1;
#pragma omp for schedule(dynamic, 1)
        for (int64_t t = 0; t < ntot; t++) {
            if (fail)
                continue;
            /* N-major order: a thread's consecutive tiles share the
             * transposed B tile (decoded once), A tiles are cheap to decode */
            const int64_t ni = t / mtiles, mi = t % mtiles;
            const int64_t m0 = mi * MT, n0 = ni * NT;
            const int mt = (int)(p->M - m0 < MT ? p->M - m0 : MT), nt = (int)(p->N - n0 < NT ? p->N - n0 : NT);
            const float *Ab = Aall + m0 * kp;
            const uint8_t *xa = xall + m0 * nb;
            /* B rows (an expert offset per M row: the MoE driver makes tiles
             * expert-pure), transposed per block; missing columns are zero
             * with scale 127 */
            const int64_t boff = p->b_off ? p->b_off[m0] : 0;
            if (ni != cur_n || boff != cur_boff) {
                memset(xb, 127, (size_t)(NT * nb));
                for (int j = 0; j < NT; j++) {
                    if (j < nt)
                        op_row(&p->B, boff + n0 + j, K, kp, Brow, xb + (int64_t)j * nb);
                    else
                        memset(Brow, 0, (size_t)kp * sizeof(float));
                    float *dst = Bt + j;
                    for (int64_t k = 0; k < kp; k++)
                        dst[k * NT] = Brow[k]; /* (k / 32) * 32 * NT + (k % 32) * NT == k * NT */
                }
                if (blocked)
                    for (int64_t b = 0; b < nb; b++) {
                        uint8_t lo = 0xFF, hi = 0;
                        for (int j = 0; j < NT; j++) {
                            uint8_t x = xb[(int64_t)j * nb + b];
                            lo = x < lo ? x : lo;
                            hi = x > hi ? x : hi;
                        }
                        xbmin[b] = lo, xbmax[b] = hi;
                    }
                cur_n = ni, cur_boff = boff;
            }
            btile bt = {Bt, blocked ? xb : NULL, xbmin, xbmax};
            tile_kernel(mt, nt, nb, Ab, kp, xa, &bt, acc);
            for (int i = 0; i < mt; i++) {
                int64_t ci = p->c_rows ? p->c_rows[m0 + i] : m0 + i;
                float w = p->row_w ? p->row_w[m0 + i] : 1.0f;
                for (int j = 0; j < nt; j++) {
                    float v = acc[i * NT + j];
                    if (p->row_w)
                        v *= w;
                    store(p->c, ci, n0 + j, v, p->post_scale, p->scaled, p->bias);
                }
            }
        }
        free(Brow), free(Bt), free(xb), free(xbmin), free(xbmax);
    }
    free(Aall), free(xall);
    return fail ? MXK_ERR_ALLOC : MXK_OK;
}

mxk_status mxk_cpu_gemm_mx(const mxk_tensor *a, const mxk_tensor *as, const mxk_tensor *b,
                           const mxk_tensor *bs, const mxk_tensor *c, const mxk_tensor *bias)
{
    plan p;
    memset(&p, 0, sizeof p);
    op_init(&p.A, a, as);
    op_init(&p.B, b, bs);
    p.M = a->rows, p.N = b->rows, p.K = a->cols;
    p.bias = bias, p.c = c;
    return run_plan(&p);
}

mxk_status mxk_cpu_gemm_fp8(const mxk_tensor *a, float a_scale, const mxk_tensor *b, float b_scale,
                            const mxk_tensor *c, const mxk_tensor *bias)
{
    plan p;
    memset(&p, 0, sizeof p);
    op_init(&p.A, a, NULL);
    op_init(&p.B, b, NULL);
    p.M = a->rows, p.N = b->rows, p.K = a->cols;
    p.post_scale = a_scale * b_scale; /* fl32(a_scale * b_scale), as every path */
    p.scaled = p.post_scale != 1.0f;
    p.bias = bias, p.c = c;
    return run_plan(&p);
}

/* Host-side check of the routing arrays (host memory on this backend). */
mxk_status mxk_moe_check_ids(const mxk_moe_routing *r, int64_t num_tokens)
{
    const int64_t pad = num_tokens * r->top_k;
    const int64_t ntiles = (r->num_valid_slots + r->block_m - 1) / r->block_m;
    for (int64_t t = 0; t < ntiles; t++) {
        int32_t e = r->expert_ids[t];
        if (e < -1 || (int64_t)e >= r->num_experts)
            return MXK_ERR_INDEX;
    }
    for (int64_t s = 0; s < r->num_valid_slots; s++) {
        int32_t id = r->sorted_ids[s];
        if (id < 0 || (int64_t)id > pad)
            return MXK_ERR_INDEX;
    }
    return MXK_OK;
}

mxk_status mxk_cpu_moe_gemm_mx(const mxk_tensor *a, const mxk_tensor *as, const mxk_tensor *b,
                               const mxk_tensor *bs, const mxk_moe_routing *r, const mxk_tensor *c,
                               const mxk_tensor *bias)
{
    const int64_t T = a->rows, N = c->cols, pad = T * r->top_k;
    mxk_status st = mxk_moe_check_ids(r, T);
    if (st)
        return st;
    /* One plan per expert tile (block_m <= 256 slots): its valid slots
     * gathered (padding skipped), B offset to the expert. Small groups take
     * the small-M path (the weight streamed once), larger ones the tiles.
     * Many tiles: the tiles run in parallel (each plan then runs on one
     * thread); few tiles: one after the other, each plan parallel inside. */
    const int64_t ntiles = (r->num_valid_slots + r->block_m - 1) / r->block_m;
    const int64_t bm = r->block_m;
    plan base;
    memset(&base, 0, sizeof base);
    op_init(&base.A, a, as);
    op_init(&base.B, b, bs);
    base.N = N, base.K = a->cols, base.bias = bias, base.c = c;
#ifdef _OPENMP
    const int par = ntiles >= 2 * (int64_t)omp_get_max_threads();
#else
    const int par = 0;
#endif
    int fail = 0;
#pragma omp parallel for schedule(dynamic, 1) if (par) reduction(| : fail)
    for (int64_t t = 0; t < ntiles; t++) {
        int32_t e = r->expert_ids[t];
        if (e < 0 || fail)
            continue;
        int64_t arow[256], crow[256], boff[256];
        float w[256];
        int64_t s0 = t * bm, s1 = s0 + bm, n = 0;
        if (s1 > r->num_valid_slots)
            s1 = r->num_valid_slots;
        for (int64_t s = s0; s < s1; s++) {
            int32_t id = r->sorted_ids[s];
            if (id == pad)
                continue;
            arow[n] = id / r->top_k, crow[n] = id, boff[n] = (int64_t)e * N;
            w[n] = r->weights ? r->weights[id] : 1.0f;
            n++;
        }
        if (!n)
            continue;
        plan p = base;
        p.M = n;
        p.a_rows = arow, p.c_rows = crow, p.b_off = boff, p.row_w = r->weights ? w : NULL;
        if (run_plan(&p) != MXK_OK)
            fail = 1;
    }
    return fail ? MXK_ERR_ALLOC : MXK_OK;
}

/* Per-row MX quantisation (OCP element rules) of a wide tensor. */
static void quant_rows(const mxk_tensor *x, mxk_dtype elem, int mode, uint8_t *q, uint8_t *sc)
{
    const int64_t M = x->rows, K = x->cols, nb = K / BLK;
    const mxk_fmt f = mxk_fmt_of((int)elem);
    const int wt = (int)x->dtype;
    const size_t esz = mxk_dtype_size(x->dtype);
#pragma omp parallel for schedule(static) if (M * K > 65536)
    for (int64_t r = 0; r < M; r++) {
        const char *in = (const char *)x->data + r * x->ld * (int64_t)esz;
        for (int64_t b = 0; b < nb; b++) {
            uint32_t v[BLK], amax = 0;
            int special = 0;
            for (int i = 0; i < BLK; i++) {
                v[i] = mxk_f2u(mxk_load_wide(wt, in, b * BLK + i));
                uint32_t m = v[i] & 0x7FFFFFFFu;
                if (m >= 0x7F800000u)
                    special = 1;
                else if (m > amax)
                    amax = m;
            }
            uint32_t X = special ? 0xFFu : mxk_mx_scale(f, amax, mode);
            sc[r * nb + b] = (uint8_t)X;
            for (int i = 0; i < BLK; i++)
                q[r * K + b * BLK + i] =
                    (uint8_t)(X == 0xFFu ? mxk_mx_nan_elem(f) : mxk_mx_elem(f, v[i], X, -128));
        }
    }
}

mxk_status mxk_cpu_linear_mxfp8(const mxk_tensor *x, const mxk_tensor *w, const mxk_tensor *ws,
                                const mxk_tensor *c, const mxk_tensor *bias, mxk_dtype act_elem,
                                int act_mode)
{
    const int64_t M = x->rows, K = x->cols;
    uint8_t *q = malloc((size_t)(M * K)), *sc = malloc((size_t)(M * (K / BLK)));
    if (!q || !sc) {
        free(q), free(sc);
        return MXK_ERR_ALLOC;
    }
    quant_rows(x, act_elem, act_mode, q, sc);
    mxk_tensor qa = mxk_tensor_2d(q, act_elem, M, K), qs = mxk_tensor_2d(sc, MXK_E8M0, M, K / BLK);
    mxk_status st = mxk_cpu_gemm_mx(&qa, &qs, w, ws, c, bias);
    free(q), free(sc);
    return st;
}

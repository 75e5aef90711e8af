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
#include "../src/internal.h"

enum { MT = 32, NT = 32, BLK = 32 };

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define MXK_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MXK_CLONES
#endif

/* fp32 sum of the 32 products of one block: 8 lanes, then a fixed tree. */
static inline float block_dot(const float *restrict a, const float *restrict b)
{
    float p[8];
    for (int l = 0; l < 8; l++)
        p[l] = a[l] * b[l];
    for (int k = 8; k < BLK; k += 8)
        for (int l = 0; l < 8; l++)
            p[l] += a[k + l] * b[k + l];
    return ((p[0] + p[4]) + (p[2] + p[6])) + ((p[1] + p[5]) + (p[3] + p[7]));
}

/* acc[i][j] for a tile: A rows (mt x kp floats), B rows (nt x kp floats),
 * block scale codes xa (mt x nb) / xb (nt x nb) or NULL (no block scales:
 * per-tensor GEMM, blocks only bound the fp32 partial sums). */
MXK_CLONES
static void tile_kernel(int mt, int nt, int64_t nb, const float *A, const float *B, const uint8_t *xa,
                        const uint8_t *xb, float *acc /* mt x NT */)
{
    const int64_t kp = nb * BLK;
    for (int i = 0; i < mt; i++) {
        const float *ar = A + (int64_t)i * kp;
        for (int j = 0; j < nt; j++) {
            const float *br = B + (int64_t)j * kp;
            float s = 0.0f;
            if (xa) {
                const uint8_t *sa = xa + (int64_t)i * nb, *sb = xb + (int64_t)j * nb;
                for (int64_t b = 0; b < nb; b++)
                    s = mxk_block_add(s, block_dot(ar + b * BLK, br + b * BLK), sa[b], sb[b]);
            } else {
                for (int64_t b = 0; b < nb; b++)
                    s += block_dot(ar + b * BLK, br + b * BLK);
            }
            acc[i * NT + j] = s;
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

static mxk_status run_plan(const plan *p)
{
    const int64_t K = p->K, nb = (K + BLK - 1) / BLK, kp = nb * BLK;
    const int64_t mtiles = (p->M + MT - 1) / MT, ntiles = (p->N + NT - 1) / NT;
    const int64_t ntot = mtiles * ntiles;
    const int blocked = p->A.sc != NULL;
    int fail = 0;
#pragma omp parallel reduction(| : fail)
    {
        float *Ab = malloc((size_t)(MT * kp) * sizeof(float));
        float *Bb = malloc((size_t)(NT * kp) * sizeof(float));
        uint8_t *xa = malloc((size_t)(MT * nb)), *xb = malloc((size_t)(NT * nb));
        float acc[MT * NT];
        int64_t cur_m = -1;
        if (!Ab || !Bb || !xa || !xb)
            fail = 1;
#pragma omp for schedule(dynamic, 1)
        for (int64_t t = 0; t < ntot; t++) {
            if (fail)
                continue;
            /* M-major order inside a thread's range keeps the A tile hot */
            const int64_t mi = t / ntiles, ni = t % ntiles;
            const int64_t m0 = mi * MT, n0 = ni * NT;
            const int mt = (int)(p->M - m0 < MT ? p->M - m0 : MT), nt = (int)(p->N - n0 < NT ? p->N - n0 : NT);
            if (mi != cur_m) {
                for (int i = 0; i < mt; i++) {
                    int64_t r = p->a_rows ? p->a_rows[m0 + i] : m0 + i;
                    op_row(&p->A, r, K, kp, Ab + (int64_t)i * kp, xa + (int64_t)i * nb);
                }
                cur_m = mi;
            }
            /* B rows: with an expert offset per M row, rows of one tile share
             * it (the MoE driver makes tiles expert-pure) */
            const int64_t boff = p->b_off ? p->b_off[m0] : 0;
            for (int j = 0; j < nt; j++)
                op_row(&p->B, boff + n0 + j, K, kp, Bb + (int64_t)j * kp, xb + (int64_t)j * nb);
            tile_kernel(mt, nt, nb, Ab, Bb, blocked ? xa : NULL, blocked ? xb : NULL, acc);
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
        free(Ab), free(Bb), free(xa), free(xb);
    }
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
    /* Gather the valid slots into expert-pure groups padded to MT rows, so
     * every M tile of the plan has one expert. */
    const int64_t ntiles = (r->num_valid_slots + r->block_m - 1) / r->block_m;
    int64_t cap = 0;
    for (int64_t t = 0; t < ntiles; t++) {
        int64_t s0 = t * r->block_m, s1 = s0 + r->block_m;
        if (s1 > r->num_valid_slots)
            s1 = r->num_valid_slots;
        cap += ((s1 - s0) + MT - 1) / MT * MT;
    }
    if (cap == 0)
        return MXK_OK;
    int64_t *arow = malloc((size_t)cap * sizeof(int64_t)), *crow = malloc((size_t)cap * sizeof(int64_t));
    int64_t *boff = malloc((size_t)cap * sizeof(int64_t));
    float *w = r->weights ? malloc((size_t)cap * sizeof(float)) : NULL;
    if (!arow || !crow || !boff || (r->weights && !w)) {
        free(arow), free(crow), free(boff), free(w);
        return MXK_ERR_ALLOC;
    }
    int64_t n = 0;
    for (int64_t t = 0; t < ntiles; t++) {
        int32_t e = r->expert_ids[t];
        if (e < 0)
            continue;
        int64_t s0 = t * r->block_m, s1 = s0 + r->block_m;
        if (s1 > r->num_valid_slots)
            s1 = r->num_valid_slots;
        int64_t g0 = n;
        for (int64_t s = s0; s < s1; s++) {
            int32_t id = r->sorted_ids[s];
            if (id == pad)
                continue;
            arow[n] = id / r->top_k;
            crow[n] = id;
            boff[n] = (int64_t)e * N;
            if (w)
                w[n] = r->weights[id];
            n++;
        }
        if (n == g0)
            continue;
        /* pad the group to a multiple of MT with copies of its first row
         * (they recompute and rewrite the same value: harmless) */
        while ((n - g0) % MT) {
            arow[n] = arow[g0], crow[n] = crow[g0], boff[n] = boff[g0];
            if (w)
                w[n] = w[g0];
            n++;
        }
    }
    mxk_status rs = MXK_OK;
    if (n) {
        plan p;
        memset(&p, 0, sizeof p);
        op_init(&p.A, a, as);
        op_init(&p.B, b, bs);
        p.M = n, p.N = N, p.K = a->cols;
        p.a_rows = arow, p.c_rows = crow, p.b_off = boff, p.row_w = w;
        p.bias = bias, p.c = c;
        rs = run_plan(&p);
    }
    free(arow), free(crow), free(boff), free(w);
    return rs;
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

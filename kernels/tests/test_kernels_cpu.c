/* Kernel library, cpu backend: bit-exact against the reference for every
 * conversion, MX quantise/dequantise against an oracle built on the
 * reference's element encoder, named MX cases, and guard tests for every
 * entry point and every guard class (counted in the output).
 * CTest label: quick. */
#include "kt_common.h"
#include "mxcts/mxblock.h"

static kt_state S;
static mxk_context *CPU;

#define EXPECT(cond, ...)              \
    do {                               \
        S.checks++;                    \
        if (!(cond))                   \
            kt_fail(&S, __VA_ARGS__);  \
    } while (0)

/* ------------------------------------------------------------ encode -- */

static uint32_t *make_inputs(size_t *n_out)
{
    size_t cap = 65536 + (1u << 18) + 16 * 256 * 6 + 64, n = 0;
    uint32_t *x = malloc(cap * 4);
    for (uint32_t i = 0; i < 65536; i++) /* every bf16 pattern */
        x[n++] = i << 16;
    uint64_t s = 12345;
    for (int i = 0; i < (1 << 18); i++) /* random f32 */
        x[n++] = (uint32_t)kt_rng(&s);
    /* every code's value, its neighbours, and the midpoints to the next code */
    for (size_t k = 0; k < sizeof kt_elem_types / sizeof kt_elem_types[0]; k++) {
        mxcts_format rf = kt_rf(kt_elem_types[k]);
        unsigned nc = mxcts_format_code_count(rf);
        for (unsigned c = 0; c < nc && c < 256; c++) {
            double v, w;
            mxcts_decode_f64(rf, c, &v);
            if (!isfinite(v))
                continue;
            mxcts_decode_f64(rf, (c + 1) % nc, &w);
            if (!isfinite(w))
                w = v * 1.25 + 1.0;
            uint32_t vb = kt_f2u((float)v), mb = kt_f2u((float)((v + w) / 2));
            x[n++] = vb;
            x[n++] = vb + 1;
            x[n++] = vb - 1;
            x[n++] = mb;
            x[n++] = mb + 1;
            x[n++] = mb - 1;
        }
    }
    const uint32_t sp[] = {0x00000000u, 0x80000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u, 0xFFC00000u,
                           0x7F800001u, 0x7F7FFFFFu, 0xFF7FFFFFu, 0x00000001u, 0x80000001u, 0x007FFFFFu,
                           0x43E80000u, 0x43E80001u, 0x43E08000u, 0x47700000u, 0x476FFFFFu, 0x47600001u,
                           0x3A800000u, 0x43780000u, 0x43700000u, 0x437F0000u, 0x3E800000u, 0x40E00000u};
    for (size_t i = 0; i < sizeof sp / 4; i++)
        x[n++] = sp[i];
    *n_out = n;
    return x;
}

static void test_encode(void)
{
    size_t n;
    uint32_t *x = make_inputs(&n);
    uint8_t *mine = malloc(n), *ref = malloc(n);
    long configs = 0, ref_bulk_diverge = 0;
    for (size_t k = 0; k < 8; k++) {
        mxk_dtype t = kt_elem_types[k];
        for (int rnd = 0; rnd < MXK_ROUND_COUNT; rnd++)
            for (int ov = 0; ov < 2; ov++)
                for (int ns = 0; ns < 2; ns++) {
                    mxk_convert_opts o = {(mxk_round)rnd, (mxk_overflow)ov, (mxk_nan_sign)ns, -128};
                    mxcts_convert cv;
                    kt_cv(&cv, &o);
                    mxk_tensor a = mxk_tensor_2d(x, MXK_F32, 1, (int64_t)n);
                    mxk_tensor d = mxk_tensor_2d(mine, t, 1, (int64_t)n);
                    EXPECT(mxk_encode(CPU, NULL, &a, &d, 1.0f, &o) == MXK_OK, "encode status");
                    mxcts_encode_bulk(kt_rf(t), MXCTS_WIDE_F32, x, n, ref, &cv, NULL);
                    long bad = 0;
                    for (size_t i = 0; i < n; i++) {
                        if (mine[i] == ref[i])
                            continue;
                        /* the reference's INT8 NaN with sign kept is 0x80|0x7F (-1/64): a
                         * known reference issue; the library gives -max (int8_min) */
                        uint8_t sc1 = 0;
                        mxcts_encode_f32(kt_rf(t), x[i], &cv, &sc1, NULL);
                        if (mine[i] == sc1) { /* reference bulk and scalar encoders disagree */
                            if (ref_bulk_diverge++ < 3)
                                fprintf(stderr, "note: reference mxcts_encode_bulk != mxcts_encode_f32 for %s "
                                        "x=0x%08x (0x%02x vs 0x%02x); kernel matches the scalar one\n",
                                        mxk_dtype_name(t), x[i], ref[i], sc1);
                            continue;
                        }
                        if (bad++ < 3)
                            kt_fail(&S, "encode %s rnd=%d ov=%d ns=%d x=0x%08x: got 0x%02x ref 0x%02x",
                                    mxk_dtype_name(t), rnd, ov, ns, x[i], mine[i], ref[i]);
                    }
                    S.checks += (long)n;
                    configs++;
                }
    }
    printf("encode f32: %ld configs x %zu inputs bit-exact vs reference (reference bulk/scalar "
           "disagreements: %ld)\n", configs, n, ref_bulk_diverge);

    /* every f16 and bf16 pattern as the source type, all configs */
    uint16_t *h = malloc(65536 * 2);
    for (uint32_t i = 0; i < 65536; i++)
        h[i] = (uint16_t)i;
    for (int src = 0; src < 2; src++) {
        mxk_dtype st = src ? MXK_BF16 : MXK_F16;
        for (size_t k = 0; k < 8; k++)
            for (int rnd = 0; rnd < MXK_ROUND_COUNT; rnd++)
                for (int ov = 0; ov < 2; ov++) {
                    mxk_dtype t = kt_elem_types[k];
                    mxk_convert_opts o = {(mxk_round)rnd, (mxk_overflow)ov, MXK_NAN_SIGN_CLEAR, -128};
                    mxcts_convert cv;
                    kt_cv(&cv, &o);
                    mxk_tensor a = mxk_tensor_2d(h, st, 256, 256);
                    mxk_tensor d = mxk_tensor_2d(mine, t, 256, 256);
                    EXPECT(mxk_encode(CPU, NULL, &a, &d, 1.0f, &o) == MXK_OK, "encode16 status");
                    /* the reference's scalar encoders (its core algorithm) */
                    for (uint32_t i = 0; i < 65536; i++) {
                        if (src)
                            mxcts_encode_bf16(kt_rf(t), (uint16_t)i, &cv, &ref[i], NULL);
                        else
                            mxcts_encode_f16(kt_rf(t), (uint16_t)i, &cv, &ref[i], NULL);
                    }
                    for (size_t i = 0; i < 65536; i++)
                        if (mine[i] != ref[i]) {
                            kt_fail(&S, "encode from %s %s rnd=%d ov=%d x=0x%04zx: 0x%02x vs 0x%02x",
                                    mxk_dtype_name(st), mxk_dtype_name(t), rnd, ov, i, mine[i], ref[i]);
                            break;
                        }
                    S.checks += 65536;
                }
    }
    printf("encode f16/bf16: every pattern x 8 formats x 4 roundings x 2 overflow bit-exact\n");

    /* per-tensor scale: encode(fl32(x * scale)) */
    const float scales[] = {0.5f, 3.0f, 1.0f / 448.0f, 1e-3f, 65536.0f};
    uint32_t *xs = malloc(n * 4);
    for (size_t si = 0; si < sizeof scales / sizeof scales[0]; si++) {
        for (size_t i = 0; i < n; i++)
            xs[i] = kt_f2u(kt_u2f(x[i]) * scales[si]);
        for (size_t k = 0; k < 8; k++) {
            mxk_dtype t = kt_elem_types[k];
            mxk_convert_opts o = mxk_convert_opts_ocp();
            mxcts_convert cv;
            kt_cv(&cv, &o);
            mxk_tensor a = mxk_tensor_2d(x, MXK_F32, 1, (int64_t)n);
            mxk_tensor d = mxk_tensor_2d(mine, t, 1, (int64_t)n);
            EXPECT(mxk_encode(CPU, NULL, &a, &d, scales[si], &o) == MXK_OK, "scaled status");
            mxcts_encode_bulk(kt_rf(t), MXCTS_WIDE_F32, xs, n, ref, &cv, NULL);
            size_t bad = 0;
            for (size_t i = 0; i < n; i++)
                if (mine[i] != ref[i] && !(t == MXK_INT8 && kt_is_nan32(xs[i]) && (xs[i] >> 31)))
                    bad++;
            EXPECT(bad == 0, "scaled encode %s scale=%g: %zu mismatches", mxk_dtype_name(t), scales[si], bad);
        }
    }
    printf("encode with per-tensor scale: 5 scales x 8 formats bit-exact\n");
    free(xs);
    free(h);
    free(x);
    free(mine);
    free(ref);
}

/* ------------------------------------------------------------ decode -- */

static void test_decode(void)
{
    uint8_t codes[256];
    uint32_t out[256];
    uint16_t outb[256];
    for (int i = 0; i < 256; i++)
        codes[i] = (uint8_t)i;
    for (size_t k = 0; k < 8; k++) {
        mxk_dtype t = kt_elem_types[k];
        int nc = (int)mxcts_format_code_count(kt_rf(t));
        const float sc[] = {1.0f, 0.25f, 3.0f};
        for (int si = 0; si < 3; si++) {
            mxk_tensor a = mxk_tensor_2d(codes, t, 1, nc), d = mxk_tensor_2d(out, MXK_F32, 1, nc);
            mxk_tensor db = mxk_tensor_2d(outb, MXK_BF16, 1, nc);
            EXPECT(mxk_decode(CPU, NULL, &a, &d, sc[si]) == MXK_OK, "decode status");
            EXPECT(mxk_decode(CPU, NULL, &a, &db, sc[si]) == MXK_OK, "decode bf16 status");
            for (int c = 0; c < nc; c++) {
                float r;
                mxcts_decode_f32(kt_rf(t), (unsigned)c, &r);
                uint32_t want = kt_f2u(r * sc[si]);
                EXPECT(kt_same32(out[c], want), "decode %s code 0x%02x scale %g: 0x%08x vs 0x%08x",
                       mxk_dtype_name(t), c, sc[si], out[c], want);
                /* bf16: RNE of the f32 result */
                uint32_t wb = (uint32_t)outb[c] << 16;
                uint32_t wantb = kt_is_nan32(want) ? want : (uint32_t)kt_bf16_of((double)kt_u2f(want)) << 16;
                EXPECT(kt_same32(wb, wantb), "decode bf16 %s code 0x%02x: 0x%04x vs 0x%08x",
                       mxk_dtype_name(t), c, outb[c], wantb);
            }
        }
    }
    printf("decode: every code of 8 formats x 3 scales, f32 and bf16, bit-exact (NaN by class+sign)\n");
}

/* ---------------------------------------------------------- reencode -- */

static void test_reencode(void)
{
    uint8_t codes[256], out[256];
    for (int i = 0; i < 256; i++)
        codes[i] = (uint8_t)i;
    const mxk_dtype fp8[] = {MXK_E4M3, MXK_E5M2, MXK_E4M3FNUZ, MXK_E5M2FNUZ};
    int pairs = 0;
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
            for (int rnd = 0; rnd < MXK_ROUND_COUNT; rnd++)
                for (int ov = 0; ov < 2; ov++) {
                    mxk_convert_opts o = {(mxk_round)rnd, (mxk_overflow)ov, MXK_NAN_SIGN_PRESERVE, -128};
                    mxcts_convert cv;
                    kt_cv(&cv, &o);
                    mxk_tensor s = mxk_tensor_2d(codes, fp8[a], 16, 16), d = mxk_tensor_2d(out, fp8[b], 16, 16);
                    EXPECT(mxk_reencode(CPU, NULL, &s, &d, MXK_REENCODE_VALUE, &o) == MXK_OK, "reencode status");
                    for (int c = 0; c < 256; c++) {
                        float v;
                        uint8_t want;
                        mxcts_decode_f32(kt_rf(fp8[a]), (unsigned)c, &v);
                        mxcts_encode_f32(kt_rf(fp8[b]), kt_f2u(v), &cv, &want, NULL);
                        EXPECT(out[c] == want, "reencode value %s->%s code 0x%02x: 0x%02x vs 0x%02x",
                               mxk_dtype_name(fp8[a]), mxk_dtype_name(fp8[b]), c, out[c], want);
                    }
                    pairs++;
                }
    /* bit-pattern mode: specials, and value relation for everything else */
    const struct {
        mxk_dtype from, to;
        uint8_t in, want;
    } bt[] = {
        {MXK_E4M3, MXK_E4M3FNUZ, 0x80, 0x00}, {MXK_E4M3, MXK_E4M3FNUZ, 0x7F, 0x80},
        {MXK_E4M3, MXK_E4M3FNUZ, 0xFF, 0x80}, {MXK_E4M3, MXK_E4M3FNUZ, 0x38, 0x38},
        {MXK_E4M3, MXK_E4M3FNUZ, 0xFE, 0xFE}, {MXK_E4M3FNUZ, MXK_E4M3, 0x80, 0x7F},
        {MXK_E4M3FNUZ, MXK_E4M3, 0x7F, 0x7E}, {MXK_E4M3FNUZ, MXK_E4M3, 0xFF, 0xFE},
        {MXK_E4M3FNUZ, MXK_E4M3, 0x00, 0x00}, {MXK_E5M2, MXK_E5M2FNUZ, 0x7C, 0x80},
        {MXK_E5M2, MXK_E5M2FNUZ, 0xFC, 0x80}, {MXK_E5M2, MXK_E5M2FNUZ, 0x7D, 0x80},
        {MXK_E5M2, MXK_E5M2FNUZ, 0x80, 0x00}, {MXK_E5M2FNUZ, MXK_E5M2, 0x7C, 0x7B},
        {MXK_E5M2FNUZ, MXK_E5M2, 0xFF, 0xFB}, {MXK_E5M2FNUZ, MXK_E5M2, 0x80, 0x7F},
    };
    mxk_convert_opts o = mxk_convert_opts_ocp();
    for (size_t i = 0; i < sizeof bt / sizeof bt[0]; i++) {
        uint8_t in = bt[i].in, r = 0xAA;
        mxk_tensor s = mxk_tensor_2d(&in, bt[i].from, 1, 1), d = mxk_tensor_2d(&r, bt[i].to, 1, 1);
        EXPECT(mxk_reencode(CPU, NULL, &s, &d, MXK_REENCODE_BITS, &o) == MXK_OK, "bits status");
        EXPECT(r == bt[i].want, "reencode bits %s->%s 0x%02x: 0x%02x want 0x%02x", mxk_dtype_name(bt[i].from),
               mxk_dtype_name(bt[i].to), in, r, bt[i].want);
    }
    const mxk_dtype pr[4][2] = {{MXK_E4M3, MXK_E4M3FNUZ}, {MXK_E4M3FNUZ, MXK_E4M3}, {MXK_E5M2, MXK_E5M2FNUZ},
                                {MXK_E5M2FNUZ, MXK_E5M2}};
    for (int p = 0; p < 4; p++) {
        mxk_tensor s = mxk_tensor_2d(codes, pr[p][0], 1, 256), d = mxk_tensor_2d(out, pr[p][1], 1, 256);
        EXPECT(mxk_reencode(CPU, NULL, &s, &d, MXK_REENCODE_BITS, &o) == MXK_OK, "bits status");
        double half = (pr[p][0] == MXK_E4M3 || pr[p][0] == MXK_E5M2) ? 0.5 : 2.0;
        for (int c = 0; c < 256; c++) {
            double v, w;
            mxcts_decode_f64(kt_rf(pr[p][0]), (unsigned)c, &v);
            mxcts_decode_f64(kt_rf(pr[p][1]), out[c], &w);
            if (isnan(v)) {
                EXPECT(isnan(w), "bits: NaN must stay NaN (0x%02x)", c);
                continue;
            }
            if (out[c] != c) /* special mapping, checked above */
                continue;
            EXPECT(w == v * half, "bits value relation %d code 0x%02x", p, c);
        }
    }
    printf("reencode: %d value-mode configs x 256 codes bit-exact; bits mode specials + value relation\n", pairs);
}

/* -------------------------------------------------------------- MX ---- */

static void check_quant(mxk_dtype st, const void *src, const uint32_t *x32, int64_t rows, int64_t K,
                        mxk_dtype t, mxk_mx_opts *mo, const char *what)
{
    int64_t n = rows * K, nb = K / 32;
    uint8_t *q = malloc((size_t)n), *sc = malloc((size_t)(rows * nb));
    uint8_t rq[32], rX;
    mxk_tensor a = mxk_tensor_2d((void *)src, st, rows, K);
    mxk_tensor qe = mxk_tensor_2d(q, t, rows, K), se = mxk_tensor_2d(sc, MXK_E8M0, rows, nb);
    EXPECT(mxk_mx_quantize(CPU, NULL, &a, &qe, &se, mo) == MXK_OK, "quantize status");
    long bad = 0;
    for (int64_t b = 0; b < rows * nb; b++) {
        kt_quant_block(t, x32 + b * 32, mo->scale_mode, mo->nan_policy == MXK_BLOCK_NAN_IGNORE, mo->int8_min,
                       rq, &rX);
        int ok = sc[b] == rX;
        if (ok && rX != 0xFF) /* element bytes are don't-care under a NaN scale */
            ok = !memcmp(q + b * 32, rq, 32);
        if (!ok && bad++ < 3) {
            int i = 0;
            while (i < 31 && q[b * 32 + i] == rq[i])
                i++;
            kt_fail(&S, "%s %s mode=%d block %lld: X 0x%02x vs 0x%02x, elem %d x=0x%08x 0x%02x vs 0x%02x", what,
                    mxk_dtype_name(t), mo->scale_mode, (long long)b, sc[b], rX, i, x32[b * 32 + i],
                    q[b * 32 + i], rq[i]);
        }
    }
    S.checks += rows * nb;
    free(q);
    free(sc);
}

static void test_mx(void)
{
    const int64_t rows = 64, K = 1024, n = rows * K;
    uint32_t *x = malloc((size_t)n * 4);
    kt_fill_mx(x, n, 777);
    uint16_t *bf = malloc((size_t)n * 2);
    uint32_t *xbf = malloc((size_t)n * 4);
    for (int64_t i = 0; i < n; i++) {
        bf[i] = (uint16_t)(x[i] >> 16);
        xbf[i] = (uint32_t)bf[i] << 16;
    }
    int cfg = 0;
    for (size_t k = 0; k < 6; k++)
        for (int m = 0; m < MXK_SCALE_MODE_COUNT; m++)
            for (int ign = 0; ign < 2; ign++) {
                mxk_dtype t = kt_mx_types[k];
                if (t == MXK_INT8 && m == MXK_SCALE_EVEN)
                    continue;
                mxk_mx_opts mo = mxk_mx_opts_ocp();
                mo.scale_mode = (mxk_scale_mode)m;
                mo.nan_policy = (mxk_nan_policy)ign;
                check_quant(MXK_F32, x, x, rows, K, t, &mo, "mx f32");
                check_quant(MXK_BF16, bf, xbf, rows, K, t, &mo, "mx bf16");
                cfg++;
            }
    printf("mx quantize: %d configs (6 formats x 4 scale modes x 2 NaN policies) x %lld blocks, f32 and bf16 "
           "sources, bit-exact vs oracle on the reference encoder\n", cfg, (long long)(n / 32));

    /* named cases, mx-semantics 5.3: {elem, mode, amax bits, other value, X, P(amax)} */
    const struct {
        mxk_dtype t;
        mxk_scale_mode m;
        uint32_t amax;
        float other;
        unsigned X, P;
    } nc[] = {
        {MXK_E4M3, MXK_SCALE_FLOOR, 0x43E00000u, 1.0f, 0x7F, 0x7E},  /* 36: amax 448 */
        {MXK_E4M3, MXK_SCALE_CEIL, 0x43E00000u, 1.0f, 0x80, 0x76},
        {MXK_E4M3, MXK_SCALE_RCEIL, 0x43E00000u, 1.0f, 0x7F, 0x7E},
        {MXK_E4M3, MXK_SCALE_EVEN, 0x43E00000u, 1.0f, 0x7F, 0x7E},
        {MXK_E4M3, MXK_SCALE_FLOOR, 0x43F00000u, 1.0f, 0x7F, 0x7E},  /* 37: amax 480 */
        {MXK_E4M3, MXK_SCALE_RCEIL, 0x43F00000u, 1.0f, 0x80, 0x77},
        {MXK_E4M3, MXK_SCALE_FLOOR, 0x43FFFFFFu, 1.0f, 0x7F, 0x7E},  /* 38 */
        {MXK_E4M3, MXK_SCALE_RCEIL, 0x40600001u, 1.0f, 121, 0x76},   /* 39 */
        {MXK_E4M3, MXK_SCALE_FLOOR, 0x44700000u, 1.0f, 0x80, 0x7E},  /* 40: amax 960 */
        {MXK_E4M3, MXK_SCALE_RCEIL, 0x44700000u, 1.0f, 0x81, 0x77},
        {MXK_E4M3, MXK_SCALE_FLOOR, 0x7F7FFFFFu, 1.0f, 0xF6, 0x7E},  /* 41: FLT_MAX */
        {MXK_E4M3, MXK_SCALE_RCEIL, 0x7F7FFFFFu, 1.0f, 0xF7, 0x78},
        {MXK_E4M3, MXK_SCALE_EVEN, 0x7F7FFFFFu, 1.0f, 0xF7, 0x78}, /* amax rounds to 2^128 */
        {MXK_E2M1, MXK_SCALE_FLOOR, 0x40E00000u, 1.0f, 0x7F, 0x7},   /* 44: amax 7 */
        {MXK_E2M1, MXK_SCALE_RCEIL, 0x40E00000u, 1.0f, 0x80, 0x6},
        {MXK_E2M1, MXK_SCALE_EVEN, 0x40E00000u, 1.0f, 0x80, 0x6},
        {MXK_E2M1, MXK_SCALE_FLOOR, 0x40A00000u, 1.0f, 0x7F, 0x6},   /* 45: amax 5 */
        {MXK_E2M1, MXK_SCALE_RCEIL, 0x40A00000u, 1.0f, 0x7F, 0x6},
        {MXK_E4M3, MXK_SCALE_RCEIL, 0x00800000u, 0.0f, 0x00, 0x40},  /* 46: 2^-126 */
        {MXK_E4M3, MXK_SCALE_FLOOR, 0x00000001u, 0.0f, 0x00, 0x00},  /* 48: 2^-149 */
    };
    uint32_t blk[32];
    uint8_t q[32], X;
    for (size_t i = 0; i < sizeof nc / sizeof nc[0]; i++) {
        for (int j = 0; j < 32; j++)
            blk[j] = kt_f2u(nc[i].other);
        blk[5] = nc[i].amax;
        mxk_mx_opts mo = mxk_mx_opts_ocp();
        mo.scale_mode = nc[i].m;
        mxk_tensor a = mxk_tensor_2d(blk, MXK_F32, 1, 32), qe = mxk_tensor_2d(q, nc[i].t, 1, 32),
                   se = mxk_tensor_2d(&X, MXK_E8M0, 1, 1);
        EXPECT(mxk_mx_quantize(CPU, NULL, &a, &qe, &se, &mo) == MXK_OK, "named status");
        EXPECT(X == nc[i].X && (X == 0xFF || q[5] == nc[i].P), "named case %zu (%s mode %d amax 0x%08x): X 0x%02x "
               "P 0x%02x, want X 0x%02x P 0x%02x", i, mxk_dtype_name(nc[i].t), nc[i].m, nc[i].amax, X, q[5],
               nc[i].X, nc[i].P);
    }
    /* 42/43: NaN or Inf in a block -> 0xFF (propagate); ignore -> scale from peers */
    for (int j = 0; j < 32; j++)
        blk[j] = kt_f2u(1.0f);
    blk[3] = 0x7F800000u;
    mxk_mx_opts mo = mxk_mx_opts_ocp();
    mxk_tensor a = mxk_tensor_2d(blk, MXK_F32, 1, 32), qe = mxk_tensor_2d(q, MXK_E4M3, 1, 32),
               se = mxk_tensor_2d(&X, MXK_E8M0, 1, 1);
    mxk_mx_quantize(CPU, NULL, &a, &qe, &se, &mo);
    EXPECT(X == 0xFF && q[0] == 0x7F, "Inf block -> 0xFF");
    mo.nan_policy = MXK_BLOCK_NAN_IGNORE;
    mxk_mx_quantize(CPU, NULL, &a, &qe, &se, &mo);
    EXPECT(X == 0x77 && q[3] == 0x7E && q[0] == 0x78, "Inf block, ignore -> X 0x%02x P 0x%02x", X, q[3]);
    /* 49: [1.0, -2^-149, ...] -> X 0x77, 1.0 -> 0x78, tiny -> 0x80 */
    for (int j = 0; j < 32; j++)
        blk[j] = 0x80000001u;
    blk[0] = kt_f2u(1.0f);
    mo = mxk_mx_opts_ocp();
    mxk_mx_quantize(CPU, NULL, &a, &qe, &se, &mo);
    EXPECT(X == 0x77 && q[0] == 0x78 && q[1] == 0x80, "case 49: X 0x%02x", X);
    printf("mx named cases (mx-semantics 5.3: 36-46, 48, 49, NaN/Inf blocks) pass\n");

    /* dequantise: random codes x every scale code incl. 0x00, 0xFE, 0xFF */
    uint8_t *codes = malloc((size_t)n), *scs = malloc((size_t)(n / 32));
    uint32_t *out = malloc((size_t)n * 4);
    uint16_t *outb = malloc((size_t)n * 2), *outh = malloc((size_t)n * 2);
    uint64_t s = 99;
    for (size_t k = 0; k < 6; k++) {
        mxk_dtype t = kt_mx_types[k];
        unsigned ncodes = mxcts_format_code_count(kt_rf(t));
        for (int64_t i = 0; i < n; i++)
            codes[i] = (uint8_t)(kt_rng(&s) % ncodes);
        for (int64_t b = 0; b < n / 32; b++)
            scs[b] = (uint8_t)(b % 256);
        mxk_tensor qe2 = mxk_tensor_2d(codes, t, rows, K), se2 = mxk_tensor_2d(scs, MXK_E8M0, rows, K / 32);
        mxk_tensor d = mxk_tensor_2d(out, MXK_F32, rows, K), db = mxk_tensor_2d(outb, MXK_BF16, rows, K);
        mxk_tensor dh = mxk_tensor_2d(outh, MXK_F16, rows, K);
        EXPECT(mxk_mx_dequantize(CPU, NULL, &qe2, &se2, &d, MXK_LAYOUT_ROW_MAJOR) == MXK_OK, "deq status");
        EXPECT(mxk_mx_dequantize(CPU, NULL, &qe2, &se2, &db, MXK_LAYOUT_ROW_MAJOR) == MXK_OK, "deq bf status");
        EXPECT(mxk_mx_dequantize(CPU, NULL, &qe2, &se2, &dh, MXK_LAYOUT_ROW_MAJOR) == MXK_OK, "deq f16 status");
        /* f16: the reference's own once-rounded value (mxcts_mx_dequantize_one) */
        long bad_h = 0;
        for (int64_t i = 0; i < n; i++) {
            double ex;
            uint64_t hb = 0;
            mxcts_mx_dequantize_one(kt_rf(t), scs[i / 32], codes[i], MXCTS_WIDE_F16, &ex, &hb);
            const int both_nan = (outh[i] & 0x7FFFu) > 0x7C00u && (hb & 0x7FFFu) > 0x7C00u;
            if (outh[i] != (uint16_t)hb && !both_nan && bad_h++ < 3)
                kt_fail(&S, "dequant f16 %s code 0x%02x X 0x%02x: 0x%04x vs 0x%04x", mxk_dtype_name(t), codes[i],
                        scs[i / 32], outh[i], (unsigned)hb);
        }
        S.checks += n;
        long bad = 0;
        for (int64_t i = 0; i < n; i++) {
            uint32_t want = kt_deq(t, codes[i], scs[i / 32]);
            double v;
            mxcts_decode_f64(kt_rf(t), codes[i], &v);
            uint32_t wantb = scs[i / 32] == 0xFF ? 0x7FC00000u
                                                 : (uint32_t)kt_bf16_of(v * ldexp(1.0, scs[i / 32] - 127))
                                                       << 16;
            if ((!kt_same32(out[i], want) || !kt_same32((uint32_t)outb[i] << 16, wantb)) && bad++ < 3)
                kt_fail(&S, "dequant %s code 0x%02x X 0x%02x: 0x%08x/0x%04x vs 0x%08x/0x%08x", mxk_dtype_name(t),
                        codes[i], scs[i / 32], out[i], outb[i], want, wantb);
        }
        S.checks += n;
    }
    printf("mx dequantize: 6 formats x every scale code (0x00..0xFF) f32, bf16 and f16 bit-exact\n");
    free(codes);
    free(scs);
    free(out);
    free(outb);
    free(outh);

    /* round trip with strided tensors: padding bytes are never written */
    const int64_t ld = K + 64, lds = K / 32 + 5;
    uint8_t *qs = malloc((size_t)(rows * ld)), *ss = malloc((size_t)(rows * lds));
    memset(qs, 0xA5, (size_t)(rows * ld));
    memset(ss, 0xA5, (size_t)(rows * lds));
    mxk_tensor qe3 = {qs, MXK_E4M3, rows, K, ld}, se3 = {ss, MXK_E8M0, rows, K / 32, lds};
    mxk_tensor a3 = mxk_tensor_2d(x, MXK_F32, rows, K);
    mo = mxk_mx_opts_ocp();
    EXPECT(mxk_mx_quantize(CPU, NULL, &a3, &qe3, &se3, &mo) == MXK_OK, "strided status");
    int pad_ok = 1;
    for (int64_t r = 0; r < rows; r++) {
        for (int64_t c = K; c < ld; c++)
            pad_ok &= qs[r * ld + c] == 0xA5;
        for (int64_t c = K / 32; c < lds; c++)
            pad_ok &= ss[r * lds + c] == 0xA5;
        uint8_t rq2[32], rX2;
        for (int64_t b = 0; b < K / 32; b++) {
            kt_quant_block(MXK_E4M3, x + r * K + b * 32, MXK_SCALE_FLOOR, 0, -128, rq2, &rX2);
            EXPECT(ss[r * lds + b] == rX2, "strided scale");
        }
    }
    EXPECT(pad_ok, "strided quantize wrote into padding");
    free(qs);
    free(ss);
    free(x);
    free(bf);
    free(xbf);
}

/* ------------------------------------------------------------ guards -- */

static kt_guards G;

static void guard(const char *what, mxk_status got, mxk_status want, const uint8_t *buf, size_t len)
{
    int untouched = 1;
    for (size_t i = 0; i < len; i++)
        untouched &= buf[i] == 0x5A;
    kt_guard(&S, &G, what, got, want, untouched);
}

static void test_guards(void)
{
    static float in[64 * 64];
    static uint8_t out[64 * 64], sc[64 * 2];
    static float fout[64 * 64];
    for (int i = 0; i < 64 * 64; i++)
        in[i] = (float)i;
#define RESET() (memset(out, 0x5A, sizeof out), memset(sc, 0x5A, sizeof sc), memset(fout, 0x5A, sizeof fout))
    mxk_convert_opts o = mxk_convert_opts_ocp();
    mxk_mx_opts mo = mxk_mx_opts_ocp();
    mxk_tensor a = mxk_tensor_2d(in, MXK_F32, 64, 64), d = mxk_tensor_2d(out, MXK_E4M3, 64, 64);
    mxk_tensor s = mxk_tensor_2d(sc, MXK_E8M0, 64, 2), f = mxk_tensor_2d(fout, MXK_F32, 64, 64);
    mxk_tensor t;

    /* --- encode --- */
    RESET(); guard("encode ctx NULL", mxk_encode(NULL, NULL, &a, &d, 1, &o), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("encode src NULL", mxk_encode(CPU, NULL, NULL, &d, 1, &o), MXK_ERR_NULL, out, sizeof out);
    RESET(); t = a; t.data = NULL;
    guard("encode src data NULL", mxk_encode(CPU, NULL, &t, &d, 1, &o), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("encode opts NULL", mxk_encode(CPU, NULL, &a, &d, 1, NULL), MXK_ERR_NULL, out, sizeof out);
    RESET(); t = a; t.rows = 0;
    guard("encode rows 0", mxk_encode(CPU, NULL, &t, &d, 1, &o), MXK_ERR_SIZE, out, sizeof out);
    RESET(); t = d; t.cols = -3;
    guard("encode cols <0", mxk_encode(CPU, NULL, &a, &t, 1, &o), MXK_ERR_SIZE, out, sizeof out);
    RESET(); t = a; t.ld = 10;
    guard("encode ld<cols", mxk_encode(CPU, NULL, &t, &d, 1, &o), MXK_ERR_LD, out, sizeof out);
    RESET(); t = a; t.rows = INT64_C(1) << 40; t.ld = INT64_C(1) << 40;
    guard("encode rows*ld overflow", mxk_encode(CPU, NULL, &t, &d, 1, &o), MXK_ERR_OVERFLOW, out, sizeof out);
    RESET(); t = a; t.rows = INT64_C(1) << 31; t.ld = INT64_C(1) << 31;
    guard("encode bytes overflow", mxk_encode(CPU, NULL, &t, &d, 1, &o), MXK_ERR_OVERFLOW, out, sizeof out);
    RESET(); t = d; t.rows = INT64_C(1) << 20; t.ld = INT64_C(1) << 30; t.cols = 64;
    {
        mxk_tensor a2 = a; a2.rows = t.rows; a2.ld = 64; /* shapes agree; dst spans 2^50 bytes */
        guard("encode beyond addressable", mxk_encode(CPU, NULL, &a2, &t, 1, &o), MXK_ERR_RANGE, out, sizeof out);
    }
    RESET(); t = d; t.dtype = MXK_F32;
    guard("encode dst f32", mxk_encode(CPU, NULL, &a, &t, 1, &o), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = a; t.dtype = MXK_E4M3;
    guard("encode src e4m3", mxk_encode(CPU, NULL, &t, &d, 1, &o), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = d; t.dtype = MXK_E8M0;
    guard("encode dst e8m0", mxk_encode(CPU, NULL, &a, &t, 1, &o), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = d; t.dtype = (mxk_dtype)99;
    guard("encode dtype out of range", mxk_encode(CPU, NULL, &a, &t, 1, &o), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = d; t.cols = 32;
    guard("encode shape", mxk_encode(CPU, NULL, &a, &t, 1, &o), MXK_ERR_SHAPE, out, sizeof out);
    RESET(); { mxk_convert_opts b = o; b.round = (mxk_round)7;
    guard("encode round mode", mxk_encode(CPU, NULL, &a, &d, 1, &b), MXK_ERR_MODE, out, sizeof out); }
    RESET(); { mxk_convert_opts b = o; b.overflow = (mxk_overflow)-1;
    guard("encode overflow mode", mxk_encode(CPU, NULL, &a, &d, 1, &b), MXK_ERR_MODE, out, sizeof out); }
    RESET(); { mxk_convert_opts b = o; b.int8_min = -100;
    guard("encode int8_min", mxk_encode(CPU, NULL, &a, &d, 1, &b), MXK_ERR_MODE, out, sizeof out); }
    RESET(); guard("encode scale 0", mxk_encode(CPU, NULL, &a, &d, 0.0f, &o), MXK_ERR_VALUE, out, sizeof out);
    RESET(); guard("encode scale NaN", mxk_encode(CPU, NULL, &a, &d, NAN, &o), MXK_ERR_VALUE, out, sizeof out);
    RESET(); guard("encode scale -1", mxk_encode(CPU, NULL, &a, &d, -1.0f, &o), MXK_ERR_VALUE, out, sizeof out);
    RESET(); guard("encode scale Inf", mxk_encode(CPU, NULL, &a, &d, INFINITY, &o), MXK_ERR_VALUE, out, sizeof out);

    /* --- decode --- */
    memset(out, 0x38, sizeof out);
    mxk_tensor dc = mxk_tensor_2d(out, MXK_E4M3, 64, 64);
    uint8_t *fo = (uint8_t *)fout;
#define RESETF() memset(fout, 0x5A, sizeof fout)
    RESETF(); guard("decode ctx NULL", mxk_decode(NULL, NULL, &dc, &f, 1), MXK_ERR_NULL, fo, sizeof fout);
    RESETF(); guard("decode dst NULL", mxk_decode(CPU, NULL, &dc, NULL, 1), MXK_ERR_NULL, fo, sizeof fout);
    RESETF(); t = f; t.rows = -1;
    guard("decode rows<0", mxk_decode(CPU, NULL, &dc, &t, 1), MXK_ERR_SIZE, fo, sizeof fout);
    RESETF(); t = dc; t.ld = 63;
    guard("decode ld", mxk_decode(CPU, NULL, &t, &f, 1), MXK_ERR_LD, fo, sizeof fout);
    RESETF(); t = f; t.rows = INT64_C(1) << 62; t.ld = 64;
    guard("decode overflow", mxk_decode(CPU, NULL, &dc, &t, 1), MXK_ERR_OVERFLOW, fo, sizeof fout);
    RESETF(); t = f; t.dtype = MXK_F16;
    guard("decode dst f16", mxk_decode(CPU, NULL, &dc, &t, 1), MXK_ERR_DTYPE, fo, sizeof fout);
    RESETF(); t = dc; t.dtype = MXK_F32;
    guard("decode src f32", mxk_decode(CPU, NULL, &t, &f, 1), MXK_ERR_DTYPE, fo, sizeof fout);
    RESETF(); t = f; t.rows = 32;
    guard("decode shape", mxk_decode(CPU, NULL, &dc, &t, 1), MXK_ERR_SHAPE, fo, sizeof fout);
    RESETF(); guard("decode scale", mxk_decode(CPU, NULL, &dc, &f, -2.0f), MXK_ERR_VALUE, fo, sizeof fout);

    /* --- mx quantize --- */
    RESET(); guard("mxq ctx NULL", mxk_mx_quantize(NULL, NULL, &a, &d, &s, &mo), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("mxq opts NULL", mxk_mx_quantize(CPU, NULL, &a, &d, &s, NULL), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("mxq scales NULL", mxk_mx_quantize(CPU, NULL, &a, &d, NULL, &mo), MXK_ERR_NULL, out, sizeof out);
    RESET(); t = s; t.data = NULL;
    guard("mxq scales data NULL", mxk_mx_quantize(CPU, NULL, &a, &d, &t, &mo), MXK_ERR_NULL, out, sizeof out);
    RESET(); t = a; t.cols = 0;
    guard("mxq K 0", mxk_mx_quantize(CPU, NULL, &t, &d, &s, &mo), MXK_ERR_SIZE, out, sizeof out);
    {
        mxk_tensor a2 = mxk_tensor_2d(in, MXK_F32, 64, 48), d2 = mxk_tensor_2d(out, MXK_E4M3, 64, 48);
        mxk_tensor s2 = mxk_tensor_2d(sc, MXK_E8M0, 64, 1);
        RESET(); guard("mxq K%32", mxk_mx_quantize(CPU, NULL, &a2, &d2, &s2, &mo), MXK_ERR_ALIGN, out, sizeof out);
    }
    RESET(); t = s; t.ld = 1;
    guard("mxq scales ld", mxk_mx_quantize(CPU, NULL, &a, &d, &t, &mo), MXK_ERR_LD, out, sizeof out);
    RESET(); t = a; t.rows = INT64_C(1) << 60; t.ld = INT64_C(1) << 10;
    guard("mxq overflow", mxk_mx_quantize(CPU, NULL, &t, &d, &s, &mo), MXK_ERR_OVERFLOW, out, sizeof out);
    {
        mxk_tensor a2 = a, d2 = d, s2 = s;
        a2.rows = d2.rows = s2.rows = INT64_C(1) << 42; /* 2^42 x 64 f32 = 2^50 bytes */
        RESET(); guard("mxq beyond addressable", mxk_mx_quantize(CPU, NULL, &a2, &d2, &s2, &mo), MXK_ERR_RANGE, out,
                       sizeof out);
    }
    RESET(); t = d; t.dtype = MXK_E4M3FNUZ;
    guard("mxq fnuz elems", mxk_mx_quantize(CPU, NULL, &a, &t, &s, &mo), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = s; t.dtype = MXK_E4M3;
    guard("mxq scales dtype", mxk_mx_quantize(CPU, NULL, &a, &d, &t, &mo), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = a; t.dtype = MXK_E5M2;
    guard("mxq src dtype", mxk_mx_quantize(CPU, NULL, &t, &d, &s, &mo), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = s; t.cols = 3; t.ld = 3;
    guard("mxq scales shape", mxk_mx_quantize(CPU, NULL, &a, &d, &t, &mo), MXK_ERR_SHAPE, out, sizeof out);
    RESET(); t = d; t.rows = 32;
    guard("mxq elems shape", mxk_mx_quantize(CPU, NULL, &a, &t, &s, &mo), MXK_ERR_SHAPE, out, sizeof out);
    RESET(); { mxk_mx_opts b = mo; b.scale_mode = (mxk_scale_mode)42;
    guard("mxq scale mode", mxk_mx_quantize(CPU, NULL, &a, &d, &s, &b), MXK_ERR_MODE, out, sizeof out); }
    RESET(); { mxk_mx_opts b = mo; b.nan_policy = (mxk_nan_policy)5;
    guard("mxq nan policy", mxk_mx_quantize(CPU, NULL, &a, &d, &s, &b), MXK_ERR_MODE, out, sizeof out); }
    RESET(); { mxk_mx_opts b = mo; b.layout = MXK_LAYOUT_CDNA4_PRESHUFFLE;
    guard("mxq hw layout, row-major scale shape", mxk_mx_quantize(CPU, NULL, &a, &d, &s, &b), MXK_ERR_SHAPE, out,
          sizeof out); }
    RESET(); { mxk_mx_opts b = mo; b.scale_mode = MXK_SCALE_EVEN; t = d; t.dtype = MXK_INT8;
    guard("mxq even int8", mxk_mx_quantize(CPU, NULL, &a, &t, &s, &b), MXK_ERR_UNSUPPORTED, out, sizeof out); }

    /* --- mx dequantize --- */
    memset(out, 0x38, sizeof out);
    memset(sc, 0x7F, sizeof sc);
    mxk_tensor qd = mxk_tensor_2d(out, MXK_E4M3, 64, 64);
    RESETF(); guard("mxd ctx NULL", mxk_mx_dequantize(NULL, NULL, &qd, &s, &f, 0), MXK_ERR_NULL, fo, sizeof fout);
    RESETF(); guard("mxd scales NULL", mxk_mx_dequantize(CPU, NULL, &qd, NULL, &f, 0), MXK_ERR_NULL, fo, sizeof fout);
    RESETF(); t = f; t.cols = 0;
    guard("mxd cols 0", mxk_mx_dequantize(CPU, NULL, &qd, &s, &t, 0), MXK_ERR_SIZE, fo, sizeof fout);
    {
        mxk_tensor q2 = mxk_tensor_2d(out, MXK_E4M3, 64, 40), s2 = mxk_tensor_2d(sc, MXK_E8M0, 64, 1),
                   f2 = mxk_tensor_2d(fout, MXK_F32, 64, 40);
        RESETF(); guard("mxd K%32", mxk_mx_dequantize(CPU, NULL, &q2, &s2, &f2, 0), MXK_ERR_ALIGN, fo, sizeof fout);
    }
    RESETF(); t = f; t.ld = 32;
    guard("mxd ld", mxk_mx_dequantize(CPU, NULL, &qd, &s, &t, 0), MXK_ERR_LD, fo, sizeof fout);
    RESETF(); t = qd; t.rows = INT64_C(1) << 58; t.ld = INT64_C(1) << 7;
    guard("mxd overflow2", mxk_mx_dequantize(CPU, NULL, &t, &s, &f, 0), MXK_ERR_OVERFLOW, fo, sizeof fout);
    RESETF(); t = f; t.dtype = MXK_E4M3;
    guard("mxd dst e4m3", mxk_mx_dequantize(CPU, NULL, &qd, &s, &t, 0), MXK_ERR_DTYPE, fo, sizeof fout);
    RESETF(); t = qd; t.dtype = MXK_E5M2FNUZ;
    guard("mxd fnuz", mxk_mx_dequantize(CPU, NULL, &t, &s, &f, 0), MXK_ERR_DTYPE, fo, sizeof fout);
    RESETF(); t = f; t.rows = 63;
    guard("mxd shape", mxk_mx_dequantize(CPU, NULL, &qd, &s, &t, 0), MXK_ERR_SHAPE, fo, sizeof fout);
    RESETF(); guard("mxd layout", mxk_mx_dequantize(CPU, NULL, &qd, &s, &f, (mxk_scale_layout)9), MXK_ERR_MODE, fo,
                    sizeof fout);
    RESETF(); guard("mxd hw layout, row-major scale shape",
                    mxk_mx_dequantize(CPU, NULL, &qd, &s, &f, MXK_LAYOUT_SM100_SWIZZLE), MXK_ERR_SHAPE, fo, sizeof fout);

    /* --- reencode --- */
    static uint8_t rin[64 * 64];
    memset(rin, 0x38, sizeof rin);
    mxk_tensor rs = mxk_tensor_2d(rin, MXK_E4M3, 64, 64), rd = mxk_tensor_2d(out, MXK_E4M3FNUZ, 64, 64);
    RESET(); guard("re ctx NULL", mxk_reencode(NULL, NULL, &rs, &rd, 0, &o), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("re opts NULL", mxk_reencode(CPU, NULL, &rs, &rd, 0, NULL), MXK_ERR_NULL, out, sizeof out);
    RESET(); t = rd; t.rows = 0;
    guard("re rows 0", mxk_reencode(CPU, NULL, &rs, &t, 0, &o), MXK_ERR_SIZE, out, sizeof out);
    RESET(); t = rd; t.ld = 1;
    guard("re ld", mxk_reencode(CPU, NULL, &rs, &t, 0, &o), MXK_ERR_LD, out, sizeof out);
    RESET(); t = rs; t.rows = INT64_MAX / 32; t.ld = 64;
    guard("re overflow", mxk_reencode(CPU, NULL, &t, &rd, 0, &o), MXK_ERR_OVERFLOW, out, sizeof out);
    RESET(); t = rd; t.dtype = MXK_E5M2FNUZ;
    guard("re bits pair", mxk_reencode(CPU, NULL, &rs, &t, MXK_REENCODE_BITS, &o), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = rd; t.dtype = MXK_E2M1;
    guard("re non-fp8", mxk_reencode(CPU, NULL, &rs, &t, MXK_REENCODE_VALUE, &o), MXK_ERR_DTYPE, out, sizeof out);
    RESET(); t = rd; t.cols = 32;
    guard("re shape", mxk_reencode(CPU, NULL, &rs, &t, 0, &o), MXK_ERR_SHAPE, out, sizeof out);
    RESET(); guard("re mode", mxk_reencode(CPU, NULL, &rs, &rd, (mxk_reencode_mode)3, &o), MXK_ERR_MODE, out,
                   sizeof out);

    /* --- contexts, queries --- */
    mxk_context *c = NULL;
    guard("ctx NULL name", mxk_context_create(NULL, &c), MXK_ERR_NULL, out, 0);
    guard("ctx bad name", mxk_context_create("tpu", &c), MXK_ERR_BACKEND, out, 0);
    guard("ctx bad device", mxk_context_create("hip:x", &c), MXK_ERR_BACKEND, out, 0);
    guard("ctx hip:999", mxk_context_create("hip:999", &c), MXK_ERR_BACKEND, out, 0);
    guard("destroy NULL", mxk_context_destroy(NULL), MXK_ERR_NULL, out, 0);
    guard("info NULL", mxk_target_info_get(CPU, NULL), MXK_ERR_NULL, out, 0);
    guard("query bad op", mxk_dispatch_query(CPU, (mxk_op)77, MXK_E4M3, NULL, &(mxk_path_info){0}), MXK_ERR_MODE,
          out, 0);
    guard("profile unknown", mxk_convert_opts_from_profile("nope", &o), MXK_ERR_MODE, out, 0);

    /* --- memory copies (the copy inside the context's memory is what benchmarks compare with) --- */
    RESET(); guard("copy_on_device ctx NULL", mxk_copy_on_device(NULL, out, in, 64), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("copy_on_device dst NULL", mxk_copy_on_device(CPU, NULL, in, 64), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("copy_on_device src NULL", mxk_copy_on_device(CPU, out, NULL, 64), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("copy_to_device ctx NULL", mxk_copy_to_device(NULL, out, in, 64), MXK_ERR_NULL, out, sizeof out);
    RESET(); guard("copy_to_host src NULL", mxk_copy_to_host(CPU, out, NULL, 64), MXK_ERR_NULL, out, sizeof out);
    RESET();
    EXPECT(mxk_copy_on_device(CPU, out, in, 0) == MXK_OK && out[0] == 0x5A, "copy of 0 bytes writes nothing");
    EXPECT(mxk_copy_on_device(CPU, out, in, 100) == MXK_OK && !memcmp(out, in, 100) && out[100] == 0x5A,
           "copy_on_device copies exactly the bytes asked");

    kt_guards_print(&G);
}

static void test_dispatch(void)
{
    mxk_path_info pi;
    EXPECT(mxk_dispatch_query(CPU, MXK_OP_ENCODE, MXK_E4M3, NULL, &pi) == MXK_OK && pi.supported &&
               !strcmp(pi.path, "cpu_omp"), "cpu dispatch");
    mxk_target_info ti;
    EXPECT(mxk_target_info_get(CPU, &ti) == MXK_OK && !strcmp(ti.target, "cpu"), "target info");
    int n = -1;
    EXPECT(mxk_device_count("hip", &n) == MXK_OK && n >= 0, "device count");
    EXPECT(mxk_dispatch_row_count() > 10, "table rows");
    mxk_build_target bt;
    EXPECT(mxk_build_target_get(0, &bt) == MXK_OK && !strcmp(bt.target, "cpu"), "build targets");
    FILE *devnull = fopen("/dev/null", "w");
    EXPECT(devnull && mxk_dispatch_table_print(devnull) == MXK_OK, "table print");
    if (devnull)
        fclose(devnull);
    mxk_convert_opts o;
    EXPECT(mxk_convert_opts_from_profile("cuda_satfinite", &o) == MXK_OK && o.nan_sign == MXK_NAN_SIGN_CLEAR,
           "profile");
    for (int i = 0; i <= MXK_STATUS_COUNT; i++)
        EXPECT(mxk_status_string(i) != NULL, "status string");
}

int main(void)
{
    if (mxk_context_create("cpu", &CPU) != MXK_OK) {
        fprintf(stderr, "cannot create cpu context\n");
        return 1;
    }
    test_dispatch();
    test_guards();
    test_decode();
    test_reencode();
    test_mx();
    test_encode();
    mxk_context_destroy(CPU);
    printf("%ld checks, %ld failures\n", S.checks, S.fails);
    return S.fails ? 1 : 0;
}

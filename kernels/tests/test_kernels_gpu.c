/* Kernel library on a GPU (or any backend): bit-exact against the reference.
 *   test_kernels_gpu [--backend hip:0] [--quick] [--full] [--budget SECONDS]
 * --quick  sampled inputs, every config; small MX tensors; guards on device
 *          (what compute-sanitizer runs)
 * --full   adds: every f32 input (2^32) for every element format x rounding
 *          x overflow (+ the cuda_satfinite NaN policy for E4M3/E5M2); MX
 *          quantise of 2^28-element tensors (f32 and bf16, special values
 *          injected) in every format x scale mode x NaN policy against the
 *          reference's mxcts_mx_quantize; dequantise of 2^28 codes.
 * Prints one summary line per section; exit 0 only when everything passed. */
#include <omp.h>
#include "kt_common.h"
#include "mxcts/mxblock.h"

static kt_state S;
static mxk_context *C;
static double budget_s = 480.0, t_start;

#define EXPECT(cond, ...)             \
    do {                              \
        S.checks++;                   \
        if (!(cond))                  \
            kt_fail(&S, __VA_ARGS__); \
    } while (0)
#define OK(x)                                                                                          \
    do {                                                                                               \
        mxk_status st_ = (x);                                                                          \
        if (st_ != MXK_OK) {                                                                           \
            fprintf(stderr, "%s:%d: %s -> %s\n", __FILE__, __LINE__, #x, mxk_status_string(st_));      \
            exit(2);                                                                                   \
        }                                                                                              \
    } while (0)

static double now(void) { return omp_get_wtime(); }

static void *dalloc(size_t n)
{
    void *p = NULL;
    OK(mxk_buffer_alloc(C, n, &p));
    return p;
}

/* run encode on the device: host x[n] -> host out[n] */
static void dev_encode(mxk_dtype st, const void *hx, size_t n, mxk_dtype t, float scale, const mxk_convert_opts *o,
                       uint8_t *hout, void *dx, uint8_t *dq, int copy_in)
{
    size_t esz = mxk_dtype_size(st);
    if (copy_in)
        OK(mxk_copy_to_device(C, dx, hx, n * esz));
    mxk_tensor a = mxk_tensor_2d(dx, st, 1, (int64_t)n), d = mxk_tensor_2d(dq, t, 1, (int64_t)n);
    OK(mxk_encode(C, NULL, &a, &d, scale, o));
    OK(mxk_synchronize(C, NULL));
    OK(mxk_copy_to_host(C, hout, dq, n));
}

/* compare kernel bytes with the reference bulk encoder; on a mismatch the
 * reference scalar encoder decides (the bulk one had a bug for f16 inputs) */
static long compare_encode(mxk_dtype t, const uint32_t *x, size_t n, const uint8_t *mine, const uint8_t *ref,
                           const mxcts_convert *cv, const char *what)
{
    long bad = 0;
#pragma omp parallel for reduction(+ : bad) schedule(static)
    for (size_t i = 0; i < n; i++) {
        if (mine[i] == ref[i])
            continue;
        uint8_t sc = 0;
        mxcts_encode_f32(kt_rf(t), x[i], cv, &sc, NULL);
        if (mine[i] != sc)
            bad++;
    }
    if (bad) {
        for (size_t i = 0, shown = 0; i < n && shown < 3; i++) {
            uint8_t sc = 0;
            mxcts_encode_f32(kt_rf(t), x[i], cv, &sc, NULL);
            if (mine[i] != sc) {
                kt_fail(&S, "%s %s x=0x%08x: kernel 0x%02x reference 0x%02x", what, mxk_dtype_name(t), x[i],
                        mine[i], sc);
                shown++;
            }
        }
        S.fails += bad - 1;
    }
    S.checks += (long)n;
    return bad;
}

/* ------------------------------------------------------------- quick -- */

static void quick_encode(void)
{
    size_t cap = 65536 + (1u << 16) + 64, n = 0;
    uint32_t *x = malloc(cap * 4);
    for (uint32_t i = 0; i < 65536; i++)
        x[n++] = i << 16;
    uint64_t s = 4242;
    for (int i = 0; i < (1 << 16); i++)
        x[n++] = (uint32_t)kt_rng(&s);
    const uint32_t sp[] = {0x43E80000u, 0x43E80001u, 0x47700000u, 0x476FFFFFu, 0x7F800000u, 0xFF800000u,
                           0xFFC00000u, 0x7FC00000u, 0x80000000u, 0x00000001u, 0x3A800000u, 0x43780000u};
    for (size_t i = 0; i < sizeof sp / 4; i++)
        x[n++] = sp[i];
    uint8_t *mine = malloc(n), *ref = malloc(n);
    void *dx = dalloc(n * 4);
    uint8_t *dq = dalloc(n);
    OK(mxk_copy_to_device(C, dx, x, n * 4));
    int cfg = 0;
    long bad = 0;
    for (int k = 0; k < 8; k++)
        for (int rnd = 0; rnd < 4; rnd++)
            for (int ov = 0; ov < 2; ov++)
                for (int ns = 0; ns < 2; ns++) {
                    mxk_dtype t = kt_elem_types[k];
                    mxk_convert_opts o = {(mxk_round)rnd, (mxk_overflow)ov, (mxk_nan_sign)ns, -128};
                    mxcts_convert cv;
                    kt_cv(&cv, &o);
                    dev_encode(MXK_F32, x, n, t, 1.0f, &o, mine, dx, dq, 0);
                    mxcts_encode_bulk(kt_rf(t), MXCTS_WIDE_F32, x, n, ref, &cv, NULL);
                    bad += compare_encode(t, x, n, mine, ref, &cv, "quick encode");
                    cfg++;
                }
    /* f16 / bf16 sources: every pattern */
    uint16_t h[65536];
    uint32_t hx[65536];
    for (uint32_t i = 0; i < 65536; i++)
        h[i] = (uint16_t)i;
    for (int src = 0; src < 2; src++) {
        mxk_dtype st = src ? MXK_BF16 : MXK_F16;
        OK(mxk_copy_to_device(C, dx, h, sizeof h));
        /* the exact f32 of each pattern, for the scalar reference */
        mxk_tensor a = mxk_tensor_2d(h, st, 1, 65536), d = mxk_tensor_2d(hx, MXK_F32, 1, 65536);
        (void)a;
        (void)d;
        for (uint32_t i = 0; i < 65536; i++) {
            if (src)
                hx[i] = i << 16;
            else {
                double v = 0;
                /* f16 -> f32 exactly through the reference's f16 encode? use C: */
                uint32_t E = (i >> 10) & 31, M = i & 1023, sg = (i >> 15) << 31;
                if (E == 31)
                    hx[i] = sg | 0x7F800000u | (M << 13);
                else {
                    v = E ? ldexp(1024 + M, (int)E - 25) : ldexp(M, -24);
                    hx[i] = sg | kt_f2u((float)v);
                }
            }
        }
        for (int k = 0; k < 8; k++)
            for (int rnd = 0; rnd < 4; rnd++)
                for (int ov = 0; ov < 2; ov++) {
                    mxk_dtype t = kt_elem_types[k];
                    mxk_convert_opts o = {(mxk_round)rnd, (mxk_overflow)ov, MXK_NAN_SIGN_PRESERVE, -128};
                    mxcts_convert cv;
                    kt_cv(&cv, &o);
                    dev_encode(st, h, 65536, t, 1.0f, &o, mine, dx, dq, 0);
                    for (uint32_t i = 0; i < 65536; i++)
                        mxcts_encode_f32(kt_rf(t), hx[i], &cv, &ref[i], NULL);
                    bad += compare_encode(t, hx, 65536, mine, ref, &cv, src ? "bf16 encode" : "f16 encode");
                    cfg++;
                }
    }
    printf("[%s] encode quick: %d configs (8 formats x 4 roundings x 2 overflow x NaN sign; f32, f16, bf16 "
           "sources) %ld mismatches\n", bad ? "FAIL" : "PASS", cfg, bad);
    mxk_buffer_free(C, dx);
    mxk_buffer_free(C, dq);
    free(x);
    free(mine);
    free(ref);
}

static void quick_decode_reencode(void)
{
    uint8_t codes[256], out8[256];
    uint32_t out[256];
    for (int i = 0; i < 256; i++)
        codes[i] = (uint8_t)i;
    uint8_t *dc = dalloc(256), *d8 = dalloc(256);
    uint32_t *df = dalloc(1024);
    OK(mxk_copy_to_device(C, dc, codes, 256));
    long bad = 0;
    for (int k = 0; k < 8; k++) {
        mxk_dtype t = kt_elem_types[k];
        int nc = (int)mxcts_format_code_count(kt_rf(t));
        mxk_tensor a = mxk_tensor_2d(dc, t, 1, nc), d = mxk_tensor_2d(df, MXK_F32, 1, nc);
        OK(mxk_decode(C, NULL, &a, &d, 1.0f));
        OK(mxk_synchronize(C, NULL));
        OK(mxk_copy_to_host(C, out, df, (size_t)nc * 4));
        for (int c = 0; c < nc; c++) {
            float r;
            mxcts_decode_f32(kt_rf(t), (unsigned)c, &r);
            if (!kt_same32(out[c], kt_f2u(r)))
                bad++, kt_fail(&S, "decode %s 0x%02x", mxk_dtype_name(t), c);
            S.checks++;
        }
    }
    const mxk_dtype fp8[] = {MXK_E4M3, MXK_E5M2, MXK_E4M3FNUZ, MXK_E5M2FNUZ};
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++) {
            mxk_convert_opts o = mxk_convert_opts_ocp();
            mxcts_convert cv;
            kt_cv(&cv, &o);
            mxk_tensor s = mxk_tensor_2d(dc, fp8[a], 1, 256), d = mxk_tensor_2d(d8, fp8[b], 1, 256);
            OK(mxk_reencode(C, NULL, &s, &d, MXK_REENCODE_VALUE, &o));
            OK(mxk_synchronize(C, NULL));
            OK(mxk_copy_to_host(C, out8, d8, 256));
            for (int c = 0; c < 256; c++) {
                float v;
                uint8_t want;
                mxcts_decode_f32(kt_rf(fp8[a]), (unsigned)c, &v);
                mxcts_encode_f32(kt_rf(fp8[b]), kt_f2u(v), &cv, &want, NULL);
                if (out8[c] != want)
                    bad++, kt_fail(&S, "reencode %d->%d 0x%02x", a, b, c);
                S.checks++;
            }
        }
    printf("[%s] decode (every code, 8 formats) and reencode (16 FP8 pairs): %ld mismatches\n",
           bad ? "FAIL" : "PASS", bad);
    mxk_buffer_free(C, dc);
    mxk_buffer_free(C, d8);
    mxk_buffer_free(C, df);
}

/* MX quantise on the device vs reference mxcts_mx_quantize */
static long mx_compare(mxk_dtype st, const void *hx, void *dx, int64_t rows, int64_t K, int64_t ld_in,
                       mxk_dtype t, const mxk_mx_opts *mo, uint8_t *dq, uint8_t *ds, uint8_t *hq, uint8_t *hs,
                       uint8_t *rq, uint8_t *rs, int copy_in)
{
    int64_t n = rows * ld_in, nb = K / 32;
    size_t esz = mxk_dtype_size(st);
    if (copy_in)
        OK(mxk_copy_to_device(C, dx, hx, (size_t)n * esz));
    mxk_tensor a = {dx, st, rows, K, ld_in}, q = mxk_tensor_2d(dq, t, rows, K), s = mxk_tensor_2d(ds, MXK_E8M0, rows, nb);
    OK(mxk_mx_quantize(C, NULL, &a, &q, &s, mo));
    OK(mxk_synchronize(C, NULL));
    OK(mxk_copy_to_host(C, hq, dq, (size_t)(rows * K)));
    OK(mxk_copy_to_host(C, hs, ds, (size_t)(rows * nb)));
    mxcts_block_config cfg;
    mxcts_block_config_init(&cfg);
    cfg.scale_mode = (mxcts_scale_mode)mo->scale_mode;
    if (mo->nan_policy == MXK_BLOCK_NAN_IGNORE) {
        cfg.nan_policy = MXCTS_BLOCK_NAN_IGNORE;
        cfg.inf_policy = MXCTS_BLOCK_INF_IGNORE;
    }
    cfg.int8_min = mo->int8_min;
    mxcts_wide w = st == MXK_F32 ? MXCTS_WIDE_F32 : st == MXK_BF16 ? MXCTS_WIDE_BF16 : MXCTS_WIDE_F16;
    mxcts_status rst = mxcts_mx_quantize(kt_rf(t), w, hx, rows, K, ld_in, &cfg, rq, K, rs, nb);
    if (rst) {
        kt_fail(&S, "reference mxcts_mx_quantize -> %d", rst);
        return 1;
    }
    long bad = 0;
#pragma omp parallel for reduction(+ : bad) schedule(static)
    for (int64_t b = 0; b < rows * nb; b++) {
        int ok = hs[b] == rs[b];
        if (ok && rs[b] != 0xFF)
            ok = !memcmp(hq + b * 32, rq + b * 32, 32);
        bad += !ok;
    }
    if (bad) {
        for (int64_t b = 0, shown = 0; b < rows * nb && shown < 3; b++) {
            if (hs[b] != rs[b] || (rs[b] != 0xFF && memcmp(hq + b * 32, rq + b * 32, 32))) {
                int i = 0;
                while (i < 31 && hq[b * 32 + i] == rq[b * 32 + i])
                    i++;
                kt_fail(&S, "mx %s mode %d pol %d block %lld: X %02x/%02x elem %d %02x/%02x", mxk_dtype_name(t),
                        mo->scale_mode, mo->nan_policy, (long long)b, hs[b], rs[b], i, hq[b * 32 + i],
                        rq[b * 32 + i]);
                shown++;
            }
        }
    }
    S.checks += rows * nb;
    return bad;
}

static void mx_suite(int64_t rows, int64_t K, const char *label)
{
    double t0 = now();
    int64_t n = rows * K, nb = K / 32;
    uint32_t *x = malloc((size_t)n * 4);
    uint16_t *bf = malloc((size_t)n * 2);
    kt_fill_mx(x, n, 2026);
#pragma omp parallel for
    for (int64_t i = 0; i < n; i++)
        bf[i] = (uint16_t)(x[i] >> 16);
    uint8_t *hq = malloc((size_t)n), *rq = malloc((size_t)n), *hs = malloc((size_t)(rows * nb)),
            *rs = malloc((size_t)(rows * nb));
    void *dx = dalloc((size_t)n * 4);
    uint8_t *dq = dalloc((size_t)n), *ds = dalloc((size_t)(rows * nb));
    long bad = 0;
    int cfg = 0;
    for (int src = 0; src < 2; src++) {
        mxk_dtype st = src ? MXK_BF16 : MXK_F32;
        const void *hx = src ? (const void *)bf : (const void *)x;
        OK(mxk_copy_to_device(C, dx, hx, (size_t)n * (src ? 2 : 4)));
        for (int k = 0; k < 6; k++)
            for (int m = 0; m < MXK_SCALE_MODE_COUNT; m++)
                for (int ign = 0; ign < 2; ign++) {
                    mxk_dtype t = kt_mx_types[k];
                    if (t == MXK_INT8 && m == MXK_SCALE_EVEN)
                        continue;
                    mxk_mx_opts mo = mxk_mx_opts_ocp();
                    mo.scale_mode = (mxk_scale_mode)m;
                    mo.nan_policy = (mxk_nan_policy)ign;
                    bad += mx_compare(st, hx, dx, rows, K, K, t, &mo, dq, ds, hq, hs, rq, rs, 0);
                    cfg++;
                }
    }
    /* dequantise: the elements of the last config's layout, random codes, every scale code */
    uint64_t s = 5;
    uint32_t *hf = malloc((size_t)n * 4), *rf = malloc((size_t)n * 4);
    uint32_t *df = dalloc((size_t)n * 4);
    long dbad = 0;
    for (int k = 0; k < 6; k++) {
        mxk_dtype t = kt_mx_types[k];
        unsigned ncodes = mxcts_format_code_count(kt_rf(t));
        for (int64_t i = 0; i < n; i++)
            hq[i] = (uint8_t)(kt_rng(&s) % ncodes);
        for (int64_t b = 0; b < rows * nb; b++)
            hs[b] = (uint8_t)(kt_rng(&s) & 0xFF);
        OK(mxk_copy_to_device(C, dq, hq, (size_t)n));
        OK(mxk_copy_to_device(C, ds, hs, (size_t)(rows * nb)));
        mxk_tensor q = mxk_tensor_2d(dq, t, rows, K), sc = mxk_tensor_2d(ds, MXK_E8M0, rows, nb),
                   d = mxk_tensor_2d(df, MXK_F32, rows, K);
        OK(mxk_mx_dequantize(C, NULL, &q, &sc, &d, MXK_LAYOUT_ROW_MAJOR));
        OK(mxk_synchronize(C, NULL));
        OK(mxk_copy_to_host(C, hf, df, (size_t)n * 4));
        mxcts_status rst = mxcts_mx_dequantize(kt_rf(t), hq, K, hs, nb, rows, K, 32, MXCTS_WIDE_F32, rf, K);
        EXPECT(rst == MXCTS_OK, "reference dequantize %d", rst);
        long b2 = 0;
#pragma omp parallel for reduction(+ : b2)
        for (int64_t i = 0; i < n; i++)
            b2 += !kt_same32(hf[i], rf[i]) && !(kt_is_nan32(hf[i]) && kt_is_nan32(rf[i]));
        if (b2)
            kt_fail(&S, "dequant %s: %ld mismatches", mxk_dtype_name(t), b2);
        /* f16 output: rounded once from the exact value (16-bit patterns in the f32 buffers) */
        mxk_tensor dh = mxk_tensor_2d(df, MXK_F16, rows, K);
        OK(mxk_mx_dequantize(C, NULL, &q, &sc, &dh, MXK_LAYOUT_ROW_MAJOR));
        OK(mxk_synchronize(C, NULL));
        OK(mxk_copy_to_host(C, hf, df, (size_t)n * 2));
        rst = mxcts_mx_dequantize(kt_rf(t), hq, K, hs, nb, rows, K, 32, MXCTS_WIDE_F16, rf, K);
        EXPECT(rst == MXCTS_OK, "reference dequantize f16 %d", rst);
        const uint16_t *gh = (const uint16_t *)hf, *rh = (const uint16_t *)rf;
        long b3 = 0;
#pragma omp parallel for reduction(+ : b3)
        for (int64_t i = 0; i < n; i++)
            b3 += gh[i] != rh[i] && !((gh[i] & 0x7FFFu) > 0x7C00u && (rh[i] & 0x7FFFu) > 0x7C00u);
        if (b3)
            kt_fail(&S, "dequant f16 %s: %ld mismatches", mxk_dtype_name(t), b3);
        dbad += b2 + b3;
        S.checks += 2 * n;
    }
    printf("[%s] mx quantize %s: %lld x %lld (%lld elements) f32+bf16, %d configs vs reference "
           "mxcts_mx_quantize: %ld bad blocks; dequantize 6 formats, f32 and f16: %ld mismatches (%.1f s)\n",
           bad || dbad ? "FAIL" : "PASS", label, (long long)rows, (long long)K, (long long)n, cfg, bad, dbad,
           now() - t0);
    /* unaligned / strided source: scalar-load kernel variant */
    if (rows * K <= (1 << 22)) {
        int64_t ld = K + 3;
        uint32_t *xs = malloc((size_t)(rows * ld) * 4);
        for (int64_t r = 0; r < rows; r++)
            memcpy(xs + r * ld, x + r * K, (size_t)K * 4);
        void *dxs = dalloc((size_t)(rows * ld) * 4);
        mxk_mx_opts mo = mxk_mx_opts_ocp();
        long sb = mx_compare(MXK_F32, xs, dxs, rows, K, ld, MXK_E4M3, &mo, dq, ds, hq, hs, rq, rs, 1);
        printf("[%s] mx quantize strided (ld = K + 3, scalar loads): %ld bad blocks\n", sb ? "FAIL" : "PASS", sb);
        /* bf16 rows 8-byte but not 16-byte aligned: the scalar variant of the 16-bit sources */
        uint16_t *bs = (uint16_t *)xs;
        for (int64_t r = 0; r < rows; r++)
            memcpy(bs + r * (K + 4), bf + r * K, (size_t)K * 2);
        long sb2 = mx_compare(MXK_BF16, bs, dxs, rows, K, K + 4, MXK_E4M3, &mo, dq, ds, hq, hs, rq, rs, 1);
        printf("[%s] mx quantize bf16 strided (ld = K + 4, scalar loads): %ld bad blocks\n", sb2 ? "FAIL" : "PASS",
               sb2);
        mxk_buffer_free(C, dxs);
        free(xs);
    }
    mxk_buffer_free(C, dx);
    mxk_buffer_free(C, dq);
    mxk_buffer_free(C, ds);
    mxk_buffer_free(C, df);
    free(x);
    free(bf);
    free(hq);
    free(rq);
    free(hs);
    free(rs);
    free(hf);
    free(rf);
}

static void device_guards(void)
{
    /* guards run before any launch: the device output keeps its sentinel */
    int64_t n = 4096;
    uint8_t *dq = dalloc((size_t)n), *ds = dalloc(128);
    float *dx = dalloc((size_t)n * 4);
    uint8_t host[4096];
    memset(host, 0x5A, sizeof host);
    OK(mxk_copy_to_device(C, dq, host, (size_t)n));
    mxk_convert_opts o = mxk_convert_opts_ocp();
    mxk_mx_opts mo = mxk_mx_opts_ocp();
    mxk_tensor a = mxk_tensor_2d(dx, MXK_F32, 64, 64), q = mxk_tensor_2d(dq, MXK_E4M3, 64, 64),
               s = mxk_tensor_2d(ds, MXK_E8M0, 64, 2), t;
    int g = 0, okc = 0;
#define DG(call, want) (g++, okc += ((call) == (want)))
    t = a; t.rows = 0; DG(mxk_encode(C, NULL, &t, &q, 1, &o), MXK_ERR_SIZE);
    t = a; t.ld = 3; DG(mxk_encode(C, NULL, &t, &q, 1, &o), MXK_ERR_LD);
    t = a; t.rows = INT64_C(1) << 40; t.ld = INT64_C(1) << 40; DG(mxk_encode(C, NULL, &t, &q, 1, &o), MXK_ERR_OVERFLOW);
    DG(mxk_encode(C, NULL, &a, &q, NAN, &o), MXK_ERR_VALUE);
    t = q; t.dtype = MXK_E8M0; DG(mxk_encode(C, NULL, &a, &t, 1, &o), MXK_ERR_DTYPE);
    {
        mxk_tensor a2 = mxk_tensor_2d(dx, MXK_F32, 64, 48), q2 = mxk_tensor_2d(dq, MXK_E4M3, 64, 48),
                   s2 = mxk_tensor_2d(ds, MXK_E8M0, 64, 1);
        DG(mxk_mx_quantize(C, NULL, &a2, &q2, &s2, &mo), MXK_ERR_ALIGN);
    }
    t = s; t.cols = 1; DG(mxk_mx_quantize(C, NULL, &a, &q, &t, &mo), MXK_ERR_SHAPE);
    {
        mxk_tensor a2 = a, q2 = q, s2 = s;
        a2.rows = q2.rows = s2.rows = INT64_C(1) << 42;
        DG(mxk_mx_quantize(C, NULL, &a2, &q2, &s2, &mo), MXK_ERR_RANGE);
    }
    DG(mxk_mx_quantize(C, NULL, &a, &q, &s, NULL), MXK_ERR_NULL);
    OK(mxk_synchronize(C, NULL));
    uint8_t back[4096];
    OK(mxk_copy_to_host(C, back, dq, (size_t)n));
    int untouched = !memcmp(back, host, (size_t)n);
    EXPECT(okc == g && untouched, "device guards: %d/%d statuses right, output %s", okc, g,
           untouched ? "untouched" : "WRITTEN");
    printf("[%s] guards on device: %d/%d right status, device output untouched: %s\n",
           okc == g && untouched ? "PASS" : "FAIL", okc, g, untouched ? "yes" : "no");
    mxk_buffer_free(C, dq);
    mxk_buffer_free(C, ds);
    mxk_buffer_free(C, dx);
}

/* -------------------------------------------------------------- full -- */

static void exhaustive_encode(void)
{
    const size_t CH = (size_t)1 << 28; /* 16 chunks of 2^28 f32 inputs */
    uint32_t *x = malloc(CH * 4);
    uint8_t *mine = malloc(CH), *ref = malloc(CH);
    void *dx = dalloc(CH * 4);
    uint8_t *dq = dalloc(CH);
    typedef struct { mxk_dtype t; int rnd, ov, ns; long bad; int chunks; } cfg_t;
    cfg_t cf[80];
    int nc = 0;
    /* RNE first (the defaults), then the directed modes; then NaN-sign clear */
    for (int rnd = 0; rnd < 4; rnd++)
        for (int k = 0; k < 8; k++)
            for (int ov = 0; ov < 2; ov++)
                cf[nc++] = (cfg_t){kt_elem_types[k], rnd, ov, 0, 0, 0};
    cf[nc++] = (cfg_t){MXK_E4M3, 0, 0, 1, 0, 0};
    cf[nc++] = (cfg_t){MXK_E5M2, 0, 0, 1, 0, 0};
    double t0 = now();
    int stopped = 0;
    for (uint64_t c = 0; c < 16 && !stopped; c++) {
        uint32_t base = (uint32_t)(c * CH);
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < CH; i++)
            x[i] = base + (uint32_t)i;
        OK(mxk_copy_to_device(C, dx, x, CH * 4));
        for (int j = 0; j < nc; j++) {
            if (now() - t_start > budget_s) {
                stopped = 1;
                break;
            }
            mxk_convert_opts o = {(mxk_round)cf[j].rnd, (mxk_overflow)cf[j].ov, (mxk_nan_sign)cf[j].ns, -128};
            mxcts_convert cv;
            kt_cv(&cv, &o);
            dev_encode(MXK_F32, x, CH, cf[j].t, 1.0f, &o, mine, dx, dq, 0);
            mxcts_encode_bulk(kt_rf(cf[j].t), MXCTS_WIDE_F32, x, CH, ref, &cv, NULL);
            cf[j].bad += compare_encode(cf[j].t, x, CH, mine, ref, &cv, "exhaustive");
            cf[j].chunks++;
        }
        fprintf(stderr, "exhaustive: chunk %llu/16 done (%.0f s)\n", (unsigned long long)c + 1, now() - t0);
    }
    int complete = 0, failed = 0;
    for (int j = 0; j < nc; j++) {
        complete += cf[j].chunks == 16;
        failed += cf[j].bad != 0;
    }
    const char *rn[] = {"rne", "rtz", "rup", "rdn"};
    printf("[%s] encode exhaustive over all 2^32 f32 inputs: %d/%d configs complete, %d with mismatches "
           "(%.0f s)\n", failed ? "FAIL" : (complete == nc ? "PASS" : "PARTIAL"), complete, nc, failed, now() - t0);
    for (int j = 0; j < nc; j++) {
        mxk_path_info pi;
        mxk_convert_opts o = {(mxk_round)cf[j].rnd, (mxk_overflow)cf[j].ov, (mxk_nan_sign)cf[j].ns, -128};
        mxk_dispatch_query(C, MXK_OP_ENCODE, cf[j].t, &o, &pi);
        printf("    %-9s %s %-6s nan_sign=%-8s path=%-24s inputs=%s mismatches=%ld\n", mxk_dtype_name(cf[j].t),
               rn[cf[j].rnd], cf[j].ov ? "nonsat" : "sat", cf[j].ns ? "clear" : "preserve", pi.path,
               cf[j].chunks == 16 ? "2^32" : "partial", cf[j].bad);
    }
    mxk_buffer_free(C, dx);
    mxk_buffer_free(C, dq);
    free(x);
    free(mine);
    free(ref);
}

int main(int argc, char **argv)
{
    const char *backend = "hip:0";
    int full = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--backend") && i + 1 < argc)
            backend = argv[++i];
        else if (!strcmp(argv[i], "--full"))
            full = 1;
        else if (!strcmp(argv[i], "--quick"))
            full = 0;
        else if (!strcmp(argv[i], "--budget") && i + 1 < argc)
            budget_s = atof(argv[++i]);
        else {
            fprintf(stderr, "usage: test_kernels_gpu [--backend hip:N|cpu] [--quick|--full] [--budget S]\n");
            return 2;
        }
    }
    t_start = now();
    mxk_status st = mxk_context_create(backend, &C);
    if (st) {
        printf("[SKIP] backend %s: %s\n", backend, mxk_status_string(st));
        return 77;
    }
    mxk_target_info ti;
    mxk_target_info_get(C, &ti);
    printf("device: %s (%s, target %s, wave %d, %d CUs, %.1f GiB); host threads %d\n", ti.name, ti.platform,
           ti.target, ti.wave_size, ti.compute_units, (double)ti.global_mem / 1073741824.0, omp_get_max_threads());
    mxk_path_info pi;
    mxk_dispatch_query(C, MXK_OP_ENCODE, MXK_E4M3, NULL, &pi);
    printf("encode e4m3 ocp path: %s (%s)\n", pi.path, pi.reason);
    device_guards();
    quick_decode_reencode();
    quick_encode();
    mx_suite(64, 2048, "small");
    if (full) {
        mx_suite(16384, 16384, "2^28");
        exhaustive_encode();
    }
    mxk_context_destroy(C);
    printf("%ld checks, %ld failures (%.0f s)\n", S.checks, S.fails, now() - t_start);
    return S.fails ? 1 : 0;
}

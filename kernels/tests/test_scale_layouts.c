/* Named hardware scale layouts of the kernel library (MXK_LAYOUT_CDNA4_PRESHUFFLE,
 * MXK_LAYOUT_SM100_SWIZZLE) on one backend:
 * - mxk_mx_quantize with a layout: element bytes equal the reference's
 *   mxcts_mx_quantize, the scale buffer equals the reference's row-major scales
 *   packed by mxcts_scale_layout_pack (its view/permute definitions, padding 0x00);
 * - mxk_mx_dequantize with a layout reads the scales the reference packed;
 * - guards: mxk_scale_shape and the scale tensor shape / ld per layout.
 *   test_scale_layouts [--backend cpu|hip:N] */
#include "kt_common.h"
#include "mxcts/mxblock.h"

static kt_state S;
static kt_guards G;
static mxk_context *C;

/* the reference layout each library layout names */
static mxcts_scale_layout ref_layout(mxk_scale_layout l)
{
    return l == MXK_LAYOUT_CDNA4_PRESHUFFLE ? MXCTS_SCALE_LAYOUT_GFX950_32X8 : MXCTS_SCALE_LAYOUT_SM100_128X4;
}

static void *dev_alloc(size_t n)
{
    void *p = NULL;
    if (mxk_buffer_alloc(C, n, &p) != MXK_OK) {
        fprintf(stderr, "device allocation of %zu bytes failed\n", n);
        exit(2);
    }
    return p;
}

/* Quantise rows x K f32 with `layout`, then dequantise with it; compare both
 * with the reference. */
static void check_shape(mxk_scale_layout layout, mxk_dtype t, int64_t rows, int64_t K, uint64_t seed)
{
    const int64_t n = rows * K, nb = K / 32;
    int64_t pr, pc;
    if (mxk_scale_shape(layout, rows, K, &pr, &pc) != MXK_OK) {
        kt_fail(&S, "mxk_scale_shape %d %lldx%lld", layout, (long long)rows, (long long)K);
        return;
    }
    size_t sbytes = 0;
    int64_t rpr = 0, rpc = 0;
    mxcts_scale_layout_shape(ref_layout(layout), rows, nb, &rpr, &rpc, &sbytes);
    if (rpr != pr || rpc != pc)
        kt_fail(&S, "padded shape %lldx%lld, reference %lldx%lld", (long long)pr, (long long)pc, (long long)rpr,
                (long long)rpc);
    uint32_t *x = malloc((size_t)n * 4), *deq = malloc((size_t)n * 4), *rdeq = malloc((size_t)n * 4);
    uint8_t *q = malloc((size_t)n), *rq = malloc((size_t)n), *rs = malloc((size_t)(rows * nb));
    uint8_t *sb = malloc(sbytes), *rsb = malloc(sbytes);
    kt_fill_mx(x, n, seed);
    /* reference: row-major quantise, then the layout's own pack */
    mxcts_block_config cfg;
    mxcts_block_config_init(&cfg);
    if (mxcts_mx_quantize(kt_rf(t), MXCTS_WIDE_F32, x, rows, K, K, &cfg, rq, K, rs, nb) != MXCTS_OK ||
        mxcts_scale_layout_pack(ref_layout(layout), rs, rows, nb, nb, 0x00, rsb, sbytes) != MXCTS_OK) {
        kt_fail(&S, "reference quantise / pack");
        goto out;
    }
    void *dx = dev_alloc((size_t)n * 4), *dq = dev_alloc((size_t)n), *ds = dev_alloc(sbytes),
         *dd = dev_alloc((size_t)n * 4);
    mxk_copy_to_device(C, dx, x, (size_t)n * 4);
    memset(sb, 0xA5, sbytes); /* the padding must be written, not left */
    mxk_copy_to_device(C, ds, sb, sbytes);
    mxk_tensor a = mxk_tensor_2d(dx, MXK_F32, rows, K), qe = mxk_tensor_2d(dq, t, rows, K);
    mxk_tensor se = mxk_tensor_2d(ds, MXK_E8M0, pr, pc), de = mxk_tensor_2d(dd, MXK_F32, rows, K);
    mxk_mx_opts mo = mxk_mx_opts_ocp();
    mo.layout = layout;
    mxk_status st = mxk_mx_quantize(C, NULL, &a, &qe, &se, &mo);
    if (st == MXK_OK)
        st = mxk_synchronize(C, NULL);
    if (st != MXK_OK) {
        kt_fail(&S, "quantize layout %d: %s", layout, mxk_status_string(st));
    } else {
        mxk_copy_to_host(C, q, dq, (size_t)n);
        mxk_copy_to_host(C, sb, ds, sbytes);
        long bad_q = 0, bad_s = 0;
        for (int64_t b = 0; b < rows * nb; b++) /* element bytes of blocks with a NaN scale are don't-care */
            bad_q += rs[b] != 0xFF && memcmp(q + b * 32, rq + b * 32, 32) != 0;
        for (size_t i = 0; i < sbytes; i++)
            bad_s += sb[i] != rsb[i];
        S.checks += rows * nb + (long)sbytes;
        if (bad_q || bad_s)
            kt_fail(&S, "quantize %s %s %lldx%lld: %ld element blocks, %ld scale bytes differ",
                    mxcts_scale_layout_name(ref_layout(layout)), mxk_dtype_name(t), (long long)rows, (long long)K,
                    bad_q, bad_s);
    }
    /* dequantise the reference's codes with the reference-packed scales */
    mxk_copy_to_device(C, dq, rq, (size_t)n);
    mxk_copy_to_device(C, ds, rsb, sbytes);
    st = mxk_mx_dequantize(C, NULL, &qe, &se, &de, layout);
    if (st == MXK_OK)
        st = mxk_synchronize(C, NULL);
    if (st != MXK_OK || mxcts_mx_dequantize(kt_rf(t), rq, K, rs, nb, rows, K, 32, MXCTS_WIDE_F32, rdeq, K)) {
        kt_fail(&S, "dequantize layout %d: %s", layout, mxk_status_string(st));
    } else {
        mxk_copy_to_host(C, deq, dd, (size_t)n * 4);
        long bad = 0;
        for (int64_t i = 0; i < n; i++)
            bad += deq[i] != rdeq[i] && !((deq[i] & 0x7FFFFFFFu) > 0x7F800000u && (rdeq[i] & 0x7FFFFFFFu) > 0x7F800000u);
        S.checks += n;
        if (bad)
            kt_fail(&S, "dequantize %s %lldx%lld: %ld values differ", mxcts_scale_layout_name(ref_layout(layout)),
                    (long long)rows, (long long)K, bad);
    }
    mxk_buffer_free(C, dx);
    mxk_buffer_free(C, dq);
    mxk_buffer_free(C, ds);
    mxk_buffer_free(C, dd);
out:
    free(x), free(deq), free(rdeq), free(q), free(rq), free(rs), free(sb), free(rsb);
}

static void guards(void)
{
    int64_t r, c;
    kt_guard(&S, &G, "shape NULL", mxk_scale_shape(MXK_LAYOUT_SM100_SWIZZLE, 4, 64, NULL, &c), MXK_ERR_NULL, 1);
    kt_guard(&S, &G, "shape layout", mxk_scale_shape(MXK_LAYOUT_COUNT, 4, 64, &r, &c), MXK_ERR_MODE, 1);
    kt_guard(&S, &G, "shape rows 0", mxk_scale_shape(MXK_LAYOUT_SM100_SWIZZLE, 0, 64, &r, &c), MXK_ERR_SIZE, 1);
    kt_guard(&S, &G, "shape K 16", mxk_scale_shape(MXK_LAYOUT_SM100_SWIZZLE, 4, 16, &r, &c), MXK_ERR_SIZE, 1);
    kt_guard(&S, &G, "shape K%32", mxk_scale_shape(MXK_LAYOUT_CDNA4_PRESHUFFLE, 4, 48, &r, &c), MXK_ERR_ALIGN, 1);
    kt_guard(&S, &G, "shape overflow",
             mxk_scale_shape(MXK_LAYOUT_SM100_SWIZZLE, INT64_MAX / 4, INT64_C(1) << 40, &r, &c), MXK_ERR_OVERFLOW, 1);
    /* typed shapes: 130 x 160 (5 scale columns) */
    mxk_scale_shape(MXK_LAYOUT_SM100_SWIZZLE, 130, 160, &r, &c);
    S.checks++;
    if (r != 256 || c != 8)
        kt_fail(&S, "sm100 shape of 130 x 160: %lld x %lld, want 256 x 8", (long long)r, (long long)c);
    mxk_scale_shape(MXK_LAYOUT_CDNA4_PRESHUFFLE, 130, 160, &r, &c);
    S.checks++;
    if (r != 160 || c != 8)
        kt_fail(&S, "cdna4 shape of 130 x 160: %lld x %lld, want 160 x 8", (long long)r, (long long)c);

    /* quantise / dequantise: the scale tensor must be the padded, dense matrix */
    static float in[40 * 64];
    static uint8_t el[40 * 64], sc[128 * 4 + 64];
    memset(el, 0x5A, sizeof el);
    memset(sc, 0x5A, sizeof sc);
    void *din = dev_alloc(sizeof in), *del = dev_alloc(sizeof el), *dsc = dev_alloc(sizeof sc);
    mxk_copy_to_device(C, din, in, sizeof in);
    mxk_copy_to_device(C, del, el, sizeof el);
    mxk_copy_to_device(C, dsc, sc, sizeof sc);
    mxk_tensor a = mxk_tensor_2d(din, MXK_F32, 40, 64), q = mxk_tensor_2d(del, MXK_E4M3, 40, 64);
    mxk_tensor s = mxk_tensor_2d(dsc, MXK_E8M0, 128, 4), t;
    mxk_mx_opts mo = mxk_mx_opts_ocp();
    mo.layout = MXK_LAYOUT_SM100_SWIZZLE;
    static uint8_t back[sizeof sc];
#define UNTOUCHED (mxk_copy_to_host(C, back, dsc, sizeof sc) == MXK_OK && !memcmp(back, sc, sizeof sc))
    t = s, t.rows = 40, t.cols = 2, t.ld = 2;
    kt_guard(&S, &G, "quantize sm100 unpadded scales", mxk_mx_quantize(C, NULL, &a, &q, &t, &mo), MXK_ERR_SHAPE,
             UNTOUCHED);
    t = s, t.ld = 8;
    kt_guard(&S, &G, "quantize sm100 scales ld != cols", mxk_mx_quantize(C, NULL, &a, &q, &t, &mo), MXK_ERR_LD,
             UNTOUCHED);
    mo.layout = MXK_LAYOUT_CDNA4_PRESHUFFLE;
    kt_guard(&S, &G, "quantize cdna4 with sm100 shape", mxk_mx_quantize(C, NULL, &a, &q, &s, &mo), MXK_ERR_SHAPE,
             UNTOUCHED);
    mo.layout = (mxk_scale_layout)7;
    kt_guard(&S, &G, "quantize layout 7", mxk_mx_quantize(C, NULL, &a, &q, &s, &mo), MXK_ERR_MODE, UNTOUCHED);
    static float fo[40 * 64];
    void *dfo = dev_alloc(sizeof fo);
    mxk_copy_to_device(C, dfo, fo, sizeof fo);
    mxk_tensor d = mxk_tensor_2d(dfo, MXK_F32, 40, 64);
    static float fback[40 * 64];
#define F_UNTOUCHED (mxk_copy_to_host(C, fback, dfo, sizeof fo) == MXK_OK && !memcmp(fback, fo, sizeof fo))
    kt_guard(&S, &G, "dequantize cdna4 with sm100 shape",
             mxk_mx_dequantize(C, NULL, &q, &s, &d, MXK_LAYOUT_CDNA4_PRESHUFFLE), MXK_ERR_SHAPE, F_UNTOUCHED);
    t = s, t.ld = 5;
    kt_guard(&S, &G, "dequantize sm100 scales ld != cols",
             mxk_mx_dequantize(C, NULL, &q, &t, &d, MXK_LAYOUT_SM100_SWIZZLE), MXK_ERR_LD, F_UNTOUCHED);
    /* the GEMM family reads row-major scales only */
    mxk_gemm_opts go = mxk_gemm_opts_default();
    go.layout = MXK_LAYOUT_SM100_SWIZZLE;
    mxk_tensor b = q, bs = mxk_tensor_2d(dsc, MXK_E8M0, 40, 2), as = bs, cc = mxk_tensor_2d(dfo, MXK_F32, 40, 40);
    kt_guard(&S, &G, "gemm_mx sm100 scales", mxk_gemm_mx(C, NULL, &q, &as, &b, &bs, &cc, &go),
             MXK_ERR_UNSUPPORTED, F_UNTOUCHED);
    mxk_buffer_free(C, din);
    mxk_buffer_free(C, del);
    mxk_buffer_free(C, dsc);
    mxk_buffer_free(C, dfo);
}

int main(int argc, char **argv)
{
    const char *be = "cpu";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--backend") && i + 1 < argc) {
            be = argv[++i];
        } else {
            fprintf(stderr, "usage: test_scale_layouts [--backend cpu|hip:N]\n");
            return 2;
        }
    }
    if (mxk_context_create(be, &C) != MXK_OK) {
        fprintf(stderr, "cannot create a %s context\n", be);
        return 2;
    }
    static const int64_t shapes[][2] = {{1, 32}, {31, 96}, {32, 256}, {33, 288}, {128, 128}, {130, 160},
                                        {257, 512}, {300, 1056}};
    const mxk_scale_layout lays[2] = {MXK_LAYOUT_CDNA4_PRESHUFFLE, MXK_LAYOUT_SM100_SWIZZLE};
    const mxk_dtype types[3] = {MXK_E4M3, MXK_E5M2, MXK_E2M1};
    int n = 0;
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++, n++)
            check_shape(lays[l], types[n % 3], shapes[i][0], shapes[i][1], 100 + (uint64_t)n);
    guards();
    printf("scale layouts (%s backend): %d quantise + dequantise shapes x 2 layouts vs reference pack\n", be, n);
    kt_guards_print(&G);
    printf("%ld checks, %ld failures\n", S.checks, S.fails);
    mxk_context_destroy(C);
    return S.fails ? 1 : 0;
}

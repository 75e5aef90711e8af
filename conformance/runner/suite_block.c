/* Suite `block`: MX quantise (f32 -> scales + elements, every MX element
 * format x the scale modes the kernel library names) and dequantise (every
 * scale x every code, plus random blocks), bit-exact against the reference
 * under the claimed profile. Quantise inputs are blocks of ten kinds: spread
 * magnitudes, zeros, f32 subnormals, a NaN, an Inf, exact maxima, huge
 * ranges up to FLT_MAX, values landing on element ties after scaling,
 * tiny negatives, raw bit patterns. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "mxcts/format.h"
#include "mxcts/mxblock.h"

static const int mx_fmts[] = {MXCTS_E4M3, MXCTS_E5M2, MXCTS_E2M3, MXCTS_E3M2, MXCTS_E2M1, MXCTS_INT8};

static uint32_t fb(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

static float rnd_mag(rn_rng *g, int lo, int hi)
{
    int e = lo + (int)rn_below(g, (uint32_t)(hi - lo + 1));
    float m = 1.0f + (float)(rn_u32(g) >> 9) * 0x1p-23f;
    return ldexpf(m, e) * ((rn_u32(g) & 1) ? -1.0f : 1.0f);
}

static void fill_block(rn_rng *g, int fmt, int kind, uint32_t *blk)
{
    const mxcts_format_info *fi = mxcts_format_get((mxcts_format)fmt);
    int center = (int)rn_below(g, 40) - 20;
    switch (kind) {
    case 0: /* spread magnitudes */
        for (int i = 0; i < 32; i++)
            blk[i] = fb(rnd_mag(g, center - 12, center + 3));
        break;
    case 1: /* all zeros, some negative */
        for (int i = 0; i < 32; i++)
            blk[i] = (rn_u32(g) & 1) ? 0x80000000u : 0;
        break;
    case 2: /* f32 subnormals */
        for (int i = 0; i < 32; i++)
            blk[i] = (rn_u32(g) & 0x807fffffu);
        break;
    case 3: /* one NaN */
        for (int i = 0; i < 32; i++)
            blk[i] = fb(rnd_mag(g, center - 4, center));
        blk[rn_below(g, 32)] = (rn_u32(g) & 1) ? 0xffc00000u : 0x7fc00001u;
        break;
    case 4: /* one Inf */
        for (int i = 0; i < 32; i++)
            blk[i] = fb(rnd_mag(g, center - 4, center));
        blk[rn_below(g, 32)] = (rn_u32(g) & 1) ? 0xff800000u : 0x7f800000u;
        break;
    case 5: /* amax exactly the element max times a power of two */
        for (int i = 0; i < 32; i++)
            blk[i] = fb(rnd_mag(g, center - 6, center));
        blk[rn_below(g, 32)] = fb(ldexpf((float)fi->max_finite, center) * ((rn_u32(g) & 1) ? -1 : 1));
        break;
    case 6: /* huge range, up to FLT_MAX */
        for (int i = 0; i < 32; i++)
            blk[i] = fb(rnd_mag(g, 60, 127));
        if (rn_u32(g) & 1)
            blk[rn_below(g, 32)] = fb(3.4028235e38f);
        break;
    case 7: { /* element ties after scaling by 2^center */
        double v[256] = {0};
        unsigned nc = mxcts_format_code_count((mxcts_format)fmt);
        int m = 0;
        for (unsigned c = 0; c < nc; c++) {
            double x;
            if (mxcts_decode_f64((mxcts_format)fmt, c, &x) == MXCTS_OK && isfinite(x) && x > 0)
                v[m++] = x;
        }
        blk[0] = fb(ldexpf((float)fi->max_finite, center));
        for (int i = 1; i < 32; i++) {
            double a = v[rn_below(g, (uint32_t)m)], b = v[rn_below(g, (uint32_t)m)];
            double t = (a + b) / 2;
            blk[i] = fb(ldexpf((float)t, center) * ((rn_u32(g) & 1) ? -1 : 1));
        }
        break;
    }
    case 8: /* tiny negatives */
        for (int i = 0; i < 32; i++)
            blk[i] = fb(-fabsf(rnd_mag(g, -140, -100)));
        break;
    default: /* raw patterns */
        for (int i = 0; i < 32; i++)
            blk[i] = rn_u32(g);
        break;
    }
}

static void run_quantize(rn_ctx *c, const rn_case *k, rn_result *r)
{
    int64_t rows = k->a, kk = 256;
    uint32_t *in = malloc((size_t)(rows * kk) * 4);
    if (!in) {
        r->status = RN_INTERNAL_ERROR;
        snprintf(r->reason, sizeof r->reason, "out of memory");
        return;
    }
    rn_rng g;
    rn_rng_init(&g, c->seed, k->id);
    for (int64_t b = 0; b < rows * kk / 32; b++)
        fill_block(&g, k->f0, (int)(b % 10), in + b * 32);
    chk_quantize(c, r, k->f0, k->p0, in, rows, kk);
    free(in);
}

static void run_dequant_all(rn_ctx *c, const rn_case *k, rn_result *r)
{
    /* Row s has scale s in every block; each row holds every code. */
    unsigned nc = mxcts_format_code_count((mxcts_format)k->f0);
    int64_t rows = 256, kk = 256;
    uint8_t *codes = malloc((size_t)(rows * kk)), *scales = malloc((size_t)(rows * kk / 32));
    for (int64_t i = 0; i < rows; i++) {
        for (int64_t j = 0; j < kk; j++)
            codes[i * kk + j] = (uint8_t)(j % nc);
        for (int64_t j = 0; j < kk / 32; j++)
            scales[i * (kk / 32) + j] = (uint8_t)i;
    }
    chk_dequantize(c, r, k->f0, codes, scales, rows, kk);
    free(codes);
    free(scales);
}

static void run_dequant_random(rn_ctx *c, const rn_case *k, rn_result *r)
{
    unsigned nc = mxcts_format_code_count((mxcts_format)k->f0);
    int64_t rows = k->a, kk = 256;
    uint8_t *codes = malloc((size_t)(rows * kk)), *scales = malloc((size_t)(rows * kk / 32));
    rn_rng g;
    rn_rng_init(&g, c->seed, k->id);
    for (int64_t i = 0; i < rows * kk; i++)
        codes[i] = (uint8_t)rn_below(&g, nc);
    for (int64_t i = 0; i < rows * kk / 32; i++)
        scales[i] = (uint8_t)rn_below(&g, 256);
    chk_dequantize(c, r, k->f0, codes, scales, rows, kk);
    free(codes);
    free(scales);
}

void suite_block_cases(rn_list *l, rn_level lv)
{
    int64_t rows = lv == RN_SMOKE ? 8 : lv == RN_QUICK ? 64 : lv == RN_FULL ? 1024 : 8192;
    for (size_t i = 0; i < sizeof mx_fmts / sizeof *mx_fmts; i++) {
        int f = mx_fmts[i];
        const char *fn = mxcts_format_get((mxcts_format)f)->name;
        if (lv == RN_SMOKE && f != MXCTS_E4M3 && f != MXCTS_E2M1)
            continue;
        for (int sm = 0; sm < 4; sm++) {
            if (lv == RN_SMOKE && sm)
                continue;
            const char *mn = mxcts_scale_mode_name((mxcts_scale_mode)sm);
            rn_case *k = rn_add(l, RN_BLOCK, "block.quantize.%s.%s", fn, mn);
            snprintf(k->desc, sizeof k->desc,
                     "MX quantise f32 -> %s, scale mode %s: %lld x 256 values in 10 block kinds", fn, mn,
                     (long long)rows);
            snprintf(k->fmt, sizeof k->fmt, "%s", fn);
            k->run = run_quantize;
            k->f0 = f, k->p0 = sm, k->a = rows;
        }
        rn_case *k = rn_add(l, RN_BLOCK, "block.dequantize.%s.all-scales-x-codes", fn);
        snprintf(k->desc, sizeof k->desc, "MX dequantise every E8M0 scale x every %s code to f32", fn);
        snprintf(k->fmt, sizeof k->fmt, "%s", fn);
        k->run = run_dequant_all;
        k->f0 = f;
        if (lv >= RN_QUICK) {
            k = rn_add(l, RN_BLOCK, "block.dequantize.%s.random", fn);
            snprintf(k->desc, sizeof k->desc, "MX dequantise random %s blocks (%lld x 256) to f32", fn,
                     (long long)rows);
            snprintf(k->fmt, sizeof k->fmt, "%s", fn);
            k->run = run_dequant_random;
            k->f0 = f, k->a = rows;
        }
    }
    suite_vectors_cases(l, lv, RN_BLOCK);
}

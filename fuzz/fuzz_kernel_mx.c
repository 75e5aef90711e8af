/* libFuzzer target: the kernel library's MX quantise / dequantise entry
 * points on the cpu backend, with descriptors, options and scale layouts
 * taken from the input. Every tensor gets a buffer of exactly the extent its
 * own descriptor claims when that descriptor is valid on its own (rows, cols
 * >= 1, ld >= cols), else a 1-byte buffer that any accepted call would
 * overrun. So an accepted call that touches memory outside what its
 * descriptors describe (a wrong scale-layout shape check, a padded offset
 * past the scale tensor, ...) is an AddressSanitizer report. Invariant:
 * calls return a valid mxk_status and never crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mxcts/kernels.h"

typedef struct {
    const uint8_t *p;
    size_t n;
} input;

static unsigned take(input *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static const mxk_dtype wide_types[] = {MXK_F32, MXK_BF16, MXK_F16, MXK_E4M3};
static const mxk_dtype elem_types[] = {MXK_E4M3, MXK_E5M2, MXK_E2M3, MXK_E3M2, MXK_E2M1, MXK_INT8, MXK_E8M0};

/* a descriptor near (rows, cols) and its buffer */
static mxk_tensor tensor(input *in, mxk_dtype t, int64_t rows, int64_t cols, void **buf)
{
    const unsigned b = take(in);
    mxk_tensor d = {NULL, t, rows, cols, cols};
    if (b & 1) /* perturb the shape */
        d.rows += (int64_t)((b >> 1) & 3) - 1;
    if (b & 8)
        d.cols += (int64_t)((b >> 4) & 7) - 3;
    d.ld = d.cols + (int64_t)(take(in) % 6) - 1;
    const int ok = d.rows >= 1 && d.cols >= 1 && d.ld >= d.cols;
    const size_t bytes = ok ? (size_t)((d.rows - 1) * d.ld + d.cols) * mxk_dtype_size(t) : 1;
    *buf = malloc(bytes ? bytes : 1);
    if (*buf)
        memset(*buf, (int)take(in), bytes ? bytes : 1);
    d.data = *buf;
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    static mxk_context *ctx;
    if (!ctx && mxk_context_create("cpu", &ctx) != MXK_OK)
        abort();
    const unsigned op = take(&in), layout = take(&in) % (MXK_LAYOUT_COUNT + 1);
    const int64_t rows = 1 + take(&in) % 140, K = 32 * (int64_t)(take(&in) % 12) + (take(&in) & 1 ? 0 : 7 * (op & 1));
    int64_t sr = rows, sc = K / 32;
    if ((unsigned)layout < MXK_LAYOUT_COUNT)
        (void)mxk_scale_shape((mxk_scale_layout)layout, rows, K, &sr, &sc); /* may fail: keep row-major */
    void *b0 = NULL, *b1 = NULL, *b2 = NULL;
    mxk_tensor wide = tensor(&in, wide_types[take(&in) % 4], rows, K, &b0);
    mxk_tensor el = tensor(&in, elem_types[take(&in) % 7], rows, K, &b1);
    mxk_tensor s = tensor(&in, take(&in) & 7 ? MXK_E8M0 : MXK_E4M3, sr, sc, &b2);
    mxk_status st;
    if (op & 2) {
        mxk_mx_opts o = mxk_mx_opts_ocp();
        o.scale_mode = (mxk_scale_mode)(take(&in) % (MXK_SCALE_MODE_COUNT + 1));
        o.nan_policy = (mxk_nan_policy)(take(&in) % (MXK_BLOCK_NAN_COUNT + 1));
        o.layout = (mxk_scale_layout)layout;
        o.int8_min = take(&in) & 1 ? -127 : -128;
        st = mxk_mx_quantize(ctx, NULL, &wide, &el, &s, &o);
    } else {
        st = mxk_mx_dequantize(ctx, NULL, &el, &s, &wide, (mxk_scale_layout)layout);
    }
    if ((unsigned)st >= MXK_STATUS_COUNT)
        abort();
    free(b0);
    free(b1);
    free(b2);
    return 0;
}

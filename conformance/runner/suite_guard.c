/* Suite `guard`: every entry point x every bad-argument class must answer
 * with the right status, write nothing (outputs are canary-filled and
 * checked byte for byte), and not crash. Each call runs in a child process
 * with a time limit, so a crash or a hang is this case's FAIL. n == 0 for
 * element-wise ops is valid: OK and nothing written. */
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "mxcts/format.h"
#include "mxcts/status.h"

#define CANARY 0xA5
#define BUF 4096
#define BIG ((int64_t)1 << 62)

enum { NULL0 = 1, NULL1 = 2, NULL2 = 4, NULL3 = 8, NULL4 = 16 };

typedef struct guard {
    rb_op op;
    const char *id;
    const char *desc;
    int expect;              /* mxcts_status class */
    int fmt, fmt2, mode, mode2;
    int64_t rows, cols, k;   /* rows / n, cols (gemm N), k */
    int nulls;               /* which pointer arguments are NULL (in argument order) */
} guard;

#define E4 MXCTS_E4M3
static const guard guards[] = {
    {RB_OP_ENCODE, "null-src", "encode with src NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 64, 0, 0, NULL0},
    {RB_OP_ENCODE, "null-dst", "encode with dst NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 64, 0, 0, NULL1},
    {RB_OP_ENCODE, "format-e8m0", "encode to E8M0 (a scale, not an element format)", MXCTS_ERR_FORMAT, MXCTS_E8M0, 0, 0, 0, 64, 0, 0, 0},
    {RB_OP_ENCODE, "format-invalid", "encode to format 99", MXCTS_ERR_FORMAT, 99, 0, 0, 0, 64, 0, 0, 0},
    {RB_OP_ENCODE, "format-negative", "encode to format -1", MXCTS_ERR_FORMAT, -1, 0, 0, 0, 64, 0, 0, 0},
    {RB_OP_ENCODE, "round-invalid", "encode with rounding mode 9", MXCTS_ERR_MODE, E4, 0, 9, 0, 64, 0, 0, 0},
    {RB_OP_ENCODE, "overflow-invalid", "encode with overflow policy 7", MXCTS_ERR_MODE, E4, 0, 0, 7, 64, 0, 0, 0},
    {RB_OP_ENCODE, "n-zero", "encode n = 0: OK, nothing written", MXCTS_OK, E4, 0, 0, 0, 0, 0, 0, 0},
    {RB_OP_DECODE, "null-src", "decode with src NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 64, 0, 0, NULL0},
    {RB_OP_DECODE, "null-dst", "decode with dst NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 64, 0, 0, NULL1},
    {RB_OP_DECODE, "format-invalid", "decode format 99", MXCTS_ERR_FORMAT, 99, 0, 0, 0, 64, 0, 0, 0},
    {RB_OP_DECODE, "n-zero", "decode n = 0: OK, nothing written", MXCTS_OK, E4, 0, 0, 0, 0, 0, 0, 0},
    {RB_OP_MX_QUANTIZE, "null-src", "mx_quantize with src NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 2, 0, 64, NULL0},
    {RB_OP_MX_QUANTIZE, "null-codes", "mx_quantize with codes NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 2, 0, 64, NULL1},
    {RB_OP_MX_QUANTIZE, "null-scales", "mx_quantize with scales NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 2, 0, 64, NULL2},
    {RB_OP_MX_QUANTIZE, "rows-zero", "mx_quantize rows = 0", MXCTS_ERR_SIZE, E4, 0, 0, 0, 0, 0, 64, 0},
    {RB_OP_MX_QUANTIZE, "rows-negative", "mx_quantize rows = -1", MXCTS_ERR_SIZE, E4, 0, 0, 0, -1, 0, 64, 0},
    {RB_OP_MX_QUANTIZE, "k-zero", "mx_quantize k = 0", MXCTS_ERR_SIZE, E4, 0, 0, 0, 2, 0, 0, 0},
    {RB_OP_MX_QUANTIZE, "k-not-32", "mx_quantize k = 48 (not a multiple of 32)", MXCTS_ERR_SIZE, E4, 0, 0, 0, 2, 0, 48, 0},
    {RB_OP_MX_QUANTIZE, "size-overflow", "mx_quantize rows = 2^62, k = 64 (rows*k overflows 64 bits)", MXCTS_ERR_SIZE, E4, 0, 0, 0, BIG, 0, 64, 0},
    {RB_OP_MX_QUANTIZE, "format-fnuz", "mx_quantize to e4m3fnuz (not an MX element format)", MXCTS_ERR_FORMAT, MXCTS_E4M3FNUZ, 0, 0, 0, 2, 0, 64, 0},
    {RB_OP_MX_QUANTIZE, "format-e8m0", "mx_quantize to e8m0", MXCTS_ERR_FORMAT, MXCTS_E8M0, 0, 0, 0, 2, 0, 64, 0},
    {RB_OP_MX_QUANTIZE, "format-invalid", "mx_quantize to format 99", MXCTS_ERR_FORMAT, 99, 0, 0, 0, 2, 0, 64, 0},
    {RB_OP_MX_QUANTIZE, "scale-mode-invalid", "mx_quantize scale mode 99", MXCTS_ERR_MODE, E4, 0, 99, 0, 2, 0, 64, 0},
    {RB_OP_MX_DEQUANTIZE, "null-codes", "mx_dequantize with codes NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 2, 0, 64, NULL0},
    {RB_OP_MX_DEQUANTIZE, "null-scales", "mx_dequantize with scales NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 2, 0, 64, NULL1},
    {RB_OP_MX_DEQUANTIZE, "null-dst", "mx_dequantize with dst NULL", MXCTS_ERR_NULL, E4, 0, 0, 0, 2, 0, 64, NULL2},
    {RB_OP_MX_DEQUANTIZE, "rows-zero", "mx_dequantize rows = 0", MXCTS_ERR_SIZE, E4, 0, 0, 0, 0, 0, 64, 0},
    {RB_OP_MX_DEQUANTIZE, "k-zero", "mx_dequantize k = 0", MXCTS_ERR_SIZE, E4, 0, 0, 0, 2, 0, 0, 0},
    {RB_OP_MX_DEQUANTIZE, "k-not-32", "mx_dequantize k = 48", MXCTS_ERR_SIZE, E4, 0, 0, 0, 2, 0, 48, 0},
    {RB_OP_MX_DEQUANTIZE, "size-overflow", "mx_dequantize rows = 2^62, k = 64", MXCTS_ERR_SIZE, E4, 0, 0, 0, BIG, 0, 64, 0},
    {RB_OP_MX_DEQUANTIZE, "format-fnuz", "mx_dequantize e4m3fnuz elements", MXCTS_ERR_FORMAT, MXCTS_E4M3FNUZ, 0, 0, 0, 2, 0, 64, 0},
    {RB_OP_MX_DEQUANTIZE, "format-invalid", "mx_dequantize format 99", MXCTS_ERR_FORMAT, 99, 0, 0, 0, 2, 0, 64, 0},
    {RB_OP_GEMM_MX, "null-a", "gemm_mx with A NULL", MXCTS_ERR_NULL, E4, E4, 0, 0, 2, 2, 64, NULL0},
    {RB_OP_GEMM_MX, "null-a-scales", "gemm_mx with A scales NULL", MXCTS_ERR_NULL, E4, E4, 0, 0, 2, 2, 64, NULL1},
    {RB_OP_GEMM_MX, "null-b", "gemm_mx with B NULL", MXCTS_ERR_NULL, E4, E4, 0, 0, 2, 2, 64, NULL2},
    {RB_OP_GEMM_MX, "null-b-scales", "gemm_mx with B scales NULL", MXCTS_ERR_NULL, E4, E4, 0, 0, 2, 2, 64, NULL3},
    {RB_OP_GEMM_MX, "null-c", "gemm_mx with C NULL", MXCTS_ERR_NULL, E4, E4, 0, 0, 2, 2, 64, NULL4},
    {RB_OP_GEMM_MX, "m-zero", "gemm_mx M = 0", MXCTS_ERR_SIZE, E4, E4, 0, 0, 0, 2, 64, 0},
    {RB_OP_GEMM_MX, "n-zero", "gemm_mx N = 0", MXCTS_ERR_SIZE, E4, E4, 0, 0, 2, 0, 64, 0},
    {RB_OP_GEMM_MX, "k-zero", "gemm_mx K = 0", MXCTS_ERR_SIZE, E4, E4, 0, 0, 2, 2, 0, 0},
    {RB_OP_GEMM_MX, "k-not-32", "gemm_mx K = 48", MXCTS_ERR_SIZE, E4, E4, 0, 0, 2, 2, 48, 0},
    {RB_OP_GEMM_MX, "size-overflow", "gemm_mx M = 2^62, K = 64", MXCTS_ERR_SIZE, E4, E4, 0, 0, BIG, 2, 64, 0},
    {RB_OP_GEMM_MX, "format-fnuz", "gemm_mx with e4m3fnuz A", MXCTS_ERR_FORMAT, MXCTS_E4M3FNUZ, E4, 0, 0, 2, 2, 64, 0},
    {RB_OP_GEMM_MX, "format-invalid", "gemm_mx with B format 99", MXCTS_ERR_FORMAT, E4, 99, 0, 0, 2, 2, 64, 0},
    {RB_OP_REENCODE, "null-src", "reencode with src NULL", MXCTS_ERR_NULL, E4, MXCTS_E4M3FNUZ, 0, 0, 64, 0, 0, NULL0},
    {RB_OP_REENCODE, "null-dst", "reencode with dst NULL", MXCTS_ERR_NULL, E4, MXCTS_E4M3FNUZ, 0, 0, 64, 0, 0, NULL1},
    {RB_OP_REENCODE, "pair-invalid", "reencode e4m3 -> e5m2fnuz (not a bit-compatible pair)", MXCTS_ERR_FORMAT, E4, MXCTS_E5M2FNUZ, 0, 0, 64, 0, 0, 0},
    {RB_OP_REENCODE, "format-invalid", "reencode from format 99", MXCTS_ERR_FORMAT, 99, MXCTS_E4M3FNUZ, 0, 0, 64, 0, 0, 0},
};
#undef E4

typedef struct gcall {
    rn_ctx *c;
    const guard *g;
    const void *in[4];
} gcall;

/* The call itself; outs are the canary buffers (NULL where the case says). */
static int do_call(rb_backend *b, const guard *g, const void *const *in, void *const *outs)
{
    size_t n = (size_t)g->rows;
    switch (g->op) {
    case RB_OP_ENCODE:
        return b->ops.encode(b, g->fmt, in[0], n, outs[0], g->mode, g->mode2);
    case RB_OP_DECODE:
        return b->ops.decode(b, g->fmt, in[0], n, outs[0]);
    case RB_OP_MX_QUANTIZE:
        return b->ops.mx_quantize(b, g->fmt, in[0], g->rows, g->k, g->mode, outs[0], outs[1]);
    case RB_OP_MX_DEQUANTIZE:
        return b->ops.mx_dequantize(b, g->fmt, in[0], in[1], g->rows, g->k, outs[0]);
    case RB_OP_GEMM_MX:
        return b->ops.gemm_mx(b, g->fmt, g->fmt2, g->rows, g->cols, g->k, in[0], in[1], in[2], in[3], outs[0]);
    default:
        return b->ops.reencode(b, g->fmt, g->fmt2, in[0], n, outs[0]);
    }
}

static int child(void *arg, void *const *outs)
{
    gcall *gc = arg;
    return do_call(gc->c->be, gc->g, gc->in, outs);
}

static int op_present(rb_backend *b, rb_op op)
{
    switch (op) {
    case RB_OP_ENCODE: return b->ops.encode != NULL;
    case RB_OP_DECODE: return b->ops.decode != NULL;
    case RB_OP_MX_QUANTIZE: return b->ops.mx_quantize != NULL;
    case RB_OP_MX_DEQUANTIZE: return b->ops.mx_dequantize != NULL;
    case RB_OP_GEMM_MX: return b->ops.gemm_mx != NULL;
    default: return b->ops.reencode != NULL;
    }
}

static void run_guard(rn_ctx *c, const rn_case *k, rn_result *r)
{
    const guard *g = k->data;
    rb_backend *b = c->be;
    if (!op_present(b, g->op)) {
        r->status = RN_NOT_SUPPORTED;
        snprintf(r->reason, sizeof r->reason, "%s", b->not_supported[g->op]);
        return;
    }
    /* Inputs: valid data (f32 1.0, code 0x38, scale 0x7f), big enough for the small shapes. */
    static uint32_t fin[BUF];
    static uint8_t cin[BUF], sin_[BUF];
    for (int i = 0; i < BUF; i++)
        fin[i] = 0x3f800000u, cin[i] = 0x38, sin_[i] = 0x7f;
    int nin = 0, nout = 0;
    const void *in[4] = {0};
    int in_null[4] = {0}, out_null[3] = {0};
    int bit = 1;
    /* argument order: inputs then outputs, as in the op signatures */
    switch (g->op) {
    case RB_OP_ENCODE: in[0] = fin; nin = 1; nout = 1; break;
    case RB_OP_DECODE: in[0] = cin; nin = 1; nout = 1; break;
    case RB_OP_MX_QUANTIZE: in[0] = fin; nin = 1; nout = 2; break;
    case RB_OP_MX_DEQUANTIZE: in[0] = cin; in[1] = sin_; nin = 2; nout = 1; break;
    case RB_OP_GEMM_MX: in[0] = cin; in[1] = sin_; in[2] = cin; in[3] = sin_; nin = 4; nout = 1; break;
    default: in[0] = cin; nin = 1; nout = 1; break;
    }
    for (int i = 0; i < nin; i++, bit <<= 1)
        in_null[i] = (g->nulls & bit) != 0;
    for (int i = 0; i < nout; i++, bit <<= 1)
        out_null[i] = (g->nulls & bit) != 0;
    gcall gc = {c, g, {0}};
    for (int i = 0; i < nin; i++)
        gc.in[i] = in_null[i] ? NULL : in[i];
    uint8_t *ob[3] = {0};
    rb_iso_buf outs[3];
    for (int i = 0; i < nout; i++) {
        ob[i] = malloc(BUF);
        memset(ob[i], CANARY, BUF);
        outs[i].ptr = out_null[i] ? NULL : ob[i];
        outs[i].size = BUF;
    }
    int st, sig = 0;
    b->out_cap = BUF;
    b->last_reason[0] = 0;
    if (b->isolated || b->no_fork) { /* plugin calls are isolated already; device contexts cannot fork */
        void *o[3] = {outs[0].ptr, nout > 1 ? outs[1].ptr : NULL, NULL};
        st = do_call(b, g, gc.in, o);
    } else {
        st = rb_isolate(child, &gc, outs, nout, b->timeout_s, &sig);
        if (st == RB_ERR_CRASH)
            snprintf(b->last_reason, sizeof b->last_reason, "crashed: %s",
                     sig > 0 ? strsignal(sig) : "child exited mid-call");
        else if (st == RB_ERR_TIMEOUT)
            snprintf(b->last_reason, sizeof b->last_reason, "timed out after %g s", b->timeout_s);
    }
    b->out_cap = 0;
    r->checked = 1;
    int written = 0;
    for (int i = 0; i < nout; i++)
        for (int j = 0; j < BUF && !out_null[i]; j++)
            if (ob[i][j] != CANARY) {
                written = 1;
                break;
            }
    char exp[96], act[96];
    snprintf(exp, sizeof exp, "status %d (%s), outputs untouched", g->expect, mxcts_status_string(g->expect));
    if (st == RB_ERR_CRASH || st == RB_ERR_TIMEOUT || st == RB_ERR_ISOLATE) {
        r->status = st == RB_ERR_ISOLATE ? RN_INTERNAL_ERROR : RN_FAIL;
        snprintf(r->reason, sizeof r->reason, "%s", b->last_reason);
        snprintf(act, sizeof act, "%s", b->last_reason);
        r->failed = 1;
        chk_sample(r, g->desc, exp, act);
    } else if (st == MXCTS_ERR_UNSUPPORTED && g->expect != MXCTS_OK) {
        /* "not supported" is not a guard answer: the bad argument went unnoticed */
        r->status = RN_FAIL;
        r->failed = 1;
        snprintf(r->reason, sizeof r->reason, "answered UNSUPPORTED instead of %s", mxcts_status_string(g->expect));
        snprintf(act, sizeof act, "status %d (%s)%s", st, mxcts_status_string(st), written ? ", outputs written" : "");
        chk_sample(r, g->desc, exp, act);
    } else if (st != g->expect || written) {
        r->status = RN_FAIL;
        r->failed = 1;
        snprintf(act, sizeof act, "status %d (%s)%s", st, st < 100 ? mxcts_status_string(st) : "backend error",
                 written ? ", outputs written" : "");
        snprintf(r->reason, sizeof r->reason, "%s", act);
        chk_sample(r, g->desc, exp, act);
    }
    for (int i = 0; i < nout; i++)
        free(ob[i]);
}

void suite_guard_cases(rn_list *l, rn_level lv)
{
    (void)lv;
    for (size_t i = 0; i < sizeof guards / sizeof *guards; i++) {
        const guard *g = &guards[i];
        rn_case *k = rn_add(l, RN_GUARD, "guard.%s.%s", rb_op_name(g->op), g->id);
        snprintf(k->desc, sizeof k->desc, "%s -> %s, nothing written, no crash", g->desc,
                 mxcts_status_string(g->expect));
        snprintf(k->fmt, sizeof k->fmt, "%s", rb_op_name(g->op));
        k->run = run_guard;
        k->data = g;
    }
}

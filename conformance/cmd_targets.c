/* mxcts targets: the devices found, their target names, the compile matrix
 * of this build (which targets were compiled only, which run here) and the
 * kernel library's dispatch table. With --query, which path one operation
 * would take on one backend:
 *   mxcts targets [--query OP FORMAT [--backend cpu|hip:N] [--profile P]] */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#ifdef MXCTS_HAVE_MXK
#include "mxcts/kernels.h"
#endif

static void targets_usage(FILE *out)
{
    fprintf(out, "usage: mxcts targets [--query OP FORMAT [--backend cpu|hip:N] [--profile P]]\n"
                 "  OP: encode, decode, mx_quantize, mx_dequantize, reencode,\n"
                 "      gemm_mx, gemm_fp8, gemv_mx, moe_gemm_mx, linear_mxfp8 (FORMAT: the weight's)\n"
                 "  P:  ocp (default), ocp_nonsat, cuda_satfinite, cuda_nosat\n");
}

int cmd_targets(int argc, char **argv)
{
#ifndef MXCTS_HAVE_MXK
    (void)argc;
    (void)argv;
    fprintf(stderr, "mxcts targets: this mxcts was built without the kernel library\n");
    return 2;
#else
    const char *op_name = NULL, *fmt_name = NULL, *backend = "cpu", *profile = "ocp";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            targets_usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--query") && i + 2 < argc) {
            op_name = argv[++i];
            fmt_name = argv[++i];
        } else if (!strcmp(argv[i], "--backend") && i + 1 < argc) {
            backend = argv[++i];
        } else if (!strcmp(argv[i], "--profile") && i + 1 < argc) {
            profile = argv[++i];
        } else {
            targets_usage(stderr);
            return 2;
        }
    }
    if (!op_name)
        return mxk_dispatch_table_print(stdout) == MXK_OK ? 0 : 1;

    int op = -1;
    for (int i = 0; i < MXK_OP_COUNT; i++)
        if (!strcmp(op_name, mxk_op_name((mxk_op)i)))
            op = i;
    mxk_dtype fmt;
    mxk_convert_opts o;
    if (op < 0 || mxk_dtype_from_name(fmt_name, &fmt) != MXK_OK ||
        mxk_convert_opts_from_profile(profile, &o) != MXK_OK) {
        targets_usage(stderr);
        return 2;
    }
    mxk_context *ctx = NULL;
    mxk_status st = mxk_context_create(backend, &ctx);
    if (st != MXK_OK) {
        fprintf(stderr, "mxcts targets: backend %s: %s\n", backend, mxk_status_string(st));
        return 2;
    }
    mxk_target_info ti;
    mxk_path_info pi;
    mxk_target_info_get(ctx, &ti);
    st = mxk_dispatch_query(ctx, (mxk_op)op, fmt, &o, &pi);
    if (st == MXK_OK)
        printf("%s %s on %s (target %s), profile %s: %s\n  %s\n", op_name, fmt_name, backend, ti.target, profile,
               pi.supported ? pi.path : "unsupported", pi.reason);
    mxk_context_destroy(ctx);
    return st == MXK_OK && pi.supported ? 0 : 1;
#endif
}

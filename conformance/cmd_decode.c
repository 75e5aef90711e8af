/* mxcts decode FORMAT [--to f32|f64] [--profile P] [CODE...]
 * Decoding is the same in every profile (--profile is checked, then has no
 * effect). Prints the result's hex bit pattern and its value: "0x43e00000 448". */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "cli_common.h"
#include "parse_token.h"
#include "mxcts/profile.h"

typedef struct decode_opts {
    mxcts_format fmt;
    mxcts_wide to;
} decode_opts;

static void decode_usage(FILE *out)
{
    fprintf(out, "usage: mxcts decode FORMAT [--to f32|f64] [--profile P] [CODE...]\n"
                 "Every profile decodes the same way (--profile is accepted and checked).\n"
                 "CODE: hex (0x7e) or decimal integer within the format's width.\n"
                 "Without CODEs, whitespace-separated tokens are read from stdin.\n");
}

static int decode_token(const decode_opts *o, const char *tok, long pos, const char *where)
{
    unsigned code;
    const char *why = "";
    if (parse_code_token(tok, mxcts_format_get(o->fmt)->bits, &code, &why))
        return cli_token_error("decode", tok, pos, where, why);
    if (o->to == MXCTS_WIDE_F64) {
        double d;
        uint64_t b;
        mxcts_decode_f64(o->fmt, code, &d);
        memcpy(&b, &d, sizeof b);
        printf("0x%016" PRIx64 " %.17g\n", b, d);
    } else {
        float f;
        uint32_t b;
        mxcts_decode_f32(o->fmt, code, &f);
        memcpy(&b, &f, sizeof b);
        printf("0x%08" PRIx32 " %.9g\n", b, (double)f);
    }
    return 0;
}

static int parse_decode_args(int argc, char **argv, decode_opts *o, int *first_value)
{
    o->to = MXCTS_WIDE_F32;
    int have_fmt = 0, i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            decode_usage(stdout);
            return -1;
        }
        if (strncmp(a, "--", 2) != 0) {
            if (have_fmt)
                break;
            if (mxcts_format_from_name(a, &o->fmt))
                return cli_usage_error("decode", "unknown format", a);
            have_fmt = 1;
            continue;
        }
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--profile")) {
            if (!val || !mxcts_profile_find(val))
                return cli_usage_error("decode", "unknown profile (see mxcts profiles)", val ? val : "");
            i++;
            continue;
        }
        if (strcmp(a, "--to") != 0)
            return cli_usage_error("decode", "unknown option", a);
        if (!val || !wide_from_name(val, &o->to) ||
            (o->to != MXCTS_WIDE_F32 && o->to != MXCTS_WIDE_F64))
            return cli_usage_error("decode", "--to takes f32 or f64, got", val ? val : "");
        i++;
    }
    if (!have_fmt)
        return cli_usage_error("decode", "missing FORMAT", "");
    *first_value = i;
    return 0;
}

static int decode_token_cb(void *ctx, const char *tok, long pos, const char *where)
{
    return decode_token((const decode_opts *)ctx, tok, pos, where);
}

int cmd_decode(int argc, char **argv)
{
    decode_opts o = {0};
    int first = 0, rc = parse_decode_args(argc, argv, &o, &first);
    if (rc)
        return rc < 0 ? 0 : rc;
    return cli_each_token("decode", argc, argv, first, decode_token_cb, &o);
}

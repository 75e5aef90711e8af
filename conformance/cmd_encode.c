/* mxcts encode FORMAT [--from T] [--profile P] [--round M] [--overflow O] [--nan-sign S]
 *                    [--zero Z] [--negative N] [VALUE...]
 * One "0xNN" line per input value; stdin tokens when no VALUE is given.
 * FORMAT e8m0 uses the E8M0 encoder (mxcts/e8m0.h) and its own knobs. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "cli_common.h"
#include "parse_token.h"
#include "knob_opts.h"
#include "mxcts/e8m0.h"

static void encode_usage(FILE *out)
{
    fprintf(out, "usage: mxcts encode FORMAT [--from f32|f16|bf16|f64] [options] [VALUE...]\n"
                 KNOB_OPTS_USAGE
                 "VALUE: hex bit pattern of the source type (0x43e80000) or a decimal number.\n"
                 "Without VALUEs, whitespace-separated tokens are read from stdin.\n");
}

typedef struct encode_opts {
    mxcts_format fmt;
    mxcts_wide from;
    mxcts_convert cv;
    mxcts_e8m0_convert e8;
} encode_opts;

/* Encode one token and print it; returns 0 or the exit status 2. */
static int encode_token(const encode_opts *o, const char *tok, long pos, const char *where)
{
    uint64_t bits;
    const char *why = "";
    uint8_t code;
    if (parse_value_token(tok, o->from, &bits, &why))
        return cli_token_error("encode", tok, pos, where, why);
    mxcts_status st;
    if (o->fmt == MXCTS_E8M0) {
        switch (o->from) {
        case MXCTS_WIDE_F64: st = mxcts_e8m0_encode_f64(bits, &o->e8, &code, NULL); break;
        case MXCTS_WIDE_F32: st = mxcts_e8m0_encode_f32((uint32_t)bits, &o->e8, &code, NULL); break;
        case MXCTS_WIDE_F16: st = mxcts_e8m0_encode_f16((uint16_t)bits, &o->e8, &code, NULL); break;
        default: st = mxcts_e8m0_encode_bf16((uint16_t)bits, &o->e8, &code, NULL); break;
        }
    } else switch (o->from) {
    case MXCTS_WIDE_F64: st = mxcts_encode_f64(o->fmt, bits, &o->cv, &code, NULL); break;
    case MXCTS_WIDE_F32: st = mxcts_encode_f32(o->fmt, (uint32_t)bits, &o->cv, &code, NULL); break;
    case MXCTS_WIDE_F16: st = mxcts_encode_f16(o->fmt, (uint16_t)bits, &o->cv, &code, NULL); break;
    default: st = mxcts_encode_bf16(o->fmt, (uint16_t)bits, &o->cv, &code, NULL); break;
    }
    if (st)
        return cli_token_error("encode", tok, pos, where, mxcts_status_string(st));
    printf("0x%02x\n", code);
    return 0;
}

static int parse_encode_args(int argc, char **argv, encode_opts *o, int *first_value)
{
    knob_args ka = {0};
    o->from = MXCTS_WIDE_F32;
    int have_fmt = 0, i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            encode_usage(stdout);
            return -1;
        }
        if (strncmp(a, "--", 2) != 0) {
            if (have_fmt)
                break; /* first value */
            if (mxcts_format_from_name(a, &o->fmt))
                return cli_usage_error("encode", "unknown format", a);
            have_fmt = 1;
            continue;
        }
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int ok;
        if (!strcmp(a, "--from"))
            ok = val && wide_from_name(val, &o->from);
        else if (knob_args_take(&ka, a, val))
            ok = val != NULL;
        else
            return cli_usage_error("encode", "unknown option", a);
        if (!ok)
            return cli_usage_error("encode", val ? "bad value for option" : "missing value for option", a);
        i++;
    }
    if (!have_fmt)
        return cli_usage_error("encode", "missing FORMAT", "");
    int rc = knob_args_resolve("encode", &ka, o->fmt, &o->cv, &o->e8);
    if (rc)
        return rc;
    *first_value = i;
    return 0;
}

static int encode_token_cb(void *ctx, const char *tok, long pos, const char *where)
{
    return encode_token((const encode_opts *)ctx, tok, pos, where);
}

int cmd_encode(int argc, char **argv)
{
    encode_opts o;
    int first = 0, rc = parse_encode_args(argc, argv, &o, &first);
    if (rc)
        return rc < 0 ? 0 : rc;
    return cli_each_token("encode", argc, argv, first, encode_token_cb, &o);
}

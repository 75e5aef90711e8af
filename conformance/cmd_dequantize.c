/* mxcts dequantize --elem FORMAT [--to f32|bf16|f16|f64] [--block-size N] [CODE...]
 * Codes are taken in groups of 1 + N (N = 32): the E8M0 scale code, then N
 * element codes (the lines `mxcts quantize` prints). For each element one
 * line: the output's bit pattern in hex and its value (%.9g; %.17g for f64).
 * The product X * element is exact and rounded once (RNE) to the output
 * type; scale 0xFF gives NaN, overflow gives Inf. Stdin when no CODE is given. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "cli_common.h"
#include "parse_token.h"
#include "mxcts/mxblock.h"

static void dequantize_usage(FILE *out)
{
    fprintf(out,
            "usage: mxcts dequantize --elem FORMAT [--to f32|bf16|f16|f64] [--block-size N] [CODE...]\n"
            "  --elem e4m3|e5m2|e2m3|e3m2|e2m1|int8   element format\n"
            "  --to T           output type (default f32)\n"
            "  --block-size N   elements per scale (default 32)\n"
            "CODE: hex (0x7f) or decimal; groups of 1 + N: the scale, then N elements.\n"
            "Output: one line per element: bit pattern and value.\n");
}

static double half_value(uint16_t b, int is_bf16)
{
    if (is_bf16) {
        uint32_t w = (uint32_t)b << 16;
        float f;
        memcpy(&f, &w, sizeof f);
        return f;
    }
    unsigned E = (b >> 10) & 0x1F, M = b & 0x3FF;
    double v = E == 0x1F ? (M ? NAN : INFINITY) : E ? ldexp(1024 + M, (int)E - 25) : ldexp(M, -24);
    return (b & 0x8000) ? -v : v;
}

static void print_value(mxcts_wide to, double exact, uint64_t bits)
{
    switch (to) {
    case MXCTS_WIDE_F64:
        printf("0x%016llx %.17g\n", (unsigned long long)bits, exact);
        break;
    case MXCTS_WIDE_F32: {
        uint32_t w = (uint32_t)bits;
        float f;
        memcpy(&f, &w, sizeof f);
        printf("0x%08x %.9g\n", w, (double)f);
        break;
    }
    default:
        printf("0x%04x %.9g\n", (unsigned)bits, half_value((uint16_t)bits, to == MXCTS_WIDE_BF16));
        break;
    }
}

int cmd_dequantize(int argc, char **argv)
{
    const char *elem = NULL;
    mxcts_format fmt = MXCTS_E4M3;
    mxcts_wide to = MXCTS_WIDE_F32;
    long bs = MXCTS_MX_BLOCK;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            dequantize_usage(stdout);
            return 0;
        }
        if (strncmp(a, "--", 2) != 0)
            break;
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!val)
            return cli_usage_error("dequantize", "missing value for option", a);
        if (!strcmp(a, "--elem")) {
            elem = val;
        } else if (!strcmp(a, "--to")) {
            if (!wide_from_name(val, &to))
                return cli_usage_error("dequantize", "--to must be f32, bf16, f16 or f64, not", val);
        } else if (!strcmp(a, "--block-size")) {
            char *end;
            bs = strtol(val, &end, 10);
            if (*end || end == val || bs < 1 || bs > 65536)
                return cli_usage_error("dequantize", "--block-size must be an integer in 1..65536, not", val);
        } else {
            return cli_usage_error("dequantize", "unknown option", a);
        }
        i++;
    }
    if (!elem)
        return cli_usage_error("dequantize", "missing option", "--elem");
    if (mxcts_format_from_name(elem, &fmt) || !mxcts_mx_elem_ok(fmt))
        return cli_usage_error("dequantize", "not an MX element format (e4m3 e5m2 e2m3 e3m2 e2m1 int8)", elem);
    int ebits = mxcts_format_get(fmt)->bits;
    long group = bs + 1, n = 0;
    uint8_t scale = 0;
    unsigned *codes = malloc(sizeof(unsigned) * (size_t)bs);
    if (!codes)
        return cli_usage_error("dequantize", "out of memory", "");
    int rc = 0;
    token_reader r;
    int from_args = i < argc;
    if (from_args && (argc - i) % group) {
        fprintf(stderr, "mxcts dequantize: %d codes is not a multiple of 1 + block size = %ld\n",
                argc - i, group);
        free(codes);
        return 2;
    }
    if (!from_args)
        token_reader_init(&r, stdin);
    for (long pos = 1;; pos++) {
        const char *tok, *where = from_args ? "argument" : "stdin token";
        if (from_args) {
            if (i >= argc)
                break;
            tok = argv[i++];
        } else {
            int got = token_reader_next(&r);
            if (!got)
                break;
            tok = r.buf;
            if (got < 0) {
                rc = cli_token_error("dequantize", tok, pos, where, "token too long or not text");
                break;
            }
        }
        unsigned code;
        const char *why = "";
        int is_scale = n == 0;
        if (parse_code_token(tok, is_scale ? 8 : ebits, &code, &why)) {
            rc = cli_token_error("dequantize", tok, pos, where, why);
            break;
        }
        if (is_scale)
            scale = (uint8_t)code;
        else
            codes[n - 1] = code;
        if (++n < group)
            continue;
        for (long j = 0; j < bs; j++) {
            double exact;
            uint64_t bits;
            mxcts_mx_dequantize_one(fmt, scale, codes[j], to, &exact, &bits);
            print_value(to, exact, bits);
        }
        n = 0;
    }
    if (!rc && n) {
        fflush(stdout);
        fprintf(stderr, "mxcts dequantize: %ld codes left over: not a multiple of 1 + block size = %ld\n",
                n, group);
        rc = 2;
    }
    free(codes);
    return rc;
}

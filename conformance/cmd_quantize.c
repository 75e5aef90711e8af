/* mxcts quantize --elem FORMAT [--scale-mode MODE] [--from f32|f16|bf16] [--profile P]
 *                [--nan-policy spec|ignore] [--inf-policy spec|max-scale|ignore]
 *                [--inf-elem sat|keep] [--round rne|half-away|half-up]
 *                [--int8-min -127|-128] [--block-size N] [VALUE...]
 * Values are taken in blocks of N (32); per block one line: the E8M0 scale
 * code, then the N element codes ("0x7f 0x7e 0x38 ..."). Stdin tokens when no
 * VALUE is given. A value count that is not a multiple of N is an error
 * (exit 2), never padded. Rules: spec/mx-blocks.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "cli_common.h"
#include "parse_token.h"
#include "mxcts/mxblock.h"

/* Hook for --profile: when the profile table (mxcts/profile.h, issue 3) is in
 * the tree its block knobs are applied first, then the explicit options. */
#if defined(__has_include)
#if __has_include("mxcts/profile.h")
#include "mxcts/profile.h"
#define MXCTS_HAVE_PROFILES 1
#endif
#endif

static void quantize_usage(FILE *out)
{
    fprintf(out,
            "usage: mxcts quantize --elem FORMAT [--scale-mode MODE] [options] [VALUE...]\n"
            "  --elem e4m3|e5m2|e2m3|e3m2|e2m1|int8   element format\n"
            "  --scale-mode floor|ceil|even|rceil|tk_round_up|tk_round_down|tosa   (default floor)\n"
            "  --from f32|f16|bf16       source type of the values (default f32)\n"
            "  --profile NAME            knob bundle applied first (default ocp)\n"
            "  --nan-policy spec|ignore  NaN in a block: scale 0xFF, or left out of amax\n"
            "  --inf-policy spec|max-scale|ignore   Inf in a block: 0xFF, 0xFE, or left out\n"
            "  --inf-elem sat|keep       Inf element under a finite scale: +-max, or Inf/NaN\n"
            "  --round rne|half-away|half-up        element rounding (default rne)\n"
            "  --int8-min -128|-127      most negative INT8 element (default -128)\n"
            "  --block-size N            values per scale (default 32)\n"
            "VALUE: hex bit pattern of the source type (0x43e00000) or a decimal number\n"
            "(rounded once to the source type, RNE). Without VALUEs, stdin is read.\n"
            "Output: one line per block: scale code, then the element codes.\n");
}

typedef struct quant_opts {
    mxcts_format elem;
    mxcts_wide from;
    mxcts_block_config cfg;
} quant_opts;

static int apply_profile(const char *name, mxcts_block_config *cfg)
{
    if (!name)
        return 0;
#ifdef MXCTS_HAVE_PROFILES
    if (mxcts_profile_apply(name, NULL, NULL, cfg) == MXCTS_OK)
        return 0;
    return cli_usage_error("quantize", "unknown profile", name);
#else
    if (!strcmp(name, "ocp"))
        return 0; /* the defaults */
    return cli_usage_error("quantize", "unknown profile (only ocp in this build)", name);
#endif
}

static int parse_opts(int argc, char **argv, quant_opts *o, int *first_value)
{
    const char *elem = NULL, *mode = NULL, *profile = NULL, *nanp = NULL, *infp = NULL,
               *infe = NULL, *round = NULL, *i8 = NULL, *bsz = NULL;
    o->from = MXCTS_WIDE_F32;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            quantize_usage(stdout);
            return -1;
        }
        if (strncmp(a, "--", 2) != 0)
            break; /* first value */
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = !strcmp(a, "--elem") ? &elem
                            : !strcmp(a, "--scale-mode") ? &mode
                            : !strcmp(a, "--profile") ? &profile
                            : !strcmp(a, "--nan-policy") ? &nanp
                            : !strcmp(a, "--inf-policy") ? &infp
                            : !strcmp(a, "--inf-elem") ? &infe
                            : !strcmp(a, "--round") ? &round
                            : !strcmp(a, "--int8-min") ? &i8
                            : !strcmp(a, "--block-size") ? &bsz
                            : NULL;
        if (!slot && strcmp(a, "--from"))
            return cli_usage_error("quantize", "unknown option", a);
        if (!val)
            return cli_usage_error("quantize", "missing value for option", a);
        if (!slot) {
            if (!wide_from_name(val, &o->from) || o->from == MXCTS_WIDE_F64)
                return cli_usage_error("quantize", "--from must be f32, f16 or bf16, not", val);
        } else {
            *slot = val;
        }
        i++;
    }
    if (!elem)
        return cli_usage_error("quantize", "missing option", "--elem");
    if (mxcts_format_from_name(elem, &o->elem) || !mxcts_mx_elem_ok(o->elem))
        return cli_usage_error("quantize", "not an MX element format (e4m3 e5m2 e2m3 e3m2 e2m1 int8)", elem);
    mxcts_block_config_init(&o->cfg);
    int rc = apply_profile(profile, &o->cfg);
    if (rc)
        return rc;
    if (mode && mxcts_scale_mode_from_name(mode, &o->cfg.scale_mode))
        return cli_usage_error("quantize", "unknown --scale-mode", mode);
    if (nanp && mxcts_block_nan_from_name(nanp, &o->cfg.nan_policy))
        return cli_usage_error("quantize", "unknown --nan-policy", nanp);
    if (infp && mxcts_block_inf_from_name(infp, &o->cfg.inf_policy))
        return cli_usage_error("quantize", "unknown --inf-policy", infp);
    if (infe) {
        if (!strcmp(infe, "sat"))
            o->cfg.inf_elem = MXCTS_BLOCK_INF_ELEM_SAT;
        else if (!strcmp(infe, "keep"))
            o->cfg.inf_elem = MXCTS_BLOCK_INF_ELEM_KEEP;
        else
            return cli_usage_error("quantize", "unknown --inf-elem", infe);
    }
    if (round && mxcts_elem_round_from_name(round, &o->cfg.round))
        return cli_usage_error("quantize", "unknown --round", round);
    if (i8) {
        if (!strcmp(i8, "-128"))
            o->cfg.int8_min = -128;
        else if (!strcmp(i8, "-127"))
            o->cfg.int8_min = -127;
        else
            return cli_usage_error("quantize", "--int8-min must be -128 or -127, not", i8);
    }
    if (bsz) {
        char *end;
        long n = strtol(bsz, &end, 10);
        if (*end || end == bsz || n < 1 || n > 65536)
            return cli_usage_error("quantize", "--block-size must be an integer in 1..65536, not", bsz);
        o->cfg.block_size = (int)n;
    }
    *first_value = i;
    return 0;
}

/* Values of one block being collected (bit patterns of the source type). */
typedef struct block_buf {
    uint32_t *v32;
    uint16_t *v16;
    int n;
} block_buf;

static int add_value(const quant_opts *o, block_buf *b, const char *tok, long pos, const char *where)
{
    uint64_t bits;
    const char *why = "";
    if (parse_value_token(tok, o->from, &bits, &why))
        return cli_token_error("quantize", tok, pos, where, why);
    if (o->from == MXCTS_WIDE_F32)
        b->v32[b->n++] = (uint32_t)bits;
    else
        b->v16[b->n++] = (uint16_t)bits;
    if (b->n < o->cfg.block_size)
        return 0;
    uint8_t scale, *codes = malloc((size_t)o->cfg.block_size);
    if (!codes)
        return cli_usage_error("quantize", "out of memory", "");
    const void *in = o->from == MXCTS_WIDE_F32 ? (const void *)b->v32 : (const void *)b->v16;
    mxcts_status st = mxcts_mx_quantize_block(o->elem, o->from, in, b->n, &o->cfg, &scale, codes);
    if (st) {
        free(codes);
        return cli_token_error("quantize", tok, pos, where, mxcts_status_string(st));
    }
    printf("0x%02x", scale);
    for (int j = 0; j < b->n; j++)
        printf(" 0x%02x", codes[j]);
    putchar('\n');
    free(codes);
    b->n = 0;
    return 0;
}

static int count_error(long count, int block)
{
    fflush(stdout); /* blocks already printed stay valid */
    fprintf(stderr, "mxcts quantize: %ld values is not a multiple of the block size %d (nothing is padded)\n",
            count, block);
    return 2;
}

int cmd_quantize(int argc, char **argv)
{
    quant_opts o = {0};
    mxcts_block_config_init(&o.cfg); /* parse_opts sets it; this only keeps analysers from seeing block 0 */
    int first = 0, rc = parse_opts(argc, argv, &o, &first);
    if (rc)
        return rc < 0 ? 0 : rc;
    block_buf b = {malloc(4 * (size_t)o.cfg.block_size), malloc(2 * (size_t)o.cfg.block_size), 0};
    if (!b.v32 || !b.v16) {
        free(b.v32), free(b.v16);
        return cli_usage_error("quantize", "out of memory", "");
    }
    if (first < argc) {
        long count = argc - first;
        if (count % o.cfg.block_size) {
            rc = count_error(count, o.cfg.block_size);
        } else {
            /* parse every value first, so that a bad token prints no block */
            for (int i = first; i < argc && !rc; i++) {
                uint64_t bits;
                const char *why = "";
                if (parse_value_token(argv[i], o.from, &bits, &why))
                    rc = cli_token_error("quantize", argv[i], i - first + 1, "argument", why);
            }
            for (int i = first; i < argc && !rc; i++)
                rc = add_value(&o, &b, argv[i], i - first + 1, "argument");
        }
    } else {
        token_reader r;
        token_reader_init(&r, stdin);
        int got;
        while (!rc && (got = token_reader_next(&r)) != 0) {
            if (got < 0)
                rc = cli_token_error("quantize", r.buf, r.index, "stdin token", "token too long or not text");
            else
                rc = add_value(&o, &b, r.buf, r.index, "stdin token");
        }
        if (!rc && b.n)
            rc = count_error(r.index, o.cfg.block_size);
    }
    free(b.v32), free(b.v16);
    return rc;
}

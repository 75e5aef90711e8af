/* Token parsing for the CLI. Decimal numbers are rounded to the source type
 * exactly once: strtod under downward and upward rounding brackets the exact
 * decimal between two adjacent doubles, which decides f16/bf16 midpoints. */
#include "parse_token.h"

#include <ctype.h>
#include <errno.h>
#include <fenv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const wide_names[MXCTS_WIDE_COUNT] = {"f64", "f32", "f16", "bf16"};
static const int wide_bits[MXCTS_WIDE_COUNT] = {64, 32, 16, 16};

const char *wide_name(mxcts_wide w)
{
    return (unsigned)w < MXCTS_WIDE_COUNT ? wide_names[w] : "?";
}

int wide_from_name(const char *name, mxcts_wide *w)
{
    for (int i = 0; i < MXCTS_WIDE_COUNT; i++)
        if (!strcasecmp(name, wide_names[i])) {
            *w = (mxcts_wide)i;
            return 1;
        }
    return 0;
}

static int all_hex(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isxdigit((unsigned char)*s))
            return 0;
    return 1;
}

/* Round a double to a binary format with `eb` exponent and `mb` mantissa
 * bits (f16: 5/10, bf16: 8/7), RNE, overflow to Inf. Bit manipulation on the
 * double's fields; used only to turn decimal text into a 16-bit pattern. */
static uint16_t double_to_small(double d, int eb, int mb, int *tie)
{
    *tie = 0;
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    uint16_t sign = (uint16_t)((b >> 63) << (eb + mb));
    int E = (int)((b >> 52) & 0x7FF);
    uint64_t M = b & 0xFFFFFFFFFFFFFull;
    uint16_t inf = (uint16_t)(((1u << eb) - 1) << mb);
    if (E == 0x7FF)
        return sign | inf | (M ? (uint16_t)(1u << (mb - 1)) : 0);
    if (E == 0) /* f64 subnormals are far below any 16-bit format */
        return sign;
    int bias = (1 << (eb - 1)) - 1;
    int e = E - 1023, emin = 1 - bias;
    uint64_t sig = M | (1ull << 52);
    int te = e < emin ? emin : e;
    int shift = 52 - mb + (te - e);
    if (shift > 62)
        return sign;
    uint64_t n = sig >> shift, rem = sig & ((1ull << shift) - 1), half = 1ull << (shift - 1);
    *tie = rem == half;
    n += (rem > half) || (rem == half && (n & 1));
    uint64_t mag = ((uint64_t)(te - emin) << mb) + n;
    return mag >= inf ? (sign | inf) : (uint16_t)(sign | mag);
}

static double strtod_rounded(const char *tok, int mode, char **end)
{
    int old = fegetround();
    fesetround(mode);
    double d = strtod(tok, end);
    fesetround(old);
    return d;
}

static mxcts_status parse_number(const char *tok, mxcts_wide type, uint64_t *bits, const char **why)
{
    char *end;
    errno = 0;
    if (type == MXCTS_WIDE_F64) {
        double d = strtod(tok, &end);
        if (*end || end == tok)
            goto bad;
        memcpy(bits, &d, sizeof d);
        return MXCTS_OK;
    }
    if (type == MXCTS_WIDE_F32) {
        float f = strtof(tok, &end);
        if (*end || end == tok)
            goto bad;
        uint32_t u;
        memcpy(&u, &f, sizeof u);
        *bits = u;
        return MXCTS_OK;
    }
    int eb = type == MXCTS_WIDE_F16 ? 5 : 8, mb = type == MXCTS_WIDE_F16 ? 10 : 7;
    double dn = strtod_rounded(tok, FE_DOWNWARD, &end);
    if (*end || end == tok)
        goto bad;
    double up = strtod_rounded(tok, FE_UPWARD, &end);
    int tie;
    uint16_t h = double_to_small(dn, eb, mb, &tie);
    /* The exact value lies strictly inside (dn, up) when they differ; no
     * representable value or midpoint is in there, so only a tie at dn
     * would round differently from the exact value. */
    if (dn != up && tie)
        h = double_to_small(up, eb, mb, &tie);
    *bits = h;
    return MXCTS_OK;
bad:
    *why = "not a number or hex bit pattern";
    return MXCTS_ERR_PARSE;
}

mxcts_status parse_value_token(const char *tok, mxcts_wide type, uint64_t *bits, const char **why)
{
    if ((unsigned)type >= MXCTS_WIDE_COUNT) {
        *why = "unknown source type";
        return MXCTS_ERR_MODE;
    }
    if ((tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) && all_hex(tok + 2)) {
        size_t digits = strlen(tok + 2);
        while (digits > 1 && tok[2 + strlen(tok + 2) - digits] == '0')
            digits--; /* leading zeros do not widen a pattern */
        uint64_t v = digits <= 16 ? strtoull(tok + 2, NULL, 16) : 0;
        int width = wide_bits[type];
        if (digits > 16 || (width < 64 && v >> width)) {
            *why = "hex bit pattern wider than the source type";
            return MXCTS_ERR_PARSE;
        }
        *bits = v;
        return MXCTS_OK;
    }
    return parse_number(tok, type, bits, why);
}

mxcts_status parse_code_token(const char *tok, int bits, unsigned *code, const char **why)
{
    const char *digits = tok;
    int base = 10;
    if (tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) {
        digits = tok + 2, base = 16;
        if (!all_hex(digits))
            goto bad;
    } else {
        for (const char *p = tok; *p; p++)
            if (!isdigit((unsigned char)*p))
                goto bad;
        if (!*tok)
            goto bad;
    }
    while (digits[0] == '0' && digits[1])
        digits++;
    if (strlen(digits) > 4)
        goto wide;
    unsigned long v = strtoul(digits, NULL, base);
    if (v >> bits)
        goto wide;
    *code = (unsigned)v;
    return MXCTS_OK;
wide:
    *why = "code wider than the format";
    return MXCTS_ERR_CODE_RANGE;
bad:
    *why = "not a code (hex 0x.. or a decimal integer)";
    return MXCTS_ERR_PARSE;
}

void token_reader_init(token_reader *r, FILE *in)
{
    r->in = in;
    r->buf[0] = 0;
    r->line = 0;
    r->index = 0;
    r->cur_line = 1;
}

int token_reader_next(token_reader *r)
{
    int c;
    while ((c = getc(r->in)) != EOF && (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                                        c == '\v' || c == '\f'))
        if (c == '\n')
            r->cur_line++;
    if (c == EOF)
        return 0;
    r->index++;
    r->line = r->cur_line;
    size_t len = 0;
    int bad = 0;
    for (; c != EOF && !isspace(c); c = getc(r->in)) {
        if (c < 0x20 || c >= 0x7F)
            bad = 1;
        if (len < TOKEN_MAX)
            r->buf[len++] = (c < 0x20 || c >= 0x7F) ? '?' : (char)c;
        else
            bad = 1;
    }
    if (c == '\n')
        r->cur_line++;
    r->buf[len < 40 || !bad ? len : 40] = 0;
    return bad ? -1 : 1;
}

/* Golden vector files: header encode/decode, CRC-32, read and write
 * (include/mxcts/vectors.h, spec/vectors.md). libc only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mxcts/format.h"
#include "mxcts/vectors.h"

/* Header field offsets (spec/vectors.md "Header"). */
enum {
    H_MAGIC = 0, H_VERSION = 8, H_HSIZE = 10, H_OP = 12, H_SRC = 13, H_DST = 14, H_FMT = 15, H_FMTB = 16,
    H_INPUT = 17, H_RES0 = 18, H_RSIZE = 20, H_COUNT = 24, H_M = 32, H_N = 36, H_K = 40, H_RES1 = 44,
    H_SEED = 48, H_PROFILE = 56, H_SET = 88, H_ELEM = 120, H_E8M0 = 132, H_BLOCK = 136, H_RES2 = 148,
    H_CRC = 252
};

static const char *const op_names[] = {"?", "decode", "encode", "e8m0-encode", "mx-quantize", "mx-dequantize",
                                       "gemm"};

const char *mxcts_vec_op_name(mxcts_vec_op op)
{
    return (int)op >= 1 && (int)op <= MXCTS_VEC_OP_MAX ? op_names[op] : "?";
}

const char *mxcts_vec_error_string(mxcts_vec_error e)
{
    switch (e) {
    case MXCTS_VEC_OK: return "ok";
    case MXCTS_VEC_ERR_IO: return "cannot read";
    case MXCTS_VEC_ERR_SHORT: return "shorter than a header";
    case MXCTS_VEC_ERR_MAGIC: return "bad magic";
    case MXCTS_VEC_ERR_VERSION: return "unknown version";
    case MXCTS_VEC_ERR_HEADER_CRC: return "header CRC mismatch";
    case MXCTS_VEC_ERR_HEADER: return "invalid header field";
    case MXCTS_VEC_ERR_TRUNCATED: return "truncated";
    case MXCTS_VEC_ERR_TRAILING: return "trailing bytes";
    case MXCTS_VEC_ERR_BODY_CRC: return "record CRC mismatch";
    }
    return "?";
}

size_t mxcts_vec_wide_size(int wide)
{
    switch (wide) {
    case MXCTS_WIDE_F64: return 8;
    case MXCTS_WIDE_F32: return 4;
    case MXCTS_WIDE_F16:
    case MXCTS_WIDE_BF16: return 2;
    default: return 0;
    }
}

uint32_t mxcts_vec_crc32(uint32_t crc, const void *data, size_t n)
{
    static uint32_t table[256];
    static int ready;
    if (!ready) { /* idempotent: racing initialisers write the same values */
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int j = 0; j < 8; j++)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = 1;
    }
    const uint8_t *p = data;
    crc = ~crc;
    for (size_t i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

size_t mxcts_vec_expected_record_size(const mxcts_vec_header *h)
{
    size_t w = mxcts_vec_wide_size(h->src), dw = mxcts_vec_wide_size(h->dst);
    switch (h->op) {
    case MXCTS_VEC_DECODE:
        return 1 + 4 + 8;
    case MXCTS_VEC_ENCODE:
        if (h->input_mode == MXCTS_VEC_IMPLICIT)
            return 1;
        return w ? w + 2 : 0;
    case MXCTS_VEC_E8M0_ENCODE:
        return w ? w + 2 : 0;
    case MXCTS_VEC_MX_QUANTIZE:
        return w && h->k ? (size_t)h->k * w + 1 + h->k : 0;
    case MXCTS_VEC_MX_DEQUANTIZE:
        return dw && h->k ? 1 + (size_t)h->k + (size_t)h->k * dw : 0;
    case MXCTS_VEC_GEMM: {
        if (!dw || !h->m || !h->n || !h->k || h->block.block_size < 1 || h->k % (uint32_t)h->block.block_size)
            return 0;
        size_t kb = h->k / (size_t)h->block.block_size;
        return (size_t)h->m * (h->k + kb) + (size_t)h->n * (h->k + kb) + (size_t)h->m * h->n * dw;
    }
    }
    return 0;
}

static void put_name(uint8_t *p, const char *s)
{
    memset(p, 0, MXCTS_VEC_NAME_MAX);
    size_t n = strlen(s);
    if (n > MXCTS_VEC_NAME_MAX - 1)
        n = MXCTS_VEC_NAME_MAX - 1;
    memcpy(p, s, n);
}

void mxcts_vec_header_encode(const mxcts_vec_header *h, uint8_t b[MXCTS_VEC_HEADER_SIZE])
{
    memset(b, 0, MXCTS_VEC_HEADER_SIZE);
    memcpy(b + H_MAGIC, MXCTS_VEC_MAGIC, 8);
    mxcts_vec_put_le(b + H_VERSION, (uint64_t)h->version, 2);
    mxcts_vec_put_le(b + H_HSIZE, MXCTS_VEC_HEADER_SIZE, 2);
    b[H_OP] = (uint8_t)h->op;
    b[H_SRC] = (uint8_t)h->src;
    b[H_DST] = (uint8_t)h->dst;
    b[H_FMT] = (uint8_t)h->fmt;
    b[H_FMTB] = (uint8_t)h->fmt_b;
    b[H_INPUT] = (uint8_t)h->input_mode;
    mxcts_vec_put_le(b + H_RSIZE, h->record_size, 4);
    mxcts_vec_put_le(b + H_COUNT, h->count, 8);
    mxcts_vec_put_le(b + H_M, h->m, 4);
    mxcts_vec_put_le(b + H_N, h->n, 4);
    mxcts_vec_put_le(b + H_K, h->k, 4);
    mxcts_vec_put_le(b + H_SEED, h->seed, 8);
    put_name(b + H_PROFILE, h->profile);
    put_name(b + H_SET, h->set);
    const mxcts_convert *e = &h->elem;
    uint8_t *p = b + H_ELEM;
    p[0] = (uint8_t)e->round, p[1] = (uint8_t)e->overflow, p[2] = (uint8_t)e->nan_sign;
    p[3] = (uint8_t)e->overflow_test, p[4] = (uint8_t)e->inf_policy, p[5] = (uint8_t)e->nan_finite;
    p[6] = (uint8_t)e->e4m3_sat_nan, p[7] = (uint8_t)e->nan_input_positive, p[8] = (uint8_t)e->nan_code_e5m2;
    p[9] = (uint8_t)(int8_t)e->int8_min;
    p = b + H_E8M0;
    p[0] = (uint8_t)h->e8m0.round, p[1] = (uint8_t)h->e8m0.overflow, p[2] = (uint8_t)h->e8m0.zero;
    p[3] = (uint8_t)h->e8m0.negative;
    p = b + H_BLOCK;
    mxcts_vec_put_le(p, (uint64_t)(uint32_t)h->block.block_size, 4);
    p[4] = (uint8_t)h->block.scale_mode, p[5] = (uint8_t)h->block.nan_policy, p[6] = (uint8_t)h->block.inf_policy;
    p[7] = (uint8_t)h->block.inf_elem, p[8] = (uint8_t)h->block.round, p[9] = (uint8_t)(int8_t)h->block.int8_min;
    mxcts_vec_put_le(b + H_CRC, mxcts_vec_crc32(0, b, H_CRC), 4);
}

#define BAD(...)                                                                               \
    do {                                                                                       \
        if (err && errsize)                                                                    \
            snprintf(err, errsize, __VA_ARGS__);                                               \
        return MXCTS_VEC_ERR_HEADER;                                                           \
    } while (0)

static int zeros(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static mxcts_vec_error get_name(const uint8_t *p, char *out, const char *what, char *err, size_t errsize,
                                size_t off)
{
    size_t n = 0;
    while (n < MXCTS_VEC_NAME_MAX && p[n])
        n++;
    if (n == MXCTS_VEC_NAME_MAX || !zeros(p + n, MXCTS_VEC_NAME_MAX - n))
        BAD("header: %s field (bytes %zu-%zu) is not NUL-terminated and NUL-padded", what, off,
            off + MXCTS_VEC_NAME_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x21 || p[i] > 0x7e)
            BAD("header: %s field has a non-printable byte 0x%02x at offset %zu", what, p[i], off + i);
    memcpy(out, p, n);
    out[n] = 0;
    return MXCTS_VEC_OK;
}

mxcts_vec_error mxcts_vec_header_decode(const uint8_t *b, size_t size, mxcts_vec_header *h, char *err,
                                        size_t errsize)
{
    memset(h, 0, sizeof *h);
    if (size < MXCTS_VEC_HEADER_SIZE) {
        if (err && errsize)
            snprintf(err, errsize, "file is %zu bytes, shorter than the %d-byte header", size,
                     MXCTS_VEC_HEADER_SIZE);
        return MXCTS_VEC_ERR_SHORT;
    }
    if (memcmp(b, MXCTS_VEC_MAGIC, 8)) {
        if (err && errsize)
            snprintf(err, errsize, "header: bad magic (bytes 0-7 are not \"MXCTSVEC\")");
        return MXCTS_VEC_ERR_MAGIC;
    }
    uint32_t crc = (uint32_t)mxcts_vec_le(b + H_CRC, 4), want = mxcts_vec_crc32(0, b, H_CRC);
    unsigned version = (unsigned)mxcts_vec_le(b + H_VERSION, 2), hsize = (unsigned)mxcts_vec_le(b + H_HSIZE, 2);
    if (crc != want) {
        if (err && errsize)
            snprintf(err, errsize, "header: CRC-32 mismatch (stored 0x%08x at byte %d, header bytes 0-%d give 0x%08x): "
                     "the header is corrupt", crc, H_CRC, H_CRC - 1, want);
        return MXCTS_VEC_ERR_HEADER_CRC;
    }
    if (version != MXCTS_VEC_VERSION || hsize != MXCTS_VEC_HEADER_SIZE) {
        if (err && errsize)
            snprintf(err, errsize, "header: format version %u / header size %u not supported (this reader: %d / %d)",
                     version, hsize, MXCTS_VEC_VERSION, MXCTS_VEC_HEADER_SIZE);
        return MXCTS_VEC_ERR_VERSION;
    }
    h->version = (int)version;
    h->op = (mxcts_vec_op)b[H_OP];
    h->src = b[H_SRC];
    h->dst = b[H_DST];
    h->fmt = b[H_FMT];
    h->fmt_b = b[H_FMTB];
    h->input_mode = b[H_INPUT];
    h->record_size = (uint32_t)mxcts_vec_le(b + H_RSIZE, 4);
    h->count = mxcts_vec_le(b + H_COUNT, 8);
    h->m = (uint32_t)mxcts_vec_le(b + H_M, 4);
    h->n = (uint32_t)mxcts_vec_le(b + H_N, 4);
    h->k = (uint32_t)mxcts_vec_le(b + H_K, 4);
    h->seed = mxcts_vec_le(b + H_SEED, 8);
    if (!zeros(b + H_RES0, 2) || !zeros(b + H_RES1, 4) || !zeros(b + H_RES2, H_CRC - H_RES2) ||
        !zeros(b + H_ELEM + 10, 2) || !zeros(b + H_BLOCK + 10, 2))
        BAD("header: a reserved byte is not zero");
    mxcts_vec_error e;
    if ((e = get_name(b + H_PROFILE, h->profile, "profile", err, errsize, H_PROFILE)) != MXCTS_VEC_OK)
        return e;
    if ((e = get_name(b + H_SET, h->set, "set", err, errsize, H_SET)) != MXCTS_VEC_OK)
        return e;
    const uint8_t *p = b + H_ELEM;
    h->elem.round = (mxcts_round)p[0];
    h->elem.overflow = (mxcts_overflow)p[1];
    h->elem.nan_sign = (mxcts_nan_sign)p[2];
    h->elem.overflow_test = (mxcts_overflow_test)p[3];
    h->elem.inf_policy = (mxcts_inf_policy)p[4];
    h->elem.nan_finite = (mxcts_nan_finite)p[5];
    h->elem.e4m3_sat_nan = p[6];
    h->elem.nan_input_positive = p[7];
    h->elem.nan_code_e5m2 = p[8];
    h->elem.int8_min = (int8_t)p[9];
    p = b + H_E8M0;
    h->e8m0.round = (mxcts_e8m0_round)p[0];
    h->e8m0.overflow = (mxcts_e8m0_overflow)p[1];
    h->e8m0.zero = (mxcts_e8m0_zero)p[2];
    h->e8m0.negative = (mxcts_e8m0_negative)p[3];
    p = b + H_BLOCK;
    h->block.block_size = (int)(uint32_t)mxcts_vec_le(p, 4);
    h->block.scale_mode = (mxcts_scale_mode)p[4];
    h->block.nan_policy = (mxcts_block_nan)p[5];
    h->block.inf_policy = (mxcts_block_inf)p[6];
    h->block.inf_elem = (mxcts_block_inf_elem)p[7];
    h->block.round = (mxcts_elem_round)p[8];
    h->block.int8_min = (int8_t)p[9];

    /* Field ranges and consistency. */
    if (h->op < 1 || h->op > MXCTS_VEC_OP_MAX)
        BAD("header: operation %d (byte %d) is not 1-%d", (int)h->op, H_OP, MXCTS_VEC_OP_MAX);
    if (mxcts_convert_validate(&h->elem) != MXCTS_OK || (h->elem.e4m3_sat_nan & ~1) ||
        (h->elem.nan_input_positive & ~1))
        BAD("header: element conversion knobs (bytes %d-%d) out of range", H_ELEM, H_ELEM + 9);
    if (mxcts_e8m0_validate(&h->e8m0) != MXCTS_OK)
        BAD("header: E8M0 knobs (bytes %d-%d) out of range", H_E8M0, H_E8M0 + 3);
    if (mxcts_block_config_validate(&h->block) != MXCTS_OK || h->block.block_size > 4096)
        BAD("header: block knobs (bytes %d-%d) out of range", H_BLOCK, H_BLOCK + 9);
    if (h->input_mode != MXCTS_VEC_EXPLICIT && h->input_mode != MXCTS_VEC_IMPLICIT)
        BAD("header: input mode %d (byte %d) is not 0 or 1", h->input_mode, H_INPUT);
    int fmt_ok = h->fmt < MXCTS_FORMAT_COUNT;
    switch (h->op) {
    case MXCTS_VEC_DECODE:
        if (!fmt_ok || h->src != MXCTS_VEC_NONE || h->dst != MXCTS_WIDE_F32)
            BAD("header: decode needs a format, source none and destination f32");
        break;
    case MXCTS_VEC_ENCODE:
        if (!fmt_ok || h->fmt == MXCTS_E8M0 || !mxcts_vec_wide_size(h->src) || h->dst != MXCTS_VEC_NONE)
            BAD("header: encode needs an element format, a source type and destination none");
        if (h->input_mode == MXCTS_VEC_IMPLICIT && (mxcts_vec_wide_size(h->src) != 2 || h->count != 65536))
            BAD("header: implicit inputs need a 16-bit source and 65536 records");
        break;
    case MXCTS_VEC_E8M0_ENCODE:
        if (h->fmt != MXCTS_E8M0 || !mxcts_vec_wide_size(h->src) || h->dst != MXCTS_VEC_NONE)
            BAD("header: e8m0-encode needs format e8m0, a source type and destination none");
        break;
    case MXCTS_VEC_MX_QUANTIZE:
        if (!fmt_ok || !mxcts_mx_elem_ok((mxcts_format)h->fmt) || h->src == MXCTS_WIDE_F64 ||
            !mxcts_vec_wide_size(h->src) || h->dst != MXCTS_VEC_NONE || !h->k || h->k > 4096)
            BAD("header: mx-quantize needs an MX element format, an f32/f16/bf16 source and 1 <= k <= 4096");
        break;
    case MXCTS_VEC_MX_DEQUANTIZE:
        if (!fmt_ok || !mxcts_mx_elem_ok((mxcts_format)h->fmt) || h->src != MXCTS_VEC_NONE ||
            !mxcts_vec_wide_size(h->dst) || !h->k || h->k > 4096)
            BAD("header: mx-dequantize needs an MX element format, a destination type and 1 <= k <= 4096");
        break;
    case MXCTS_VEC_GEMM:
        if (!fmt_ok || !mxcts_mx_elem_ok((mxcts_format)h->fmt) || h->fmt_b >= MXCTS_FORMAT_COUNT ||
            !mxcts_mx_elem_ok((mxcts_format)h->fmt_b) || h->src != MXCTS_VEC_NONE || !mxcts_vec_wide_size(h->dst) ||
            h->m > 4096 || h->n > 4096 || h->k > 65536)
            BAD("header: gemm needs two MX element formats, a destination type and M, N <= 4096, K <= 65536");
        break;
    }
    if (h->op != MXCTS_VEC_GEMM && h->fmt_b != MXCTS_VEC_NONE)
        BAD("header: format B (byte %d) must be 255 for %s", H_FMTB, mxcts_vec_op_name(h->op));
    if (h->op != MXCTS_VEC_ENCODE && h->input_mode != MXCTS_VEC_EXPLICIT)
        BAD("header: implicit inputs are only defined for encode");
    size_t rs = mxcts_vec_expected_record_size(h);
    if (!rs || rs != h->record_size)
        BAD("header: record size %u (byte %d) does not match the layout of %s (%zu)", h->record_size, H_RSIZE,
            mxcts_vec_op_name(h->op), rs);
    if (h->count == 0 || h->count > ((uint64_t)1 << 40) / h->record_size)
        BAD("header: record count %llu (byte %d) out of range", (unsigned long long)h->count, H_COUNT);
    return MXCTS_VEC_OK;
}

mxcts_vec_error mxcts_vec_open(const char *path, mxcts_vec_file *f, char *err, size_t errsize)
{
    memset(f, 0, sizeof *f);
    if (err && errsize)
        err[0] = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (err && errsize)
            snprintf(err, errsize, "cannot open");
        return MXCTS_VEC_ERR_IO;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(fp);
            if (err && errsize)
                snprintf(err, errsize, "out of memory");
            return MXCTS_VEC_ERR_IO;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (n < cap)
            break;
        if (cap >= ((size_t)1 << 36)) { /* larger than any valid file */
            break;
        }
        uint8_t *nb = realloc(buf, cap * 2);
        if (!nb)
            free(buf);
        buf = nb;
        cap *= 2;
    }
    int ioerr = ferror(fp);
    fclose(fp);
    if (ioerr) {
        free(buf);
        if (err && errsize)
            snprintf(err, errsize, "read error");
        return MXCTS_VEC_ERR_IO;
    }
    mxcts_vec_error e = mxcts_vec_header_decode(buf, n, &f->h, err, errsize);
    if (e != MXCTS_VEC_OK) {
        free(buf);
        return e;
    }
    size_t body = (size_t)f->h.count * f->h.record_size, want = MXCTS_VEC_HEADER_SIZE + body + MXCTS_VEC_TRAILER_SIZE;
    if (n < want) {
        free(buf);
        if (err && errsize)
            snprintf(err, errsize, "truncated: the header promises %llu records of %u bytes (%zu bytes in all), the file has %zu",
                     (unsigned long long)f->h.count, f->h.record_size, want, n);
        return MXCTS_VEC_ERR_TRUNCATED;
    }
    if (n > want) {
        free(buf);
        if (err && errsize)
            snprintf(err, errsize, "%zu trailing bytes after the %zu bytes the header promises", n - want, want);
        return MXCTS_VEC_ERR_TRAILING;
    }
    f->data = buf;
    f->size = n;
    f->records = buf + MXCTS_VEC_HEADER_SIZE;
    uint32_t crc = (uint32_t)mxcts_vec_le(buf + MXCTS_VEC_HEADER_SIZE + body, 4);
    uint32_t got = mxcts_vec_crc32(0, f->records, body);
    if (crc != got) {
        if (err && errsize)
            snprintf(err, errsize, "record CRC-32 mismatch (stored 0x%08x at byte %zu, records give 0x%08x): "
                     "the records or the trailer are corrupt", crc, MXCTS_VEC_HEADER_SIZE + body, got);
        return MXCTS_VEC_ERR_BODY_CRC;
    }
    return MXCTS_VEC_OK;
}

void mxcts_vec_close(mxcts_vec_file *f)
{
    if (!f)
        return;
    free(f->data);
    memset(f, 0, sizeof *f);
}

mxcts_status mxcts_vec_write(const char *path, const mxcts_vec_header *h, const void *records)
{
    if (!path || !h || !records)
        return MXCTS_ERR_NULL;
    uint8_t hb[MXCTS_VEC_HEADER_SIZE];
    mxcts_vec_header_encode(h, hb);
    mxcts_vec_header chk;
    char err[200];
    if (mxcts_vec_header_decode(hb, sizeof hb, &chk, err, sizeof err) != MXCTS_VEC_OK) {
        fprintf(stderr, "mxcts_vec_write: %s\n", err);
        return MXCTS_ERR_MODE;
    }
    size_t body = (size_t)h->count * h->record_size;
    uint8_t tr[4];
    mxcts_vec_put_le(tr, mxcts_vec_crc32(0, records, body), 4);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return MXCTS_ERR_NULL;
    int ok = fwrite(hb, 1, sizeof hb, fp) == sizeof hb && fwrite(records, 1, body, fp) == body &&
             fwrite(tr, 1, 4, fp) == 4;
    ok &= fclose(fp) == 0;
    return ok ? MXCTS_OK : MXCTS_ERR_NULL;
}

mxcts_status mxcts_vec_encode_io(const mxcts_vec_file *f, uint64_t index, uint64_t *input_bits, uint8_t *code,
                                 unsigned *flags)
{
    if (!f || !f->data)
        return MXCTS_ERR_NULL;
    if (f->h.op != MXCTS_VEC_ENCODE && f->h.op != MXCTS_VEC_E8M0_ENCODE)
        return MXCTS_ERR_FORMAT;
    if (index >= f->h.count)
        return MXCTS_ERR_SIZE;
    const uint8_t *r = mxcts_vec_record(f, index);
    if (f->h.input_mode == MXCTS_VEC_IMPLICIT) {
        if (input_bits)
            *input_bits = index;
        if (code)
            *code = r[0];
        if (flags)
            *flags = 0;
        return MXCTS_OK;
    }
    size_t w = mxcts_vec_wide_size(f->h.src);
    if (input_bits)
        *input_bits = mxcts_vec_le(r, w);
    if (code)
        *code = r[w];
    if (flags)
        *flags = r[w + 1];
    return MXCTS_OK;
}

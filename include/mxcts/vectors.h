/* Golden vector files (spec/vectors.md is the normative description of the
 * bytes; this header is a reader/writer for them).
 *
 * A vector file is a 256-byte little-endian header (magic "MXCTSVEC",
 * version, operation, types, formats, profile name, every knob the
 * operation reads, record count and size, CRC-32 of the header), then
 * `count` fixed-size records, then a 4-byte CRC-32 of the records. Each
 * record holds the inputs of one case followed by the reference's outputs.
 * vectors/MANIFEST adds the sha256 of every file (checked by the tool, not
 * here: this library depends on libc only).
 *
 * Typical use (the conformance runner):
 *
 *     mxcts_vec_file f;
 *     char err[256];
 *     if (mxcts_vec_open(path, &f, err, sizeof err) != MXCTS_VEC_OK) { report err; }
 *     for (uint64_t i = 0; i < f.h.count; i++) {
 *         const uint8_t *rec = mxcts_vec_record(&f, i);
 *         ... mxcts_vec_encode_io(&f, i, &in_bits, &code) ...
 *     }
 *     mxcts_vec_close(&f);
 *
 * mxcts_vec_derive recomputes a record's outputs from its inputs and the
 * header's knobs with the reference, which is how vectors are generated and
 * how `mxcts vectors verify` re-derives them. */
#ifndef MXCTS_VECTORS_H
#define MXCTS_VECTORS_H

#include <stddef.h>
#include <stdint.h>
#include "mxcts/convert.h"
#include "mxcts/e8m0.h"
#include "mxcts/mxblock.h"
#include "mxcts/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MXCTS_VEC_MAGIC "MXCTSVEC"     /* 8 bytes, no NUL */
#define MXCTS_VEC_VERSION 1
#define MXCTS_VEC_HEADER_SIZE 256
#define MXCTS_VEC_TRAILER_SIZE 4       /* CRC-32 of the record bytes */
#define MXCTS_VEC_NONE 255             /* "no type / no format" in a u8 field */
#define MXCTS_VEC_NAME_MAX 32          /* profile and set fields, NUL-padded */

/* Operation of a file (header byte 12). */
typedef enum mxcts_vec_op {
    MXCTS_VEC_DECODE = 1,        /* code -> f32 and f64 bits */
    MXCTS_VEC_ENCODE = 2,        /* wide value -> element code (+ flags) */
    MXCTS_VEC_E8M0_ENCODE = 3,   /* wide value -> E8M0 code (+ flags) */
    MXCTS_VEC_MX_QUANTIZE = 4,   /* k wide values -> scale + k element codes */
    MXCTS_VEC_MX_DEQUANTIZE = 5, /* scale + k element codes -> k wide values */
    MXCTS_VEC_GEMM = 6,          /* MX A (M x K), MX B (N x K) -> C = A B^T (M x N) */
    MXCTS_VEC_OP_MAX = 6
} mxcts_vec_op;

/* Input mode (header byte 17). */
enum {
    MXCTS_VEC_EXPLICIT = 0, /* every record carries its inputs */
    MXCTS_VEC_IMPLICIT = 1  /* ENCODE with a 16-bit source only: record i is the output for input
                               bit pattern i (count 65536); the record holds the code only */
};

/* The header, decoded. Every knob of every group is stored; a reader uses
 * the groups its operation reads (ENCODE: elem; E8M0_ENCODE: e8m0;
 * MX_QUANTIZE: block; the others read none). */
typedef struct mxcts_vec_header {
    int version;
    mxcts_vec_op op;
    int src;            /* mxcts_wide of the input values, or MXCTS_VEC_NONE */
    int dst;            /* mxcts_wide of the output values, or MXCTS_VEC_NONE */
    int fmt;            /* mxcts_format (GEMM: operand A), or MXCTS_VEC_NONE */
    int fmt_b;          /* GEMM: mxcts_format of operand B; else MXCTS_VEC_NONE */
    int input_mode;     /* MXCTS_VEC_EXPLICIT / _IMPLICIT */
    uint32_t record_size;
    uint64_t count;
    uint32_t m, n, k;   /* GEMM: M, N, K; MX_QUANTIZE / _DEQUANTIZE: k = block length; else 0 */
    uint64_t seed;      /* seed of the random part (0 if none) */
    char profile[MXCTS_VEC_NAME_MAX]; /* the profile the knobs start from, NUL-terminated */
    char set[MXCTS_VEC_NAME_MAX];     /* name of the input set ("all", "boundary+random", ...) */
    mxcts_convert elem;
    mxcts_e8m0_convert e8m0;
    mxcts_block_config block;
} mxcts_vec_header;

/* Outcome of opening / checking a file. */
typedef enum mxcts_vec_error {
    MXCTS_VEC_OK = 0,
    MXCTS_VEC_ERR_IO,          /* cannot open / read, or out of memory */
    MXCTS_VEC_ERR_SHORT,       /* the file is shorter than a header */
    MXCTS_VEC_ERR_MAGIC,       /* bytes 0-7 are not "MXCTSVEC" */
    MXCTS_VEC_ERR_VERSION,     /* unknown format version or header size */
    MXCTS_VEC_ERR_HEADER_CRC,  /* the header CRC-32 does not match the header bytes */
    MXCTS_VEC_ERR_HEADER,      /* a header field is out of range or inconsistent */
    MXCTS_VEC_ERR_TRUNCATED,   /* the file is shorter than header + records + trailer */
    MXCTS_VEC_ERR_TRAILING,    /* bytes after the trailer */
    MXCTS_VEC_ERR_BODY_CRC     /* the records' CRC-32 does not match: the file is loaded and
                                  readable (so a verifier can name the damaged records) */
} mxcts_vec_error;

/* A short name of an error ("header CRC mismatch", ...). */
const char *mxcts_vec_error_string(mxcts_vec_error e);

/* Operation names used in file names and the manifest: "decode", "encode",
 * "e8m0-encode", "mx-quantize", "mx-dequantize", "gemm" ("?" out of range). */
const char *mxcts_vec_op_name(mxcts_vec_op op);

/* Byte width of a wide type's bit pattern (f64 8, f32 4, f16/bf16 2; 0 otherwise). */
size_t mxcts_vec_wide_size(int wide);

/* The record size the header's operation, types and dimensions imply
 * (0 when they are invalid). spec/vectors.md "Records" gives the layouts. */
size_t mxcts_vec_expected_record_size(const mxcts_vec_header *h);

/* Header bytes <-> struct. encode fills the CRC; decode checks magic,
 * version, CRC and every field (the first problem goes to err). */
void mxcts_vec_header_encode(const mxcts_vec_header *h, uint8_t out[MXCTS_VEC_HEADER_SIZE]);
mxcts_vec_error mxcts_vec_header_decode(const uint8_t *buf, size_t size, mxcts_vec_header *h, char *err,
                                        size_t errsize);

/* CRC-32 (ISO-HDLC / zlib / PNG: reflected polynomial 0xEDB88320, init and
 * final xor 0xFFFFFFFF). Start with crc = 0; chain by passing the result. */
uint32_t mxcts_vec_crc32(uint32_t crc, const void *data, size_t n);

/* A whole file in memory. */
typedef struct mxcts_vec_file {
    mxcts_vec_header h;
    uint8_t *data;          /* the file's bytes */
    size_t size;
    const uint8_t *records; /* data + MXCTS_VEC_HEADER_SIZE */
} mxcts_vec_file;

/* Read and check a file. On MXCTS_VEC_OK and MXCTS_VEC_ERR_BODY_CRC the
 * file is loaded (close it); on other errors nothing is held. err gets a
 * sentence naming the problem and, where it applies, the byte offset. */
mxcts_vec_error mxcts_vec_open(const char *path, mxcts_vec_file *f, char *err, size_t errsize);
void mxcts_vec_close(mxcts_vec_file *f);

static inline const uint8_t *mxcts_vec_record(const mxcts_vec_file *f, uint64_t i)
{
    return f->records + (size_t)i * f->h.record_size;
}

/* Write header + records + trailer to path (count * record_size record bytes). */
mxcts_status mxcts_vec_write(const char *path, const mxcts_vec_header *h, const void *records);

/* Recompute the output fields of record `index` (bytes `rec`, record_size
 * long) from its input fields and the header's knobs, with the reference.
 * Inputs are left as they are. Returns the reference's status. */
mxcts_status mxcts_vec_derive(const mxcts_vec_header *h, uint64_t index, uint8_t *rec);

/* Accessors for ENCODE / E8M0_ENCODE records: the input bit pattern (in the
 * low bits; implicit files give `index`), the code, the flags (0 for
 * implicit records, which hold no flags). */
mxcts_status mxcts_vec_encode_io(const mxcts_vec_file *f, uint64_t index, uint64_t *input_bits, uint8_t *code,
                                 unsigned *flags);

/* Little-endian field helpers (for readers of records). */
static inline uint64_t mxcts_vec_le(const uint8_t *p, size_t width)
{
    uint64_t v = 0;
    for (size_t i = 0; i < width; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}
static inline void mxcts_vec_put_le(uint8_t *p, uint64_t v, size_t width)
{
    for (size_t i = 0; i < width; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

#ifdef __cplusplus
}
#endif
#endif

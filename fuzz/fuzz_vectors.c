/* libFuzzer target: the golden-vector file reader (reference/vectors_io.c,
 * include/mxcts/vectors.h) and the record re-derivation that
 * `mxcts vectors verify` runs on what the reader accepted.
 *
 * The last input byte is a control byte: bit 0 set means "fix both CRCs
 * first" (header bytes [0,252) and the records), so that mutations reach the
 * field checks and the record code instead of stopping at a CRC mismatch.
 * Invariants beyond "no crash / no sanitizer report": every rejection has a
 * message; an accepted file's size is exactly header + count * record_size
 * + trailer and its record size is what the header implies. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdio.h>
#include "mxcts/vectors.h"

static int fd = -1;

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t ctl = data[size - 1];
    size--;
    uint8_t *buf = malloc(size ? size : 1);
    memcpy(buf, data, size);
    if ((ctl & 1) && size >= MXCTS_VEC_HEADER_SIZE + MXCTS_VEC_TRAILER_SIZE) {
        put32(buf + 252, mxcts_vec_crc32(0, buf, 252));
        size_t body = size - MXCTS_VEC_HEADER_SIZE - MXCTS_VEC_TRAILER_SIZE;
        put32(buf + size - 4, mxcts_vec_crc32(0, buf + MXCTS_VEC_HEADER_SIZE, body));
    }

    /* the header decoder on its own, on any prefix */
    mxcts_vec_header h;
    char err[256] = "";
    mxcts_vec_error e = mxcts_vec_header_decode(buf, size, &h, err, sizeof err);
    if (e != MXCTS_VEC_OK && !err[0])
        abort();
    if (e == MXCTS_VEC_OK && mxcts_vec_expected_record_size(&h) != h.record_size)
        abort();
    (void)mxcts_vec_error_string(e);

    /* the whole file through the reader */
    if (fd < 0 && (fd = memfd_create("vec", 0)) < 0)
        abort();
    if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, buf, size, 0) != (ssize_t)size))
        abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    mxcts_vec_file f;
    err[0] = 0;
    e = mxcts_vec_open(path, &f, err, sizeof err);
    if (e != MXCTS_VEC_OK && !err[0])
        abort();
    if (e == MXCTS_VEC_OK || e == MXCTS_VEC_ERR_BODY_CRC) {
        if (f.size != MXCTS_VEC_HEADER_SIZE + f.h.count * f.h.record_size + MXCTS_VEC_TRAILER_SIZE)
            abort();
        /* re-derive (and read) a few records, as the verifier does */
        uint64_t n = f.h.count < 4 ? f.h.count : 4;
        uint8_t *rec = malloc(f.h.record_size ? f.h.record_size : 1);
        for (uint64_t i = 0; i < n; i++) {
            uint64_t idx = (i * 7919u) % f.h.count;
            memcpy(rec, mxcts_vec_record(&f, idx), f.h.record_size);
            (void)mxcts_vec_derive(&f.h, idx, rec);
            uint64_t in = 0;
            uint8_t code = 0;
            unsigned flags = 0;
            (void)mxcts_vec_encode_io(&f, idx, &in, &code, &flags);
        }
        free(rec);
        mxcts_vec_close(&f);
    }
    free(buf);
    return 0;
}

/* mxcts table FORMAT [--from f32|f16|bf16] [--profile P] [--round M] [--overflow O] ...
 *                    [--stride N] (--raw | --sha256)
 * The full truth table of a conversion: the result byte for every input bit
 * pattern of the source type, in increasing bit-pattern order (2^32 bytes for
 * f32, 2^16 for f16/bf16), computed by the reference itself through
 * mxcts_encode_bulk / mxcts_e8m0_encode_bulk. --raw writes the bytes to
 * stdout; --sha256 prints the SHA-256 of exactly those bytes (OpenSSL
 * libcrypto). --stride N takes only the inputs 0, N, 2N, ... (for sampled
 * cross-checks). docs/CONFORMANCE.md explains how to compare a hash. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "commands.h"
#include "cli_common.h"
#include "knob_opts.h"
#include "parse_token.h"

#define CHUNK (1u << 22)

static void table_usage(FILE *out)
{
    fprintf(out, "usage: mxcts table FORMAT [--from f32|f16|bf16] [options] [--stride N] (--raw | --sha256)\n"
                 KNOB_OPTS_USAGE
                 "  --raw                   write one result byte per input (input order) to stdout\n"
                 "  --sha256                print the SHA-256 of that byte stream\n"
                 "  --stride N              only inputs 0, N, 2N, ... (default 1: all)\n");
}

int cmd_table(int argc, char **argv)
{
    knob_args ka = {0};
    mxcts_format fmt = MXCTS_E4M3;
    mxcts_wide from = MXCTS_WIDE_F32;
    int have_fmt = 0, raw = 0, sha = 0;
    uint64_t stride = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            table_usage(stdout);
            return 0;
        } else if (!strcmp(a, "--raw")) {
            raw = 1;
        } else if (!strcmp(a, "--sha256")) {
            sha = 1;
        } else if (strncmp(a, "--", 2) != 0) {
            if (have_fmt)
                return cli_usage_error("table", "unexpected argument", a);
            if (mxcts_format_from_name(a, &fmt))
                return cli_usage_error("table", "unknown format", a);
            have_fmt = 1;
        } else if (!strcmp(a, "--from")) {
            if (!val || !wide_from_name(val, &from) || from == MXCTS_WIDE_F64)
                return cli_usage_error("table", "--from takes f32, f16 or bf16, got", val ? val : "");
            i++;
        } else if (!strcmp(a, "--stride")) {
            char *end;
            unsigned long long s = val ? strtoull(val, &end, 0) : 0;
            if (!val || *end || s == 0 || s > 0xFFFFFFFFull)
                return cli_usage_error("table", "--stride takes an integer in 1..2^32-1, got", val ? val : "");
            stride = s;
            i++;
        } else if (knob_args_take(&ka, a, val)) {
            if (!val)
                return cli_usage_error("table", "missing value for option", a);
            i++;
        } else {
            return cli_usage_error("table", "unknown option", a);
        }
    }
    if (!have_fmt)
        return cli_usage_error("table", "missing FORMAT", "");
    if (raw == sha)
        return cli_usage_error("table", "give exactly one of --raw and --sha256", "");
    mxcts_convert cv;
    mxcts_e8m0_convert e8;
    int rc = knob_args_resolve("table", &ka, fmt, &cv, &e8);
    if (rc)
        return rc;

    const uint64_t total = from == MXCTS_WIDE_F32 ? 1ull << 32 : 1ull << 16;
    const uint64_t count = (total + stride - 1) / stride;
    const size_t in_size = from == MXCTS_WIDE_F32 ? 4 : 2;
    void *in = malloc((size_t)CHUNK * in_size);
    uint8_t *out = malloc(CHUNK);
    EVP_MD_CTX *md = sha ? EVP_MD_CTX_new() : NULL;
    int rc2 = 0;
    if (!in || !out || (sha && (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)))) {
        fprintf(stderr, "mxcts table: out of memory or no SHA-256\n");
        rc2 = 2;
    }
    for (uint64_t done = 0; !rc2 && done < count;) {
        size_t n = count - done < CHUNK ? (size_t)(count - done) : CHUNK;
        if (from == MXCTS_WIDE_F32) {
            uint32_t *p = in;
#pragma omp parallel for schedule(static)
            for (ptrdiff_t j = 0; j < (ptrdiff_t)n; j++)
                p[j] = (uint32_t)((done + (uint64_t)j) * stride);
        } else {
            uint16_t *p = in;
            for (size_t j = 0; j < n; j++)
                p[j] = (uint16_t)((done + j) * stride);
        }
        mxcts_status st = fmt == MXCTS_E8M0 ? mxcts_e8m0_encode_bulk(from, in, n, out, &e8, NULL)
                                            : mxcts_encode_bulk(fmt, from, in, n, out, &cv, NULL);
        if (st) {
            fprintf(stderr, "mxcts table: %s\n", mxcts_status_string(st));
            rc2 = 2;
            break;
        }
        if (sha)
            EVP_DigestUpdate(md, out, n);
        else if (fwrite(out, 1, n, stdout) != n) {
            fprintf(stderr, "mxcts table: write error\n");
            rc2 = 2;
            break;
        }
        done += n;
    }
    if (sha && !rc2) {
        unsigned char h[EVP_MAX_MD_SIZE];
        unsigned hl = 0;
        EVP_DigestFinal_ex(md, h, &hl);
        for (unsigned j = 0; j < hl; j++)
            printf("%02x", h[j]);
        printf("\n");
    }
    EVP_MD_CTX_free(md); /* NULL is fine */
    free(in);
    free(out);
    if (rc2)
        return rc2;
    return fflush(stdout) ? 2 : 0;
}

/* libFuzzer target: the CLI token parser (conformance/parse_token.c).
 * Input byte 0 picks the wide type and the code width; the rest is the token
 * text (NUL-terminated copy) and, unchanged, a stream for token_reader.
 * Invariants checked beyond "no crash / no sanitizer report": a parsed value
 * fits its type's width, a parsed code fits its bit count, every failure
 * gives a reason, and the reader never returns a token longer than TOKEN_MAX. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parse_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    mxcts_wide w = (mxcts_wide)(data[0] % MXCTS_WIDE_COUNT);
    int bits = 1 + (data[0] >> 2) % 16; /* code widths 1..16 */
    char *tok = malloc(size);
    memcpy(tok, data + 1, size - 1);
    tok[size - 1] = 0;

    uint64_t v = 0;
    const char *why = NULL;
    mxcts_status st = parse_value_token(tok, w, &v, &why);
    static const int width[MXCTS_WIDE_COUNT] = {64, 32, 16, 16};
    if (st == MXCTS_OK && width[w] < 64 && (v >> width[w]) != 0)
        abort(); /* value wider than its type */
    if (st != MXCTS_OK && !why)
        abort(); /* failure without a reason */

    unsigned code = 0;
    why = NULL;
    st = parse_code_token(tok, bits, &code, &why);
    if (st == MXCTS_OK && (code >> bits) != 0)
        abort(); /* code wider than its format */
    if (st != MXCTS_OK && !why)
        abort();

    mxcts_wide w2;
    if (wide_from_name(tok, &w2) && (unsigned)w2 >= MXCTS_WIDE_COUNT)
        abort();
    free(tok);

    /* The same bytes as a stream of tokens. */
    FILE *f = fmemopen((void *)(data + 1), size - 1, "rb");
    if (f) {
        token_reader r;
        token_reader_init(&r, f);
        int guard = 0;
        while (token_reader_next(&r) != 0 && guard++ < 100000)
            if (strlen(r.buf) > TOKEN_MAX)
                abort();
        fclose(f);
    }
    return 0;
}

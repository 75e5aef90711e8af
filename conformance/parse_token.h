/* Text tokens of the CLI: hex bit patterns and decimal numbers. */
#ifndef MXCTS_PARSE_TOKEN_H
#define MXCTS_PARSE_TOKEN_H

#include <stdint.h>
#include <stdio.h>
#include "mxcts/convert.h"

/* Parse a value token of wide type `type` into its bit pattern.
 * "0x" followed only by hex digits is a bit pattern and must fit the type's
 * width; anything else is a number (decimal, C hex float, inf, nan) rounded
 * once to the type with RNE, like a C literal. Returns MXCTS_ERR_PARSE with a
 * reason in *why on failure. */
mxcts_status parse_value_token(const char *tok, mxcts_wide type, uint64_t *bits, const char **why);

/* Parse a code token (hex "0x.." or a decimal integer) that must fit `bits` bits. */
mxcts_status parse_code_token(const char *tok, int bits, unsigned *code, const char **why);

/* Name of a wide type ("f32", ...) and its lookup. */
const char *wide_name(mxcts_wide w);
int wide_from_name(const char *name, mxcts_wide *w);

/* Reads whitespace-separated tokens from a stream, of any length up to
 * TOKEN_MAX bytes; longer tokens and NUL bytes are reported, not truncated. */
#define TOKEN_MAX 4096
typedef struct token_reader {
    FILE *in;
    char buf[TOKEN_MAX + 1];
    long line;   /* line of the token just read (1-based) */
    long index;  /* 1-based number of the token just read */
    long cur_line;
} token_reader;

void token_reader_init(token_reader *r, FILE *in);
/* 1: a token is in r->buf; 0: end of input; -1: bad token (too long or
 * contains a NUL / control byte), with r->buf holding its printable start. */
int token_reader_next(token_reader *r);

#endif

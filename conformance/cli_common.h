/* Small helpers shared by the subcommands: errors and enum options. */
#ifndef MXCTS_CLI_COMMON_H
#define MXCTS_CLI_COMMON_H

/* Print "mxcts CMD: WHAT 'ARG'" to stderr; returns exit status 2. */
int cli_usage_error(const char *cmd, const char *what, const char *arg);

/* Report a bad input token with its 1-based position; flushes stdout first
 * so that lines already printed stay valid. Returns exit status 2. */
int cli_token_error(const char *cmd, const char *tok, long pos, const char *where, const char *why);

/* Look `name` up in `names[0..n)`; 1 and *value set when found. */
int cli_enum(const char *name, const char *const *names, int n, int *value);

#endif

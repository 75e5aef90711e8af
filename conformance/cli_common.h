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

/* Feed each value token to `fn`: the arguments argv[first..argc) when there
 * are any, else whitespace-separated tokens from stdin. Stops at the first
 * non-zero return of `fn` and returns it; a token that is too long or not
 * text is reported and gives 2. */
typedef int (*cli_token_fn)(void *ctx, const char *tok, long pos, const char *where);
int cli_each_token(const char *cmd, int argc, char **argv, int first, cli_token_fn fn, void *ctx);

/* The golden vectors of an installed tree: <directory of the running mxcts>/
 * ../share/mxcts/vectors when it holds a MANIFEST (what `cmake --install` and
 * the .deb put there), else NULL. */
const char *cli_installed_vectors_dir(void);

/* Monotonic wall clock in seconds (benchmarks and run timing). */
double cli_now_s(void);

#endif

/* Error reporting and enum lookup for the subcommands. */
#include "cli_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "parse_token.h"

int cli_usage_error(const char *cmd, const char *what, const char *arg)
{
    fflush(stdout);
    fprintf(stderr, "mxcts %s: %s '%s' (try: mxcts %s --help)\n", cmd, what, arg, cmd);
    return 2;
}

int cli_token_error(const char *cmd, const char *tok, long pos, const char *where, const char *why)
{
    fflush(stdout);
    fprintf(stderr, "mxcts %s: %s %ld '%.64s%s': %s\n", cmd, where, pos, tok,
            strlen(tok) > 64 ? "..." : "", why);
    return 2;
}

int cli_enum(const char *name, const char *const *names, int n, int *value)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(name, names[i])) {
            *value = i;
            return 1;
        }
    return 0;
}

int cli_each_token(const char *cmd, int argc, char **argv, int first, cli_token_fn fn, void *ctx)
{
    int rc = 0;
    if (first < argc) {
        for (int i = first; i < argc && !rc; i++)
            rc = fn(ctx, argv[i], i - first + 1, "argument");
        return rc;
    }
    token_reader r;
    token_reader_init(&r, stdin);
    int got;
    while (!rc && (got = token_reader_next(&r)) != 0)
        rc = got < 0 ? cli_token_error(cmd, r.buf, r.index, "stdin token", "token too long or not text")
                     : fn(ctx, r.buf, r.index, "stdin token");
    return rc;
}

const char *cli_installed_vectors_dir(void)
{
    static char dir[640];
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = 0;
    char manifest[700];
    snprintf(dir, sizeof dir, "%s/../share/mxcts/vectors", exe);
    snprintf(manifest, sizeof manifest, "%s/MANIFEST", dir);
    return access(manifest, R_OK) == 0 ? dir : NULL;
}

double cli_now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Error reporting and enum lookup for the subcommands. */
#include "cli_common.h"

#include <stdio.h>
#include <string.h>

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

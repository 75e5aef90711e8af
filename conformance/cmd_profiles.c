/* mxcts profiles [--verbose]: the profile table, each row with what it changes
 * relative to ocp; --verbose adds the evidence and what is not modelled. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "cli_common.h"
#include "mxcts/profile.h"

int cmd_profiles(int argc, char **argv)
{
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v"))
            verbose = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: mxcts profiles [--verbose]\n"
                   "Lists the named knob bundles accepted by --profile and how each differs from ocp.\n");
            return 0;
        } else
            return cli_usage_error("profiles", "unknown argument", argv[i]);
    }
    const mxcts_profile *ocp = mxcts_profile_find("ocp");
    char diff[1024];
    for (size_t i = 0; i < mxcts_profile_count(); i++) {
        const mxcts_profile *p = mxcts_profile_at(i);
        mxcts_profile_diff(p, ocp, diff, sizeof diff);
        printf("%-19s %s\n", p->name, p->summary);
        printf("%-19s   differs from ocp: %s\n", "", i == 0 ? "(this is the reference)" : diff[0] ? diff : "nothing");
        if (verbose) {
            printf("%-19s   evidence: %s\n", "", p->evidence);
            if (p->unmodelled[0])
                printf("%-19s   not modelled: %s\n", "", p->unmodelled);
        }
    }
    return 0;
}

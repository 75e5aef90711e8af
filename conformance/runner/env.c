/* Facts about where the run happened, for every report. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "runner.h"
#include "../cli_common.h"

#ifdef MXCTS_HAVE_MXK
#include "mxcts/kernels.h"
#endif

static void sha256_file(const char *path, char *hex, size_t size)
{
    hex[0] = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    unsigned char buf[65536], md[32];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        EVP_DigestUpdate(ctx, buf, n);
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    fclose(f);
    if (size < 65)
        return;
    for (unsigned i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", md[i]);
}

/* vectors/MANIFEST: $MXCTS_VECTORS, else the installed tree's
 * share/mxcts/vectors (an installed tool), else next to the source tree the
 * tool was built from, else ./vectors. */
static void find_vectors(rn_env *e)
{
    const char *env = getenv("MXCTS_VECTORS");
    char path[700];
    const char *cands[4] = {env, cli_installed_vectors_dir(), NULL, NULL};
#ifdef MXCTS_SOURCE_DIR
    cands[2] = MXCTS_SOURCE_DIR "/vectors";
#endif
    cands[3] = "vectors";
    for (int i = 0; i < 4; i++) {
        if (!cands[i])
            continue;
        snprintf(path, sizeof path, "%s/MANIFEST", cands[i]);
        if (access(path, R_OK) == 0) {
            snprintf(e->vectors_path, sizeof e->vectors_path, "%s", path);
            sha256_file(path, e->vectors_sha256, sizeof e->vectors_sha256);
            return;
        }
    }
}

void rn_env_collect(rn_env *e)
{
    memset(e, 0, sizeof *e);
#ifdef MXCTS_VERSION
    snprintf(e->tool_version, sizeof e->tool_version, "%s", MXCTS_VERSION);
#endif
#ifdef MXCTS_GIT
    snprintf(e->git, sizeof e->git, "%s", MXCTS_GIT);
#endif
    struct utsname u;
    if (uname(&u) == 0) {
        snprintf(e->host, sizeof e->host, "%s", u.nodename);
        snprintf(e->os, sizeof e->os, "%s %s %s", u.sysname, u.release, u.machine);
    }
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "model name", 10)) {
                char *p = strchr(line, ':');
                if (p) {
                    p++;
                    while (*p == ' ')
                        p++;
                    p[strcspn(p, "\n")] = 0;
                    snprintf(e->cpu, sizeof e->cpu, "%s", p);
                }
                break;
            }
        fclose(f);
    }
#ifdef __VERSION__
    snprintf(e->compiler, sizeof e->compiler, "%s %s",
#ifdef __clang__
             "clang",
#else
             "gcc",
#endif
             __VERSION__);
#endif
    find_vectors(e);
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(e->started, sizeof e->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void rn_amd_targets(char *buf, size_t size)
{
    buf[0] = 0;
#ifdef MXCTS_HAVE_MXK
    size_t len = 0;
    for (size_t i = 0; i < mxk_build_target_count(); i++) {
        mxk_build_target t;
        if (mxk_build_target_get(i, &t) != MXK_OK || !t.platform || strcmp(t.platform, "amd"))
            continue;
        int w = snprintf(buf + len, size - len, "%s%s", len ? "," : "", t.target);
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
    }
#else
    (void)size;
#endif
}

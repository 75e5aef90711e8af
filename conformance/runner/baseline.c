/* Baselines: a per-target expected-results file (deqp-runner's
 * failures.csv, OpenCL-CTS's golden JSON), one line per case or glob:
 *
 *     # comment
 *     case-id-or-glob,STATUS[,reason]
 *
 * STATUS is FAIL (known failure: a FAIL becomes EXPECTED_FAIL, SAME),
 * NOT_SUPPORTED or INTERNAL_ERROR. Cases not listed are expected to pass.
 * Against it every case is SAME, REGRESSION (now fails, baseline did not
 * say so) or FIX (baseline says it fails, now it passes).
 * `mxcts run --write-baseline FILE` writes one from a run. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

static int parse_status(const char *s, rn_status *st)
{
    for (int i = 0; i < RN_STATUS_COUNT; i++)
        if (!strcmp(s, rn_status_name((rn_status)i))) {
            *st = (rn_status)i;
            return 1;
        }
    return 0;
}

int rn_baseline_load(const char *path, rn_baseline_set *bl, char *err, size_t errsize)
{
    memset(bl, 0, sizeof *bl);
    snprintf(bl->path, sizeof bl->path, "%s", path);
    FILE *f = fopen(path, "r");
    if (!f)
        return snprintf(err, errsize, "cannot open baseline '%s'", path), 1;
    char line[1024];
    size_t cap = 0;
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        char *c1 = strchr(p, ',');
        if (!c1) {
            fclose(f);
            return snprintf(err, errsize, "%s:%d: expected 'case,STATUS[,reason]'", path, lineno), 1;
        }
        *c1 = 0;
        char *st = c1 + 1, *c2 = strchr(st, ',');
        if (c2)
            *c2 = 0;
        rn_status s;
        if (!parse_status(st, &s) || s == RN_PASS || s == RN_EXPECTED_FAIL) {
            fclose(f);
            return snprintf(err, errsize, "%s:%d: status '%s' (FAIL, NOT_SUPPORTED or INTERNAL_ERROR)", path,
                            lineno, st),
                   1;
        }
        if (bl->n == cap) {
            cap = cap ? 2 * cap : 32;
            bl->v = realloc(bl->v, cap * sizeof *bl->v);
        }
        rn_bl_entry *e = &bl->v[bl->n++];
        snprintf(e->pattern, sizeof e->pattern, "%s", p);
        e->status = s;
        snprintf(e->reason, sizeof e->reason, "%s", c2 ? c2 + 1 : "");
    }
    fclose(f);
    return 0;
}

void rn_baseline_apply(const rn_baseline_set *bl, const rn_case *k, rn_result *r)
{
    const rn_bl_entry *hit = NULL;
    for (size_t i = 0; i < bl->n && !hit; i++)
        if (fnmatch(bl->v[i].pattern, k->id, 0) == 0)
            hit = &bl->v[i];
    int failed_now = r->status == RN_FAIL || r->status == RN_INTERNAL_ERROR;
    if (!hit) {
        r->baseline = failed_now ? RN_BL_REGRESSION : RN_BL_SAME;
        if (failed_now)
            snprintf(r->baseline_note, sizeof r->baseline_note, "not in the baseline: expected PASS");
        return;
    }
    if (hit->status == RN_FAIL) {
        if (r->status == RN_FAIL) {
            r->status = RN_EXPECTED_FAIL;
            r->baseline = RN_BL_SAME;
            snprintf(r->baseline_note, sizeof r->baseline_note, "known failure: %s", hit->reason);
        } else if (r->status == RN_PASS) {
            r->baseline = RN_BL_FIX;
            snprintf(r->baseline_note, sizeof r->baseline_note, "baseline expected FAIL (%s); remove the entry",
                     hit->reason);
        } else {
            r->baseline = failed_now ? RN_BL_REGRESSION : RN_BL_SAME;
            snprintf(r->baseline_note, sizeof r->baseline_note, "baseline expected FAIL");
        }
        return;
    }
    if (r->status == hit->status) {
        r->baseline = RN_BL_SAME;
        snprintf(r->baseline_note, sizeof r->baseline_note, "as in the baseline: %s", hit->reason);
        if (r->status == RN_INTERNAL_ERROR)
            r->status = RN_EXPECTED_FAIL;
    } else if (failed_now) {
        r->baseline = RN_BL_REGRESSION;
        snprintf(r->baseline_note, sizeof r->baseline_note, "baseline expected %s", rn_status_name(hit->status));
    } else {
        r->baseline = r->status == RN_PASS ? RN_BL_FIX : RN_BL_SAME;
        snprintf(r->baseline_note, sizeof r->baseline_note, "baseline expected %s", rn_status_name(hit->status));
    }
}

int rn_baseline_write(const char *path, const rn_case *cases, const rn_result *res, size_t n, const char *header)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    fprintf(f, "# mxcts baseline: case,STATUS,reason (cases not listed must PASS)\n# %s\n", header);
    for (size_t i = 0; i < n; i++) {
        rn_status s = res[i].status;
        if (s == RN_PASS)
            continue;
        if (s == RN_EXPECTED_FAIL)
            s = RN_FAIL;
        char reason[256];
        snprintf(reason, sizeof reason, "%s", res[i].reason);
        for (char *p = reason; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        fprintf(f, "%s,%s,%s\n", cases[i].id, rn_status_name(s), reason);
    }
    return fclose(f);
}

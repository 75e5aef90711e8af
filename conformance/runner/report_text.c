/* Text report: the summary a person reads in a terminal or a CI log. */
#include <math.h>
#include <string.h>

#include "runner.h"

static const char *bar(void) { return "------------------------------------------------------------------------"; }

void report_text(FILE *f, const rn_run *run, int verbose)
{
    const rb_backend *b = run->be;
    fprintf(f, "mxcts run %s  backend %s  level %s  profile %s  seed %llu", run->env.tool_version, b->spec,
            rn_level_name(run->level), b->profile, (unsigned long long)run->seed);
    if (run->shard_n > 1)
        fprintf(f, "  shard %d/%d", run->shard_i, run->shard_n);
    fprintf(f, "\n");
    fprintf(f, "implementation: %s %s  target %s  device %s\n", b->name, b->impl_version, b->target, b->device);
    if (!rn_certifying(run))
        fprintf(f, "NOT CERTIFYING: %s\n",
                run->level < RN_FULL ? (run->level == RN_QUICK ? "level quick is a CI check, not a certification"
                                                                : "level smoke is a sanity check")
                : run->shard_n > 1 ? "one shard of a run"
                : run->stopped_early ? "stopped early (--max-failures)"
                : !strcmp(b->kind, "ref") ? "the reference judged against itself (self-check)"
                                          : "not every suite was run");
    char amd[256];
    rn_amd_targets(amd, sizeof amd);
    if (amd[0])
        fprintf(f, "AMD targets %s: compiled, not run\n", amd);
    if (run->env.vectors_sha256[0])
        fprintf(f, "vectors MANIFEST sha256 %s\n", run->env.vectors_sha256);
    if (run->load_error)
        fprintf(f, "LOAD FAILURE: %s\n", run->load_error);

    /* suite x status matrix */
    fprintf(f, "%s\n%-10s %6s %6s %6s %8s %8s %8s  worst err/bound\n", bar(), "suite", "cases", "PASS", "FAIL",
            "NOT_SUP", "XFAIL", "INTERNAL");
    for (int s = 0; s < RN_SUITE_COUNT; s++) {
        size_t cnt[RN_STATUS_COUNT] = {0}, tot = 0;
        double worst = -1;
        for (size_t i = 0; i < run->n; i++)
            if (run->cases[i].suite == (rn_suite)s) {
                cnt[run->res[i].status]++, tot++;
                if (run->res[i].has_ratio && !(run->res[i].worst_ratio <= worst))
                    worst = run->res[i].worst_ratio;
            }
        if (!tot)
            continue;
        fprintf(f, "%-10s %6zu %6zu %6zu %8zu %8zu %8zu", rn_suite_name((rn_suite)s), tot, cnt[RN_PASS],
                cnt[RN_FAIL], cnt[RN_NOT_SUPPORTED], cnt[RN_EXPECTED_FAIL], cnt[RN_INTERNAL_ERROR]);
        if (worst >= 0)
            fprintf(f, "  %.3g", worst);
        fprintf(f, "\n");
    }
    fprintf(f, "%-10s %6zu %6zu %6zu %8zu %8zu %8zu\n", "total", run->n, run->count[RN_PASS], run->count[RN_FAIL],
            run->count[RN_NOT_SUPPORTED], run->count[RN_EXPECTED_FAIL], run->count[RN_INTERNAL_ERROR]);

    /* format x suite verdicts */
    const char *fmts[32];
    int nf = rn_run_formats(run, fmts, 32);
    if (nf) {
        fprintf(f, "%s\n%-10s", bar(), "format");
        for (int s = 0; s < RN_GUARD; s++)
            fprintf(f, " %-9s", rn_suite_name((rn_suite)s));
        fprintf(f, "\n");
        for (int j = 0; j < nf; j++) {
            fprintf(f, "%-10s", fmts[j]);
            for (int s = 0; s < RN_GUARD; s++) {
                const rn_cell c = rn_run_cell(run, (rn_suite)s, fmts[j]);
                const size_t pass = c.pass, fail = c.fail, ns = c.not_supported, tot = c.total;
                char cell[16];
                if (!tot)
                    snprintf(cell, sizeof cell, ".");
                else if (fail)
                    snprintf(cell, sizeof cell, "FAIL %zu", fail);
                else if (ns == tot)
                    snprintf(cell, sizeof cell, "n/s");
                else
                    snprintf(cell, sizeof cell, "ok %zu", pass);
                fprintf(f, " %-9s", cell);
            }
            fprintf(f, "\n");
        }
    }

    if (run->bugs) {
        fprintf(f, "%s\nKnown bug signatures found:\n", bar());
        for (int bb = 0; bb < RN_BUG_COUNT; bb++)
            if (run->bugs & (1u << bb)) {
                fprintf(f, "  [%s] %s\n    in:", rn_bug_id((rn_bug)bb), rn_bug_text((rn_bug)bb));
                int shown = 0;
                for (size_t i = 0; i < run->n; i++)
                    if (run->res[i].bugs & (1u << bb)) {
                        if (shown++ < 6)
                            fprintf(f, " %s", run->cases[i].id);
                    }
                if (shown > 6)
                    fprintf(f, " (+%d more)", shown - 6);
                fprintf(f, "\n");
            }
    }

    int header = 0;
    for (size_t i = 0; i < run->n; i++) {
        const rn_result *r = &run->res[i];
        int show = r->status == RN_FAIL || r->status == RN_INTERNAL_ERROR || r->baseline == RN_BL_FIX ||
                   (verbose && r->status != RN_PASS);
        if (!show)
            continue;
        if (!header++)
            fprintf(f, "%s\n", bar());
        fprintf(f, "%s %s  %s\n  %s\n", rn_status_name(r->status), run->cases[i].id,
                r->baseline != RN_BL_NONE ? rn_baseline_name(r->baseline) : "", run->cases[i].desc);
        if (r->reason[0])
            fprintf(f, "  reason: %s\n", r->reason);
        if (r->accum[0])
            fprintf(f, "  bound from: %s\n", r->accum);
        if (r->baseline_note[0] && r->baseline != RN_BL_SAME)
            fprintf(f, "  baseline: %s\n", r->baseline_note);
        for (int bb = 0; bb < RN_BUG_COUNT; bb++)
            if (r->bugs & (1u << bb))
                fprintf(f, "  bug: %s\n", rn_bug_text((rn_bug)bb));
        for (int s = 0; s < r->nsamples; s++)
            fprintf(f, "  input %s\n    expected %s\n    actual   %s\n", r->samples[s].input, r->samples[s].expected,
                    r->samples[s].actual);
    }
    if (verbose)
        for (size_t i = 0; i < run->n; i++)
            if (run->res[i].status == RN_PASS)
                fprintf(f, "PASS %s (%llu values)\n", run->cases[i].id, (unsigned long long)run->res[i].checked);
    fprintf(f, "%s\n", bar());
    if (run->baseline_path)
        fprintf(f, "baseline %s: %zu SAME, %zu REGRESSION, %zu FIX\n", run->baseline_path, run->bl_count[RN_BL_SAME],
                run->bl_count[RN_BL_REGRESSION], run->bl_count[RN_BL_FIX]);
    if (run->stopped_early)
        fprintf(f, "stopped after %d failing cases (--max-failures)\n", run->max_failures);
    fprintf(f, "%s: %zu cases, %zu failed, %zu not supported, %.1f s%s\n",
            run->exit_code == 0 ? "PASSED" : "FAILED", run->n, run->count[RN_FAIL] + run->count[RN_INTERNAL_ERROR],
            run->count[RN_NOT_SUPPORTED], run->env.seconds, rn_certifying(run) ? "" : " (not certifying)");
}

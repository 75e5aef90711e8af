/* mxcts run: the conformance runner (DESIGN.md section 7, issue 6).
 * Builds the case list for the chosen suites and level, opens the backend
 * (kernel library cpu / hip, a vendor plugin, or the reference itself),
 * runs every case of this shard, applies the baseline and writes the
 * reports. Exit status: 0 when nothing required failed, 1 otherwise, 2 for
 * bad usage. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_common.h"
#include "commands.h"
#include "runner/runner.h"

static const char usage_text[] =
    "usage: mxcts run [options]\n"
    "  --backend B        cpu | hip | hip:N | plugin:PATH | ref (default: hip when a device is\n"
    "                     visible, else cpu; ref judges the reference against itself)\n"
    "  --suite LIST       comma-separated: convert,block,gemm,edge,guard (default: all)\n"
    "  --level L          smoke | quick | full | exhaustive (default quick; quick and smoke\n"
    "                     are labelled non-certifying in every report)\n"
    "  --profile NAME     profile the implementation is judged against (default ocp;\n"
    "                     a plugin states its own)\n"
    "  --baseline FILE    expected results (case-or-glob,STATUS[,reason] lines): known\n"
    "                     failures become EXPECTED_FAIL; REGRESSION / FIX / SAME reported\n"
    "  --write-baseline FILE  write this run's non-passing cases as a baseline\n"
    "  --report FMT[:FILE]    text | json | junit | html; repeatable (default text)\n"
    "  --out FILE         where the (last) --report without :FILE goes (default stdout)\n"
    "  --shard I/N        run only cases I, I+N, ... (1 <= I <= N) of the list\n"
    "  --seed S           case generation seed (default 1); same seed, same cases\n"
    "  --max-failures N   stop after N failing cases (default 0: never)\n"
    "  --timeout SEC      time limit of one isolated call (default 60)\n"
    "  --case GLOB        run only cases whose id matches GLOB\n"
    "  --list             print the case ids and descriptions, run nothing\n"
    "  -v, --verbose      text report lists every case\n";

#define MAX_REPORTS 6

static int all_suites(const char *s)
{
    for (int i = 0; i < RN_SUITE_COUNT; i++)
        if (!strstr(s, rn_suite_name((rn_suite)i)))
            return 0;
    return 1;
}

static const char *g_case_glob;
int rn_certifying(const rn_run *run)
{
    return run->level >= RN_FULL && run->shard_n == 1 && !run->stopped_early && all_suites(run->suites) &&
           strcmp(run->be->kind, "ref") != 0 && !g_case_glob && !run->load_error;
}

static int suite_selected(const char *list, rn_suite s)
{
    const char *name = rn_suite_name(s);
    size_t len = strlen(name);
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        if (n == len && !strncmp(p, name, len))
            return 1;
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

int cmd_run(int argc, char **argv)
{
    const char *backend = NULL, *suites = "convert,block,gemm,edge,guard", *profile = NULL;
    const char *baseline = NULL, *write_baseline = NULL, *out = NULL;
    const char *rep_fmt[MAX_REPORTS], *rep_file[MAX_REPORTS];
    int nrep = 0, list_only = 0, verbose = 0;
    rn_level level = RN_QUICK;
    uint64_t seed = 1;
    int shard_i = 1, shard_n = 1, max_failures = 0;
    double timeout_s = 60;
    g_case_glob = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (!strcmp(a, "--list")) {
            list_only = 1;
            continue;
        }
        if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            verbose = 1;
            continue;
        }
        if (i + 1 >= argc)
            return cli_usage_error("run", "missing value or unknown option", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--backend"))
            backend = v;
        else if (!strcmp(a, "--suite")) {
            for (const char *p = v; *p;) {
                size_t n = strcspn(p, ",");
                int ok = 0;
                for (int s = 0; s < RN_SUITE_COUNT; s++)
                    ok |= n == strlen(rn_suite_name((rn_suite)s)) && !strncmp(p, rn_suite_name((rn_suite)s), n);
                if (!ok)
                    return cli_usage_error("run", "unknown suite in", v);
                p += n;
                if (*p == ',')
                    p++;
            }
            suites = v;
        } else if (!strcmp(a, "--level")) {
            int l = -1;
            for (int k = 0; k < RN_LEVEL_COUNT; k++)
                if (!strcmp(v, rn_level_name((rn_level)k)))
                    l = k;
            if (l < 0)
                return cli_usage_error("run", "unknown level", v);
            level = (rn_level)l;
        } else if (!strcmp(a, "--profile")) {
            if (!mxcts_profile_find(v))
                return cli_usage_error("run", "unknown profile (mxcts profiles lists them)", v);
            profile = v;
        } else if (!strcmp(a, "--baseline"))
            baseline = v;
        else if (!strcmp(a, "--write-baseline"))
            write_baseline = v;
        else if (!strcmp(a, "--report")) {
            if (nrep == MAX_REPORTS)
                return cli_usage_error("run", "too many --report options at", v);
            const char *colon = strchr(v, ':');
            size_t n = colon ? (size_t)(colon - v) : strlen(v);
            static const char *const fm[] = {"text", "json", "junit", "html"};
            int ok = -1;
            for (int k = 0; k < 4; k++)
                if (n == strlen(fm[k]) && !strncmp(v, fm[k], n))
                    ok = k;
            if (ok < 0)
                return cli_usage_error("run", "unknown report format (text, json, junit, html)", v);
            rep_fmt[nrep] = fm[ok];
            rep_file[nrep] = colon && colon[1] ? colon + 1 : NULL;
            nrep++;
        } else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--shard")) {
            if (sscanf(v, "%d/%d", &shard_i, &shard_n) != 2 || shard_n < 1 || shard_i < 1 || shard_i > shard_n)
                return cli_usage_error("run", "bad --shard (I/N with 1 <= I <= N)", v);
        } else if (!strcmp(a, "--seed")) {
            char *end;
            seed = strtoull(v, &end, 0);
            if (*end || !*v)
                return cli_usage_error("run", "bad --seed", v);
        } else if (!strcmp(a, "--max-failures")) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 0)
                return cli_usage_error("run", "bad --max-failures", v);
            max_failures = (int)n;
        } else if (!strcmp(a, "--timeout")) {
            char *end;
            timeout_s = strtod(v, &end);
            if (*end || !(timeout_s > 0))
                return cli_usage_error("run", "bad --timeout", v);
        } else if (!strcmp(a, "--case"))
            g_case_glob = v;
        else
            return cli_usage_error("run", "unknown option", a);
    }
    if (!nrep) {
        rep_fmt[0] = "text";
        rep_file[0] = NULL;
        nrep = 1;
    }
    if (out) { /* --out names the file of the last report given without one */
        int k = nrep - 1;
        while (k >= 0 && rep_file[k])
            k--;
        if (k < 0)
            return cli_usage_error("run", "--out but every --report names its file", out);
        rep_file[k] = out;
    }
    if (!backend)
        backend = rb_best_backend();

    /* The case list: every suite's cases, then the selection and the shard. */
    rn_list all = {0};
    void (*gens[RN_SUITE_COUNT])(rn_list *, rn_level) = {suite_convert_cases, suite_block_cases, suite_gemm_cases,
                                                         suite_edge_cases, suite_guard_cases};
    for (int s = 0; s < RN_SUITE_COUNT; s++)
        if (suite_selected(suites, (rn_suite)s))
            gens[s](&all, level);
    size_t n = 0;
    for (size_t i = 0; i < all.n; i++) {
        if (g_case_glob && fnmatch(g_case_glob, all.v[i].id, 0) != 0)
            continue;
        all.v[n++] = all.v[i];
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if ((int)(i % (size_t)shard_n) == shard_i - 1)
            all.v[m++] = all.v[i];
    n = m;
    if (list_only) {
        for (size_t i = 0; i < n; i++)
            printf("%s\t%s\n", all.v[i].id, all.v[i].desc);
        free(all.v);
        return 0;
    }

    rn_baseline_set bl = {0};
    char err[512];
    if (baseline && rn_baseline_load(baseline, &bl, err, sizeof err)) {
        fprintf(stderr, "mxcts run: %s\n", err);
        return 2;
    }

    rn_run run;
    memset(&run, 0, sizeof run);
    rn_env_collect(&run.env);
    double t0 = cli_now_s();
    rb_backend be;
    int orc = rb_open(backend, profile, timeout_s, &be, err, sizeof err);
    rn_case load_case;
    rn_result load_res;
    if (orc == 2 || (orc && strncmp(backend, "plugin:", 7))) {
        fprintf(stderr, "mxcts run: %s\n", err);
        return 2;
    }
    const mxcts_profile *prof = mxcts_profile_find(orc ? (profile ? profile : "ocp") : be.profile);
    rn_ctx ctx = {&be, prof, !strcmp(prof->name, "ocp"), level, seed};
    run.be = &be;
    run.ctx = &ctx;
    run.suites = suites;
    run.level = level;
    run.seed = seed;
    run.shard_i = shard_i;
    run.shard_n = shard_n;
    run.max_failures = max_failures;
    run.baseline_path = baseline;
    run.worst_ratio = -1;
    rn_result *res = calloc(n ? n : 1, sizeof *res);
    if (!res) {
        fprintf(stderr, "mxcts run: out of memory\n");
        return 3;
    }
    if (orc) { /* a plugin that does not load: the run is that one failure */
        static char load_err[512];
        snprintf(load_err, sizeof load_err, "%s", err);
        run.load_error = load_err;
        memset(&load_case, 0, sizeof load_case);
        snprintf(load_case.id, sizeof load_case.id, "guard.plugin.load");
        snprintf(load_case.desc, sizeof load_case.desc, "the plugin loads and answers %s()", "mxcts_plugin_get_v1");
        strcpy(load_case.fmt, "-");
        load_case.suite = RN_GUARD;
        load_case.required = 1;
        memset(&load_res, 0, sizeof load_res);
        load_res.status = RN_FAIL;
        snprintf(load_res.reason, sizeof load_res.reason, "%s", err);
        snprintf(be.spec, sizeof be.spec, "%s", backend);
        strcpy(be.kind, "plugin");
        snprintf(be.name, sizeof be.name, "%s", backend + 7);
        snprintf(be.profile, sizeof be.profile, "%s", prof->name);
        free(all.v);
        all.v = &load_case;
        free(res);
        res = &load_res;
        n = 1;
    }

    int tty = isatty(2);
    size_t failures = 0, done = 0;
    for (size_t i = 0; i < n && !orc; i++) {
        rn_case *k = &all.v[i];
        if (tty) {
            fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, n, k->id);
            fflush(stderr);
        }
        double c0 = cli_now_s();
        res[i].status = RN_PASS;
        be.last_reason[0] = 0;
        k->run(&ctx, k, &res[i]);
        res[i].seconds = cli_now_s() - c0;
        done = i + 1;
        if (res[i].status == RN_FAIL || res[i].status == RN_INTERNAL_ERROR)
            failures++;
        if (max_failures && failures >= (size_t)max_failures && i + 1 < n) {
            run.stopped_early = 1;
            break;
        }
    }
    if (tty)
        fprintf(stderr, "\r\033[K");
    if (!orc)
        n = done;
    run.env.seconds = cli_now_s() - t0;
    run.cases = all.v;
    run.res = res;
    run.n = n;
    for (size_t i = 0; i < n; i++) {
        if (baseline)
            rn_baseline_apply(&bl, &all.v[i], &res[i]);
        run.count[res[i].status]++;
        run.bl_count[res[i].baseline]++;
        run.bugs |= res[i].bugs;
        for (int h = 0; h < RN_HIST_BINS; h++)
            run.hist[h] += res[i].hist[h];
        if (res[i].has_ratio && !(res[i].worst_ratio <= run.worst_ratio))
            run.worst_ratio = res[i].worst_ratio;
    }
    int failed_required = 0;
    for (size_t i = 0; i < n; i++)
        if (all.v[i].required && (res[i].status == RN_FAIL || res[i].status == RN_INTERNAL_ERROR))
            failed_required = 1;
    run.exit_code = failed_required || run.stopped_early ? 1 : 0;

    int rc = 0, to_stdout = 0;
    for (int r = 0; r < nrep; r++)
        to_stdout |= rep_file[r] == NULL;
    for (int r = 0; r < nrep; r++) {
        FILE *f = rep_file[r] ? fopen(rep_file[r], "w") : stdout;
        if (!f) {
            fprintf(stderr, "mxcts run: cannot write '%s'\n", rep_file[r]);
            rc = 2;
            continue;
        }
        if (!strcmp(rep_fmt[r], "text"))
            report_text(f, &run, verbose);
        else if (!strcmp(rep_fmt[r], "json"))
            report_json(f, &run);
        else if (!strcmp(rep_fmt[r], "junit"))
            report_junit(f, &run);
        else
            report_html(f, &run);
        if (f != stdout && fclose(f) != 0) {
            fprintf(stderr, "mxcts run: error writing '%s'\n", rep_file[r]);
            rc = 2;
        }
    }
    if (!to_stdout) /* every report went to a file: a summary on stdout */
        report_text(stdout, &run, 0);
    if (write_baseline) {
        char hdr[256];
        snprintf(hdr, sizeof hdr, "backend %s target %s profile %s level %s", be.spec, be.target, be.profile,
                 rn_level_name(level));
        if (rn_baseline_write(write_baseline, all.v, res, n, hdr)) {
            fprintf(stderr, "mxcts run: cannot write baseline '%s'\n", write_baseline);
            rc = 2;
        }
    }
    if (!orc) {
        rb_close(&be);
        free(all.v);
        free(res);
    }
    free(bl.v);
    return rc ? rc : run.exit_code;
}

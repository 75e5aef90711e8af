/* JSON report, following spec/report-schema.json (schema "mxcts-report/1"). */
#include <math.h>
#include <string.h>

#include "runner.h"

void rn_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void jnum(FILE *f, double v)
{
    if (isnan(v))
        fputs("\"nan\"", f);
    else if (isinf(v))
        fputs(v > 0 ? "\"inf\"" : "\"-inf\"", f);
    else
        fprintf(f, "%.6g", v);
}

static void kv(FILE *f, const char *k, const char *v, int comma)
{
    rn_json_str(f, k);
    fputs(": ", f);
    rn_json_str(f, v ? v : "");
    if (comma)
        fputs(", ", f);
}

static void kv_or_null(FILE *f, const char *k, const char *v, int comma)
{
    rn_json_str(f, k);
    fputs(": ", f);
    if (v && *v)
        rn_json_str(f, v);
    else
        fputs("null", f);
    if (comma)
        fputs(", ", f);
}

int report_json(FILE *f, const rn_run *run)
{
    const rb_backend *b = run->be;
    fprintf(f, "{\n  \"schema\": \"mxcts-report/1\",\n  \"tool\": {");
    kv(f, "name", "mxcts", 1);
    kv(f, "version", run->env.tool_version, 1);
    kv_or_null(f, "git", run->env.git, 0);
    fprintf(f, "},\n  \"run\": {");
    kv(f, "backend", b->spec, 1);
    kv(f, "level", rn_level_name(run->level), 1);
    fprintf(f, "\"certifying\": %s, ", rn_certifying(run) ? "true" : "false");
    kv(f, "profile", b->profile, 1);
    fprintf(f, "\"suites\": [");
    int first = 1;
    for (int s = 0; s < RN_SUITE_COUNT; s++)
        if (strstr(run->suites, rn_suite_name((rn_suite)s))) {
            fprintf(f, "%s\"%s\"", first ? "" : ", ", rn_suite_name((rn_suite)s));
            first = 0;
        }
    fprintf(f, "], \"seed\": %llu, \"shard\": {\"index\": %d, \"count\": %d}, ", (unsigned long long)run->seed,
            run->shard_i, run->shard_n);
    fprintf(f, "\"max_failures\": %d, \"stopped_early\": %s, ", run->max_failures,
            run->stopped_early ? "true" : "false");
    kv_or_null(f, "baseline", run->baseline_path, 1);
    kv_or_null(f, "load_error", run->load_error, 1);
    kv(f, "started", run->env.started, 1);
    fprintf(f, "\"seconds\": %.3f},\n  \"environment\": {", run->env.seconds);
    kv(f, "host", run->env.host, 1);
    kv(f, "os", run->env.os, 1);
    kv(f, "cpu", run->env.cpu, 1);
    kv(f, "compiler", run->env.compiler, 1);
    fprintf(f, "\"vectors\": {");
    kv_or_null(f, "manifest", run->env.vectors_path, 1);
    kv_or_null(f, "sha256", run->env.vectors_sha256, 0);
    fprintf(f, "}},\n  \"backend\": {");
    kv(f, "kind", b->kind, 1);
    kv(f, "name", b->name, 1);
    kv(f, "version", b->impl_version, 1);
    kv(f, "profile", b->profile, 1);
    kv(f, "target", b->target, 1);
    kv(f, "device", b->device, 1);
    kv(f, "platform", b->platform, 1);
    kv_or_null(f, "driver", b->driver, 1);
    kv_or_null(f, "runtime", b->runtime, 1);
    fprintf(f, "\"isolated\": %s, \"accumulation\": {\"kind\": %d, \"block\": %d}, \"not_run_targets\": [",
            b->isolated ? "true" : "false", b->accum_kind, b->accum_block);
    char amd[256];
    rn_amd_targets(amd, sizeof amd);
    first = 1;
    for (char *p = amd; *p;) {
        size_t len = strcspn(p, ",");
        fprintf(f, "%s{\"target\": \"%.*s\", \"status\": \"compiled, not run\"}", first ? "" : ", ", (int)len, p);
        first = 0;
        p += len;
        if (*p == ',')
            p++;
    }
    fprintf(f, "]},\n  \"summary\": {\"total\": %zu", run->n);
    for (int s = 0; s < RN_STATUS_COUNT; s++)
        fprintf(f, ", \"%s\": %zu", rn_status_name((rn_status)s), run->count[s]);
    fprintf(f, ", \"regressions\": %zu, \"fixes\": %zu, \"verdict\": \"%s\", \"exit_code\": %d, \"worst_gemm_ratio\": ",
            run->bl_count[RN_BL_REGRESSION], run->bl_count[RN_BL_FIX], run->exit_code ? "FAIL" : "PASS",
            run->exit_code);
    if (run->worst_ratio >= 0)
        jnum(f, run->worst_ratio);
    else
        fputs("null", f);
    fprintf(f, ", \"bugs\": [");
    first = 1;
    for (int bb = 0; bb < RN_BUG_COUNT; bb++) {
        if (!(run->bugs & (1u << bb)))
            continue;
        fprintf(f, "%s{", first ? "" : ", ");
        first = 0;
        kv(f, "id", rn_bug_id((rn_bug)bb), 1);
        kv(f, "text", rn_bug_text((rn_bug)bb), 1);
        fprintf(f, "\"cases\": [");
        int c1 = 1;
        for (size_t i = 0; i < run->n; i++)
            if (run->res[i].bugs & (1u << bb)) {
                if (!c1)
                    fputs(", ", f);
                rn_json_str(f, run->cases[i].id);
                c1 = 0;
            }
        fprintf(f, "]}");
    }
    fprintf(f, "]},\n  \"matrix\": [");
    first = 1;
    for (int s = 0; s < RN_SUITE_COUNT; s++) {
        size_t cnt[RN_STATUS_COUNT] = {0}, tot = 0;
        for (size_t i = 0; i < run->n; i++)
            if (run->cases[i].suite == (rn_suite)s)
                cnt[run->res[i].status]++, tot++;
        if (!tot)
            continue;
        fprintf(f, "%s\n    {\"suite\": \"%s\", \"total\": %zu", first ? "" : ",", rn_suite_name((rn_suite)s), tot);
        for (int t = 0; t < RN_STATUS_COUNT; t++)
            fprintf(f, ", \"%s\": %zu", rn_status_name((rn_status)t), cnt[t]);
        fputs("}", f);
        first = 0;
    }
    fprintf(f, "\n  ],\n  \"histogram\": {\"bins\": [");
    for (int i = 0; i < RN_HIST_BINS; i++)
        fprintf(f, "%s\"%s\"", i ? ", " : "", rn_hist_label(i));
    fprintf(f, "], \"counts\": [");
    for (int i = 0; i < RN_HIST_BINS; i++)
        fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)run->hist[i]);
    fprintf(f, "]},\n  \"cases\": [");
    for (size_t i = 0; i < run->n; i++) {
        const rn_case *k = &run->cases[i];
        const rn_result *r = &run->res[i];
        fprintf(f, "%s\n    {", i ? "," : "");
        kv(f, "id", k->id, 1);
        kv(f, "suite", rn_suite_name(k->suite), 1);
        kv(f, "format", k->fmt, 1);
        kv(f, "description", k->desc, 1);
        fprintf(f, "\"required\": %s, ", k->required ? "true" : "false");
        kv(f, "status", rn_status_name(r->status), 1);
        kv(f, "reason", r->reason, 1);
        fprintf(f, "\"checked\": %llu, \"failed\": %llu, \"seconds\": %.4f", (unsigned long long)r->checked,
                (unsigned long long)r->failed, r->seconds);
        if (r->has_ratio) {
            fputs(", \"worst_ratio\": ", f);
            jnum(f, r->worst_ratio);
            fputs(", \"worst_ulps\": ", f);
            jnum(f, r->worst_ulps);
            if (r->accum[0]) {
                fputs(", ", f);
                kv(f, "accumulation", r->accum, 0);
            }
        }
        if (r->bugs) {
            fputs(", \"bugs\": [", f);
            int c1 = 1;
            for (int bb = 0; bb < RN_BUG_COUNT; bb++)
                if (r->bugs & (1u << bb)) {
                    fprintf(f, "%s\"%s\"", c1 ? "" : ", ", rn_bug_id((rn_bug)bb));
                    c1 = 0;
                }
            fputs("]", f);
        }
        if (r->baseline != RN_BL_NONE) {
            fputs(", ", f);
            kv(f, "baseline", rn_baseline_name(r->baseline), 1);
            kv(f, "baseline_note", r->baseline_note, 0);
        }
        if (r->nsamples) {
            fputs(", \"samples\": [", f);
            for (int s = 0; s < r->nsamples; s++) {
                fprintf(f, "%s{", s ? ", " : "");
                kv(f, "input", r->samples[s].input, 1);
                kv(f, "expected", r->samples[s].expected, 1);
                kv(f, "actual", r->samples[s].actual, 0);
                fputs("}", f);
            }
            fputs("]", f);
        }
        fputs("}", f);
    }
    fprintf(f, "\n  ]\n}\n");
    return ferror(f) ? 1 : 0;
}

/* JUnit XML (the dialect Jenkins, GitLab and GitHub test reporters read;
 * spec/junit.xsd is the schema it is validated against): one <testsuite>
 * per suite, one <testcase> per case. FAIL is <failure>, INTERNAL_ERROR
 * <error>, NOT_SUPPORTED and EXPECTED_FAIL <skipped> with the reason. */
#include <string.h>

#include "runner.h"

void rn_xml_str(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                fputc('?', f);
            else
                fputc(*p, f);
        }
    }
}

static void prop(FILE *f, const char *k, const char *v)
{
    fprintf(f, "      <property name=\"%s\" value=\"", k);
    rn_xml_str(f, v);
    fputs("\"/>\n", f);
}

int report_junit(FILE *f, const rn_run *run)
{
    const rb_backend *b = run->be;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<testsuites name=\"mxcts run %s\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
            rn_level_name(run->level), run->n, run->count[RN_FAIL], run->count[RN_INTERNAL_ERROR],
            run->count[RN_NOT_SUPPORTED] + run->count[RN_EXPECTED_FAIL], run->env.seconds);
    for (int s = 0; s < RN_SUITE_COUNT; s++) {
        size_t cnt[RN_STATUS_COUNT] = {0}, tot = 0;
        double secs = 0;
        for (size_t i = 0; i < run->n; i++)
            if (run->cases[i].suite == (rn_suite)s)
                cnt[run->res[i].status]++, tot++, secs += run->res[i].seconds;
        if (!tot)
            continue;
        fprintf(f, "  <testsuite name=\"mxcts.%s\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\" timestamp=\"%.19s\" hostname=\"",
                rn_suite_name((rn_suite)s), tot, cnt[RN_FAIL], cnt[RN_INTERNAL_ERROR],
                cnt[RN_NOT_SUPPORTED] + cnt[RN_EXPECTED_FAIL], secs, run->env.started);
        rn_xml_str(f, run->env.host[0] ? run->env.host : "localhost");
        fputs("\">\n    <properties>\n", f);
        prop(f, "backend", b->spec);
        prop(f, "implementation", b->name);
        prop(f, "target", b->target);
        prop(f, "device", b->device);
        prop(f, "profile", b->profile);
        prop(f, "level", rn_level_name(run->level));
        prop(f, "certifying", rn_certifying(run) ? "yes" : "no (not a certification run)");
        prop(f, "mxcts_version", run->env.tool_version);
        if (run->env.vectors_sha256[0])
            prop(f, "vectors_sha256", run->env.vectors_sha256);
        fputs("    </properties>\n", f);
        for (size_t i = 0; i < run->n; i++) {
            const rn_case *k = &run->cases[i];
            const rn_result *r = &run->res[i];
            if (k->suite != (rn_suite)s)
                continue;
            fprintf(f, "    <testcase classname=\"mxcts.%s\" name=\"", rn_suite_name(k->suite));
            rn_xml_str(f, k->id);
            fprintf(f, "\" time=\"%.4f\"", r->seconds);
            if (r->status == RN_PASS && !r->baseline_note[0]) {
                fputs("/>\n", f);
                continue;
            }
            fputs(">\n", f);
            const char *tag = r->status == RN_FAIL ? "failure" : r->status == RN_INTERNAL_ERROR ? "error"
                              : r->status == RN_PASS ? NULL : "skipped";
            if (tag) {
                fprintf(f, "      <%s message=\"%s: ", tag, rn_status_name(r->status));
                rn_xml_str(f, r->reason[0] ? r->reason : k->desc);
                if (!strcmp(tag, "skipped")) {
                    fputs("\"/>\n", f);
                } else {
                    fprintf(f, "\" type=\"%s\">", rn_status_name(r->status));
                    rn_xml_str(f, k->desc);
                    fputc('\n', f);
                    for (int bb = 0; bb < RN_BUG_COUNT; bb++)
                        if (r->bugs & (1u << bb)) {
                            fputs("bug: ", f);
                            rn_xml_str(f, rn_bug_text((rn_bug)bb));
                            fputc('\n', f);
                        }
                    for (int j = 0; j < r->nsamples; j++) {
                        fputs("input ", f);
                        rn_xml_str(f, r->samples[j].input);
                        fputs("\n  expected ", f);
                        rn_xml_str(f, r->samples[j].expected);
                        fputs("\n  actual   ", f);
                        rn_xml_str(f, r->samples[j].actual);
                        fputc('\n', f);
                    }
                    fprintf(f, "</%s>\n", tag);
                }
            }
            if (r->baseline_note[0]) {
                fprintf(f, "      <system-out>baseline %s: ", rn_baseline_name(r->baseline));
                rn_xml_str(f, r->baseline_note);
                fputs("</system-out>\n", f);
            }
            fputs("    </testcase>\n", f);
        }
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
    return ferror(f) ? 1 : 0;
}

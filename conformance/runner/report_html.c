/* The HTML certificate: one self-contained page (inline CSS and SVG, no
 * scripts, no external resources) stating what was judged, where, under
 * which profile and level, with the verdict, the suite matrix, the GEMM
 * error-ratio histogram and every failing case with its inputs and bits. */
#include <math.h>
#include <string.h>

#include "runner.h"

#define H(s) rn_xml_str(f, (s))

static void row(FILE *f, const char *k, const char *v)
{
    fputs("<tr><th>", f);
    H(k);
    fputs("</th><td>", f);
    H(v && *v ? v : "unknown");
    fputs("</td></tr>\n", f);
}

static const char *status_class(rn_status s)
{
    static const char *const c[RN_STATUS_COUNT] = {"pass", "fail", "ns", "xfail", "ierr"};
    return c[s];
}

static void histogram_svg(FILE *f, const uint64_t *hist)
{
    uint64_t mx = 1;
    for (int i = 0; i < RN_HIST_BINS; i++)
        if (hist[i] > mx)
            mx = hist[i];
    const int W = 640, Hh = 220, left = 50, bottom = 50, bw = (W - left - 10) / RN_HIST_BINS;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
               "aria-label=\"GEMM error/bound histogram\">\n", W, Hh);
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", left, Hh - bottom, W - 5,
            Hh - bottom);
    double lmx = log10((double)mx + 1);
    for (int i = 0; i < RN_HIST_BINS; i++) {
        double h = hist[i] ? (Hh - bottom - 20) * log10((double)hist[i] + 1) / lmx : 0;
        int x = left + i * bw + 4;
        const char *col = i >= 8 ? "#c62828" : i == 0 ? "#2e7d32" : "#1565c0";
        fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s: %llu</title></rect>\n",
                x, Hh - bottom - h, bw - 8, h, col, rn_hist_label(i), (unsigned long long)hist[i]);
        fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%llu</text>\n", x + (bw - 8) / 2,
                Hh - bottom - h - 3, (unsigned long long)hist[i]);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"end\" transform=\"rotate(-35 %d %d)\">%s</text>\n",
                x + (bw - 8) / 2, Hh - bottom + 12, x + (bw - 8) / 2, Hh - bottom + 12, rn_hist_label(i));
    }
    fprintf(f, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>\n",
            left + 8 * bw, left + 8 * bw, Hh - bottom);
    fprintf(f, "<text x=\"%d\" y=\"18\" font-size=\"10\" fill=\"#c62828\">bound (ratio 1)</text>\n", left + 8 * bw + 3);
    fprintf(f, "<text x=\"12\" y=\"%d\" font-size=\"10\" transform=\"rotate(-90 12 %d)\">output elements (log)</text>\n",
            Hh / 2 + 40, Hh / 2 + 40);
    fputs("</svg>\n", f);
}

int report_html(FILE *f, const rn_run *run)
{
    const rb_backend *b = run->be;
    int cert = rn_certifying(run);
    int ok = run->exit_code == 0;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>mxcts ", f);
    fputs(cert ? "conformance certificate" : "conformance report", f);
    fputs(" - ", f);
    H(b->name);
    fputs("</title>\n<style>\n"
          "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;max-width:1100px;color:#1b1b1b;padding:0 1em}\n"
          "h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\n"
          ".verdict{font-size:1.4em;font-weight:700;padding:.6em 1em;border-radius:6px;margin:1em 0}\n"
          ".vpass{background:#e8f5e9;color:#1b5e20;border:2px solid #2e7d32}.vfail{background:#ffebee;color:#b71c1c;border:2px solid #c62828}\n"
          ".warn{background:#fff8e1;border:2px solid #f9a825;color:#6d4c00;padding:.5em 1em;border-radius:6px;margin:.5em 0;font-weight:600}\n"
          "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}\n"
          "table.kv th{background:#f5f5f5;width:14em}td.num{text-align:right}\n"
          ".pass{background:#e8f5e9}.fail{background:#ffcdd2;font-weight:600}.ns{background:#eceff1;color:#555}.xfail{background:#fff3e0}.ierr{background:#f8bbd0;font-weight:600}\n"
          "code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}\n"
          ".bug{background:#ffebee;border-left:4px solid #c62828;padding:.4em .8em;margin:.4em 0}\n"
          ".notrun{color:#6d4c00;font-weight:600}details{margin:.5em 0}summary{cursor:pointer;font-weight:600}\n"
          "footer{margin-top:2em;color:#666;font-size:.85em}\n"
          "</style></head><body>\n", f);
    fprintf(f, "<h1>mxcts %s</h1>\n", cert ? "conformance certificate" : "conformance report");
    fputs("<div>", f);
    H(b->name);
    fputs(" &mdash; profile <b>", f);
    H(b->profile);
    fputs("</b> &mdash; level <b>", f);
    H(rn_level_name(run->level));
    fputs("</b></div>\n", f);
    fprintf(f, "<div class=\"verdict %s\">%s: %zu cases, %zu failed, %zu not supported%s</div>\n", ok ? "vpass" : "vfail",
            ok ? "PASSED" : "FAILED", run->n, run->count[RN_FAIL] + run->count[RN_INTERNAL_ERROR],
            run->count[RN_NOT_SUPPORTED],
            ok && !strcmp(b->profile, "ocp") && cert ? " &mdash; OCP conformant for the operations judged" : "");
    if (!cert) {
        fputs("<div class=\"warn\">NOT CERTIFYING: ", f);
        if (run->level == RN_QUICK)
            fputs("level <b>quick</b> is a CI check with reduced inputs, not a certification (run --level full).", f);
        else if (run->level == RN_SMOKE)
            fputs("level <b>smoke</b> is a sanity check, not a certification.", f);
        else if (run->shard_n > 1)
            fprintf(f, "this is shard %d of %d; a certificate needs every shard.", run->shard_i, run->shard_n);
        else if (run->stopped_early)
            fputs("the run stopped early (--max-failures).", f);
        else if (!strcmp(b->kind, "ref"))
            fputs("the reference judged against itself (runner self-check).", f);
        else
            fputs("not every suite was run.", f);
        fputs("</div>\n", f);
    }
    if (run->load_error) {
        fputs("<div class=\"bug\"><b>Plugin failed to load:</b> ", f);
        H(run->load_error);
        fputs("</div>\n", f);
    }

    fputs("<h2>Environment</h2>\n<table class=\"kv\">\n", f);
    row(f, "Backend", b->spec);
    row(f, "Implementation", b->name);
    row(f, "Implementation version", b->impl_version);
    row(f, "Device", b->device);
    row(f, "Target", b->target);
    row(f, "Platform", b->platform);
    row(f, "Driver", b->driver);
    row(f, "Runtime", b->runtime);
    row(f, "Claimed profile", b->profile);
    row(f, "Level", rn_level_name(run->level));
    char buf[256];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)run->seed);
    row(f, "Seed", buf);
    if (run->shard_n > 1) {
        snprintf(buf, sizeof buf, "%d / %d", run->shard_i, run->shard_n);
        row(f, "Shard", buf);
    }
    row(f, "Suites", run->suites);
    snprintf(buf, sizeof buf, "mxcts %s%s%s", run->env.tool_version, run->env.git[0] ? " git " : "", run->env.git);
    row(f, "Library / tool version", buf);
    row(f, "Golden vectors (MANIFEST sha256)", run->env.vectors_sha256[0] ? run->env.vectors_sha256
                                                                          : "no vectors/MANIFEST found: judged against the reference only");
    row(f, "Host", run->env.host);
    row(f, "OS", run->env.os);
    row(f, "CPU", run->env.cpu);
    row(f, "Compiler", run->env.compiler);
    row(f, "Started (UTC)", run->env.started);
    snprintf(buf, sizeof buf, "%.1f s", run->env.seconds);
    row(f, "Duration", buf);
    row(f, "Isolation", b->isolated ? "every call in a child process with a time limit"
                        : b->no_fork ? "none: a device context does not survive fork(), guard cases run in-process"
                                     : "guard cases in child processes with a time limit");
    if (run->baseline_path)
        row(f, "Baseline", run->baseline_path);
    fputs("</table>\n", f);

    char amd[256];
    rn_amd_targets(amd, sizeof amd);
    if (amd[0]) {
        fputs("<h2>Targets of this build</h2>\n<table><tr><th>Target</th><th>Status</th></tr>\n", f);
        for (char *p = amd; *p;) {
            size_t len = strcspn(p, ",");
            fprintf(f, "<tr><td class=\"mono\">%.*s</td><td class=\"notrun\">compiled, not run</td></tr>\n", (int)len, p);
            p += len;
            if (*p == ',')
                p++;
        }
        fputs("</table>\n<p>AMD targets are compile- and ISA-checked only: no AMD GPU was available, so no result on this page comes from one.</p>\n", f);
    }

    fputs("<h2>Results by suite</h2>\n<table><tr><th>Suite</th><th>Cases</th>", f);
    for (int s = 0; s < RN_STATUS_COUNT; s++)
        fprintf(f, "<th>%s</th>", rn_status_name((rn_status)s));
    fputs("<th>Worst error / bound</th></tr>\n", f);
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
        fprintf(f, "<tr><td>%s</td><td class=\"num\">%zu</td>", rn_suite_name((rn_suite)s), tot);
        for (int t = 0; t < RN_STATUS_COUNT; t++)
            fprintf(f, "<td class=\"num %s\">%zu</td>", cnt[t] ? status_class((rn_status)t) : "", cnt[t]);
        if (worst >= 0)
            fprintf(f, "<td class=\"num %s\">%.3g</td></tr>\n", worst <= 1 ? "pass" : "fail", worst);
        else
            fputs("<td></td></tr>\n", f);
    }
    fputs("</table>\n", f);

    /* format x suite matrix */
    const char *fmts[32];
    int nf = rn_run_formats(run, fmts, 32);
    if (nf) {
        fputs("<h2>Format &times; suite</h2>\n<table><tr><th>Format</th>", f);
        for (int s = 0; s < RN_GUARD; s++)
            fprintf(f, "<th>%s</th>", rn_suite_name((rn_suite)s));
        fputs("</tr>\n", f);
        for (int j = 0; j < nf; j++) {
            fputs("<tr><td class=\"mono\">", f);
            H(fmts[j]);
            fputs("</td>", f);
            for (int s = 0; s < RN_GUARD; s++) {
                const rn_cell c = rn_run_cell(run, (rn_suite)s, fmts[j]);
                const size_t pass = c.pass, fail = c.fail, ns = c.not_supported, tot = c.total;
                if (!tot)
                    fputs("<td></td>", f);
                else if (fail)
                    fprintf(f, "<td class=\"fail\">FAIL %zu/%zu</td>", fail, tot);
                else if (ns == tot)
                    fputs("<td class=\"ns\">not supported</td>", f);
                else
                    fprintf(f, "<td class=\"pass\">pass %zu%s</td>", pass, ns ? " (some n/s)" : "");
            }
            fputs("</tr>\n", f);
        }
        fputs("</table>\n", f);
    }

    int has_gemm = 0;
    for (int i = 0; i < RN_HIST_BINS; i++)
        has_gemm |= run->hist[i] != 0;
    fputs("<h2>GEMM error / bound</h2>\n", f);
    if (has_gemm) {
        fprintf(f, "<p>Every GEMM output element's |kernel &minus; exact| divided by the bound of the declared "
                   "accumulation (pass &le; 1). Worst: <b>%.3g</b>.</p>\n", run->worst_ratio);
        histogram_svg(f, run->hist);
    } else {
        fputs("<p>No GEMM output was judged in this run.</p>\n", f);
    }

    if (run->bugs) {
        fputs("<h2>Known bug signatures found</h2>\n", f);
        for (int bb = 0; bb < RN_BUG_COUNT; bb++)
            if (run->bugs & (1u << bb)) {
                fputs("<div class=\"bug\"><b>", f);
                H(rn_bug_text((rn_bug)bb));
                fprintf(f, "</b> <code>[%s]</code><br>cases:", rn_bug_id((rn_bug)bb));
                for (size_t i = 0; i < run->n; i++)
                    if (run->res[i].bugs & (1u << bb)) {
                        fputs(" <code>", f);
                        H(run->cases[i].id);
                        fputs("</code>", f);
                    }
                fputs("</div>\n", f);
            }
    }

    fputs("<h2>Failing cases</h2>\n", f);
    int nfail = 0;
    for (size_t i = 0; i < run->n; i++) {
        const rn_result *r = &run->res[i];
        if (r->status != RN_FAIL && r->status != RN_INTERNAL_ERROR)
            continue;
        if (!nfail++)
            fputs("<table><tr><th>Case</th><th>What must hold</th><th>First failing inputs: expected / actual</th></tr>\n", f);
        fprintf(f, "<tr class=\"%s\"><td class=\"mono\">", "");
        H(run->cases[i].id);
        fprintf(f, "<br><span class=\"%s\">%s</span>", status_class(r->status), rn_status_name(r->status));
        if (r->baseline == RN_BL_REGRESSION)
            fputs(" REGRESSION", f);
        fputs("</td><td>", f);
        H(run->cases[i].desc);
        if (r->reason[0]) {
            fputs("<br><i>", f);
            H(r->reason);
            fputs("</i>", f);
        }
        for (int bb = 0; bb < RN_BUG_COUNT; bb++)
            if (r->bugs & (1u << bb)) {
                fputs("<br><b>bug:</b> ", f);
                H(rn_bug_text((rn_bug)bb));
            }
        fputs("</td><td class=\"mono\">", f);
        for (int s = 0; s < r->nsamples; s++) {
            H(r->samples[s].input);
            fputs("<br>&nbsp;&nbsp;expected ", f);
            H(r->samples[s].expected);
            fputs("<br>&nbsp;&nbsp;actual&nbsp;&nbsp;&nbsp;", f);
            H(r->samples[s].actual);
            fputs("<br>", f);
        }
        fputs("</td></tr>\n", f);
    }
    if (nfail)
        fputs("</table>\n", f);
    else
        fputs("<p>None.</p>\n", f);

    fputs("<h2>All cases</h2>\n<details><summary>", f);
    fprintf(f, "%zu cases (click to expand)</summary>\n<table><tr><th>Case</th><th>Status</th><th>Values</th><th>Note</th></tr>\n",
            run->n);
    for (size_t i = 0; i < run->n; i++) {
        const rn_result *r = &run->res[i];
        fputs("<tr><td class=\"mono\">", f);
        H(run->cases[i].id);
        fprintf(f, "</td><td class=\"%s\">%s</td><td class=\"num\">%llu</td><td>", status_class(r->status),
                rn_status_name(r->status), (unsigned long long)r->checked);
        if (r->has_ratio) {
            fprintf(f, "worst err/bound %.3g ", r->worst_ratio);
            if (r->accum[0]) {
                fputs("(", f);
                H(r->accum);
                fputs(") ", f);
            }
        }
        H(r->status == RN_PASS ? "" : r->reason);
        if (r->baseline_note[0]) {
            fprintf(f, " [%s] ", rn_baseline_name(r->baseline));
            H(r->baseline_note);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table></details>\n", f);
    fputs("<footer>Generated by <code>mxcts run</code>. Conversions, quantisation and dequantisation are judged bit for bit "
          "against the mxcts reference under the claimed profile (NaN by class where the profile leaves the sign open); "
          "GEMM against the exact sum within the error bound of the declared accumulation. ", f);
    fputs("Status: PASS, FAIL, NOT_SUPPORTED (with its reason), EXPECTED_FAIL (in the baseline), INTERNAL_ERROR.</footer>\n", f);
    fputs("</body></html>\n", f);
    return ferror(f) ? 1 : 0;
}

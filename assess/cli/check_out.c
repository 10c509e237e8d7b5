/* check_out: the report of `assess check` on the terminal, in its language
 * (names and units from the rule files). */
#include "cli/check_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common.h"
#include "cli/wrap.h"
#include "base/decimal.h"

/* ------------------------------------------------------------ first lines */

/* The files of the list joined with ", " into buf; "" when none. */
static const char *joined_files(const char *const *files, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", files[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

/* "2025 data/sample/submissions/2025/110000.yaml": every earlier year the
 * assessment reads, with its file (or nothing). */
static bool previous_years(const as_check_item *it, char *buf, size_t size)
{
    const as_dataset *ds = it->ds;
    size_t used = 0;
    bool any = false;
    buf[0] = '\0';
    for (int y = ds->first_year; y < ds->year && used < size; y++) {
        const as_submission *ps = as_dataset_submission(ds, it->s->province, y, false);
        int w =
            snprintf(buf + used, size - used, "%s%d %s", used ? "; " : "", y, ps ? ps->file : "-");
        used += w > 0 ? (size_t)w : 0;
        any = any || ps;
    }
    return any;
}

static void data_line(FILE *f, const as_check_item *it, bool zh)
{
    const as_dataset *ds = it->ds;
    const char *name = as_cli_name_in(zh, ds->name_zh, ds->name_en);
    switch (it->kind) {
    case AS_SOURCE_FOLDER:
        fprintf(f, as_cli_tr(zh, "Data set: %s, %s (the data set the file lies in)\n"), ds->dir,
                name);
        break;
    case AS_SOURCE_OPTION:
        fprintf(f, as_cli_tr(zh, "Data set: %s, %s (--data)\n"), ds->dir, name);
        break;
    case AS_SOURCE_SAMPLE:
        fprintf(f,
                as_cli_tr(zh, "Data set: %s, %s: the bundled sample, since the file says it is "
                              "illustrative and lies in no data set (--data DIR for another)\n"),
                ds->dir, name);
        break;
    default:
        fputs(as_cli_tr(zh, "Data set: none; the files named with --targets and --previous\n"), f);
        break;
    }
}

static void sources_lines(FILE *f, const as_check_item *it, bool zh)
{
    const as_dataset *ds = it->ds;
    char files[4096], prev[4096];
    data_line(f, it, zh);
    if (ds->ntarget_files)
        fprintf(f, as_cli_tr(zh, "Targets: %s\n"),
                joined_files(ds->target_files, ds->ntarget_files, files, sizeof files));
    else if (it->kind == AS_SOURCE_FILES)
        fputs(as_cli_tr(zh, "Targets: none given (--targets FILE): no check can be judged\n"), f);
    else
        fprintf(f, as_cli_tr(zh, "Targets: none for %d in the data set: no check can be judged\n"),
                ds->year);
    if (previous_years(it, prev, sizeof prev))
        fprintf(f, as_cli_tr(zh, "Previous years: %s\n"), prev);
    else if (it->kind == AS_SOURCE_FILES)
        fprintf(f,
                as_cli_tr(zh, "Previous years: none given (--previous FILE): checks that "
                              "compare with %d or earlier are no data\n"),
                ds->year - 1);
    else
        fprintf(f,
                as_cli_tr(zh, "Previous years: none in the data set: checks that compare with "
                              "%d or earlier are no data\n"),
                ds->year - 1);
}

static void print_header(const as_check_item *it, FILE *f)
{
    const as_evaluation *ev = it->ev;
    const as_province *pv = it->pr->province;
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++) {
        fprintf(f, as_cli_tr(zh[l], "Self-check of %s: %s (%s), %d, rules %s (%s)\n"), it->file,
                as_cli_name_in(zh[l], pv->name_zh, pv->name_en), pv->code, ev->year, ev->rules->id,
                ev->rules->path);
        sources_lines(f, it, zh[l]);
    }
    if (it->ds->illustrative && it->ds->notice)
        fprintf(f, "%s\n", it->ds->notice);
    for (size_t l = 0; l < nl; l++) {
        fprintf(f, as_cli_tr(zh[l], "Verdicts: %s\n"), as_text_get(ev->rules->judged, zh[l]));
        fputs(as_cli_tr(zh[l], "Margins: positive on the met side, in the indicator's unit; "
                               "for shares and rates in percentage points (pp)\n"),
              f);
    }
}

/* ------------------------------------------------------------ the table */

enum { NAME_W = 22, NUM_W = 12 };

static int status_width(void)
{
    return as_cli_language() == AS_LANG_BOTH ? 16 : 8; /* "未达标 missed" : "missed", "未达标" */
}

static const char *status_label(as_status s)
{
    switch (s) {
    case AS_STATUS_MET:
        return as_cli_label(N_("met"));
    case AS_STATUS_MISSED:
        return as_cli_label(N_("missed"));
    case AS_STATUS_NO_DATA:
        return as_cli_label(N_("no data"));
    default:
        return as_cli_label(N_("exempt"));
    }
}

/* A value, target or margin as the check's method compares it, grouped. */
static void print_number(FILE *f, const as_indicator *ind, const as_check_def *cd, bool has,
                         double v, bool margin)
{
    char buf[64], grouped[96];
    bool pct = ind->display == AS_DISPLAY_PERCENT;
    fputc(' ', f);
    if (!has) {
        as_cli_pad(f, "-", NUM_W, true);
        return;
    }
    if (as_eval_compared_text(cd, v, pct ? 2 : 0, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "%g", v); /* over 60 digits: not reached for real figures */
    as_decimal_group(buf, grouped, sizeof grouped - 1);
    if (pct && !margin)
        strcat(grouped, "%");
    as_cli_pad(f, grouped, NUM_W, true);
}

/* The unit a margin is in: percentage points for a share or rate, else the
 * indicator's unit in the terminal's language. */
static const char *margin_unit(const as_indicator *ind)
{
    if (ind->display == AS_DISPLAY_PERCENT)
        return as_cli_label(N_("pp"));
    return as_cli_name(ind->unit_zh, ind->unit);
}

static void print_check_row(FILE *f, const as_ruleset *r, const as_indicator *ind,
                            const as_check_result *c)
{
    const as_check_def *cd = c->def;
    bool zh = as_cli_language() != AS_LANG_EN;
    fputs("  ", f);
    as_cli_pad(f, cd->name, NAME_W, false);
    fputc(' ', f);
    as_cli_pad(f, status_label(c->status), status_width(), false);
    bool judged = c->has_value && c->has_target; /* else the verdict's numbers are zero */
    print_number(f, ind, cd, c->has_value, judged ? c->verdict.value : c->value, false);
    fprintf(f, " %2s", as_cmp_text(cd->cmp));
    print_number(f, ind, cd, c->has_target, judged ? c->verdict.target : c->target, false);
    print_number(f, ind, cd, c->has_value && c->has_target, c->verdict.margin, true);
    fprintf(f, "  %s", margin_unit(ind));
    if (c->error) {
        char *line = as_diag_format_in(c->error, zh);
        fprintf(f, "  (%s)", line ? line : "");
        free(line);
    } else if (c->no_data.en)
        fprintf(f, "  (%s)", as_text_get(c->no_data, zh));
    if (as_rules_own_method(r, cd))
        fprintf(f,
                as_cli_language() == AS_LANG_EN ? "  [judged otherwise: %s]"
                                                : _("  [judged otherwise: %s]"),
                as_text_get(cd->judged, zh));
    fputc('\n', f);
}

/* ------------------------------------------------------------ what it would take */

static void print_input(FILE *f, const as_ruleset *r, const as_be_check *bc, const as_be_input *bi,
                        bool zh)
{
    const as_input *in = &r->inputs[bi->input];
    const char *name = zh ? in->name_zh : in->id;
    const char *unit = as_cli_name_in(zh, in->unit_zh, in->unit);
    char now[96], a[96], b[96];
    as_decimal_figure(bi->now, -1, now, sizeof now);
    bool met = bc->cr->status == AS_STATUS_MET;
    fputs("        ", f);
    if (bi->result == AS_BE_FAILED) {
        fprintf(f, as_cli_tr(zh, "%s: not worked out (%s)\n"), name, bi->why ? bi->why : "");
        return;
    }
    if (bi->result == AS_BE_NONE) {
        as_decimal_figure(bi->lo, -1, a, sizeof a);
        as_decimal_figure(bi->hi, -1, b, sizeof b);
        fprintf(f,
                met ? as_cli_tr(zh, "%s: no value from %s to %s %s would miss it (now %s)\n")
                    : as_cli_tr(zh, "%s: no value from %s to %s %s would meet it (now %s)\n"),
                name, a, b, unit, now);
        return;
    }
    const as_be_bound *lo = &bi->bounds[0], *hi = bi->nbounds > 1 ? &bi->bounds[1] : NULL;
    as_decimal_figure(lo->shown, lo->decimals, a, sizeof a);
    if (hi) {
        as_decimal_figure(hi->shown, hi->decimals, b, sizeof b);
        fprintf(f,
                met ? as_cli_tr(zh, "%s from %s to %s %s (now %s)\n")
                    : as_cli_tr(zh, "%s at most %s or at least %s %s (now %s)\n"),
                name, a, b, unit, now);
    } else if (lo->side == AS_BE_AT_MOST)
        fprintf(f, as_cli_tr(zh, "%s at most %s %s (now %s)\n"), name, a, unit, now);
    else if (lo->side == AS_BE_AT_LEAST)
        fprintf(f, as_cli_tr(zh, "%s at least %s %s (now %s)\n"), name, a, unit, now);
    else
        fprintf(f, as_cli_tr(zh, "%s exactly %s %s (now %s)\n"), name, a, unit, now);
}

static void print_what_if(FILE *f, const as_ruleset *r, const as_be_check *bc)
{
    if (!bc || !bc->computed || !bc->ninputs)
        return;
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    bool met = bc->cr->status == AS_STATUS_MET;
    for (size_t l = 0; l < nl; l++) {
        fputs("      ", f);
        fputs(met ? as_cli_tr(zh[l], "stays met with, each on its own, the other figures as "
                                     "reported:\n")
                  : as_cli_tr(zh[l], "would be met with any one of, the other figures as "
                                     "reported:\n"),
              f);
        for (size_t i = 0; i < bc->ninputs; i++)
            print_input(f, r, bc, &bc->inputs[i], zh[l]);
    }
}

static void print_table(const as_check_item *it, FILE *f)
{
    const as_ruleset *r = it->ev->rules;
    const as_province_result *pr = it->pr;
    fputs("\n  ", f);
    as_cli_pad(f, as_cli_label(N_("indicator / check")), NAME_W, false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_label(N_("status")), status_width(), false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_label(N_("value")), NUM_W, true);
    fputs("    ", f);
    as_cli_pad(f, as_cli_label(N_("target")), NUM_W, true);
    fputc(' ', f);
    as_cli_pad(f, as_cli_label(N_("margin")), NUM_W, true);
    fputc('\n', f);
    for (size_t i = 0; i < pr->nindicators; i++) {
        const as_indicator_result *ir = &pr->indicators[i];
        const as_indicator *ind = ir->def;
        fprintf(f, "%s [%s] %s: %s%s%s\n", ind->id,
                as_cli_label(ind->kind == AS_KIND_CONTROL ? N_("control") : N_("support")),
                as_cli_name(ind->name_zh, ind->name_en), status_label(ir->status),
                ir->exempt_reason ? " - " : "", ir->exempt_reason ? ir->exempt_reason : "");
        for (size_t k = 0; k < ir->nchecks; k++) {
            print_check_row(f, r, ind, &ir->checks[k]);
            print_what_if(f, r, as_check_what_if(it, i, k));
        }
    }
}

/* ------------------------------------------------------------ the end */

static void print_grade(const as_check_item *it, FILE *f)
{
    const as_province_result *pr = it->pr;
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    size_t warnings = pr->nwarnings, errors = pr->nerrors + as_diags_count(&it->diags);
    for (size_t i = 0; i < it->diags.n; i++)
        warnings += it->diags.items[i].sev == AS_SEV_WARNING;
    fputc('\n', f);
    for (size_t l = 0; l < nl; l++) {
        if (warnings)
            fprintf(f,
                    as_cli_tr(zh[l], "Warnings: %zu (on stderr): look at each before you "
                                     "submit.\n"),
                    warnings);
        if (errors || !pr->grade)
            fprintf(f,
                    as_cli_tr(zh[l], "Errors: %zu (on stderr): the province's data would be "
                                     "invalid and get no grade until they are fixed.\n"),
                    errors);
        else
            fprintf(f,
                    as_cli_tr(zh[l], "Missed: %d control, %d support -> would be graded %s "
                                     "('%s'), before departmental verification and on-site "
                                     "checks.\n"),
                    pr->control_missed, pr->support_missed,
                    as_cli_name_in(zh[l], pr->grade->name_zh, pr->grade->name_en), pr->grade->id);
    }
}

/* Where plan check tr is heading, in one language, into buf (size n). */
static void trajectory_text(const as_trajectory *tr, bool zh, char *buf, size_t n)
{
    const as_check_def *cd = tr->cd;
    char v[40], g[40], q[40], p[40];
    size_t len = 0;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        int w_ = len < n ? snprintf(buf + len, n - len, __VA_ARGS__) : 0;                          \
        len += w_ > 0 ? (size_t)w_ : 0;                                                            \
    } while (0)
    ADD(as_cli_tr(zh, "Trajectory %s / %s: "), tr->ind->id, cd->name);
    if (tr->why.en) {
        ADD(as_cli_tr(zh, "none: %s"), as_text_get(tr->why, zh));
        return;
    }
    ADD(as_cli_tr(zh, "%s in %d"),
        as_cli_judged(cd, tr->ind, tr->values[tr->nobs - 1], v, sizeof v), tr->last_year);
    if (tr->has_target)
        ADD(as_cli_tr(zh, ", plan target %s by %d"),
            as_cli_judged(cd, tr->ind, tr->target, g, sizeof g), tr->final_year);
    if (tr->has_required_rate)
        ADD(as_cli_tr(zh, ", required %s a year"),
            as_cli_judged(cd, tr->ind, tr->required_rate, q, sizeof q));
    ADD(as_cli_tr(zh, ", projected %s (%s)"),
        as_cli_judged(cd, tr->ind, tr->proj.value, p, sizeof p),
        as_cli_tr(zh, as_traj_method_label(tr->proj.method, false)));
    if (tr->has_target)
        ADD("%s", tr->at_risk ? as_cli_tr(zh, ": at risk") : as_cli_tr(zh, ": on track"));
#undef ADD
}

/* Where each plan check is heading, one sentence per language, wrapped. */
static void print_trajectories(const as_check_item *it, FILE *f)
{
    const as_trajectories *t = it->traj;
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t j = 0; t && j < t->nplans; j++)
        for (size_t l = 0; l < nl; l++) {
            char text[4600];
            trajectory_text(as_trajectory_of(t, 0, j), zh[l], text, sizeof text);
            as_cli_wrap(f, text, 0, 2);
        }
}

void as_check_print(const as_check_item *it, FILE *f)
{
    print_header(it, f);
    fflush(f);
    as_cli_print_diags(&it->diags);
    for (size_t i = 0; i < it->pr->ndiags; i++)
        as_cli_print_diag(stderr, &it->pr->diags[i]);
    print_table(it, f);
    print_grade(it, f);
    print_trajectories(it, f);
    fflush(f);
}

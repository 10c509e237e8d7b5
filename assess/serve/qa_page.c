/* qa_page: QA results as HTML fragments. */
#include "serve/qa_page.h"

#include <stdio.h>
#include <string.h>

#include "base/decimal.h"
#include "base/i18n.h"

/* ------------------------------------------------------------ pieces */

static void summary(as_buf *b, as_page_lang lang, const as_qa_summary *s)
{
    as_html(b, "<section class=\"qa\"><h2>%s</h2><p class=\"%s\">", as_page_tr(lang, N_("QA")),
            s->errors ? "bad" : "good");
    as_html_say(b, lang, "%s: %d errors, %d warnings, %d notes", s->name, s->errors, s->warnings,
                s->notes);
    as_html(b, " %s</p>\n",
            s->errors ? as_page_tr(lang, N_("Errors block the release: fix them and upload again."))
                      : as_page_tr(lang, N_("No errors: this version may be released.")));
}

/* Where in the file, as its reader names it: a workbook's "Sheet!D15", a
 * text file's line and column, or nothing for the whole file. */
static void where(const as_diag *e, as_page_lang lang, char *out, size_t n)
{
    as_loc l = e->loc;
    out[0] = '\0';
    if (l.sheet) {
        l.file = "";
        as_loc_print(out, n, l);
        if (out[0] == ':')
            memmove(out, out + 1, strlen(out));
    } else if (l.line > 0 && l.col > 0)
        snprintf(out, n, as_page_tr(lang, N_("line %d, column %d")), l.line, l.col);
    else if (l.line > 0)
        snprintf(out, n, as_page_tr(lang, N_("line %d")), l.line);
}

static const char *sev_label(as_page_lang lang, as_severity s)
{
    return as_page_tr(lang, s == AS_SEV_ERROR     ? N_("error")
                            : s == AS_SEV_WARNING ? N_("warning")
                                                  : N_("note"));
}

static void diag_rows(as_buf *b, as_page_lang lang, const as_diag *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const as_diag *e = &items[i];
        char at[512];
        where(e, lang, at, sizeof at);
        as_html(b, "<tr class=\"%s\"><td>%s</td><td class=\"at\">%s</td><td>%s</td></tr>\n",
                as_severity_name(e->sev), sev_label(lang, e->sev), at,
                as_text_get(e->text, lang == AS_PAGE_ZH));
    }
}

static void diag_table_begin(as_buf *b, as_page_lang lang)
{
    as_html(b,
            "<table class=\"diags\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
            "<tbody>\n",
            as_page_tr(lang, N_("kind")), as_page_tr(lang, N_("where")),
            as_page_tr(lang, N_("what to fix")));
}

void as_qa_page_diags(as_buf *b, as_page_lang lang, const as_qa_summary *s,
                      const as_diags *const *d, size_t n)
{
    size_t any = 0, dropped = 0;
    summary(b, lang, s);
    for (size_t i = 0; i < n; i++) {
        any += d[i]->n;
        dropped += d[i]->dropped;
    }
    if (any) {
        diag_table_begin(b, lang);
        for (size_t i = 0; i < n; i++)
            diag_rows(b, lang, d[i]->items, d[i]->n);
        if (dropped)
            as_html(b, "<tr><td colspan=\"3\">… %zu</td></tr>\n", dropped);
        as_html(b, "</tbody></table>\n");
    }
    as_html(b, "</section>\n");
}

/* ------------------------------------------------------------ a self-check */

/* What the file was judged against: the data set, by its name. */
static void judged_against(as_buf *b, as_page_lang lang, const as_check_item *it)
{
    if (!it->ds)
        return;
    const char *name = lang == AS_PAGE_ZH ? it->ds->name_zh : it->ds->name_en;
    as_html(b, "<p class=\"hint\">");
    as_html_say(b, lang,
                "Judged against the data set %s: its approved targets and the "
                "figures released for earlier years.",
                name ? name : "");
    if (it->ds->illustrative && it->ds->notice)
        as_html(b, " %s", it->ds->notice);
    as_html(b, "</p>\n");
}

static void grade_line(as_buf *b, as_page_lang lang, const as_province_result *pr)
{
    as_html(b, "<p class=\"grade\">");
    if (pr->nerrors || !pr->grade)
        as_html(b, "%s",
                as_page_tr(lang, N_("With these errors the province's data would be invalid and "
                                    "get no grade.")));
    else
        as_html_say(b, lang,
                    "Missed: %d control, %d support -> would be graded %s ('%s'), before "
                    "departmental verification and on-site checks.\n",
                    pr->control_missed, pr->support_missed,
                    lang == AS_PAGE_ZH ? pr->grade->name_zh : pr->grade->name_en, pr->grade->id);
    as_html(b, "</p>\n");
}

static const char *status_label(as_page_lang lang, as_status s)
{
    switch (s) {
    case AS_STATUS_MET:
        return as_page_tr(lang, N_("met"));
    case AS_STATUS_MISSED:
        return as_page_tr(lang, N_("missed"));
    case AS_STATUS_NO_DATA:
        return as_page_tr(lang, N_("no data"));
    default:
        return as_page_tr(lang, N_("exempt"));
    }
}

/* A value, target or margin as check cd's method compares it, grouped. */
static const char *number(const as_indicator *ind, const as_check_def *cd, bool has, double v,
                          bool margin, char *out, size_t n)
{
    char plain[64];
    bool pct = ind->display == AS_DISPLAY_PERCENT;
    if (!has)
        return "-";
    if (as_eval_compared_text(cd, v, pct ? 2 : 0, plain, sizeof plain) != 0)
        snprintf(plain, sizeof plain, "%g", v);
    as_decimal_group(plain, out, n - 1);
    if (pct && !margin)
        strcat(out, "%");
    return out;
}

static void check_row(as_buf *b, as_page_lang lang, const as_indicator *ind,
                      const as_check_result *c)
{
    const as_check_def *cd = c->def;
    bool judged = c->has_value && c->has_target, zh = lang == AS_PAGE_ZH;
    char v[96], t[96], m[96];
    const char *unit = ind->display == AS_DISPLAY_PERCENT ? as_page_tr(lang, N_("pp"))
                       : zh && ind->unit_zh               ? ind->unit_zh
                                                          : ind->unit;
    as_html(
        b,
        "<tr class=\"%s\"><td>%s</td><td>%s</td><td class=\"num\">%s</td><td>%s</td>"
        "<td class=\"num\">%s</td><td class=\"num\">%s</td><td>%s</td><td>",
        as_status_name(c->status), cd->name, status_label(lang, c->status),
        number(ind, cd, c->has_value, judged ? c->verdict.value : c->value, false, v, sizeof v),
        as_cmp_text(cd->cmp),
        number(ind, cd, c->has_target, judged ? c->verdict.target : c->target, false, t, sizeof t),
        number(ind, cd, judged, c->verdict.margin, true, m, sizeof m), unit);
    if (c->error)
        as_html(b, "%s", as_text_get(c->error->text, zh));
    else if (c->no_data.en)
        as_html(b, "%s", as_text_get(c->no_data, zh));
    as_html(b, "</td></tr>\n");
}

/* One input's break-even, in a sentence. */
static void what_if_input(as_buf *b, as_page_lang lang, const as_ruleset *r, bool met,
                          const as_be_input *bi)
{
    const as_input *in = &r->inputs[bi->input];
    bool zh = lang == AS_PAGE_ZH;
    const char *name = zh ? in->name_zh : in->id,
               *unit = zh && in->unit_zh ? in->unit_zh : in->unit;
    char now[96], a[96], c[96];
    as_decimal_figure(bi->now, -1, now, sizeof now);
    as_html(b, "<li>");
    if (bi->result == AS_BE_FAILED)
        as_html_say(b, lang, "%s: not worked out (%s)\n", name, bi->why ? bi->why : "");
    else if (bi->result == AS_BE_NONE && met)
        as_html_say(b, lang, "%s: no value from %s to %s %s would miss it (now %s)\n", name,
                    as_decimal_figure(bi->lo, -1, a, sizeof a),
                    as_decimal_figure(bi->hi, -1, c, sizeof c), unit, now);
    else if (bi->result == AS_BE_NONE)
        as_html_say(b, lang, "%s: no value from %s to %s %s would meet it (now %s)\n", name,
                    as_decimal_figure(bi->lo, -1, a, sizeof a),
                    as_decimal_figure(bi->hi, -1, c, sizeof c), unit, now);
    else {
        const as_be_bound *lo = &bi->bounds[0], *hi = bi->nbounds > 1 ? &bi->bounds[1] : NULL;
        as_decimal_figure(lo->shown, lo->decimals, a, sizeof a);
        if (hi)
            as_decimal_figure(hi->shown, hi->decimals, c, sizeof c);
        if (hi && met)
            as_html_say(b, lang, "%s from %s to %s %s (now %s)\n", name, a, c, unit, now);
        else if (hi)
            as_html_say(b, lang, "%s at most %s or at least %s %s (now %s)\n", name, a, c, unit,
                        now);
        else if (lo->side == AS_BE_AT_MOST)
            as_html_say(b, lang, "%s at most %s %s (now %s)\n", name, a, unit, now);
        else if (lo->side == AS_BE_AT_LEAST)
            as_html_say(b, lang, "%s at least %s %s (now %s)\n", name, a, unit, now);
        else
            as_html_say(b, lang, "%s exactly %s %s (now %s)\n", name, a, unit, now);
    }
    as_html(b, "</li>");
}

static void what_if(as_buf *b, as_page_lang lang, const as_ruleset *r, const as_be_check *bc)
{
    if (!bc || !bc->computed || !bc->ninputs)
        return;
    bool met = bc->cr->status == AS_STATUS_MET;
    /* Open for a missed check (what it would take to meet it), closed for a
     * met one; either opens without JavaScript. */
    as_html(b,
            "<tr class=\"whatif\"><td></td><td colspan=\"7\"><details%s><summary>%s</summary><ul>",
            met ? "" : " open",
            met ? as_page_tr(lang, N_("stays met with, each on its own, the other figures as "
                                      "reported:\n"))
                : as_page_tr(lang, N_("would be met with any one of, the other figures as "
                                      "reported:\n")));
    for (size_t i = 0; i < bc->ninputs; i++)
        what_if_input(b, lang, r, met, &bc->inputs[i]);
    as_html(b, "</ul></details></td></tr>\n");
}

static void checks_table(as_buf *b, as_page_lang lang, const as_check_item *it)
{
    const as_ruleset *r = it->ev->rules;
    const as_province_result *pr = it->pr;
    as_html(b,
            "<h3>%s</h3><table class=\"checks\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
            "<th></th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            as_page_tr(lang, N_("Every check, and what it would take")),
            as_page_tr(lang, N_("indicator / check")), as_page_tr(lang, N_("status")),
            as_page_tr(lang, N_("value")), as_page_tr(lang, N_("target")),
            as_page_tr(lang, N_("margin")), as_page_tr(lang, N_("unit")),
            as_page_tr(lang, N_("remark")));
    for (size_t i = 0; i < pr->nindicators; i++) {
        const as_indicator_result *ir = &pr->indicators[i];
        const as_indicator *ind = ir->def;
        as_html(b, "<tr class=\"indicator %s\"><th colspan=\"8\">%s [%s] %s: %s</th></tr>\n",
                as_status_name(ir->status), ind->id,
                as_page_tr(lang, ind->kind == AS_KIND_CONTROL ? N_("control") : N_("support")),
                lang == AS_PAGE_ZH ? ind->name_zh : ind->name_en, status_label(lang, ir->status));
        for (size_t k = 0; k < ir->nchecks; k++) {
            check_row(b, lang, ind, &ir->checks[k]);
            what_if(b, lang, r, as_check_what_if(it, i, k));
        }
    }
    as_html(b, "</tbody></table>\n");
}

void as_qa_page_check(as_buf *b, as_page_lang lang, const as_qa_summary *s, const as_check_item *it)
{
    summary(b, lang, s);
    judged_against(b, lang, it);
    if (s->errors + s->warnings + s->notes) {
        diag_table_begin(b, lang);
        diag_rows(b, lang, it->problems.items, it->problems.n);
        diag_rows(b, lang, it->diags.items, it->diags.n);
        if (it->pr)
            diag_rows(b, lang, it->pr->diags, it->pr->ndiags);
        as_html(b, "</tbody></table>\n");
    }
    if (it->pr) {
        grade_line(b, lang, it->pr);
        checks_table(b, lang, it);
    }
    as_html(b, "</section>\n");
}

/* review_table: the terminal tables of a target review, in the terminal's
 * language: the national figures, the adjustments, the provinces. */
#include "cli/review_table.h"

#include <stdint.h>
#include <string.h>

#include "base/decimal.h"
#include "cli/common.h"

enum { CODE_W = 7, NUM_W = 12 };

/* ------------------------------------------------------------ diagnostics */

static size_t print_list(const as_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        as_cli_print_diag(stderr, &d->items[i]);
    return as_diags_count(d);
}

size_t as_cli_review_diags(const as_review *rv)
{
    const as_proposals *ps = rv->proposals;
    size_t errors = 0;
    for (size_t p = 0; p < rv->nprovinces; p++) {
        errors += print_list(&ps->province_errors[p]);
        errors += print_list(&rv->base->province_errors[p]);
    }
    errors += print_list(&ps->national_errors);
    errors += print_list(&ps->stray);
    return errors;
}

/* ------------------------------------------------------------ numbers */

/* x as shown: a percentage ("16.52%") or a grouped number, at decimals
 * places of its unit; a difference is signed and a percentage's is in
 * percentage points (no sign added to the label). */
static const char *num(char *buf, size_t n, double x, as_display display, int decimals, bool diff)
{
    char plain[48], grouped[64];
    int shift = display == AS_DISPLAY_PERCENT ? 2 : 0;
    if (as_decimal_format(x, decimals, AS_ROUND_GBT8170, shift, plain, sizeof plain) != 0)
        snprintf(plain, sizeof plain, "%g", x);
    as_decimal_group(plain, grouped, sizeof grouped);
    snprintf(buf, n, "%s%s%s", diff && x >= 0 && plain[0] != '-' ? "+" : "", grouped,
             display == AS_DISPLAY_PERCENT && !diff ? "%" : "");
    return buf;
}

static const char *diff_unit(as_display display, const char *unit)
{
    return display == AS_DISPLAY_PERCENT ? as_cli_label(N_("pp")) : unit;
}

/* ------------------------------------------------------------ header */

static void print_header(FILE *f, const as_review *rv, const char *data_dir)
{
    const as_plan *p = rv->plan;
    const as_dataset *ds = rv->base;
    bool zh[2];
    size_t nl = as_cli_langs(zh), left = rv->nprovinces - rv->nusable;
    for (size_t l = 0; l < nl; l++) {
        fprintf(f, as_cli_tr(zh[l], "Target review of plan %s: %s (%s)\n"), p->id,
                zh[l] ? p->title_zh : p->title_en, p->path);
        fprintf(f, as_cli_tr(zh[l], "Base year %d, final year %d; data %s; rules %s (%s)\n"),
                p->base_year, p->final_year, data_dir, p->rules->path, p->rules->id);
    }
    if (ds->illustrative && ds->notice)
        fprintf(f, "%s\n", ds->notice);
    for (size_t l = 0; l < nl; l++)
        fprintf(f,
                as_cli_tr(zh[l], "Proposals: %zu of %zu usable, %zu left out of the national "
                                 "figures; paths that do not compound: %zu\n"),
                rv->nusable, rv->nprovinces, left, rv->ninconsistent);
}

/* ------------------------------------------------------------ national */

static int id_width(const as_plan *p)
{
    int w = 6;
    for (size_t k = 0; k < p->nfigures; k++)
        w = (int)strlen(p->figures[k].id) > w ? (int)strlen(p->figures[k].id) : w;
    return w;
}

static void figure_row(FILE *f, const as_review_figure *rf, int idw)
{
    const as_plan_figure *d = rf->def;
    char a[100], b[100];
    fputs("  ", f);
    as_cli_pad(f, d->id, idw, false);
    if (rf->nincluded)
        fprintf(f, " %3zu", rf->nincluded);
    else
        fputs("   -", f);
    as_cli_pad(f, rf->has_value ? num(a, sizeof a, rf->value, d->display, d->decimals, false) : "-",
               NUM_W, true);
    as_cli_pad(
        f, rf->has_national ? num(a, sizeof a, rf->national, d->display, d->decimals, false) : "",
        NUM_W, true);
    b[0] = '\0';
    if (rf->has_goal)
        snprintf(b, sizeof b, "%s %s", as_cmp_text(d->cmp),
                 num(a, sizeof a, rf->goal, d->display, d->decimals, false));
    as_cli_pad(f, b, NUM_W + 3, true);
    as_cli_pad(f, rf->has_goal ? num(a, sizeof a, rf->gap, d->display, d->decimals, true) : "",
               NUM_W, true);
    fputc(' ', f);
    as_cli_pad(f, rf->has_goal ? as_cli_label(rf->met ? N_("met") : N_("missed")) : "",
               as_cli_language() == AS_LANG_BOTH ? 14 : 7, false);
    fprintf(f, " %s [%s]", as_cli_name(d->name_zh, d->name_en),
            d->display == AS_DISPLAY_PERCENT ? "%" : d->unit);
    if (rf->error.en)
        fprintf(f, " (%s)", as_text_get(rf->error, as_cli_language() != AS_LANG_EN));
    fputc('\n', f);
}

static void print_national(FILE *f, const as_review *rv)
{
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    int idw = id_width(rv->plan);
    fputc('\n', f);
    fputs("  ", f);
    as_cli_pad(f, as_cli_label(N_("figure")), idw, false);
    as_cli_pad(f, as_cli_label(N_("n")), 4, true);
    as_cli_pad(f, as_cli_label(N_("sum")), NUM_W, true);
    as_cli_pad(f, as_cli_label(N_("national")), NUM_W, true);
    as_cli_pad(f, as_cli_label(N_("goal")), NUM_W + 3, true);
    as_cli_pad(f, as_cli_label(N_("gap")), NUM_W, true);
    fputc('\n', f);
    for (size_t k = 0; k < rv->plan->nfigures; k++)
        figure_row(f, &rv->figures[k], idw);
    for (size_t l = 0; l < nl; l++)
        fputs(as_cli_tr(
                  zh[l],
                  "sum: the figure with each name summed over the n provinces that have "
                  "every figure it reads;\nnational: the same from national statistics, "
                  "where the plan says how; gap: in percentage points for\na percentage, "
                  "below 0 when the goal is missed.  Provincial statistics do not add up to "
                  "national\nones: the 30 CEADs provinces sum to 6-11 percent more CO2 than the "
                  "national inventory, and the\nprovinces' GDP growth summed exceeds the "
                  "national growth.\n"),
              f);
}

/* ------------------------------------------------------------ adjustments */

static void print_adjustment(FILE *f, const as_review *rv, const as_review_adjustment *ra, bool zh)
{
    const as_plan_adjustment *a = ra->def;
    const as_plan_figure *fd = &rv->plan->figures[a->figure];
    const as_plan_item *it = &rv->plan->items[a->item];
    const as_review_figure *rf = &rv->figures[a->figure];
    const char *fname = as_cli_name_in(zh, fd->name_zh, fd->name_en);
    const char *unit = it->display == AS_DISPLAY_PERCENT ? as_cli_tr(zh, "pp") : it->unit;
    int places = it->decimals < 0 ? -1 : it->decimals + 2;
    char amt[100], v[100], g[100];
    if (ra->error.en) {
        fprintf(f, as_cli_tr(zh, "  %s: the rule '%s' cannot close the gap: %s\n"), fname,
                as_adjust_rule_name(a->rule), as_text_get(ra->error, zh));
        return;
    }
    if (!ra->needed) {
        fprintf(f, as_cli_tr(zh, "  %s: met as proposed, nothing to adjust\n"), fname);
        return;
    }
    num(v, sizeof v, rf->adjusted, fd->display, fd->decimals, false);
    num(g, sizeof g, rf->adjusted_goal, fd->display, fd->decimals, false);
    if (a->rule == AS_ADJUST_DISTANCE) {
        num(amt, sizeof amt, ra->amount, AS_DISPLAY_PERCENT, 4, false);
        fprintf(f,
                as_cli_tr(zh, "  %s: rule 'distance' moves each proposal of '%s' %s of the way "
                              "to its tier's level: %s against the goal %s %s\n"),
                fname, it->id, amt, v, as_cmp_text(fd->cmp), g);
        return;
    }
    num(amt, sizeof amt, a->direction * ra->amount, it->display, places, true);
    if (a->rule == AS_ADJUST_BY_TIER)
        fprintf(f,
                as_cli_tr(zh, "  %s: rule 'by_tier' moves each proposal of '%s' by %s %s times "
                              "its tier's weight: %s against the goal %s %s\n"),
                fname, it->id, amt, unit, v, as_cmp_text(fd->cmp), g);
    else
        fprintf(f,
                as_cli_tr(zh, "  %s: rule 'uniform' moves every proposal of '%s' by %s %s: %s "
                              "against the goal %s %s\n"),
                fname, it->id, amt, unit, v, as_cmp_text(fd->cmp), g);
}

static void print_adjustments(FILE *f, const as_review *rv)
{
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    if (!rv->plan->nadjustments)
        return;
    for (size_t l = 0; l < nl; l++) {
        fputs(as_cli_tr(zh[l], "\nAdjustments (the smallest that closes each gap, Brent's "
                               "method):\n"),
              f);
        for (size_t k = 0; k < rv->plan->nadjustments; k++)
            print_adjustment(f, rv, &rv->adjustments[k], zh[l]);
    }
}

/* ------------------------------------------------------------ provinces */

static const char *state_text(const as_review_province *rp)
{
    return rp->state == AS_REVIEW_NO_PROPOSAL ? as_cli_label(N_("left out: no usable proposal"))
                                              : as_cli_label(N_("left out: base-year figures "
                                                                "have errors"));
}

static const char *path_text(const as_plan_item *it, const as_review_item *ri, char *buf, size_t n)
{
    char a[100];
    if (!ri->has_path_check)
        return "-";
    if (ri->consistent)
        return as_cli_label(N_("consistent"));
    snprintf(buf, n, "%s %s %s", as_cli_label(N_("off by")),
             num(a, sizeof a, ri->off, it->display, it->decimals, true),
             diff_unit(it->display, it->unit));
    return buf;
}

static void province_row(FILE *f, const as_review *rv, const as_review_province *rp, size_t lead)
{
    const as_plan *p = rv->plan;
    const as_province *pv = &p->rules->provinces[rp->province];
    const as_plan_item *it = &p->items[lead];
    const as_review_item *ri = &rp->items[lead];
    char a[100], b[100];
    as_cli_pad(f, pv->code, CODE_W, false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_name(pv->name_zh, pv->name_en), as_cli_province_width(), false);
    fputc(' ', f);
    as_cli_pad(f,
               rp->tier == SIZE_MAX
                   ? "-"
                   : as_cli_name(p->tiers[rp->tier].name_zh, p->tiers[rp->tier].name_en),
               as_cli_language() == AS_LANG_BOTH ? 16 : 8, false);
    if (rp->state == AS_REVIEW_NO_PROPOSAL || !ri->has_value) {
        fprintf(f, " %s\n", rp->state == AS_REVIEW_OK ? "-" : state_text(rp));
        return;
    }
    as_cli_pad(f, num(a, sizeof a, ri->value, it->display, it->decimals, false), NUM_W, true);
    fputs("  ", f);
    as_cli_pad(f, path_text(it, ri, b, sizeof b), 22, false);
    as_cli_pad(
        f, ri->has_level ? num(a, sizeof a, ri->vs_level, it->display, it->decimals, true) : "-",
        NUM_W, true);
    as_cli_pad(f, rp->has_share ? num(a, sizeof a, rp->share, AS_DISPLAY_PERCENT, 3, false) : "-",
               NUM_W, true);
    as_cli_pad(f, num(a, sizeof a, ri->adjusted, it->display, it->decimals, false), NUM_W, true);
    if (rp->state != AS_REVIEW_OK)
        fprintf(f, "  %s", state_text(rp));
    fputc('\n', f);
}

static void print_provinces(FILE *f, const as_review *rv)
{
    const as_plan *p = rv->plan;
    size_t lead = as_plan_lead_item(p);
    if (lead == SIZE_MAX)
        return;
    const as_plan_item *it = &p->items[lead];
    fprintf(f, "\n%s: %s\n", as_cli_label(N_("Provinces")), as_cli_name(it->name_zh, it->name_en));
    as_cli_pad(f, as_cli_label(N_("code")), CODE_W, false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_label(N_("province")), as_cli_province_width(), false);
    fputc(' ', f);
    as_cli_pad(f, as_cli_label(N_("tier")), as_cli_language() == AS_LANG_BOTH ? 16 : 8, false);
    as_cli_pad(f, as_cli_label(N_("proposed")), NUM_W, true);
    fputs("  ", f);
    as_cli_pad(f, as_cli_label(N_("yearly path")), 22, false);
    as_cli_pad(f, as_cli_label(N_("vs tier")), NUM_W, true);
    as_cli_pad(f, as_cli_label(N_("effort")), NUM_W, true);
    as_cli_pad(f, as_cli_label(N_("adjusted")), NUM_W, true);
    fputc('\n', f);
    for (size_t i = 0; i < rv->nprovinces; i++)
        province_row(f, rv, &rv->provinces[i], lead);
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++)
        fputs(as_cli_tr(zh[l], "vs tier: the proposal less its tier's level (percentage points "
                               "for a percentage); effort: its\nshare of the national effort; "
                               "adjusted: after the adjustments.\n"),
              f);
}

void as_cli_review_print(FILE *f, const as_review *rv, const char *data_dir)
{
    print_header(f, rv, data_dir);
    print_national(f, rv);
    print_adjustments(f, rv);
    print_provinces(f, rv);
}

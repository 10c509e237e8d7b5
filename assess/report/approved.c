/* approved: writes the targets files a review derives, one province per
 * line, each value the shortest decimal that reads back as the review's
 * number. */
#include "report/approved.h"

#include <math.h>
#include <stdio.h>

#include "base/decimal.h"

/* Which values a file holds: the plan-period targets, or one year's. */
typedef struct {
    const as_review *rv;
    const char *what;
    int year; /* 0: the plan-period file */
} file_spec;

static void quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s == '\n' ? ' ' : *s, f);
    }
    fputc('"', f);
}

/* The value item i of province rp gives the file's target `which`, if any. */
static bool value_of(const file_spec *fs, const as_review_province *rp, size_t i, int which,
                     double *out)
{
    const as_plan *p = fs->rv->plan;
    const as_review_item *ri = &rp->items[i];
    size_t n = as_plan_years(p), y = (size_t)(fs->year - p->base_year - 1);
    if (!p->items[i].approves[which] || !ri->has_value)
        return false;
    if (which == AS_APPROVE_PLAN)
        *out = ri->adjusted;
    else if (which == AS_APPROVE_FINAL)
        *out = fs->year == p->final_year ? ri->adjusted : NAN;
    else if (ri->has_adjusted_path)
        *out = ri->adjusted_path[y];
    else /* no path given: the five-year value paced evenly */
        *out = 1 - pow(1 - ri->adjusted, 1.0 / (double)n);
    return isfinite(*out);
}

/* Whether the file has any target at all. */
static bool any_target(const file_spec *fs)
{
    const as_plan *p = fs->rv->plan;
    for (size_t i = 0; i < p->nitems; i++)
        for (int w = 0; w < 3; w++)
            if (p->items[i].approves[w] &&
                (fs->year
                     ? w != AS_APPROVE_PLAN && (w == AS_APPROVE_ANNUAL || fs->year == p->final_year)
                     : w == AS_APPROVE_PLAN))
                return true;
    return false;
}

static void header(FILE *f, const file_spec *fs)
{
    const as_review *rv = fs->rv;
    const as_plan *p = rv->plan;
    const as_dataset *ds = rv->base;
    int first = fs->year ? fs->year : p->base_year + 1, last = fs->year ? fs->year : p->final_year;
    if (ds->illustrative)
        fputs("# ILLUSTRATIVE DATA - derived from illustrative proposals; not approved targets\n",
              f);
    fprintf(f,
            "# Targets derived from the target review of plan %s (assess targets review): each\n"
            "# reviewed province's proposal, adjusted where the review closed a gap to a "
            "national goal.\n# Put it in a data set's targets/ in place of the files that give "
            "the same targets.\ntargets:\n  years: [%d, %d]\n  approved_by: ",
            p->id, first, last);
    quoted(f, p->approved_by);
    fprintf(f, "\n  illustrative: %s\n  derived_from: ", ds->illustrative ? "true" : "false");
    quoted(f, fs->what);
    fputs("\n  source: ", f);
    char src[1024];
    snprintf(src, sizeof src,
             "the provinces' proposals in %s, reviewed under %s; each proposal names its own "
             "sources",
             rv->proposals->dir, p->path);
    quoted(f, src);
    fputs("\nprovinces:\n", f);
}

/* A value as the targets file writes it: as proposed, its shortest decimal
 * form; moved by an adjustment, rounded to the item's decimals on the side
 * the adjustment moved it (up for a goal to reach, down for a cap), so that
 * the approved targets still close the gap. */
static int target_text(const as_plan_item *it, const as_review_item *ri, double v, char *buf,
                       size_t n)
{
    as_decimal d;
    if (!ri->moved || it->decimals < 0)
        return as_decimal_shortest(v, buf, n);
    if (as_decimal_rounded(v, it->decimals, AS_ROUND_GBT8170, &d) != 0 ||
        as_decimal_fixed(&d, it->decimals, buf, n) != 0)
        return -1;
    double r = as_decimal_to_double(&d), unit = pow(10, -it->decimals);
    if ((ri->moved > 0 && r < v) || (ri->moved < 0 && r > v))
        snprintf(buf, n, "%.*f", it->decimals, r + ri->moved * unit);
    return 0;
}

/* One province's line: its targets in the file, with what moved. */
static void province_line(FILE *f, const file_spec *fs, const as_review_province *rp)
{
    const as_plan *p = fs->rv->plan;
    const as_province *pv = &p->rules->provinces[rp->province];
    bool first = true, moved = false;
    for (size_t i = 0; i < p->nitems; i++)
        for (int w = 0; w < 3; w++) {
            double v;
            char num[40];
            if ((w == AS_APPROVE_PLAN) != (fs->year == 0) || !value_of(fs, rp, i, w, &v) ||
                target_text(&p->items[i], &rp->items[i], v, num, sizeof num) != 0)
                continue;
            if (first)
                fprintf(f, "  \"%s\": {", pv->code);
            else
                fputs(", ", f);
            fprintf(f, "%s: %s", p->items[i].approves[w], num);
            first = false;
            moved = moved || rp->items[i].moved;
        }
    if (!first)
        fprintf(f, "}  # %s %s%s\n", pv->name_zh, pv->name_en,
                moved ? ": adjusted by the review" : "");
}

/* One file, for as_output_write. */
static int write_file(void *ctx, FILE *f)
{
    const file_spec *fs = ctx;
    const as_review *rv = fs->rv;
    header(f, fs);
    for (size_t p = 0; p < rv->nprovinces; p++) {
        const as_review_province *rp = &rv->provinces[p];
        if (rp->state == AS_REVIEW_NO_PROPOSAL)
            fprintf(f, "  # %s %s: no usable proposal, no targets\n",
                    rv->plan->rules->provinces[p].code, rv->plan->rules->provinces[p].name_en);
        else
            province_line(f, fs, rp);
    }
    return ferror(f) ? -1 : 0;
}

int as_approved_write(const as_review *rv, const char *dir, const char *what, as_output *out,
                      as_diags *d)
{
    const as_plan *p = rv->plan;
    int rc = 0;
    char path[4096];
    for (int year = 0; year <= p->final_year; year = year ? year + 1 : p->base_year + 1) {
        file_spec fs = {rv, what, year};
        if (!any_target(&fs))
            continue;
        if (year)
            snprintf(path, sizeof path, "%s/targets-%s-%d.yaml", dir, p->id, year);
        else
            snprintf(path, sizeof path, "%s/targets-%s.yaml", dir, p->id);
        rc |= as_output_write(out, path, write_file, &fs, d);
    }
    return rc;
}

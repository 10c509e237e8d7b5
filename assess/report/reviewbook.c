/* review (workbook): the sheets of the review workbook — national, provinces,
 * per-province figures, about — laid out like every report sheet (book.c),
 * from a review; the file joins the run's output set as the other workbooks
 * do. */
#include "report/reviewbook.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report/book.h"
#include "report/labels.h"

#define NAME_NATIONAL "全国 National"
#define NAME_ADJUSTMENTS "调整 Adjustments"
#define NAME_PROVINCES "省份 Provinces"
#define NAME_FIGURES "测算 Figures"
#define NAME_ABOUT "说明 About"

enum { PROV_FIXED = 4 }; /* code, province, tier, state: the provinces sheet's first columns */

/* Where each item's columns are on the provinces sheet. */
typedef struct {
    lxw_col_t proposed, path, level, vs_level, adjusted; /* 0: no such column */
} item_cols;

typedef struct {
    as_report_book *b;
    const as_review *rv;
    const char *data_dir;
    item_cols *cols;         /* per plan item */
    lxw_col_t share;         /* the effort share's column, 0: none */
    lxw_col_t ncols;         /* columns of the provinces sheet */
    lxw_worksheet *national; /* the national sheet, for its chart */
    lxw_row_t chart_row;     /* where the chart goes on it */
} book;

/* ------------------------------------------------------------ helpers */

/* The number format of a value shown with `decimals` in display. */
static lxw_format *fmt_of(as_report_book *b, as_display display, int decimals)
{
    int d = display == AS_DISPLAY_PERCENT ? decimals - 2 : decimals;
    if (decimals < 0)
        return display == AS_DISPLAY_PERCENT ? b->f.pct_full : b->f.general;
    d = d < 0 ? 0 : d > AS_REPORT_MAX_DECIMALS ? AS_REPORT_MAX_DECIMALS : d;
    return display == AS_DISPLAY_PERCENT ? b->f.pct[d] : b->f.num[d];
}

/* A difference: in percentage points for a percentage (the value times 100). */
static void diff_cell(as_report_sheet *s, lxw_row_t r, lxw_col_t c, double x, as_display display,
                      int decimals)
{
    bool pct = display == AS_DISPLAY_PERCENT;
    as_report_number(s, r, c, pct ? x * 100 : x,
                     fmt_of(s->b, AS_DISPLAY_NUMBER,
                            decimals < 0 ? -1
                            : pct        ? decimals - 2
                                         : decimals));
}

static const char *diff_unit(as_report_book *b, as_display display, const char *unit)
{
    return display == AS_DISPLAY_PERCENT ? as_report_lbl(b, "百分点", "pp") : unit;
}

static const char *cmp_goal(as_report_book *b, const as_plan_figure *d)
{
    return as_report_printf(b, "%s", as_cmp_text(d->cmp));
}

/* ------------------------------------------------------------ national sheet */

static void overview(as_report_sheet *s, const book *k)
{
    as_report_book *b = k->b;
    const as_review *rv = k->rv;
    const as_plan *p = rv->plan;
    as_report_kv(s, "审核计划", "Plan",
                 as_report_printf(b, "%s — %s", p->id, as_report_lbl(b, p->title_zh, p->title_en)));
    as_report_kv(s, "计划文件", "Plan file", p->path);
    as_report_kv(s, "规则集", "Rule set",
                 as_report_printf(b, "%s (%s)", p->rules->id, p->rules->path));
    as_report_kv(s, "基年—末年", "Base and final year",
                 as_report_printf(b, "%d — %d", p->base_year, p->final_year));
    as_report_kv(s, "数据集", "Data set",
                 as_report_printf(b, "%s — %s", k->data_dir,
                                  as_report_lbl(b, rv->base->name_zh, rv->base->name_en)));
    as_report_kv(s, "各省建议", "Proposals", rv->proposals->dir);
    as_report_kv(s, "可用建议", "Proposals usable",
                 as_report_printf(b, "%zu / %zu", rv->nusable, rv->nprovinces));
    as_report_kv(s, "路径不一致", "Paths that do not compound",
                 as_report_printf(b, "%zu", rv->ninconsistent));
    s->row++;
}

static void figure_row(as_report_sheet *s, const as_review_figure *rf)
{
    as_report_book *b = s->b;
    const as_plan_figure *d = rf->def;
    lxw_format *f = fmt_of(b, d->display, d->decimals);
    lxw_row_t r = s->row++;
    as_report_text(s, r, 0, d->id, NULL);
    as_report_text(s, r, 1, as_report_lbl(b, d->name_zh, d->name_en), b->f.wrap);
    if (rf->nincluded)
        as_report_int(s, r, 2, (long)rf->nincluded);
    if (rf->has_value)
        as_report_number(s, r, 3, rf->value, f);
    if (rf->has_national)
        as_report_number(s, r, 4, rf->national, f);
    if (rf->has_goal) {
        as_report_text(s, r, 5, cmp_goal(b, d), NULL);
        as_report_number(s, r, 6, rf->goal, f);
        diff_cell(s, r, 7, rf->gap, d->display, d->decimals);
        as_report_status_cell(s, r, 8, rf->met ? AS_REPORT_MET : AS_REPORT_MISSED);
        as_report_number(s, r, 9, rf->adjusted, f);
        diff_cell(s, r, 10, rf->adjusted_gap, d->display, d->decimals);
        as_report_status_cell(s, r, 11, rf->adjusted_met ? AS_REPORT_MET : AS_REPORT_MISSED);
    }
    as_report_text(s, r, 12,
                   d->display == AS_DISPLAY_PERCENT
                       ? as_report_lbl(b, "%（差距：百分点）", "% (gap: pp)")
                       : d->unit,
                   NULL);
    as_report_text(s, r, 13, as_report_lbl(s->b, rf->error.tr, rf->error.en), NULL);
}

static void figures_table(as_report_sheet *s, const book *k)
{
    static const as_report_col cols[] = {{"指标", "Figure"},
                                         {"名称", "Name"},
                                         {"省份数", "Provinces"},
                                         {"各省合计", "Sum"},
                                         {"全国统计", "National"},
                                         {"比较", "Compare"},
                                         {"目标", "Goal"},
                                         {"差距", "Gap"},
                                         {"状态", "Status"},
                                         {"调整后", "Adjusted"},
                                         {"调整后差距", "Gap after"},
                                         {"调整后状态", "After"},
                                         {"单位", "Unit"},
                                         {"说明", "Note"}};
    as_report_line(s,
                   as_report_lbl(s->b, "全国（各省合计）", "National figures (provinces summed)"),
                   s->b->f.strong);
    as_report_header(s, cols, sizeof cols / sizeof cols[0], 1, false);
    for (size_t i = 0; i < k->rv->plan->nfigures; i++)
        figure_row(s, &k->rv->figures[i]);
    as_report_table_end(s);
    as_report_status_colours(s, s->table_row + 1, 8, s->table_last, 8);
    as_report_status_colours(s, s->table_row + 1, 11, s->table_last, 11);
    as_report_merged(
        s, s->row++, 0, 11,
        as_report_lbl2(s->b,
                       "各省合计：公式中每个名称取读取的各项数据齐全的省份之和。省级统计加总与全国"
                       "统计并不一致：CEADs的30个省份二氧化碳排放之和比全国清单高6%—11%，各省地区"
                       "生产总值增速加总也高于全国增速；“全国统计”为计划文件给出算法时按全国统计"
                       "数据计算的同一指标。",
                       "Sum: each name of the formula summed over the provinces that have every "
                       "figure it reads.  Provincial statistics do not add up to national ones: "
                       "the 30 CEADs provinces sum to 6-11 % more CO2 than the national "
                       "inventory, and the provinces' GDP growth summed exceeds the national "
                       "growth; 'National' is the same figure from national statistics, where "
                       "the plan says how."),
        NULL);
    s->row++;
}

static const char *adjustment_result(as_report_book *b, const as_review_adjustment *ra)
{
    if (ra->error.en)
        return as_report_lbl(b, ra->error.tr, ra->error.en);
    if (!ra->needed)
        return as_report_lbl(b, "按建议已达到，无需调整", "met as proposed: nothing to adjust");
    return as_report_lbl(b, "差距已消除", "gap closed");
}

static void adjustments_table(as_report_sheet *s, const book *k)
{
    static const as_report_col cols[] = {
        {"指标", "Figure"},          {"调整项", "Item"},          {"规则", "Rule"},
        {"调整量", "Amount"},        {"调整量单位", "Amount in"}, {"调整前差距", "Gap before"},
        {"调整后差距", "Gap after"}, {"结果", "Result"},          {"依据", "Why this rule"}};
    const as_review *rv = k->rv;
    as_report_book *b = s->b;
    if (!rv->plan->nadjustments)
        return;
    as_report_header(s, cols, sizeof cols / sizeof cols[0], 1, false);
    for (size_t i = 0; i < rv->plan->nadjustments; i++) {
        const as_review_adjustment *ra = &rv->adjustments[i];
        const as_plan_adjustment *a = ra->def;
        const as_plan_figure *fd = &rv->plan->figures[a->figure];
        const as_plan_item *it = &rv->plan->items[a->item];
        lxw_row_t r = s->row++;
        as_report_text(s, r, 0, fd->id, NULL);
        as_report_text(s, r, 1, it->id, NULL);
        as_report_text(s, r, 2, as_adjust_rule_name(a->rule), NULL);
        if (a->rule == AS_ADJUST_DISTANCE)
            as_report_number(s, r, 3, ra->amount, b->f.pct[2]);
        else
            diff_cell(s, r, 3, a->direction * ra->amount, it->display,
                      it->decimals < 0 ? -1 : it->decimals + 2);
        as_report_text(s, r, 4,
                       a->rule == AS_ADJUST_DISTANCE
                           ? as_report_lbl(b, "距所在档次水平的比例", "of the distance to the tier")
                       : a->rule == AS_ADJUST_BY_TIER
                           ? as_report_printf(b, "%s × %s", diff_unit(b, it->display, it->unit),
                                              as_report_lbl(b, "档次权重", "tier's weight"))
                           : diff_unit(b, it->display, it->unit),
                       NULL);
        diff_cell(s, r, 5, ra->gap_before, fd->display, fd->decimals);
        diff_cell(s, r, 6, ra->gap_after, fd->display, fd->decimals);
        as_report_text(s, r, 7, adjustment_result(b, ra), b->f.wrap);
        as_report_text(s, r, 8, a->source, b->f.wrap);
    }
    as_report_table_end(s);
}

static void adjustments_sheet(const book *k)
{
    as_report_book *b = k->b;
    as_report_sheet s;
    if (!k->rv->plan->nadjustments)
        return;
    as_report_sheet_begin(&s, b, NAME_ADJUSTMENTS,
                          as_report_lbl(b, "未达到全国目标时的调整（GSL Brent法求最小调整量）",
                                        "Closing the gaps to the national goals: the smallest "
                                        "adjustment (GSL, Brent's method)"),
                          NULL, 0);
    while (as_report_sheet_next(&s))
        adjustments_table(&s, k);
}

/* Where the chart of the lead item's proposals against their tier's level
 * goes: under the national sheet's tables.  It is drawn once the provinces
 * sheet, whose columns it shows, is written (chart_series). */
static void chart_place(as_report_sheet *s, book *k)
{
    if (s->measure)
        return;
    k->national = s->ws;
    k->chart_row = s->row;
}

/* The chart, its series the lead item's proposed and tier-level columns of
 * the provinces sheet, rows r0..r1. */
static void chart_series(book *k, size_t lead, lxw_row_t r0, lxw_row_t r1)
{
    static lxw_chart_fill value_fill = {.color = 0x4472C4}, level_fill = {.color = 0xBFBFBF};
    as_report_book *b = k->b;
    const as_plan_item *it = &k->rv->plan->items[lead];
    const item_cols *ic = &k->cols[lead];
    lxw_chart *chart =
        k->national && r1 >= r0 ? workbook_add_chart(b->w.wb, LXW_CHART_COLUMN) : NULL;
    if (!chart)
        return;
    lxw_chart_series *v = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(v, NAME_PROVINCES, r0, 1, r1, 1);
    chart_series_set_values(v, NAME_PROVINCES, r0, ic->proposed, r1, ic->proposed);
    chart_series_set_name(v, as_report_lbl(b, "建议", "proposed"));
    chart_series_set_fill(v, &value_fill);
    if (ic->level) {
        lxw_chart_series *t = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(t, NAME_PROVINCES, r0, 1, r1, 1);
        chart_series_set_values(t, NAME_PROVINCES, r0, ic->level, r1, ic->level);
        chart_series_set_name(t, as_report_lbl(b, "所在档次水平", "tier's level"));
        chart_series_set_fill(t, &level_fill);
    }
    chart_title_set_name(chart,
                         as_report_printf(b, "%s — %s",
                                          as_report_lbl(b, "各省建议与所在档次水平",
                                                        "Each province's proposal against its "
                                                        "tier"),
                                          as_report_lbl(b, it->name_zh, it->name_en)));
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    if (it->display == AS_DISPLAY_PERCENT)
        chart_axis_set_num_format(chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y), "0%");
    lxw_chart_options opt = {.x_scale = 2.6, .y_scale = 1.8};
    as_report_check(b, worksheet_insert_chart_opt(k->national, k->chart_row, 0, chart, &opt));
}

static void national_sheet(book *k, size_t lead)
{
    as_report_book *b = k->b;
    const as_plan *p = k->rv->plan;
    /* fixed widths: the overview, the table and the note share the columns */
    static const double widths[] = {18, 44, 9, 12, 12, 8, 12, 11, 12, 12, 11, 12, 16, 30};
    as_report_sheet s;
    as_report_sheet_begin(&s, b, NAME_NATIONAL,
                          as_report_lbl(b, as_report_printf(b, "%s：全国审核", p->title_zh),
                                        as_report_printf(b, "%s: national review", p->title_en)),
                          widths, sizeof widths / sizeof widths[0]);
    while (as_report_sheet_next(&s)) {
        overview(&s, k);
        figures_table(&s, k);
        s.has_table = false; /* a table under the overview: no frozen header */
        if (lead != SIZE_MAX)
            chart_place(&s, k);
    }
}

/* ------------------------------------------------------------ provinces sheet */

static bool has_level(const as_plan *p, size_t i)
{
    for (size_t t = 0; t < p->ntiers; t++)
        if (p->tiers[t].has_level[i])
            return true;
    return false;
}

static bool adjusted_item(const as_plan *p, size_t i)
{
    for (size_t a = 0; a < p->nadjustments; a++)
        if (p->adjustments[a].item == i)
            return true;
    return false;
}

/* Where each item's columns go, and the header that names them. */
static as_report_col *layout(book *k, size_t *ncols)
{
    as_report_book *b = k->b;
    const as_plan *p = k->rv->plan;
    as_report_col *cols =
        as_arena_alloc(b->w.arena, (PROV_FIXED + 5 * p->nitems + 1) * sizeof *cols);
    k->cols = as_arena_alloc(b->w.arena, (p->nitems ? p->nitems : 1) * sizeof *k->cols);
    if (!cols || !k->cols) {
        b->w.oom = true;
        *ncols = 0;
        return NULL;
    }
    static const as_report_col fixed[PROV_FIXED] = {
        {"代码", "Code"}, {"省份", "Province"}, {"档次", "Tier"}, {"审核情况", "Review"}};
    memcpy(cols, fixed, sizeof fixed);
    lxw_col_t c = PROV_FIXED;
    for (size_t i = 0; i < p->nitems; i++) {
        const char *id = p->items[i].id;
        item_cols *ic = &k->cols[i];
        ic->proposed = c;
        cols[c++] = (as_report_col){as_report_printf(b, "%s 建议", id),
                                    as_report_printf(b, "%s proposed", id)};
        if (p->items[i].path != AS_PATH_NONE) {
            ic->path = c;
            cols[c++] = (as_report_col){as_report_printf(b, "%s 年度路径", id),
                                        as_report_printf(b, "%s yearly path", id)};
        }
        if (has_level(p, i)) {
            ic->level = c;
            cols[c++] = (as_report_col){as_report_printf(b, "%s 档次水平", id),
                                        as_report_printf(b, "%s tier level", id)};
            ic->vs_level = c;
            cols[c++] = (as_report_col){as_report_printf(b, "%s 与档次之差", id),
                                        as_report_printf(b, "%s vs tier", id)};
        }
        if (adjusted_item(p, i)) {
            ic->adjusted = c;
            cols[c++] = (as_report_col){as_report_printf(b, "%s 调整后", id),
                                        as_report_printf(b, "%s adjusted", id)};
        }
    }
    if (p->has_effort) {
        k->share = c;
        cols[c++] = (as_report_col){"全国努力份额", "Share of the national effort"};
    }
    *ncols = c;
    return cols;
}

static const char *state_label(as_report_book *b, const as_review_province *rp)
{
    const char *s =
        rp->state == AS_REVIEW_NO_PROPOSAL
            ? as_report_lbl(b, "未纳入：无可用建议", "left out: no usable proposal")
        : rp->state == AS_REVIEW_BAD_BASE
            ? as_report_lbl(b, "未纳入：基年数据有误", "left out: base-year figures have errors")
            : as_report_lbl(b, "纳入", "reviewed");
    return rp->inconsistent
               ? as_report_printf(b, "%s; %s", s,
                                  as_report_lbl(b, "年度路径不一致", "a path does not compound"))
               : s;
}

static const char *path_label(as_report_book *b, const as_plan_item *it, const as_review_item *ri)
{
    char off[64];
    if (!ri->has_path_check)
        return NULL;
    if (ri->consistent)
        return as_report_lbl(b, "一致", "consistent");
    if (as_decimal_format(ri->off, it->decimals, AS_ROUND_GBT8170,
                          it->display == AS_DISPLAY_PERCENT ? 2 : 0, off, sizeof off) != 0)
        snprintf(off, sizeof off, "%g", ri->off);
    return as_report_printf(b, "%s %s%s %s", as_report_lbl(b, "相差", "off by"),
                            ri->off > 0 ? "+" : "", off, diff_unit(b, it->display, it->unit));
}

static void item_cells(as_report_sheet *s, const book *k, lxw_row_t r, size_t i,
                       const as_review_item *ri)
{
    as_report_book *b = s->b;
    const as_plan_item *it = &k->rv->plan->items[i];
    const item_cols *ic = &k->cols[i];
    lxw_format *f = fmt_of(b, it->display, it->decimals);
    if (!ri->has_value)
        return;
    as_report_number(s, r, ic->proposed, ri->value, f);
    if (ic->path)
        as_report_text(s, r, ic->path, path_label(b, it, ri), NULL);
    if (ic->level && ri->has_level) {
        as_report_number(s, r, ic->level, ri->level, f);
        diff_cell(s, r, ic->vs_level, ri->vs_level, it->display, it->decimals);
    }
    if (ic->adjusted)
        as_report_number(s, r, ic->adjusted, ri->adjusted, f);
}

static void province_row(as_report_sheet *s, const book *k, const as_review_province *rp)
{
    as_report_book *b = s->b;
    const as_plan *p = k->rv->plan;
    lxw_row_t r = s->row++;
    as_report_text(s, r, 0, p->rules->provinces[rp->province].code, NULL);
    as_report_text(s, r, 1, as_report_province_label(b, &p->rules->provinces[rp->province]), NULL);
    if (rp->tier != SIZE_MAX)
        as_report_text(s, r, 2,
                       as_report_lbl(b, p->tiers[rp->tier].name_zh, p->tiers[rp->tier].name_en),
                       NULL);
    as_report_text(s, r, 3, state_label(b, rp), NULL);
    for (size_t i = 0; rp->state != AS_REVIEW_NO_PROPOSAL && i < p->nitems; i++)
        item_cells(s, k, r, i, &rp->items[i]);
    if (k->share && rp->has_share)
        as_report_number(s, r, k->share, rp->share, b->f.pct[1]);
}

static void provinces_sheet(book *k, size_t lead)
{
    as_report_book *b = k->b;
    size_t ncols;
    as_report_col *cols = layout(k, &ncols);
    as_report_sheet s;
    if (!cols)
        return;
    as_report_sheet_begin(&s, b, NAME_PROVINCES,
                          as_report_lbl(b, "各省建议：一致性、档次比较、调整",
                                        "Each province's proposal: consistency, tier, adjustment"),
                          NULL, 0);
    while (as_report_sheet_next(&s)) {
        as_report_header(&s, cols, ncols, 2, true);
        for (size_t p = 0; p < k->rv->nprovinces; p++)
            province_row(&s, k, &k->rv->provinces[p]);
        as_report_table_end(&s);
        if (!s.measure && lead != SIZE_MAX)
            chart_series(k, lead, s.table_row + 1, s.table_last);
    }
}

/* ------------------------------------------------------------ figures sheet */

static void figures_sheet(const book *k)
{
    as_report_book *b = k->b;
    const as_review *rv = k->rv;
    const as_plan *p = rv->plan;
    size_t n = 2 + p->nbases + p->nquantities;
    as_report_col *cols = as_arena_alloc(b->w.arena, n * sizeof *cols);
    if (!cols) {
        b->w.oom = true;
        return;
    }
    cols[0] = (as_report_col){"代码", "Code"};
    cols[1] = (as_report_col){"省份", "Province"};
    for (size_t j = 0; j < p->nbases; j++)
        cols[2 + j] = (as_report_col){as_report_printf(b, "base.%s", p->bases[j].id), ""};
    for (size_t j = 0; j < p->nquantities; j++) {
        const as_plan_quantity *q = &p->quantities[j];
        cols[2 + p->nbases + j] =
            (as_report_col){as_report_printf(b, "%s（%s）", q->name_zh, q->unit),
                            as_report_printf(b, "%s (%s)", q->name_en, q->unit)};
    }
    as_report_sheet s;
    as_report_sheet_begin(&s, b, NAME_FIGURES,
                          as_report_lbl(b, "各省测算（按建议，未调整）",
                                        "Each province's figures, as proposed (before adjustment)"),
                          NULL, 0);
    while (as_report_sheet_next(&s)) {
        as_report_header(&s, cols, n, 2, true);
        for (size_t i = 0; i < rv->nprovinces; i++) {
            const as_review_province *rp = &rv->provinces[i];
            lxw_row_t r = s.row++;
            as_report_text(&s, r, 0, p->rules->provinces[i].code, NULL);
            as_report_text(&s, r, 1, as_report_province_label(b, &p->rules->provinces[i]), NULL);
            for (size_t j = 0; j < p->nbases; j++)
                if (rp->has_base[j])
                    as_report_number(&s, r, (lxw_col_t)(2 + j), rp->base[j], b->f.general);
            for (size_t j = 0; j < p->nquantities; j++)
                if (rp->has_q[j])
                    as_report_number(
                        &s, r, (lxw_col_t)(2 + p->nbases + j), rp->q[j],
                        fmt_of(b, p->quantities[j].display, p->quantities[j].decimals));
        }
        as_report_table_end(&s);
    }
}

/* ------------------------------------------------------------ about sheet */

static void sources(as_report_sheet *s, const as_plan *p)
{
    as_report_book *b = s->b;
    for (size_t i = 0; i < p->nfigures; i++)
        if (p->figures[i].has_goal)
            as_report_kv(
                s, "全国目标来源", "Goal source",
                as_report_printf(b, "%s: %s", p->figures[i].id, p->figures[i].goal_source));
    for (size_t i = 0; i < p->nadjustments; i++)
        as_report_kv(s, "调整规则", "Adjustment rule",
                     as_report_printf(b, "%s, %s: %s", p->figures[p->adjustments[i].figure].id,
                                      as_adjust_rule_name(p->adjustments[i].rule),
                                      p->adjustments[i].source));
    if (p->ntiers) {
        as_report_kv(s, "分档依据", "Tiers",
                     as_report_lbl(b, p->tiers_basis_zh, p->tiers_basis_en));
        as_report_kv(s, "分档来源", "Tiers' source", p->tiers_source);
    }
}

static void about_sheet(const book *k)
{
    as_report_book *b = k->b;
    const as_review *rv = k->rv;
    const as_plan *p = rv->plan;
    as_report_sheet s;
    as_report_sheet_begin(
        &s, b, NAME_ABOUT,
        as_report_lbl(b, "本工作簿的来源与方法", "Where this workbook comes from, and the method"),
        NULL, 0);
    while (as_report_sheet_next(&s)) {
        as_report_kv(
            &s, "生成工具", "Made by",
            as_report_printf(b, "assess %s (libxlsxwriter %s)", ASSESS_VERSION, LXW_VERSION));
        as_report_kv(&s, "审核计划", "Plan", as_report_printf(b, "%s (%s)", p->id, p->path));
        as_report_kv(&s, "计划依据", "Plan source", p->source);
        as_report_kv(&s, "数据集", "Data set",
                     as_report_printf(b, "%s — %s", k->data_dir, rv->base->source));
        sources(&s, p);
        s.row++;
        as_report_kv(
            &s, "方法", "Method",
            as_report_lbl2(b,
                           "每个省份的测算按计划文件的公式，由基年数据（规则集的输入或数量）和"
                           "其建议得出；全国指标中每个名称取各省之和。年度路径按降低率复合"
                           "（1-∏(1-a)）或增速复合（∏(1+g)-1）与五年值比较。未达到全国目标时，按"
                           "计划文件规定的规则求使差距为零的最小调整量（GSL Brent法）。",
                           "Each province's figures follow the plan file's formulas from its "
                           "base-year figures (inputs or quantities of the rule set) and its "
                           "proposal; in a national figure each name is summed over the "
                           "provinces.  A yearly path is compounded (1 - prod(1 - a) for a "
                           "reduction, prod(1 + g) - 1 for a growth) and compared with its "
                           "five-year value.  Where a national goal is missed, the smallest "
                           "amount by which the plan's rule moves the proposals to close the "
                           "gap is solved for (GSL, Brent's method)."));
        as_report_kv(&s, "导出目标", "Targets derived",
                     as_report_lbl2(b,
                                    "同一文件夹中的 targets-*.yaml 为按审核结果导出的目标文件"
                                    "（调整过的数值按小数位向从严方向修约），可放入数据集的 "
                                    "targets/ 文件夹供考核读取。",
                                    "The targets-*.yaml files beside this workbook hold the "
                                    "targets the review derives (values an adjustment moved "
                                    "rounded to the item's decimals on the stricter side), to "
                                    "put in a data set's targets/ folder for the evaluation."));
    }
}

/* ------------------------------------------------------------ the file */

static void properties(const book *k)
{
    as_report_book *b = k->b;
    const as_plan *p = k->rv->plan;
    lxw_doc_properties pr = {0};
    pr.title = as_report_keep(b, as_report_lbl(b, p->title_zh, p->title_en));
    pr.subject = as_report_keep(b, as_report_lbl(b, "目标审核", "Target review"));
    pr.author = as_report_keep(b, "assess");
    pr.company = as_report_keep(b, as_report_printf(b, "assess %s", ASSESS_VERSION));
    pr.keywords =
        as_report_keep(b, as_report_printf(b, "%s; %s%s", p->id, p->rules->id,
                                           k->rv->base->illustrative ? "; illustrative" : ""));
    pr.comments =
        as_report_keep(b, as_report_printf(b, "plan: %s\ndata set: %s", p->path, k->data_dir));
    pr.status = as_report_keep(b, k->rv->base->illustrative ? "illustrative data" : "");
    pr.created = (time_t)as_date_from_ymd(p->base_year, 12, 31) * 86400;
    as_report_check(b, workbook_set_properties(b->w.wb, &pr));
}

/* What the workbook is built from, for as_output_build. */
typedef struct {
    const as_review *rv;
    const char *data_dir;
    as_report_names *names;
} review_book;

static int build(void *ctx, const char *file, const char *path, as_diags *d)
{
    review_book *rb = ctx;
    const as_plan *p = rb->rv->plan;
    const as_dataset *ds = rb->rv->base;
    as_report_run run = {.names = rb->names};
    as_report_opts o = {.lang = AS_REPORT_LANG_BOTH, .data_dir = rb->data_dir};
    as_report_frame frame = {.rules = p->rules,
                             .data_zh = ds->name_zh,
                             .data_en = ds->name_en,
                             .illustrative = ds->illustrative,
                             .notice = ds->notice,
                             .several = true};
    snprintf(frame.years, sizeof frame.years, "%d-%d", p->base_year + 1, p->final_year);
    as_report_book b;
    if (as_report_book_open(&b, file, NULL, &frame, &o, &run, false) != 0) {
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write workbook: out of memory");
        return -1;
    }
    book k = {.b = &b, .rv = rb->rv, .data_dir = rb->data_dir};
    size_t lead = as_plan_lead_item(p);
    properties(&k);
    national_sheet(&k, lead);
    adjustments_sheet(&k);
    provinces_sheet(&k, lead);
    figures_sheet(&k);
    about_sheet(&k);
    return as_report_book_finish(&b, path, d);
}

int as_review_workbook(const as_review *rv, const char *path, const char *data_dir, as_output *out,
                       as_diags *d)
{
    review_book rb = {rv, data_dir, as_report_names_new(rv->plan->rules, AS_REPORT_LANG_BOTH)};
    int rc = -1;
    if (!rb.names)
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write workbook: out of memory");
    else
        rc = as_output_build(out, path, build, &rb, d);
    as_report_names_free(rb.names);
    return rc;
}

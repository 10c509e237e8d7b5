/* trail: the calculation-trail sheet of a province workbook — for every
 * indicator and check, the formulas, every value read (indented by depth)
 * with its year, unit, origin, location and source, and the rounding rule
 * and judgement method (GB/T 8170-2008) that decided the status.  A derived
 * quantity read again for the same year (CO2 by three checks) shows its
 * value and the row where its own reads are, not those reads again.  It
 * shows the engine's trace; it recomputes nothing. */
#include "report/trail.h"

#include <stdlib.h>

#include "base/grow.h"
#include "report/labels.h"

enum { C_ITEM, C_NAME, C_YEAR, C_VALUE, C_UNIT, C_FROM, C_LOC, C_SOURCE, C_STATUS, NCOLS };

static const as_report_col trail_cols[NCOLS] = {
    {"项目", "Item"},     {"名称", "Name"},
    {"年份", "Year"},     {"数值", "Value"},
    {"单位", "Unit"},     {"来源", "From"},
    {"位置", "Location"}, {"出处与有效期", "Source and validity"},
    {"状态", "Status"},
};

static const double trail_widths[NCOLS] = {30, 34, 7, 14, 12, 15, 38, 48, 14};

/* The unit of a traced reference, "" when it has none. */
static const char *ref_unit(const as_ruleset *r, const as_trace_item *t)
{
    const char *unit = NULL;
    switch (t->ref_kind) {
    case AS_REF_INPUT:
        unit = r->inputs[t->index].unit;
        break;
    case AS_REF_QUANTITY:
        unit = r->quantities[t->index].unit;
        break;
    case AS_REF_PARAM:
        unit = r->params[t->index].unit;
        break;
    case AS_REF_TARGET:
        unit = r->targets[t->index].unit;
        break;
    default:
        break;
    }
    return unit ? unit : "";
}

/* A quantity whose reads the sheet shows, and the row they follow. */
typedef struct {
    size_t index;  /* the quantity */
    int year;      /* the year it was read for */
    lxw_row_t row; /* its row */
} shown;

/* The quantities already shown with their reads (malloc'd, grows). */
typedef struct {
    shown *q;
    size_t n, cap;
} shown_list;

static const shown *find_shown(const shown_list *l, const as_trace_item *t)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->q[i].index == t->index && l->q[i].year == t->year)
            return &l->q[i];
    return NULL;
}

static void add_shown(as_report_book *b, shown_list *l, const as_trace_item *t, lxw_row_t row)
{
    shown *q = as_grow(l->q, &l->cap, l->n + 1, sizeof *q, 16, 0);
    if (!q) {
        b->w.oom = true;
        return;
    }
    l->q = q;
    l->q[l->n++] = (shown){t->index, t->year, row};
}

/* One value read; above names the row where a quantity's reads were shown
 * already (0: they follow here). */
static void trace_row(as_report_sheet *s, const as_trace_item *t, lxw_row_t above)
{
    as_report_book *b = s->b;
    int depth = t->depth < 0                      ? 0
                : t->depth > AS_REPORT_MAX_INDENT ? AS_REPORT_MAX_INDENT
                                                  : t->depth;
    lxw_row_t r = s->row++;
    as_report_text(s, r, C_ITEM, as_rules_ref_name(b->ev->rules, t->ref_kind, t->index),
                   b->f.indent[depth + 1]);
    as_report_text(s, r, C_NAME, as_report_ref_label(b, t->ref_kind, t->index), NULL);
    as_report_int(s, r, C_YEAR, t->year);
    if (t->has_value)
        as_report_number(s, r, C_VALUE, t->value, NULL);
    else
        as_report_status_cell(s, r, C_VALUE, AS_REPORT_NO_DATA);
    as_report_text(s, r, C_UNIT, ref_unit(b->ev->rules, t), NULL);
    as_report_text(s, r, C_FROM, as_report_from_label(b, t->from), NULL);
    as_report_text(s, r, C_LOC, as_report_loc(b, t->loc), NULL);
    if (above)
        as_report_text(s, r, C_SOURCE,
                       as_report_lbl(b, as_report_printf(b, "计算过程见第%u行", above + 1),
                                     as_report_printf(b, "its reads: see row %u", above + 1)),
                       NULL);
    else
        as_report_text(s, r, C_SOURCE, t->source, NULL);
}

/* The trace of a check: a quantity shown with its reads before (in this
 * sheet) gets one row pointing there, its reads skipped. */
static void trace_rows(as_report_sheet *s, const as_check_result *cr, shown_list *seen)
{
    for (size_t i = 0; i < cr->ntrace; i++) {
        const as_trace_item *t = &cr->trace[i];
        bool reads = t->ref_kind == AS_REF_QUANTITY && i + 1 < cr->ntrace &&
                     cr->trace[i + 1].depth > t->depth;
        const shown *before = reads ? find_shown(seen, t) : NULL;
        if (reads && !before)
            add_shown(s->b, seen, t, s->row);
        trace_row(s, t, before ? before->row : 0);
        if (before)
            while (i + 1 < cr->ntrace && cr->trace[i + 1].depth > t->depth)
                i++;
    }
}

/* "label" in the item column and text over the rest of the row. */
static void labelled(as_report_sheet *s, const char *zh, const char *en, const char *text)
{
    as_report_text(s, s->row, C_ITEM, as_report_lbl(s->b, zh, en), s->b->f.bold);
    as_report_merged(s, s->row, C_NAME, C_SOURCE, text, NULL);
    s->row++;
}

/* The decision: the numbers compared, the comparison and its result. */
static const char *decision_text(as_report_book *b, const as_indicator_result *ir,
                                 const as_check_result *cr)
{
    const as_indicator *ind = ir->def;
    const as_check_def *cd = cr->def;
    const char *status = as_report_status_label(b, as_report_status_of(cr->status));
    if (cr->error)
        return as_report_printf(
            b, "%s: %s (%s)", status, as_report_diag_line(b, cr->error, false),
            ir->status == AS_STATUS_EXEMPT
                ? as_report_lbl(b, "豁免指标，不影响评定", "exempt: does not void the province")
                : as_report_lbl(b, "该省数据无效",
                                "the province's data are "
                                "invalid"));
    if (cr->status == AS_STATUS_NO_DATA || !cr->has_value || !cr->has_target)
        return as_report_printf(b, "%s: %s (%s)", status, cr->no_data.en ? cr->no_data.en : "",
                                ind->no_data_counts_met
                                    ? as_report_lbl(b, "按规则计为达标", "counts as met by rule")
                                    : as_report_lbl(b, "计为未达标", "counts as missed"));
    static const char *const zh[] = {"达标", "未达标", "无数据", "豁免"};
    static const char *const en[] = {"met", "missed", "no data", "exempt"};
    int st = cr->status >= AS_STATUS_MET && cr->status <= AS_STATUS_EXEMPT ? (int)cr->status : 1;
    const char *v = as_report_judged_text(b, cd, ind, cr->verdict.value);
    const char *t = as_report_judged_text(b, cd, ind, cr->verdict.target);
    const char *cmp = as_cmp_text(cd->cmp);
    bool rounded = cd->judgement == AS_JUDGE_ROUNDED;
    const char *rzh = !rounded ? "不修约"
                      : cd->rounding == AS_ROUND_HALF_UP
                          ? as_report_printf(b, "四舍五入到%d位小数后", cd->decimals)
                          : as_report_printf(b, "按 GB/T 8170-2008 修约到%d位小数后", cd->decimals);
    const char *ren =
        !rounded ? "unrounded"
        : cd->rounding == AS_ROUND_HALF_UP
            ? as_report_printf(b, "after rounding half up to %d decimals", cd->decimals)
            : as_report_printf(b, "after rounding to %d decimals by GB/T 8170-2008", cd->decimals);
    return as_report_lbl2(
        b, as_report_printf(b, "数值 %s %s 目标 %s（%s）：%s", v, cmp, t, rzh, zh[st]),
        as_report_printf(b, "value %s %s target %s %s: %s", v, cmp, t, ren, en[st]));
}

static void result_row(as_report_sheet *s, const char *zh, const char *en, const as_indicator *ind,
                       bool has, double v)
{
    as_report_text(s, s->row, C_ITEM, as_report_lbl(s->b, zh, en), s->b->f.bold);
    char digits[40];
    as_decimal d;
    if (has)
        as_report_full_value(s, s->row, C_VALUE, ind, true, v);
    else
        as_report_status_cell(s, s->row, C_VALUE, AS_REPORT_NO_DATA);
    as_report_text(s, s->row, C_UNIT, as_report_unit(s->b, ind), NULL);
    /* Excel shows 15 significant digits: name the ones it cannot (0.10504999999999999) */
    if (has && as_decimal_from_double(v, &d) == 0 && d.n > 15 &&
        as_decimal_shortest(v, digits, sizeof digits) == 0)
        as_report_text(s, s->row, C_SOURCE,
                       as_report_printf(s->b, "%s: %s",
                                        as_report_lbl(s->b, "全部数字", "every digit"), digits),
                       NULL);
    s->row++;
}

static void check_block(as_report_sheet *s, const as_indicator_result *ir,
                        const as_check_result *cr, shown_list *seen)
{
    as_report_book *b = s->b;
    const as_check_def *cd = cr->def;
    as_report_text(s, s->row, C_ITEM,
                   as_report_printf(b, "%s: %s", as_report_lbl(b, "考核项", "Check"), cd->name),
                   b->f.bold);
    as_report_status_cell(s, s->row++, C_STATUS, as_report_status_of(cr->status));
    labelled(s, "数值公式", "Value formula", as_expr_text(cd->value.expr));
    labelled(s, "目标公式", "Target formula", as_expr_text(cd->target.expr));
    labelled(s, "比较", "Comparison",
             as_report_printf(b, "%s %s %s\n%s", as_report_lbl(b, "数值", "value"),
                              as_cmp_text(cd->cmp), as_report_lbl(b, "目标", "target"),
                              as_report_method(b, cd)));
    trace_rows(s, cr, seen);
    result_row(s, "= 数值", "= value", ir->def, cr->has_value, cr->value);
    result_row(s, "= 目标", "= target", ir->def, cr->has_target, cr->target);
    labelled(s, "判定", "Decision", decision_text(b, ir, cr));
}

static void indicator_block(as_report_sheet *s, const as_indicator_result *ir, shown_list *seen)
{
    as_report_book *b = s->b;
    const as_indicator *ind = ir->def;
    as_report_merged(
        s, s->row, C_ITEM, C_SOURCE,
        as_report_printf(b, "%s  %s  [%s; %s]", ind->id, as_report_indicator_label(b, ind),
                         as_report_kind_label(b, ind->kind), as_report_departments(b, ind)),
        b->f.section);
    as_report_status_cell(s, s->row++, C_STATUS, as_report_status_of(ir->status));
    if (ir->status == AS_STATUS_EXEMPT)
        labelled(s, "豁免", "Exempt", ir->exempt_reason ? ir->exempt_reason : "");
    for (size_t c = 0; c < ir->nchecks; c++)
        check_block(s, ir, &ir->checks[c], seen);
    s->row++;
}

void as_report_trail(as_report_book *b, const as_province_result *pr)
{
    as_report_sheet s;
    shown_list seen = {0};
    as_report_sheet_begin(&s, b, "计算过程 Trail",
                          as_report_printf(b, "%s — %s",
                                           as_report_lbl(b, "计算过程", "Calculation trail"),
                                           as_report_province_label(b, pr->province)),
                          trail_widths, NCOLS);
    while (as_report_sheet_next(&s)) {
        seen.n = 0;
        as_report_header(&s, trail_cols, NCOLS, 0, false);
        lxw_row_t first = s.row;
        for (size_t i = 0; i < pr->nindicators; i++)
            indicator_block(&s, &pr->indicators[i], &seen);
        as_report_table_end(&s);
        if (s.row > first)
            as_report_status_colours(&s, first, C_STATUS, (lxw_row_t)(s.row - 1), C_STATUS);
    }
    free(seen.q);
}

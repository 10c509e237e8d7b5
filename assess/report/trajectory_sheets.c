/* trajectory_sheets: tables and line charts of the trajectories against
 * the five-year plan.  Every number comes from analysis/trajectory.c; the
 * chart series read the table cells, so a chart shows exactly what the
 * table says. */
#include "report/trajectory_sheets.h"

#include "base/decimal.h"
#include "report/labels.h"

#define NAME AS_REPORT_TRAJECTORY_SHEET

/* An average annual rate as text: "4.10%". */
static const char *rate_text(as_report_book *b, double rate)
{
    char buf[64];
    if (as_decimal_format(rate, 4, AS_ROUND_GBT8170, 2, buf, sizeof buf) != 0)
        return "?";
    return as_report_printf(b, "%s%%", buf);
}

static const char *basis_label(as_report_book *b, as_traj_basis basis)
{
    switch (basis) {
    case AS_TRAJ_BASIS_REGRESSION:
        return as_report_lbl(b, "回归预测区间", "regression");
    case AS_TRAJ_BASIS_MONTE_CARLO:
        return as_report_lbl(b, "蒙特卡罗", "Monte Carlo");
    default:
        return "";
    }
}

static const char *method_label(as_report_book *b, as_traj_method m)
{
    switch (m) {
    case AS_TRAJ_FIT:
        return as_report_lbl(b, "对数强度最小二乘拟合", "least-squares fit on log intensity");
    case AS_TRAJ_CARRIED:
        return as_report_lbl(b, "延续已观测年均速率", "observed rate carried forward");
    default:
        return "";
    }
}

/* Why a trajectory has none, in the book's language (the catalogue's words
 * where the run has them, else English). */
static const char *why_text(as_report_book *b, const as_trajectory *tr)
{
    return as_report_lbl(b, tr->why.tr, tr->why.en);
}

/* What a fit's interval from three years is worth, in words. */
static const char *uninformative_text(as_report_book *b)
{
    return as_report_lbl(b, "区间无参考价值：直线只经过三个年份（1个自由度），趋势尚不可知",
                         "uninformative interval: a line through three years (one degree of "
                         "freedom) cannot tell the trend yet");
}

static const char *plan_title(as_report_book *b, const as_trajectory *tr)
{
    return as_report_printf(
        b, "%s / %s — %s", as_report_indicator_label(b, tr->ind), as_report_check_label(b, tr->cd),
        as_report_lbl(
            b,
            as_report_printf(b, "%d年规划目标的轨迹（%s）", tr->final_year,
                             tr->cd->plan.measure == AS_PLAN_REDUCTION ? "降低率" : "水平值"),
            as_report_printf(b, "trajectory to the plan target in %d (%s)", tr->final_year,
                             as_plan_measure_name(tr->cd->plan.measure))));
}

static const char *risk_label(as_report_book *b, const as_trajectory *tr)
{
    if (!tr->has_target)
        return "";
    return tr->at_risk ? as_report_lbl(b, "有风险", "at risk")
                       : as_report_lbl(b, "按轨迹", "on track");
}

/* --- national ------------------------------------------------------------ */

static const as_report_col national_cols[] = {
    {"代码", "Code"},
    {"省份", "Province"},
    {"最近年份", "Last year"},
    {"观测值", "Observed"},
    {"年均观测速率", "Observed rate"},
    {"规划目标", "Plan target"},
    {"所需年均速率", "Required rate"},
    {"末年预测", "Projection"},
    {"下限", "Lower"},
    {"上限", "Upper"},
    {"区间依据", "Interval basis"},
    {"方法", "Method"},
    {"判断", "Outlook"},
    {"风险概率", "P(at risk)"},
    {"说明", "Note"},
};

enum { N_NATIONAL = sizeof national_cols / sizeof national_cols[0] };

static void national_row(as_report_sheet *s, const as_province_result *pr, const as_trajectory *tr)
{
    as_report_book *b = s->b;
    const as_indicator *ind = tr->ind;
    lxw_row_t r = s->row++;
    as_report_text(s, r, 0, pr->province->code, NULL);
    as_report_text(s, r, 1, as_report_province_label(b, pr->province), NULL);
    if (tr->why.en) {
        as_report_text(s, r, 14, why_text(b, tr), NULL);
        return;
    }
    double lo, hi;
    as_traj_basis basis = as_trajectory_interval(tr, NULL, &lo, &hi);
    as_report_int(s, r, 2, tr->last_year);
    as_report_value(s, r, 3, ind, true, tr->values[tr->nobs - 1]);
    as_report_number(s, r, 4, tr->observed_rate, b->f.pct[2]);
    as_report_value(s, r, 5, ind, tr->has_target, tr->target);
    if (tr->has_required_rate)
        as_report_number(s, r, 6, tr->required_rate, b->f.pct[2]);
    as_report_value(s, r, 7, ind, true, tr->proj.value);
    as_report_value(s, r, 8, ind, basis != AS_TRAJ_BASIS_NONE, lo);
    as_report_value(s, r, 9, ind, basis != AS_TRAJ_BASIS_NONE, hi);
    as_report_text(s, r, 10, basis_label(b, basis), NULL);
    as_report_text(s, r, 11, method_label(b, tr->proj.method), NULL);
    as_report_text(s, r, 12, risk_label(b, tr), NULL);
    if (tr->has_draws && tr->has_target)
        as_report_probability(s, r, 13, tr->p_at_risk);
    if (basis == AS_TRAJ_BASIS_REGRESSION && as_traj_uninformative(&tr->proj))
        as_report_text(s, r, 14, uninformative_text(b), NULL);
}

static lxw_chart_series *markers(lxw_chart *chart, lxw_row_t r0, lxw_row_t r1, lxw_col_t c,
                                 const char *name, uint8_t marker, lxw_color_t colour)
{
    lxw_chart_series *ser = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(ser, NAME, r0, 1, r1, 1);
    chart_series_set_values(ser, NAME, r0, c, r1, c);
    chart_series_set_name(ser, name);
    lxw_chart_line none = {.none = LXW_TRUE};
    chart_series_set_line(ser, &none);
    chart_series_set_marker_type(ser, marker);
    chart_series_set_marker_size(ser, 7);
    lxw_chart_fill fill = {.color = colour};
    lxw_chart_line edge = {.color = colour};
    chart_series_set_marker_fill(ser, &fill);
    chart_series_set_marker_line(ser, &edge);
    return ser;
}

/* Projection with its interval and the target, by province, below the
 * table. */
static void national_chart(as_report_sheet *s, const as_trajectory *first)
{
    as_report_book *b = s->b;
    lxw_row_t r0 = s->table_row + 1, r1 = s->table_last;
    if (r1 < r0)
        return;
    if (s->measure) {
        s->row += 26;
        return;
    }
    lxw_chart *chart = workbook_add_chart(b->w.wb, LXW_CHART_LINE);
    markers(chart, r0, r1, 7, as_report_lbl(b, "末年预测", "projection"), LXW_CHART_MARKER_CIRCLE,
            0x4472C4);
    markers(chart, r0, r1, 8, as_report_lbl(b, "下限", "lower"), LXW_CHART_MARKER_PLUS, 0x8FAADC);
    markers(chart, r0, r1, 9, as_report_lbl(b, "上限", "upper"), LXW_CHART_MARKER_PLUS, 0x8FAADC);
    markers(chart, r0, r1, 5, as_report_lbl(b, "规划目标", "plan target"), LXW_CHART_MARKER_DIAMOND,
            0xC00000);
    chart_title_set_name(chart, plan_title(b, first));
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    if (first->ind->display == AS_DISPLAY_PERCENT)
        chart_axis_set_num_format(chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y), "0%");
    lxw_chart_options opt = {.x_scale = 2.8, .y_scale = 1.6};
    s->row += 1; /* below the table: the table is wide */
    as_report_check(b, worksheet_insert_chart_opt(s->ws, s->row, 0, chart, &opt));
    s->row += 25;
}

void as_report_trajectory_national(as_report_book *b)
{
    const as_trajectories *t = b->opts->trajectories;
    const as_evaluation *ev = b->ev;
    if (!t || !t->nplans || !ev->nprovinces)
        return;
    as_report_sheet s;
    as_report_sheet_begin(
        &s, b, NAME,
        as_report_lbl(
            b, as_report_printf(b, "%d年度各省五年规划目标轨迹", ev->year),
            as_report_printf(b, "Assessment %d: trajectories to the five-year plan", ev->year)),
        NULL, 0);
    s.screen = true; /* a wide table and a chart: for the screen (docs/reports.md) */
    const char *note =
        as_report_lbl(b,
                      "所需年均速率：自最近年份起每年须达到的平均速率，才能在末年达到规划"
                      "目标；预测：由已观测年份外推（三年及以上为对数强度的最小二乘拟合，"
                      "两年或规则指定时为延续已观测年均速率）；有风险：预测未达规划目标。",
                      "Required rate: the average annual rate needed from the last year "
                      "to meet the plan target in its final year; projection: from the "
                      "years observed (three or more: least-squares fit on the log of "
                      "the intensity; two, or where the plan says so: the observed average "
                      "rate carried forward); at risk: the projection misses the plan target.");
    while (as_report_sheet_next(&s)) {
        /* wrapped over the table's columns: one long line would widen the printed page */
        as_report_merged(&s, s.row++, 0, N_NATIONAL - 1, note, b->f.subtitle);
        for (size_t j = 0; j < t->nplans; j++) {
            const as_trajectory *first = as_trajectory_of(t, 0, j);
            if (j)
                s.row += 2;
            as_report_line(&s, plan_title(b, first), b->f.strong);
            as_report_header(&s, national_cols, N_NATIONAL, 2, t->nplans == 1);
            for (size_t i = 0; i < ev->nprovinces; i++)
                national_row(&s, &ev->provinces[i], as_trajectory_of(t, i, j));
            as_report_table_end(&s);
            national_chart(&s, first);
        }
        if (t->nplans > 1) /* several tables: nothing to freeze or filter */
            s.has_table = false;
    }
}

/* --- province ------------------------------------------------------------ */

static const as_report_col path_cols[] = {
    {"年份", "Year"},      {"观测值", "Observed"}, {"所需路径", "Required path"},
    {"预测", "Projected"}, {"下限", "Lower"},      {"上限", "Upper"},
};

enum { N_PATH = sizeof path_cols / sizeof path_cols[0] };

/* A fact of a plan: its label, and the text over the table's columns. */
static void fact(as_report_sheet *s, const char *zh, const char *en, const char *text)
{
    as_report_text(s, s->row, 0, as_report_lbl(s->b, zh, en), s->b->f.bold);
    as_report_merged(s, s->row, 1, N_PATH - 1, text, NULL);
    s->row++;
}

static void plan_facts(as_report_sheet *s, const as_trajectory *tr)
{
    as_report_book *b = s->b;
    const as_check_def *cd = tr->cd;
    double lo, hi;
    as_traj_basis basis = as_trajectory_interval(tr, NULL, &lo, &hi);
    bool uninformative = basis == AS_TRAJ_BASIS_REGRESSION && as_traj_uninformative(&tr->proj);
    fact(s, "规划目标", "Plan target",
         tr->has_target
             ? as_report_printf(b, "%s (%d)", as_report_judged_text(b, cd, tr->ind, tr->target),
                                tr->final_year)
             : as_report_lbl(b, "无", "none"));
    fact(s, "观测年份", "Years observed",
         as_report_printf(b, "%d-%d (%zu)", tr->years[0], tr->last_year, tr->nobs));
    fact(s, "年均观测速率", "Observed average annual rate", rate_text(b, tr->observed_rate));
    fact(s, "所需年均速率", "Required average annual rate",
         tr->has_required_rate ? as_report_printf(b, "%s (%d-%d)", rate_text(b, tr->required_rate),
                                                  tr->last_year, tr->final_year)
                               : "");
    fact(s, "方法", "Method", method_label(b, tr->proj.method));
    const char *interval =
        basis == AS_TRAJ_BASIS_NONE
            ? as_report_lbl(b, "无区间（仅一个观测年份，且未做蒙特卡罗分析）",
                            "no interval (one year observed since the base year, and no Monte "
                            "Carlo analysis)")
            : as_report_printf(b, "%s - %s (%s)%s%s", as_report_judged_text(b, cd, tr->ind, lo),
                               as_report_judged_text(b, cd, tr->ind, hi), basis_label(b, basis),
                               uninformative ? "; " : "",
                               uninformative ? uninformative_text(b) : "");
    fact(s, "末年预测", "Projection",
         as_report_printf(b, "%s (%d); %s %s",
                          as_report_judged_text(b, cd, tr->ind, tr->proj.value), tr->final_year,
                          as_report_lbl(b, "95%区间", "95% interval"), interval));
    const char *risk = risk_label(b, tr);
    if (tr->has_draws && tr->has_target)
        risk = as_report_printf(b, "%s; %s %.1f%%", risk,
                                as_report_lbl(b, "蒙特卡罗风险概率", "Monte Carlo P(at risk)"),
                                100 * tr->p_at_risk);
    fact(s, "判断", "Outlook", risk);
}

/* The year-by-year table: observed years, then the path ahead; the last
 * observed year starts the required and projected lines. */
static void path_table(as_report_sheet *s, const as_trajectory *tr)
{
    const as_indicator *ind = tr->ind;
    as_report_header(s, path_cols, N_PATH, 1, false);
    for (size_t o = 0; o < tr->nobs; o++) {
        lxw_row_t r = s->row++;
        as_report_int(s, r, 0, tr->years[o]);
        as_report_value(s, r, 1, ind, true, tr->values[o]);
        if (o + 1 == tr->nobs && tr->npath) {
            as_report_value(s, r, 2, ind, tr->has_required_rate, tr->values[o]);
            as_report_value(s, r, 3, ind, true, tr->values[o]);
        }
    }
    for (size_t k = 0; k < tr->npath; k++) {
        const as_traj_point *pt = &tr->path[k];
        double lo, hi;
        bool has = as_trajectory_interval(tr, pt, &lo, &hi) != AS_TRAJ_BASIS_NONE;
        lxw_row_t r = s->row++;
        as_report_int(s, r, 0, pt->year);
        as_report_value(s, r, 2, ind, pt->has_required, pt->required);
        as_report_value(s, r, 3, ind, true, pt->proj.value);
        as_report_value(s, r, 4, ind, has, lo);
        as_report_value(s, r, 5, ind, has, hi);
    }
    as_report_table_end(s);
}

static void path_series(lxw_chart *chart, lxw_row_t r0, lxw_row_t r1, lxw_col_t c, const char *name,
                        lxw_color_t colour, uint8_t dash, bool marker)
{
    lxw_chart_series *ser = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(ser, NAME, r0, 0, r1, 0);
    chart_series_set_values(ser, NAME, r0, c, r1, c);
    chart_series_set_name(ser, name);
    lxw_chart_line line = {.color = colour, .dash_type = dash, .width = 2};
    chart_series_set_line(ser, &line);
    chart_series_set_marker_type(ser, marker ? LXW_CHART_MARKER_CIRCLE : LXW_CHART_MARKER_NONE);
}

static void path_chart(as_report_sheet *s, const as_trajectory *tr)
{
    as_report_book *b = s->b;
    lxw_row_t r0 = s->table_row + 1, r1 = s->table_last;
    if (r1 < r0 || s->measure)
        return;
    lxw_chart *chart = workbook_add_chart(b->w.wb, LXW_CHART_LINE);
    path_series(chart, r0, r1, 1, as_report_lbl(b, "观测值", "observed"), 0x000000,
                LXW_CHART_LINE_DASH_SOLID, true);
    path_series(chart, r0, r1, 2, as_report_lbl(b, "所需路径", "required path"), 0xC00000,
                LXW_CHART_LINE_DASH_DASH, false);
    path_series(chart, r0, r1, 3, as_report_lbl(b, "预测", "projection"), 0x4472C4,
                LXW_CHART_LINE_DASH_SOLID, false);
    path_series(chart, r0, r1, 4, as_report_lbl(b, "95%区间下限", "95% interval, lower"), 0x8FAADC,
                LXW_CHART_LINE_DASH_ROUND_DOT, false);
    path_series(chart, r0, r1, 5, as_report_lbl(b, "95%区间上限", "95% interval, upper"), 0x8FAADC,
                LXW_CHART_LINE_DASH_ROUND_DOT, false);
    chart_title_set_name(chart, plan_title(b, tr));
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    if (tr->ind->display == AS_DISPLAY_PERCENT)
        chart_axis_set_num_format(chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y), "0%");
    lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 1.3};
    as_report_check(b, worksheet_insert_chart_opt(s->ws, s->table_row, N_PATH + 1, chart, &opt));
}

void as_report_trajectory_province(as_report_book *b, const as_province_result *pr)
{
    const as_trajectories *t = b->opts->trajectories;
    if (!t || !t->nplans)
        return;
    size_t i = as_report_result_index(b, pr);
    as_report_sheet s;
    as_report_sheet_begin(
        &s, b, NAME,
        as_report_printf(b, "%s — %s",
                         as_report_lbl(b, "五年规划目标轨迹", "Trajectory to the five-year plan"),
                         as_report_province_label(b, pr->province)),
        NULL, 0);
    s.screen = true; /* a chart beside the table: for the screen (docs/reports.md) */
    while (as_report_sheet_next(&s)) {
        for (size_t j = 0; j < t->nplans; j++) {
            const as_trajectory *tr = as_trajectory_of(t, i, j);
            if (j)
                s.row += 2;
            as_report_line(&s, plan_title(b, tr), b->f.strong);
            if (tr->why.en) {
                fact(&s, "无轨迹", "No trajectory", why_text(b, tr));
                continue;
            }
            plan_facts(&s, tr);
            s.row++;
            path_table(&s, tr);
            path_chart(&s, tr);
            if (s.row < s.table_row + 20) /* below the chart */
                s.row = s.table_row + 20;
        }
        s.has_table = false; /* facts and a short table per plan: nothing to freeze or filter */
    }
}

const char *as_report_trajectory_summary(as_report_book *b, const as_province_result *pr)
{
    const as_trajectories *t = b->opts->trajectories;
    const char *s = "";
    for (size_t j = 0; t && j < t->nplans; j++) {
        const as_trajectory *tr = as_trajectory_of(t, as_report_result_index(b, pr), j);
        const char *line =
            tr->why.en
                ? as_report_printf(b, "%s/%s: %s", tr->ind->id, tr->cd->name, why_text(b, tr))
                : as_report_printf(
                      b, "%s/%s: %s %s (%d), %s %s; %s", tr->ind->id, tr->cd->name,
                      as_report_lbl(b, "预测", "projected"),
                      as_report_judged_text(b, tr->cd, tr->ind, tr->proj.value), tr->final_year,
                      as_report_lbl(b, "规划目标", "plan target"),
                      tr->has_target ? as_report_judged_text(b, tr->cd, tr->ind, tr->target) : "-",
                      risk_label(b, tr));
        s = *s ? as_report_printf(b, "%s\n%s", s, line) : line;
    }
    return s;
}

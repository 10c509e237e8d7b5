/* national: the sheets of the national workbook — summary, indicator matrix,
 * values against targets, rectification list and charts.  The About sheet
 * and the file itself are report.c's; grades come from the evaluation. */
#include "report/national.h"

#include <string.h>

#include "report/labels.h"
#include "report/trajectory_sheets.h"

#define NAME_CHARTS "图表 Charts"

/* --- summary ------------------------------------------------------------- */

static const as_report_col summary_cols[] = {
    {"代码", "Code"},
    {"省份", "Province"},
    {"等级", "Grade"},
    {"等级代码", "Grade id"},
    {"控制指标未达标数", "Control missed"},
    {"未达标控制指标", "Missed control indicators"},
    {"支撑指标未达标数", "Support missed"},
    {"未达标支撑指标", "Missed support indicators"},
    {"数据造假", "Data fraud"},
    {"整改报告期限", "Rectification deadline"},
    {"期限状态", "Deadline status"},
    {"备注", "Note"},
};

/* "provisional" / "final" for a computed deadline, else "". */
static const char *deadline_status(as_report_book *b, const as_province_result *pr)
{
    if (!pr->has_deadline)
        return "";
    return pr->deadline.provisional ? as_report_lbl(b, "暂定", "provisional")
                                    : as_report_lbl(b, "确定", "final");
}

static const char *fraud_text(as_report_book *b, const as_province_result *pr)
{
    if (!pr->fraud)
        return "";
    const char *what = pr->finding && pr->finding->summary ? pr->finding->summary : "";
    return as_report_printf(b, "%s: %s", as_report_lbl(b, "是", "yes"), what);
}

#define SUMMARY_NCOLS (sizeof summary_cols / sizeof summary_cols[0])

/* With a Monte Carlo analysis: the share of draws giving each grade, after
 * the summary's own columns. */
static void grade_probability_cells(as_report_sheet *s, lxw_row_t r, const as_province_result *pr)
{
    as_report_book *b = s->b;
    const as_uncertainty_province *up =
        as_uncertainty_province_of(b->opts->uncertainty, as_report_result_index(b, pr));
    for (size_t g = 0; up && g < b->ev->rules->ngrades; g++)
        as_report_probability(s, r, (lxw_col_t)(SUMMARY_NCOLS + g), up->p_grade[g]);
}

static void summary_row(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    lxw_row_t r = s->row;
    grade_probability_cells(s, r, pr);
    s->row++;
    as_report_text(s, r, 0, pr->province->code, NULL);
    as_report_text(s, r, 1, as_report_province_label(b, pr->province), NULL);
    as_report_text(s, r, 2, as_report_grade_label(b, pr), NULL);
    as_report_text(s, r, 3, as_report_grade_id(pr), NULL);
    as_report_text(s, r, 8, fraud_text(b, pr), NULL);
    if (pr->nerrors) { /* nothing was counted; graded only on a fraud finding, if at all */
        as_report_text(s, r, 11, as_report_first_error(b, pr), NULL);
        if (pr->invalid)
            return;
    } else {
        as_report_int(s, r, 4, pr->control_missed);
        as_report_text(s, r, 5, as_report_missed_list(b, pr, AS_KIND_CONTROL), NULL);
        as_report_int(s, r, 6, pr->support_missed);
        as_report_text(s, r, 7, as_report_missed_list(b, pr, AS_KIND_SUPPORT), NULL);
    }
    if (pr->has_deadline)
        as_report_date(s, r, 9, pr->deadline.date);
    as_report_text(s, r, 10, deadline_status(b, pr), NULL);
    if (as_report_needs_rectification(pr) && !pr->has_deadline)
        as_report_text(s, r, 11, as_report_deadline_rule(b, pr), NULL);
}

static void summary_sheet(as_report_book *b)
{
    const as_evaluation *ev = b->ev;
    as_report_sheet s;
    as_report_sheet_begin(
        &s, b, "汇总 Summary",
        as_report_lbl(b, as_report_printf(b, "%d年度考核结果汇总", ev->year),
                      as_report_printf(b, "Assessment %d: summary of results", ev->year)),
        NULL, 0);
    as_report_col cols[AS_REPORT_MAX_COLS];
    size_t n = SUMMARY_NCOLS;
    memcpy(cols, summary_cols, sizeof summary_cols);
    for (size_t g = 0; b->opts->uncertainty && g < ev->rules->ngrades && n < AS_REPORT_MAX_COLS;
         g++) {
        const as_grade_def *gd = &ev->rules->grades[g];
        cols[n++] = (as_report_col){as_report_printf(b, "%s概率", gd->name_zh),
                                    as_report_printf(b, "P(%s)", gd->name_en)};
    }
    while (as_report_sheet_next(&s)) {
        as_report_header(&s, cols, n, 2, true);
        for (size_t i = 0; i < ev->nprovinces; i++)
            summary_row(&s, &ev->provinces[i]);
        as_report_table_end(&s);
        as_report_grade_colours(&s, s.table_row + 1, 2, s.table_last, 2);
    }
}

/* --- matrix -------------------------------------------------------------- */

#define MATRIX_FIRST 3    /* first indicator column */
#define MATRIX_WIDTH 16.0 /* width of an indicator column */

static void matrix_headers(as_report_sheet *s)
{
    as_report_book *b = s->b;
    const as_ruleset *rs = b->ev->rules;
    static const as_report_col first[] = {
        {"代码", "Code"}, {"省份", "Province"}, {"等级", "Grade"}};
    as_report_col cols[AS_REPORT_MAX_COLS];
    size_t n = MATRIX_FIRST, ni = rs->nindicators;
    if (ni > AS_REPORT_MAX_COLS - MATRIX_FIRST)
        ni = AS_REPORT_MAX_COLS - MATRIX_FIRST;
    memcpy(cols, first, sizeof first);
    /* kind row above the names */
    for (size_t c = 0; c < MATRIX_FIRST; c++)
        as_report_text(s, s->row, (lxw_col_t)c, "", b->f.header);
    for (size_t k = 0; k < ni; k++) {
        const as_indicator *ind = &rs->indicators[k];
        lxw_col_t c = (lxw_col_t)(MATRIX_FIRST + k);
        s->fixed[c] = MATRIX_WIDTH;
        as_report_text(s, s->row, c, as_report_kind_label(b, ind->kind), b->f.header);
        cols[n++] = (as_report_col){ind->name_zh, ind->name_en};
    }
    s->row++;
    as_report_header(s, cols, n, MATRIX_FIRST, true);
}

/* The comments of ir's borderline checks, one per line, or NULL when none
 * is (or there is no Monte Carlo analysis). */
static const char *borderline_notes(as_report_book *b, const as_province_result *pr,
                                    const as_indicator_result *ir)
{
    const char *notes = NULL;
    for (size_t c = 0; c < ir->nchecks; c++) {
        const as_uncertainty_check *uc = as_report_check_uncertainty(b, pr, ir, &ir->checks[c]);
        if (!uc || !uc->borderline)
            continue;
        const char *n = as_report_borderline_note(b, &ir->checks[c], ir->def, uc);
        notes = notes ? as_report_printf(b, "%s\n%s", notes, n) : n;
    }
    return notes;
}

static void matrix_row(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    const as_ruleset *rs = b->ev->rules;
    lxw_row_t r = s->row++;
    as_report_text(s, r, 0, pr->province->code, NULL);
    as_report_text(s, r, 1, as_report_province_label(b, pr->province), NULL);
    as_report_text(s, r, 2, as_report_grade_label(b, pr), NULL);
    for (size_t k = 0; k < rs->nindicators && MATRIX_FIRST + k < AS_REPORT_MAX_COLS; k++) {
        const as_indicator_result *ir = as_report_find_indicator(pr, &rs->indicators[k]);
        lxw_col_t c = (lxw_col_t)(MATRIX_FIRST + k);
        as_report_status st =
            ir && !pr->nerrors ? as_report_status_of(ir->status) : AS_REPORT_INVALID;
        const char *note = ir && !pr->nerrors ? borderline_notes(b, pr, ir) : NULL;
        if (note)
            as_report_borderline_cell(s, r, c, st, note);
        else
            as_report_status_cell(s, r, c, st);
    }
}

static void matrix_legend(as_report_sheet *s)
{
    as_report_book *b = s->b;
    s->row++;
    as_report_text(s, s->row, 1, as_report_lbl(b, "图例", "Legend"), b->f.bold);
    for (int st = 0; st < AS_REPORT_NSTATUS; st++)
        as_report_text(s, s->row, (lxw_col_t)(MATRIX_FIRST + st),
                       as_report_status_label(b, (as_report_status)st), b->f.status_cell[st]);
    s->row++;
    as_report_line(s,
                   as_report_lbl(b, "无数据计为未达标（规则另有规定的除外）；豁免计为达标。",
                                 "No data counts as missed unless the rules say otherwise; "
                                 "exempt counts as met."),
                   NULL);
    const as_uncertainty *u = b->opts->uncertainty;
    if (!u)
        return;
    as_report_text(s, s->row, 1, as_report_lbl(b, "临界", "Borderline"), b->f.bold);
    as_report_borderline_cell(s, s->row, MATRIX_FIRST, AS_REPORT_MET, NULL);
    as_report_line_at(
        s, MATRIX_FIRST + 1,
        as_report_lbl(b,
                      as_report_printf(b,
                                       "虚线框：至少一个考核项的95%%区间跨过目标"
                                       "（蒙特卡罗%ld次抽样），批注给出达标概率与区间。",
                                       u->draws),
                      as_report_printf(b,
                                       "Dashed border: the 95%% interval of at least "
                                       "one check straddles its target (%ld Monte "
                                       "Carlo draws); the comment gives its "
                                       "probability met and interval.",
                                       u->draws)),
        NULL);
}

static void matrix_sheet(as_report_book *b)
{
    const as_evaluation *ev = b->ev;
    as_report_sheet s;
    as_report_sheet_begin(
        &s, b, "矩阵 Matrix",
        as_report_lbl(b, as_report_printf(b, "%d年度各省指标达标情况", ev->year),
                      as_report_printf(b, "Assessment %d: indicators by province", ev->year)),
        NULL, 0);
    s.screen = true; /* wide: for the screen (docs/reports.md) */
    while (as_report_sheet_next(&s)) {
        matrix_headers(&s);
        for (size_t i = 0; i < ev->nprovinces; i++)
            matrix_row(&s, &ev->provinces[i]);
        as_report_table_end(&s);
        if (s.table_last > s.table_row) {
            as_report_status_colours(&s, s.table_row + 1, MATRIX_FIRST, s.table_last,
                                     (lxw_col_t)(s.table_cols - 1));
            as_report_grade_colours(&s, s.table_row + 1, 2, s.table_last, 2);
        }
        matrix_legend(&s);
    }
}

/* --- values against targets ---------------------------------------------- */

static void values_province(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    if (pr->nerrors) {
        as_report_text(s, s->row, 0, pr->province->code, NULL);
        as_report_text(s, s->row, 1, as_report_province_label(b, pr->province), NULL);
        lxw_col_t is = 2 + as_report_indicator_status_col(b);
        as_report_status_cell(s, s->row, is, AS_REPORT_INVALID);
        as_report_text(s, s->row, is + 2, as_report_first_error(b, pr), NULL);
        s->row++;
        return;
    }
    const char *name = as_report_province_label(b, pr->province);
    for (size_t i = 0; i < pr->nindicators; i++)
        for (size_t k = 0; k < as_report_indicator_nrows(&pr->indicators[i]); k++) {
            as_report_text(s, s->row, 0, pr->province->code, NULL);
            as_report_text(s, s->row, 1, name, NULL);
            as_report_indicator_row(s, pr, &pr->indicators[i], k, 2);
            s->row++;
        }
}

static void values_sheet(as_report_book *b)
{
    const as_evaluation *ev = b->ev;
    as_report_sheet s;
    as_report_col cols[2 + AS_REPORT_INDICATOR_COLS] = {{"代码", "Code"}, {"省份", "Province"}};
    size_t ncols = 2 + as_report_indicator_columns(b, cols + 2);
    as_report_sheet_begin(
        &s, b, "指标值 Values",
        as_report_lbl(b, as_report_printf(b, "%d年度各省指标值与目标", ev->year),
                      as_report_printf(b, "Assessment %d: values against targets", ev->year)),
        NULL, 0);
    s.screen = true; /* wide: for the screen (docs/reports.md) */
    const char *note =
        as_report_lbl(b,
                      "数值、目标和余量都是判定时比较的数（修约规则与判定方法见“说明”"
                      "工作表）；余量为正表示在达标一侧（≥ 类为数值减目标，≤ 类为目标"
                      "减数值）。",
                      "Value, target and margin are the numbers the verdict compared "
                      "(rounding rule and method: see the About sheet); a positive "
                      "margin lies on the met side (value - target for >=, target - "
                      "value for <=).");
    while (as_report_sheet_next(&s)) {
        as_report_line(&s, note, b->f.note);
        as_report_header(&s, cols, ncols, 2, true);
        for (size_t i = 0; i < ev->nprovinces; i++)
            values_province(&s, &ev->provinces[i]);
        as_report_table_end(&s);
        as_report_status_colours(&s, s.table_row + 1, 11, s.table_last,
                                 (lxw_col_t)(2 + as_report_indicator_status_col(b)));
    }
}

/* --- rectification ------------------------------------------------------- */

static const as_report_col rect_cols[] = {
    {"代码", "Code"},
    {"省份", "Province"},
    {"等级", "Grade"},
    {"未达标控制指标", "Missed control indicators"},
    {"未达标支撑指标", "Missed support indicators"},
    {"数据造假", "Data fraud"},
    {"通知日期", "Notified"},
    {"工作日数", "Working days"},
    {"书面报告期限", "Report due"},
    {"期限状态", "Deadline status"},
    {"计算规则与日历", "Counting rule and calendar"},
};

static int rectification_days(const as_ruleset *rs)
{
    for (size_t g = 0; g < rs->ngrades; g++)
        if (rs->grades[g].rectification_days > 0)
            return rs->grades[g].rectification_days;
    return 0;
}

static void rect_intro(as_report_sheet *s)
{
    as_report_book *b = s->b;
    char date[11] = "";
    int days = rectification_days(b->ev->rules);
    if (b->ev->has_notified)
        as_date_format(b->ev->notified, date);
    as_report_line(s,
                   as_report_printf(b, "%s: %s", as_report_lbl(b, "通知日期", "Notification date"),
                                    *date ? date : as_report_lbl(b, "未定", "not set")),
                   b->f.strong);
    as_report_line(
        s,
        as_report_printf(
            b, "%s: %s", as_report_lbl(b, "规则", "Rule"),
            as_report_lbl(b,
                          as_report_printf(b,
                                           "接到通知后%d个工作日内向党中央、国务院作出书面"
                                           "报告；通知当日不计入（民法典第二百零一条）；"
                                           "工作日含调休上班日。",
                                           days),
                          as_report_printf(b,
                                           "written report to the CPC Central "
                                           "Committee and the State Council within "
                                           "%d working days of notification; the "
                                           "notification day is not counted (Civil "
                                           "Code art. 201); make-up working days "
                                           "count.",
                                           days))),
        NULL);
    as_report_line(s,
                   as_report_printf(b, "%s: %s", as_report_lbl(b, "日历年份", "Calendar years"),
                                    as_report_calendar_years(b)),
                   NULL);
    s->row++;
}

static void rect_row(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    lxw_row_t r = s->row++;
    as_report_text(s, r, 0, pr->province->code, NULL);
    as_report_text(s, r, 1, as_report_province_label(b, pr->province), NULL);
    as_report_text(s, r, 2, as_report_grade_label(b, pr), NULL);
    as_report_text(s, r, 3, as_report_missed_list(b, pr, AS_KIND_CONTROL), NULL);
    as_report_text(s, r, 4, as_report_missed_list(b, pr, AS_KIND_SUPPORT), NULL);
    as_report_text(s, r, 5, fraud_text(b, pr), NULL);
    if (b->ev->has_notified)
        as_report_date(s, r, 6, b->ev->notified);
    as_report_int(s, r, 7, pr->grade->rectification_days);
    if (pr->has_deadline)
        as_report_date(s, r, 8, pr->deadline.date);
    as_report_text(s, r, 9, deadline_status(b, pr), NULL);
    as_report_text(s, r, 10, as_report_deadline_rule(b, pr), NULL);
}

static void rectification_sheet(as_report_book *b)
{
    const as_evaluation *ev = b->ev;
    as_report_sheet s;
    as_report_sheet_begin(
        &s, b, "整改 Rectification",
        as_report_lbl(b, as_report_printf(b, "%d年度须整改的省份", ev->year),
                      as_report_printf(b, "Assessment %d: provinces that must rectify", ev->year)),
        NULL, 0);
    while (as_report_sheet_next(&s)) {
        size_t n = 0;
        rect_intro(&s);
        s.fixed[10] = 90; /* the counting rule: long, the same for most provinces */
        as_report_header(&s, rect_cols, sizeof rect_cols / sizeof rect_cols[0], 2, true);
        for (size_t i = 0; i < ev->nprovinces; i++) {
            if (as_report_needs_rectification(&ev->provinces[i])) {
                rect_row(&s, &ev->provinces[i]);
                n++;
            }
        }
        as_report_table_end(&s);
        if (!n)
            as_report_line(&s, as_report_lbl(b, "无须整改的省份。", "No province has to rectify."),
                           NULL);
    }
}

/* --- charts -------------------------------------------------------------- */

static const lxw_color_t grade_colour[] = {0x70AD47, 0xFFC000, 0xC00000, 0xA5A5A5};

/* Colour of a grade's column: like the status colours of grade cells. */
static lxw_color_t colour_of(const as_ruleset *rs, size_t g)
{
    if (g >= rs->ngrades)
        return grade_colour[3];
    if (rs->grades[g].rectification_days > 0)
        return grade_colour[2];
    return g == 0 ? grade_colour[0] : grade_colour[1];
}

/* Columns of the grade chart, one per grade (and "invalid" when any). */
typedef struct {
    lxw_chart_fill fills[AS_REPORT_MAX_COLS + 1];
    lxw_chart_point points[AS_REPORT_MAX_COLS + 1];
    lxw_chart_point *pp[AS_REPORT_MAX_COLS + 2]; /* NULL-terminated */
    size_t n;
    long most; /* the largest count */
} grade_columns;

/* The table of provinces per grade at s->row; fills c with its colours. */
static void grade_table(as_report_sheet *s, grade_columns *c)
{
    as_report_book *b = s->b;
    const as_evaluation *ev = b->ev;
    const as_ruleset *rs = ev->rules;
    static const as_report_col cols[] = {{"等级", "Grade"}, {"省份数", "Provinces"}};
    size_t ng = rs->ngrades < AS_REPORT_MAX_COLS ? rs->ngrades : AS_REPORT_MAX_COLS;
    as_report_header(s, cols, 2, 0, false);
    for (size_t g = 0; g <= ng && (g < ng || ev->ninvalid); g++) {
        long count = 0;
        for (size_t i = 0; i < ev->nprovinces; i++) {
            const as_province_result *pr = &ev->provinces[i];
            count += g == ng ? pr->invalid : !pr->invalid && pr->grade == &rs->grades[g];
        }
        as_report_text(s, s->row, 0,
                       g == ng ? as_report_status_label(b, AS_REPORT_INVALID)
                               : as_report_lbl(b, rs->grades[g].name_zh, rs->grades[g].name_en),
                       NULL);
        as_report_int(s, s->row++, 1, count);
        c->fills[c->n] = (lxw_chart_fill){.color = colour_of(rs, g)};
        c->points[c->n] = (lxw_chart_point){.fill = &c->fills[c->n]};
        c->pp[c->n] = &c->points[c->n];
        c->most = count > c->most ? count : c->most;
        c->n++;
    }
    c->pp[c->n] = NULL;
    as_report_table_end(s);
}

/* The table of provinces per grade at s->row, and its chart to the right. */
static void grade_chart(as_report_sheet *s)
{
    as_report_book *b = s->b;
    grade_columns c = {.n = 0};
    grade_table(s, &c);
    if (!c.n || s->measure)
        return;
    lxw_row_t r0 = s->table_row + 1, r1 = (lxw_row_t)(s->row - 1);
    lxw_chart *chart = workbook_add_chart(b->w.wb, LXW_CHART_COLUMN);
    lxw_chart_series *ser = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(ser, NAME_CHARTS, r0, 0, r1, 0);
    chart_series_set_values(ser, NAME_CHARTS, r0, 1, r1, 1);
    chart_series_set_name(ser, as_report_lbl(b, "省份数", "Provinces"));
    as_report_check(b, chart_series_set_points(ser, c.pp));
    chart_series_set_labels(ser);
    chart_title_set_name(chart, as_report_lbl(b, "各等级省份数", "Provinces by grade"));
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_axis *y = chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y);
    chart_axis_set_min(y, 0);
    chart_axis_set_major_unit(y, c.most > 10 ? 5 : 1); /* whole provinces */
    as_report_check(b, worksheet_insert_chart(s->ws, s->table_row, 3, chart));
}

/* The CO2-intensity indicator, or NULL when the rules have none. */
static const as_indicator *co2_indicator(const as_ruleset *rs, size_t *k)
{
    for (size_t i = 0; i < rs->nindicators; i++)
        if (!strcmp(rs->indicators[i].id, "co2_intensity")) {
            *k = i;
            return &rs->indicators[i];
        }
    return NULL;
}

static void co2_table(as_report_sheet *s, const as_indicator *ind)
{
    as_report_book *b = s->b;
    const as_evaluation *ev = b->ev;
    const char *check = ind->nchecks ? ind->checks[0].name : "";
    as_report_col cols[] = {
        {"省份", "Province"},
        {as_report_printf(b, "数值（%s）", check), as_report_printf(b, "Value (%s)", check)},
        {"目标", "Target"},
        {"余量", "Margin"},
        {"状态", "Status"}};
    as_report_header(s, cols, 5, 0, false);
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        const as_indicator_result *ir = as_report_find_indicator(pr, ind);
        lxw_row_t r = s->row++;
        as_report_text(s, r, 0, as_report_province_label(b, pr->province), NULL);
        if (!ir || pr->nerrors || ir->nchecks == 0) {
            as_report_status_cell(s, r, 4,
                                  ir ? as_report_status_of(ir->status) : AS_REPORT_INVALID);
            continue;
        }
        const as_check_result *cr = &ir->checks[0];
        const as_check_def *cd = cr->def;
        as_report_judged(s, r, 1, cd, ind, cr->verdict.compared, cr->verdict.value);
        as_report_judged(s, r, 2, cd, ind, cr->verdict.compared, cr->verdict.target);
        as_report_judged(s, r, 3, cd, ind, cr->verdict.compared, cr->verdict.margin);
        as_report_status_cell(s, r, 4, as_report_status_of(cr->status));
    }
    as_report_table_end(s);
    as_report_status_colours(s, s->table_row + 1, 4, s->table_last, 4);
}

static void co2_chart(as_report_sheet *s)
{
    as_report_book *b = s->b;
    size_t k;
    const as_indicator *ind = co2_indicator(b->ev->rules, &k);
    if (!ind || !b->ev->nprovinces)
        return;
    co2_table(s, ind);
    lxw_row_t r0 = s->table_row + 1, r1 = s->table_last;
    if (r1 < r0 || s->measure)
        return;
    lxw_chart *chart = workbook_add_chart(b->w.wb, LXW_CHART_COLUMN);
    static lxw_chart_fill value_fill = {.color = 0x4472C4}, target_fill = {.color = 0xBFBFBF};
    lxw_chart_series *v = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(v, NAME_CHARTS, r0, 0, r1, 0);
    chart_series_set_values(v, NAME_CHARTS, r0, 1, r1, 1);
    chart_series_set_name(v, as_report_lbl(b, "数值", "value"));
    chart_series_set_fill(v, &value_fill);
    lxw_chart_series *t = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(t, NAME_CHARTS, r0, 0, r1, 0);
    chart_series_set_values(t, NAME_CHARTS, r0, 2, r1, 2);
    chart_series_set_name(t, as_report_lbl(b, "目标", "target"));
    chart_series_set_fill(t, &target_fill);
    chart_title_set_name(chart, as_report_printf(b, "%s (%s)", as_report_indicator_label(b, ind),
                                                 ind->nchecks ? ind->checks[0].name : ""));
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    if (ind->display == AS_DISPLAY_PERCENT)
        chart_axis_set_num_format(chart_axis_get(chart, LXW_CHART_AXIS_TYPE_Y), "0.0%");
    lxw_chart_options opt = {.x_scale = 2.4, .y_scale = 1.6};
    as_report_check(b, worksheet_insert_chart_opt(s->ws, s->table_row, 6, chart, &opt));
}

static void charts_sheet(as_report_book *b)
{
    const as_evaluation *ev = b->ev;
    as_report_sheet s;
    as_report_sheet_begin(&s, b, NAME_CHARTS,
                          as_report_lbl(b, as_report_printf(b, "%d年度考核结果图表", ev->year),
                                        as_report_printf(b, "Assessment %d: charts", ev->year)),
                          NULL, 0);
    s.no_gridlines = true;
    s.screen = true;   /* charts beside the tables: for the screen (docs/reports.md) */
    s.title_cols = 20; /* over the charts too */
    while (as_report_sheet_next(&s)) {
        grade_chart(&s);
        /* the grade chart is about 15 rows tall: start the next table below it */
        if (s.row < s.table_row + 17)
            s.row = s.table_row + 17;
        else
            s.row += 2;
        co2_chart(&s);
        s.has_table = false; /* two small tables: no frozen header, no filter */
    }
}

void as_report_national(as_report_book *b)
{
    summary_sheet(b);
    matrix_sheet(b);
    values_sheet(b);
    rectification_sheet(b);
    charts_sheet(b);
    as_report_trajectory_national(b);
}

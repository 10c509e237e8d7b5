/* province: the sheets of one province's workbook — overview with the grade
 * and why, every indicator, verified against reported figures, the
 * rectification notice, or the error sheet of an invalid province.  The
 * calculation trail is trail.c's; the About sheet and the file are report.c's. */
#include "report/province.h"

#include <stdlib.h>

#include "report/labels.h"
#include "report/trail.h"
#include "report/trajectory_sheets.h"

/* --- overview ------------------------------------------------------------ */

static const char *province_title(as_report_book *b, const as_province_result *pr, const char *zh,
                                  const char *en)
{
    return as_report_printf(b, "%s — %s", as_report_lbl(b, zh, en),
                            as_report_province_label(b, pr->province));
}

static const char *why_text(as_report_book *b, const as_province_result *pr)
{
    const char *grade = as_report_grade_label(b, pr);
    if (pr->fraud && pr->nerrors)
        return as_report_lbl2(
            b,
            as_report_printf(b, "核查发现数据造假，评为%s；其数据文件另有错误，指标无法计算。",
                             grade),
            as_report_printf(b,
                             "Data fraud was found in verification: graded %s, although its "
                             "data files have errors and no indicator could be computed.",
                             grade));
    if (pr->fraud)
        return as_report_lbl2(
            b, as_report_printf(b, "核查发现数据造假，不论指标情况，评为%s。", grade),
            as_report_printf(b,
                             "Data fraud was found in verification: graded %s whatever the "
                             "indicators say.",
                             grade));
    return as_report_lbl2(
        b,
        as_report_printf(b, "控制指标未达标%d项、支撑指标未达标%d项，按等级规则评为%s。",
                         pr->control_missed, pr->support_missed, grade),
        as_report_printf(b,
                         "%d control and %d support indicators missed; the grading rules give %s.",
                         pr->control_missed, pr->support_missed, grade));
}

static const char *count_text(as_report_book *b, const as_province_result *pr, as_kind k)
{
    size_t total = 0;
    for (size_t i = 0; i < pr->nindicators; i++)
        total += pr->indicators[i].def->kind == k;
    const char *list = as_report_missed_list(b, pr, k);
    int missed = k == AS_KIND_CONTROL ? pr->control_missed : pr->support_missed;
    return *list ? as_report_printf(b, "%d / %zu: %s", missed, total, list)
                 : as_report_printf(b, "%d / %zu", missed, total);
}

static const char *fraud_line(as_report_book *b, const as_province_result *pr)
{
    if (!pr->fraud || !pr->finding)
        return as_report_lbl(b, "无", "none");
    const as_finding *f = pr->finding;
    return as_report_printf(b, "%s: %s (%s %s; %s)", as_report_lbl(b, "是", "yes"),
                            f->summary ? f->summary : "", as_report_lbl(b, "发现者", "found by"),
                            f->found_by ? f->found_by : "", as_report_loc(b, f->loc));
}

static const char *deadline_line(as_report_book *b, const as_province_result *pr)
{
    char date[11];
    if (!as_report_needs_rectification(pr))
        return as_report_lbl(b, "不需要", "not required");
    if (!pr->has_deadline)
        return as_report_lbl(b, "未计算", "not computed");
    as_date_format(pr->deadline.date, date);
    if (!pr->deadline.provisional)
        return as_report_printf(b, "%s", date); /* a copy: date is local */
    return as_report_printf(b, "%s (%s)", date, as_report_lbl(b, "暂定", "provisional"));
}

/* The share of Monte Carlo draws giving each grade, or NULL without them. */
static const char *grade_probabilities(as_report_book *b, const as_province_result *pr)
{
    const as_uncertainty *u = b->opts->uncertainty;
    const as_uncertainty_province *up =
        as_uncertainty_province_of(u, as_report_result_index(b, pr));
    if (!up)
        return NULL;
    const as_ruleset *r = b->ev->rules;
    const char *s = "";
    for (size_t g = 0; g < r->ngrades; g++)
        s = as_report_printf(b, "%s%s%s %.1f%%", s, g ? "; " : "",
                             as_report_lbl(b, r->grades[g].name_zh, r->grades[g].name_en),
                             100 * up->p_grade[g]);
    return as_report_printf(
        b, "%s (%s)", s,
        as_report_lbl(b, as_report_printf(b, "蒙特卡罗%ld次抽样，种子%lu", u->draws, u->seed),
                      as_report_printf(b, "%ld Monte Carlo draws, seed %lu", u->draws, u->seed)));
}

static void grade_row(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    as_report_text(s, s->row, 0, as_report_lbl(b, "等级", "Grade"), b->f.bold);
    as_report_text(s, s->row, 1, as_report_grade_label(b, pr), b->f.big);
    as_report_grade_colours(s, s->row, 1, s->row, 1);
    as_report_row_min(s, s->row, 22);
    s->row++;
}

static void overview_missed(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    size_t n = 0;
    s->row++;
    as_report_line(s, as_report_lbl(b, "未达标指标", "Missed indicators"), b->f.strong);
    as_report_col cols[AS_REPORT_INDICATOR_COLS];
    as_report_header(s, cols, as_report_indicator_columns(b, cols), 0, false);
    s->no_freeze = true;
    for (size_t i = 0; i < pr->nindicators; i++) {
        if (pr->indicators[i].counts_missed) {
            as_report_indicator_rows(s, pr, &pr->indicators[i], 0);
            n++;
        }
    }
    as_report_table_end(s);
    if (!n)
        as_report_line(s, as_report_lbl(b, "无", "none"), NULL);
    else
        as_report_status_colours(s, s->table_row + 1, 9, s->table_last,
                                 as_report_indicator_status_col(b));
}

/* The warnings of its data (the rules' plausibility checks, inputs left
 * out): the count, then each as "file:line:col: warning: ...", in the
 * message catalogue's language when the run had one. */
static void overview_warnings(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    if (!pr->nwarnings) {
        as_report_kv(s, "警告", "Warnings", as_report_lbl(b, "无", "none"));
        return;
    }
    as_report_kv(s, "警告", "Warnings",
                 as_report_lbl2(b,
                                as_report_printf(b, "%zu条：数据可用，但可能有误，请逐条核对。",
                                                 pr->nwarnings),
                                as_report_printf(b,
                                                 "%zu: the figures were used, but may be wrong; "
                                                 "look at each.",
                                                 pr->nwarnings)));
    for (size_t i = 0; i < pr->ndiags; i++) {
        const as_diag *e = &pr->diags[i];
        if (e->sev != AS_SEV_WARNING)
            continue;
        const char *en = as_report_diag_line(b, e, false);
        const char *tr = e->text.tr ? as_report_diag_line(b, e, true) : en;
        const char *text = b->opts->lang == AS_REPORT_LANG_EN ? en
                           : b->opts->lang == AS_REPORT_LANG_ZH || tr == en
                               ? tr
                               : as_report_printf(b, "%s\n%s", tr, en);
        as_report_line(s, text, b->f.wrap);
    }
}

/* A graded province: why, the counts (or, graded on fraud alone, its data
 * errors), fraud, deadline and files. */
static void overview_valid(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    as_report_kv(s, "判定依据", "Why", why_text(b, pr));
    as_report_kv(s, "等级规则", "Grade rule",
                 as_report_printf(b, "%s: %s", as_report_grade_label(b, pr),
                                  as_expr_text(pr->grade->when.expr)));
    if (pr->nerrors) {
        as_report_kv(
            s, "数据错误", "Data errors",
            as_report_lbl2(
                b, as_report_printf(b, "%zu个，指标无法计数；见“错误 Error”工作表。", pr->nerrors),
                as_report_printf(b,
                                 "%zu, so no indicator could be counted; see "
                                 "the Error sheet.",
                                 pr->nerrors)));
        as_report_kv(s, "第一个错误", "First error", as_report_first_error(b, pr));
    } else {
        as_report_kv(s, "控制指标未达标", "Control indicators missed",
                     count_text(b, pr, AS_KIND_CONTROL));
        as_report_kv(s, "支撑指标未达标", "Support indicators missed",
                     count_text(b, pr, AS_KIND_SUPPORT));
    }
    as_report_kv(s, "数据造假", "Data fraud", fraud_line(b, pr));
    const char *probs = grade_probabilities(b, pr);
    if (probs)
        as_report_kv(s, "等级概率", "Grade probabilities", probs);
    const char *traj = as_report_trajectory_summary(b, pr);
    if (*traj && !pr->nerrors)
        as_report_kv(s, "规划轨迹", "Trajectory", traj);
    as_report_kv(s, "整改报告期限", "Rectification deadline", deadline_line(b, pr));
    if (as_report_needs_rectification(pr))
        as_report_kv(s, "期限计算", "Counting rule", as_report_deadline_rule(b, pr));
    as_report_kv(s, "自报数据文件", "Reported figures", pr->submission_file);
    as_report_kv(s, "核验数据文件", "Verified figures",
                 pr->verified_file ? pr->verified_file : as_report_lbl(b, "无", "none"));
    overview_warnings(s, pr);
    if (!pr->nerrors)
        overview_missed(s, pr);
}

static void overview_invalid(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    as_report_kv(s, "判定依据", "Why",
                 as_report_lbl2(b, "数据文件有错误，无法评定等级；见“错误 Error”工作表。",
                                "Its data files have errors, so no grade can be given; see the "
                                "Error sheet."));
    as_report_kv(s, "错误数", "Errors", as_report_printf(b, "%zu", pr->nerrors));
    as_report_kv(s, "第一个错误", "First error", as_report_first_error(b, pr));
    overview_warnings(s, pr);
}

static void overview_sheet(as_report_book *b, const as_province_result *pr)
{
    as_report_sheet s;
    as_report_sheet_begin(&s, b, "概况 Overview",
                          province_title(b, pr, as_report_printf(b, "%d年度考核结果", b->ev->year),
                                         as_report_printf(b, "Assessment %d", b->ev->year)),
                          NULL, 0);
    const char *province = as_report_printf(b, "%s (%s)", as_report_province_label(b, pr->province),
                                            pr->province->code);
    while (as_report_sheet_next(&s)) {
        as_report_kv(&s, "省份", "Province", province);
        as_report_kv(&s, "考核年度", "Assessment year", b->frame.years);
        grade_row(&s, pr);
        if (pr->invalid)
            overview_invalid(&s, pr);
        else
            overview_valid(&s, pr);
    }
}

/* --- indicators ---------------------------------------------------------- */

static void indicators_sheet(as_report_book *b, const as_province_result *pr)
{
    as_report_sheet s;
    as_report_sheet_begin(&s, b, "指标 Indicators",
                          province_title(b, pr, "指标值与目标", "Indicators against targets"), NULL,
                          0);
    const char *note =
        as_report_lbl(b,
                      "数值、目标和余量都是判定时比较的数（修约规则与判定方法见“说明”"
                      "工作表，未修约的数值见“计算过程”工作表）；余量为正表示在达标"
                      "一侧。",
                      "Value, target and margin are the numbers the verdict compared "
                      "(rounding rule and method: see the About sheet; unrounded "
                      "values: the Trail sheet); a positive margin lies on the met "
                      "side.");
    as_report_col cols[AS_REPORT_INDICATOR_COLS];
    size_t ncols = as_report_indicator_columns(b, cols);
    while (as_report_sheet_next(&s)) {
        as_report_line(&s, note, b->f.note);
        as_report_header(&s, cols, ncols, 2, true);
        for (size_t i = 0; i < pr->nindicators; i++)
            as_report_indicator_rows(&s, pr, &pr->indicators[i], 0);
        as_report_table_end(&s);
        as_report_status_colours(&s, s.table_row + 1, 9, s.table_last,
                                 as_report_indicator_status_col(b));
    }
}

/* --- verified against reported ------------------------------------------- */

static const as_report_col verified_cols[] = {
    {"数据项", "Input"},
    {"名称", "Name"},
    {"年份", "Year"},
    {"自报值", "Reported"},
    {"核验值", "Verified"},
    {"差额", "Difference"},
    {"单位", "Unit"},
    {"核验部门", "Verified by"},
    {"自报位置", "Reported at"},
    {"核验位置", "Verified at"},
};

static void verified_row(as_report_sheet *s, const as_override *ov)
{
    as_report_book *b = s->b;
    const as_input *in = &b->ev->rules->inputs[ov->input];
    lxw_row_t r = s->row++;
    as_report_text(s, r, 0, in->id, NULL);
    as_report_text(s, r, 1, as_report_lbl(b, in->name_zh, in->name_en), NULL);
    as_report_int(s, r, 2, ov->year);
    if (ov->has_reported) {
        as_report_number(s, r, 3, ov->reported, NULL);
        as_report_number(s, r, 5, ov->verified - ov->reported, NULL);
    } else {
        as_report_status_cell(s, r, 3, AS_REPORT_NO_DATA);
    }
    as_report_number(s, r, 4, ov->verified, NULL);
    as_report_text(s, r, 6, in->unit, NULL);
    as_report_text(s, r, 7, ov->verified_by, NULL);
    as_report_text(s, r, 8, as_report_loc(b, ov->reported_loc), NULL);
    as_report_text(s, r, 9, as_report_loc(b, ov->verified_loc), NULL);
}

static void verified_sheet(as_report_book *b, const as_province_result *pr)
{
    as_report_sheet s;
    as_report_sheet_begin(
        &s, b, "核验 Verified",
        province_title(b, pr, "核验数据与自报数据", "Verified against reported figures"), NULL, 0);
    while (as_report_sheet_next(&s)) {
        as_report_line(
            &s,
            as_report_lbl(b, "部门核验值替换自报值后参与全部计算。",
                          "Verified figures replace the reported ones in every calculation."),
            b->f.note);
        as_report_header(&s, verified_cols, sizeof verified_cols / sizeof verified_cols[0], 1,
                         true);
        for (size_t i = 0; i < pr->noverrides; i++)
            verified_row(&s, &pr->overrides[i]);
        as_report_table_end(&s);
        if (!pr->noverrides)
            as_report_line(&s,
                           as_report_lbl(b, "没有与自报值不同的核验值。",
                                         "No verified figure differs from the reported one."),
                           NULL);
    }
}

/* --- rectification notice ------------------------------------------------ */

/* A check's value or target as its method compares it, with the unit in
 * the book's language. */
static const char *value_text(as_report_book *b, const as_check_def *cd, const as_indicator *ind,
                              double v)
{
    const char *t = as_report_judged_text(b, cd, ind, v), *u = as_report_unit_words(b, ind);
    return *u ? as_report_printf(b, "%s %s", t, u) : t;
}

static const char *reason_line(as_report_book *b, const as_indicator_result *ir)
{
    const as_indicator *ind = ir->def;
    const char *s = as_report_printf(b, "%s [%s]", as_report_indicator_label(b, ind),
                                     as_report_kind_label(b, ind->kind));
    for (size_t c = 0; c < ir->nchecks; c++) {
        const as_check_result *cr = &ir->checks[c];
        if (cr->status == AS_STATUS_MET)
            continue;
        if (cr->status == AS_STATUS_NO_DATA) {
            s = as_report_printf(b, "%s; %s: %s", s, as_report_check_label(b, cr->def),
                                 as_report_status_label(b, AS_REPORT_NO_DATA));
            continue;
        }
        s = as_report_printf(b, "%s; %s: %s %s %s %s", s, as_report_check_label(b, cr->def),
                             cr->has_value ? value_text(b, cr->def, ind, cr->verdict.value) : "?",
                             as_report_lbl(b, "目标", "target"), as_cmp_text(cr->def->cmp),
                             cr->has_target ? value_text(b, cr->def, ind, cr->verdict.target)
                                            : "?");
    }
    return s;
}

static const char *reasons_text(as_report_book *b, const as_province_result *pr)
{
    const char *s = "";
    for (size_t i = 0; i < pr->nindicators; i++) {
        if (!pr->indicators[i].counts_missed)
            continue;
        const char *line = reason_line(b, &pr->indicators[i]);
        s = *s ? as_report_printf(b, "%s\n%s", s, line) : line;
    }
    if (pr->fraud)
        s = as_report_printf(b, "%s%s%s: %s", s, *s ? "\n" : "",
                             as_report_lbl(b, "数据造假", "data fraud"),
                             pr->finding && pr->finding->summary ? pr->finding->summary : "");
    return s;
}

static void notice_deadline(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    char date[11] = "";
    if (b->ev->has_notified)
        as_date_format(b->ev->notified, date);
    as_report_kv(s, "通知日期", "Notified", *date ? date : as_report_lbl(b, "未定", "not set"));
    as_report_kv(s, "书面报告期限", "Report due", deadline_line(b, pr));
    if (pr->has_deadline && pr->deadline.provisional)
        as_report_kv(s, "注意", "Caution",
                     as_report_lbl2(b,
                                    "暂定：计数跨入国务院尚未公布放假安排的年份，按法定节假日估算，"
                                    "公布后须重新计算。",
                                    "Provisional: the count reaches a year whose holiday "
                                    "schedule the State Council has not yet published; it is "
                                    "estimated from the statutory holidays and must be "
                                    "recomputed once the schedule is published."));
    as_report_kv(s, "期限计算", "Counting rule", as_report_deadline_rule(b, pr));
}

static void notice_body(as_report_sheet *s, const as_province_result *pr)
{
    as_report_book *b = s->b;
    int days = pr->grade->rectification_days;
    as_report_kv(s, "致", "To",
                 as_report_lbl2(b, as_report_printf(b, "%s党委和政府", pr->province->name_zh),
                                as_report_printf(b, "The Party committee and government of %s",
                                                 pr->province->name_en)));
    as_report_kv(s, "考核年度", "Assessment year", b->frame.years);
    grade_row(s, pr);
    as_report_kv(s, "原因", "Reasons", reasons_text(b, pr));
    as_report_kv(
        s, "要求", "Requirement",
        as_report_lbl2(b,
                       as_report_printf(b,
                                        "请于接到通知后%d个工作日内向党中央、国务院作出书面报告，"
                                        "提出整改措施和每项措施的完成时限。",
                                        days),
                       as_report_printf(b,
                                        "Send a written report to the CPC Central Committee and "
                                        "the State Council within %d working days of "
                                        "notification, with rectification measures and a "
                                        "deadline for each.",
                                        days)));
    notice_deadline(s, pr);
    as_report_kv(s, "逾期后果", "If not rectified",
                 as_report_lbl2(b, "整改逾期未完成的，约谈有关负责人。",
                                "If rectification is not achieved by its deadline, the "
                                "province's leaders are summoned (约谈)."));
}

static void notice_sheet(as_report_book *b, const as_province_result *pr)
{
    static const double widths[] = {26, 100};
    as_report_sheet s;
    as_report_sheet_begin(&s, b, "整改通知 Notice",
                          province_title(b, pr, "整改通知", "Rectification notice"), widths, 2);
    while (as_report_sheet_next(&s))
        notice_body(&s, pr);
}

/* --- errors -------------------------------------------------------------- */

static void error_sheet(as_report_book *b, const as_province_result *pr)
{
    static const as_report_col cols[] = {{"序号", "#"}, {"错误", "Error"}};
    as_report_sheet s;
    as_report_sheet_begin(&s, b, "错误 Error",
                          province_title(b, pr, "数据错误，无法评定", "Invalid data: no grade"),
                          NULL, 0);
    while (as_report_sheet_next(&s)) {
        s.fixed[1] = 120;
        as_report_header(&s, cols, 2, 0, true);
        long k = 0;
        for (size_t i = 0; i < pr->ndiags; i++) {
            if (pr->diags[i].sev != AS_SEV_ERROR)
                continue;
            as_report_int(&s, s.row, 0, ++k);
            as_report_text(&s, s.row++, 1, as_report_diag_line(b, &pr->diags[i], false), b->f.wrap);
        }
        as_report_table_end(&s);
    }
}

void as_report_province(as_report_book *b, const as_province_result *pr)
{
    overview_sheet(b, pr);
    if (pr->nerrors) { /* nothing counted: graded on a fraud finding, or not at all */
        error_sheet(b, pr);
        if (as_report_needs_rectification(pr))
            notice_sheet(b, pr);
        return;
    }
    indicators_sheet(b, pr);
    verified_sheet(b, pr);
    if (as_report_needs_rectification(pr))
        notice_sheet(b, pr);
    as_report_trajectory_province(b, pr);
    as_report_trail(b, pr);
}

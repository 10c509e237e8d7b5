/* summary: the sheets of the workbook across years — grades by year, each
 * indicator's path, the plan-period progress, About — laid out like every
 * report sheet (book.c), from a series; the file joins the run's output set
 * as report.c's workbooks do. */
#include "report/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/select.h"
#include "report/book.h"
#include "report/labels.h"

enum { PATH_FIRST = 7, PLAN_FIRST = 6 }; /* first year column of the two wide sheets */

typedef struct {
    as_report_book *b;
    const as_series *s;
} summary;

/* Header columns: the fixed ones, then per year the labels of each[] as
 * "<year> <label>" (or the year alone for an empty label). */
static as_report_col *year_cols(summary *m, const as_report_col *fixed, size_t nfixed,
                                const as_report_col *each, size_t neach, size_t *n)
{
    as_report_book *b = m->b;
    *n = nfixed + neach * m->s->nyears;
    as_report_col *cols = as_arena_alloc(b->w.arena, *n * sizeof *cols);
    if (!cols) {
        b->w.oom = true;
        *n = 0;
        return NULL;
    }
    memcpy(cols, fixed, nfixed * sizeof *fixed);
    for (size_t y = 0; y < m->s->nyears; y++)
        for (size_t k = 0; k < neach; k++) {
            int year = m->s->years[y];
            as_report_col *c = &cols[nfixed + y * neach + k];
            c->zh = *each[k].zh ? as_report_printf(b, "%d %s", year, each[k].zh)
                                : as_report_printf(b, "%d", year);
            c->en = *each[k].en ? as_report_printf(b, "%d %s", year, each[k].en) : "";
        }
    return cols;
}

/* The grade a province got in a year as shown: its name, "invalid", or
 * blank when the year was not evaluated. */
static const char *grade_text(as_report_book *b, const as_series_unit *cu)
{
    if (!cu->evaluated)
        return NULL;
    if (cu->invalid || !cu->grade)
        return as_report_status_label(b, AS_REPORT_INVALID);
    return as_report_grade_name(b, cu->grade);
}

static void unit_cells(as_report_sheet *sh, summary *m, size_t u)
{
    const as_province *p = &m->s->rules->provinces[m->s->units[u]];
    as_report_text(sh, sh->row, 0, p->code, NULL);
    as_report_text(sh, sh->row, 1, as_report_province_label(m->b, p), NULL);
}

/* --- grades by year -------------------------------------------------------- */

static void grades_row(as_report_sheet *sh, summary *m, size_t u)
{
    const as_series *s = m->s;
    const as_ruleset *r = s->rules;
    long invalid = 0, *count = as_arena_alloc(m->b->w.arena, (r->ngrades + 1) * sizeof *count);
    if (!count) {
        m->b->w.oom = true;
        return;
    }
    unit_cells(sh, m, u);
    for (size_t y = 0; y < s->nyears; y++) {
        const as_series_unit *cu = as_series_unit_at(s, y, u);
        as_report_text(sh, sh->row, (lxw_col_t)(2 + y), grade_text(m->b, cu), NULL);
        if (cu->evaluated && (cu->invalid || !cu->grade))
            invalid++;
        else if (cu->evaluated)
            count[cu->grade - r->grades]++;
    }
    lxw_col_t c = (lxw_col_t)(2 + s->nyears);
    for (size_t g = 0; g < r->ngrades; g++)
        as_report_int(sh, sh->row, c++, count[g]);
    as_report_int(sh, sh->row, c, invalid);
    sh->row++;
}

static void grades_sheet(summary *m)
{
    as_report_book *b = m->b;
    const as_series *s = m->s;
    const as_ruleset *r = s->rules;
    static const as_report_col fixed[] = {{"代码", "Code"}, {"省份", "Province"}};
    static const as_report_col year[] = {{"", ""}};
    size_t n;
    as_report_col *cols = year_cols(m, fixed, 2, year, 1, &n);
    as_report_col *all = as_arena_alloc(b->w.arena, (n + r->ngrades + 1) * sizeof *all);
    if (!cols || !all) {
        b->w.oom = true;
        return;
    }
    memcpy(all, cols, n * sizeof *cols);
    for (size_t g = 0; g < r->ngrades; g++)
        all[n + g] = (as_report_col){as_report_printf(b, "%s（年数）", r->grades[g].name_zh),
                                     as_report_printf(b, "%s (years)", r->grades[g].name_en)};
    all[n + r->ngrades] = (as_report_col){"无效（年数）", "invalid (years)"};
    as_report_sheet sh;
    as_report_sheet_begin(&sh, b, "等级 Grades",
                          as_report_lbl(b, as_report_printf(b, "%s年各省等级", b->frame.years),
                                        as_report_printf(b, "Grades by year, %s", b->frame.years)),
                          NULL, 0);
    while (as_report_sheet_next(&sh)) {
        as_report_header(&sh, all, n + r->ngrades + 1, 2, true);
        for (size_t u = 0; u < s->nunits; u++)
            grades_row(&sh, m, u);
        as_report_table_end(&sh);
        as_report_grade_colours(&sh, sh.table_row + 1, 2, sh.table_last,
                                (lxw_col_t)(1 + s->nyears));
    }
}

/* --- each indicator's path ------------------------------------------------ */

/* What a status cell of a check shows in year y: exempt for an exempt
 * indicator, invalid when nothing was counted, else the check's status. */
static as_report_status check_status(const as_series *s, size_t y, size_t u, size_t c)
{
    const as_series_unit *cu = as_series_unit_at(s, y, u);
    if (cu->errors)
        return AS_REPORT_INVALID;
    if (as_series_indicator_at(s, y, u, s->slot_indicator[c]) == AS_STATUS_EXEMPT)
        return AS_REPORT_EXEMPT;
    return as_report_status_of(as_series_check_at(s, y, u, c)->status);
}

/* Value, target and status of slot c of unit u in every year, from column c0. */
static void path_years(as_report_sheet *sh, summary *m, size_t u, size_t c, lxw_col_t c0)
{
    const as_series *s = m->s;
    const as_indicator *ind = &s->rules->indicators[s->slot_indicator[c]];
    const as_check_def *cd = &ind->checks[s->slot_check[c]];
    for (size_t y = 0; y < s->nyears; y++) {
        lxw_col_t col = (lxw_col_t)(c0 + 3 * y);
        if (!as_series_unit_at(s, y, u)->evaluated)
            continue;
        const as_series_check *sc = as_series_check_at(s, y, u, c);
        bool counted = !as_series_unit_at(s, y, u)->errors;
        as_report_judged(sh, sh->row, col, cd, ind, counted && sc->compared, sc->value);
        as_report_judged(sh, sh->row, col + 1, cd, ind, counted && sc->compared, sc->target);
        as_report_status_cell(sh, sh->row, col + 2, check_status(s, y, u, c));
    }
}

static void path_sheet(summary *m)
{
    as_report_book *b = m->b;
    const as_series *s = m->s;
    static const as_report_col fixed[] = {
        {"代码", "Code"},      {"省份", "Province"}, {"指标代码", "Indicator id"},
        {"指标", "Indicator"}, {"类别", "Kind"},     {"考核项", "Check"},
        {"单位", "Unit"}};
    static const as_report_col each[] = {{"数值", "value"}, {"目标", "target"}, {"状态", "status"}};
    size_t n;
    as_report_col *cols = year_cols(m, fixed, PATH_FIRST, each, 3, &n);
    if (!cols)
        return;
    as_report_sheet sh;
    as_report_sheet_begin(
        &sh, b, "指标 Indicators",
        as_report_lbl(b, as_report_printf(b, "%s年各指标逐年情况", b->frame.years),
                      as_report_printf(b, "Each indicator year by year, %s", b->frame.years)),
        NULL, 0);
    sh.screen = true; /* wide: for the screen (docs/reports.md) */
    const char *note = as_report_lbl(
        b, "数值和目标都是判定时比较的数（修约规则与判定方法见“说明”工作表）。",
        "Value and target are the numbers the verdict compared (rounding rule and method: see "
        "the About sheet).");
    while (as_report_sheet_next(&sh)) {
        as_report_line(&sh, note, b->f.note);
        as_report_header(&sh, cols, n, 2, true);
        for (size_t u = 0; u < s->nunits; u++)
            for (size_t c = 0; c < s->nslots; c++) {
                const as_indicator *ind = &s->rules->indicators[s->slot_indicator[c]];
                unit_cells(&sh, m, u);
                as_report_text(&sh, sh.row, 2, ind->id, NULL);
                as_report_text(&sh, sh.row, 3, as_report_indicator_label(b, ind), NULL);
                as_report_text(&sh, sh.row, 4, as_report_kind_label(b, ind->kind), NULL);
                as_report_text(&sh, sh.row, 5, ind->checks[s->slot_check[c]].name, NULL);
                as_report_text(&sh, sh.row, 6, as_report_unit(b, ind), NULL);
                path_years(&sh, m, u, c, PATH_FIRST);
                sh.row++;
            }
        as_report_table_end(&sh);
        as_report_status_colours(&sh, sh.table_row + 1, PATH_FIRST, sh.table_last,
                                 (lxw_col_t)(n - 1));
    }
}

/* --- plan-period progress ------------------------------------------------- */

/* The plan-period target of slot c in the last year it was approved. */
static const as_series_check *latest_plan(const as_series *s, size_t u, size_t c)
{
    for (size_t y = s->nyears; y-- > 0;)
        if (as_series_unit_at(s, y, u)->evaluated && as_series_check_at(s, y, u, c)->has_plan)
            return as_series_check_at(s, y, u, c);
    return NULL;
}

static void plan_row(as_report_sheet *sh, summary *m, size_t u, size_t c)
{
    const as_series *s = m->s;
    const as_indicator *ind = &s->rules->indicators[s->slot_indicator[c]];
    const as_check_def *cd = &ind->checks[s->slot_check[c]];
    const as_series_check *plan = latest_plan(s, u, c);
    unit_cells(sh, m, u);
    as_report_text(sh, sh->row, 2, ind->id, NULL);
    as_report_text(sh, sh->row, 3, cd->name, NULL);
    as_report_int(sh, sh->row, 4, cd->plan.final_year);
    as_report_judged(sh, sh->row, 5, cd, ind, plan != NULL, plan ? plan->plan : 0);
    path_years(sh, m, u, c, PLAN_FIRST);
    sh->row++;
}

static void plan_sheet(summary *m)
{
    as_report_book *b = m->b;
    const as_series *s = m->s;
    static const as_report_col fixed[] = {
        {"代码", "Code"},    {"省份", "Province"},       {"指标代码", "Indicator id"},
        {"考核项", "Check"}, {"规划末年", "Final year"}, {"规划目标", "Plan target"}};
    static const as_report_col each[] = {
        {"达到", "achieved"}, {"应达", "required"}, {"状态", "status"}};
    size_t n, nplan = 0;
    for (size_t c = 0; c < s->nslots; c++)
        nplan += s->slot_plan[c];
    as_report_col *cols = year_cols(m, fixed, PLAN_FIRST, each, 3, &n);
    if (!cols)
        return;
    as_report_sheet sh;
    as_report_sheet_begin(
        &sh, b, "规划进度 Plan progress",
        as_report_lbl(
            b, as_report_printf(b, "%s年五年规划目标进度", b->frame.years),
            as_report_printf(b, "Progress against the five-year-plan targets, %s", b->frame.years)),
        NULL, 0);
    sh.screen = true; /* wide: for the screen (docs/reports.md) */
    const char *note = as_report_lbl(
        b,
        "规则标记了五年规划目标（plan:）的考核项：规划末年和规划目标，逐年达到的数值、当年应达到"
        "的进度（考核项的目标）和状态；规划目标取最近一年的值。",
        "Every check the rules mark with a five-year-plan target (plan:): the plan's final year "
        "and target, then the value achieved, the progress required that year (the check's "
        "target) and the status, year by year; the plan target as of the latest year.");
    while (as_report_sheet_next(&sh)) {
        as_report_line(&sh, note, b->f.note);
        as_report_header(&sh, cols, n, 2, true);
        for (size_t u = 0; nplan && u < s->nunits; u++)
            for (size_t c = 0; c < s->nslots; c++)
                if (s->slot_plan[c])
                    plan_row(&sh, m, u, c);
        as_report_table_end(&sh);
        if (nplan)
            as_report_status_colours(&sh, sh.table_row + 1, PLAN_FIRST, sh.table_last,
                                     (lxw_col_t)(n - 1));
        else
            as_report_line(&sh,
                           as_report_lbl(b, "规则没有标记五年规划目标（plan:）的考核项。",
                                         "No check of the rules has a plan: target."),
                           NULL);
    }
}

/* --- about ------------------------------------------------------------------ */

/* The years evaluated, and those that were not. */
static const char *years_done(summary *m, bool done)
{
    const as_series *s = m->s;
    int *ys = as_arena_alloc(m->b->w.arena, (s->nyears ? s->nyears : 1) * sizeof *ys);
    size_t n = 0;
    char buf[512];
    for (size_t y = 0; ys && y < s->nyears; y++)
        if (s->done[y] == done)
            ys[n++] = s->years[y];
    if (!n)
        return as_report_lbl(m->b, "无", "none");
    if (as_select_years_text(ys, n, ",", buf, sizeof buf) != 0)
        return "";
    return as_report_printf(m->b, "%s", buf);
}

static void about_sheet(summary *m, const as_report_opts *o)
{
    as_report_book *b = m->b;
    const as_series *s = m->s;
    const as_ruleset *r = s->rules;
    as_report_sheet sh;
    as_report_sheet_begin(&sh, b, "说明 About",
                          as_report_lbl(b, "本工作簿的来源与定义",
                                        "Where this workbook comes from, and what it means"),
                          NULL, 0);
    while (as_report_sheet_next(&sh)) {
        as_report_kv(
            &sh, "生成工具", "Made by",
            as_report_printf(b, "assess %s (libxlsxwriter %s)", ASSESS_VERSION, LXW_VERSION));
        as_report_kv(&sh, "规则文件", "Rules file", o->rules_path ? o->rules_path : r->path);
        as_report_kv(
            &sh, "规则集", "Rule set",
            as_report_printf(b, "%s — %s", r->id, as_report_lbl(b, r->title_zh, r->title_en)));
        as_report_kv(&sh, "修约与判定", "Rounding and judgement", as_report_methods(b));
        as_report_kv(&sh, "数据集", "Data set",
                     as_report_printf(b, "%s — %s", o->data_dir ? o->data_dir : s->data_dir,
                                      as_report_lbl(b, s->data_zh, s->data_en)));
        as_report_kv(&sh, "示例数据", "Illustrative",
                     s->illustrative ? as_report_lbl(b, "是", "yes")
                                     : as_report_lbl(b, "否", "no"));
        as_report_kv(&sh, "考核年度", "Assessment years", b->frame.years);
        as_report_kv(&sh, "未能评定的年度", "Years not evaluated", years_done(m, false));
        as_report_kv(
            &sh, "各年报告", "Each year's reports",
            as_report_lbl2(b, "各年度的全国和省级工作簿在同一文件夹下以年份命名的子文件夹中。",
                           "Each year's national and province workbooks are in the "
                           "folder named after the year beside this one."));
        sh.row++;
        as_report_kv(&sh, "等级 Grades", NULL,
                     as_report_lbl2(b, "各省每年的等级，以及各等级的年数。",
                                    "Each province's grade in each year, and how many years it "
                                    "got each grade."));
        as_report_kv(&sh, "指标 Indicators", NULL,
                     as_report_lbl2(b, "每个省份、指标和考核项逐年的数值、目标和状态。",
                                    "Every province, indicator and check: value, target and "
                                    "status year by year."));
        as_report_kv(&sh, "规划进度 Plan progress", NULL,
                     as_report_lbl2(b, "标记了五年规划目标的考核项逐年的进度。",
                                    "The checks with a five-year-plan target, year by year."));
    }
}

/* --- the file ------------------------------------------------------------- */

static void properties(summary *m, const as_report_opts *o)
{
    as_report_book *b = m->b;
    const as_series *s = m->s;
    const as_ruleset *r = s->rules;
    lxw_doc_properties p = {0};
    p.title = as_report_keep(
        b,
        as_report_lbl(b, as_report_printf(b, "%s年碳达峰碳中和综合评价考核汇总", b->frame.years),
                      as_report_printf(b, "Dual-carbon assessment %s: summary", b->frame.years)));
    p.subject = as_report_keep(b, as_report_lbl(b, r->title_zh, r->title_en));
    p.author = as_report_keep(b, "assess");
    p.company = as_report_keep(b, as_report_printf(b, "assess %s", ASSESS_VERSION));
    p.keywords = as_report_keep(b, as_report_printf(b, "%s; %s%s", b->frame.years, r->id,
                                                    s->illustrative ? "; illustrative" : ""));
    p.comments = as_report_keep(
        b, as_report_printf(b, "rules: %s (%s)\ndata set: %s\nassessment years: %s",
                            o->rules_path ? o->rules_path : r->path, r->id,
                            o->data_dir ? o->data_dir : s->data_dir, b->frame.years));
    p.status = as_report_keep(b, s->illustrative ? "illustrative data" : "");
    p.created = (time_t)as_date_from_ymd(s->years[s->nyears - 1], 12, 31) * 86400;
    as_report_check(b, workbook_set_properties(b->w.wb, &p));
}

/* The summary workbook at file, for as_output_build. */
typedef struct {
    const as_series *s;
    const as_report_opts *o;
    as_report_run run;
    as_report_frame frame;
    bool begun; /* the output was begun: the caller is told of it */
} summary_book;

static int build_file(void *ctx, const char *file, const char *path, as_diags *d)
{
    summary_book *sb = ctx;
    as_report_book b;
    sb->begun = true;
    if (as_report_book_open(&b, file, NULL, &sb->frame, sb->o, &sb->run, true) != 0) {
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write workbook: out of memory");
        return -1;
    }
    summary m = {&b, sb->s};
    properties(&m, sb->o);
    grades_sheet(&m);
    path_sheet(&m);
    plan_sheet(&m);
    about_sheet(&m, sb->o);
    return as_report_book_finish(&b, path, d);
}

int as_report_summary(const as_series *s, const char *path, const as_report_opts *o, as_diags *d)
{
    as_report_names *names = as_report_names_new(s->rules, o->lang);
    summary_book sb = {.s = s,
                       .o = o,
                       .run = {.names = names},
                       .frame = {.rules = s->rules,
                                 .data_zh = s->data_zh,
                                 .data_en = s->data_en,
                                 .illustrative = s->illustrative,
                                 .notice = s->notice,
                                 .several = s->nyears > 1}};
    int rc = -1;
    as_select_years_text(s->years, s->nyears, ",", sb.frame.years, sizeof sb.frame.years);
    if (!names || !s->nyears)
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write workbook: out of memory");
    else
        rc = as_output_build(o->output, path, build_file, &sb, d);
    if (o->written && sb.begun)
        o->written(o->written_ctx, path, false, rc == 0);
    as_report_names_free(names);
    return rc;
}

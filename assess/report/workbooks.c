/* workbooks: writes the national workbook and one workbook per province into a
 * folder, each as one file of the run's output set (a temporary name, renamed
 * at the caller's commit), with document properties that record what it was
 * made from and a fixed creation time so the same inputs give the same bytes.
 * The sheets themselves are laid out by national.c, province.c and trail.c;
 * the About sheet is here. */
#include "report/workbooks.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/book.h"
#include "report/labels.h"
#include "report/national.h"
#include "report/province.h"

const char *as_report_library_version(void)
{
    return LXW_VERSION;
}

/* --- properties ---------------------------------------------------------- */

/* The fixed creation time: notification date (else 31 December of the
 * assessment year) at 00:00 UTC. */
static time_t creation_time(const as_evaluation *ev)
{
    as_date d = ev->has_notified ? ev->notified : as_date_from_ymd(ev->year, 12, 31);
    return (time_t)d * 86400;
}

static const char *data_name(as_report_book *b)
{
    return as_report_lbl(b, b->ev->data->name_zh, b->ev->data->name_en);
}

static const char *provenance(as_report_book *b)
{
    const as_evaluation *ev = b->ev;
    const as_report_opts *o = b->opts;
    return as_report_printf(
        b,
        "engine: assess %s (libxlsxwriter %s)\nrules: %s (%s)\ndata set: %s (%s)%s\n"
        "assessment year: %d\ncalendar: %s; years used: %s",
        ASSESS_VERSION, LXW_VERSION, o->rules_path ? o->rules_path : ev->rules->path, ev->rules->id,
        o->data_dir ? o->data_dir : ev->data->dir, data_name(b),
        ev->data->illustrative ? ", illustrative" : "", ev->year,
        o->calendar_dir ? o->calendar_dir : "none", as_report_calendar_years(b));
}

static void custom_properties(as_report_book *b)
{
    const as_evaluation *ev = b->ev;
    const as_report_opts *o = b->opts;
    struct {
        const char *name, *value;
    } props[] = {
        {"assess version", ASSESS_VERSION},
        {"rules file", o->rules_path ? o->rules_path : ev->rules->path},
        {"rule set", ev->rules->id},
        {"data set folder", o->data_dir ? o->data_dir : ev->data->dir},
        {"data set", data_name(b)},
        {"calendar folder", o->calendar_dir ? o->calendar_dir : "none"},
        {"calendar years", as_report_calendar_years(b)},
    };
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
        as_report_check(b, workbook_set_custom_property_string(b->w.wb, props[i].name,
                                                               as_report_keep(b, props[i].value)));
    as_report_check(b, workbook_set_custom_property_integer(b->w.wb, "assessment year", ev->year));
    if (o->uncertainty) {
        as_report_check(b, workbook_set_custom_property_integer(b->w.wb, "uncertainty draws",
                                                                (int32_t)o->uncertainty->draws));
        as_report_check(b,
                        workbook_set_custom_property_string(
                            b->w.wb, "uncertainty seed",
                            as_report_keep(b, as_report_printf(b, "%lu", o->uncertainty->seed))));
    }
    as_report_check(
        b, workbook_set_custom_property_boolean(b->w.wb, "illustrative", ev->data->illustrative));
}

static void set_properties(as_report_book *b, const char *title)
{
    const as_evaluation *ev = b->ev;
    lxw_doc_properties p = {0};
    p.title = as_report_keep(b, title);
    p.subject = as_report_keep(b, as_report_lbl(b, ev->rules->title_zh, ev->rules->title_en));
    p.author = as_report_keep(b, "assess");
    p.company = as_report_keep(b, as_report_printf(b, "assess %s", ASSESS_VERSION));
    p.category =
        as_report_keep(b, as_report_lbl(b, "碳达峰碳中和综合评价考核", "dual-carbon assessment"));
    p.keywords =
        as_report_keep(b, as_report_printf(b, "%d; %s; %s%s", ev->year, ev->rules->id, data_name(b),
                                           ev->data->illustrative ? "; illustrative" : ""));
    p.comments = as_report_keep(b, provenance(b));
    p.status = as_report_keep(b, ev->data->illustrative ? "illustrative data" : "");
    p.created = creation_time(ev);
    as_report_check(b, workbook_set_properties(b->w.wb, &p));
    custom_properties(b);
}

/* --- about --------------------------------------------------------------- */

/* The declared errors, one per line. */
static const char *declared_errors(as_report_book *b)
{
    const as_ruleset *r = b->ev->rules;
    const char *s = "";
    for (size_t k = 0; k < r->nuncertainty; k++) {
        const as_uncertainty_def *u = &r->uncertainty[k];
        const char *what = u->section                    ? "section"
                           : u->ref_kind == AS_REF_INPUT ? "input"
                                                         : "parameter";
        const char *line = as_report_printf(b, "%s %s: %s +-%g%% (95%%), %s; %s", what, u->name,
                                            as_distribution_name(u->dist), 100 * u->spread,
                                            as_correlation_name(u->corr), u->source);
        s = *s ? as_report_printf(b, "%s\n%s", s, line) : line;
    }
    return s;
}

/* The Monte Carlo run (method, draws, seed, generator, declared errors) and
 * the trajectory method, when the workbook shows them. */
static void about_uncertainty(as_report_sheet *s)
{
    as_report_book *b = s->b;
    const as_uncertainty *u = b->opts->uncertainty;
    if (u) {
        as_report_kv(
            s, "不确定性分析", "Uncertainty",
            as_report_lbl2(
                b,
                as_report_printf(b,
                                 "蒙特卡罗（IPCC 2006 第1卷第3章，方法2）：抽样%ld次，随机数种子"
                                 "%lu，发生器 %s（GSL），每次抽样%zu个随机因子；每个省份的每个考核"
                                 "项都经引擎重新计算。方法1（一阶误差传递，把读取的每个数值视为"
                                 "独立来源）作为交叉核对。相同的种子和抽样次数得到相同的结果。",
                                 u->draws, u->seed, u->rng, u->nrandom),
                as_report_printf(b,
                                 "Monte Carlo (IPCC 2006 Vol. 1 ch. 3, Approach 2): %ld draws, "
                                 "seed %lu, generator %s (GSL), %zu random factors per draw; "
                                 "every check of every province re-evaluated by the engine. "
                                 "Approach 1 (first-order error propagation, every value read an "
                                 "independent source) as a cross-check. The same seed and draws "
                                 "give the same numbers.",
                                 u->draws, u->seed, u->rng, u->nrandom)));
        as_report_kv(s, "声明的误差", "Declared errors", declared_errors(b));
        if (b->ev->rules->uncertainty_source)
            as_report_kv(s, "误差依据", "Uncertainty source", b->ev->rules->uncertainty_source);
    }
    if (b->opts->trajectories && b->opts->trajectories->nplans)
        as_report_kv(
            s, "规划轨迹", "Trajectory",
            as_report_lbl2(b,
                           "对规则标记了五年规划目标的考核项，逐年计算自基准年起的数值；所需年均"
                           "速率为闭式解；三年及以上（含基准年）用 GSL 对数强度最小二乘拟合外推"
                           "并给出95%预测区间，两年则延续已观测年均速率（有蒙特卡罗分析时区间取其"
                           "2.5%与97.5%分位数）；预测未达规划目标即为“有风险”。",
                           "For every check the rules mark with a five-year-plan target, its "
                           "value in each year since the base year; the required average "
                           "annual rate in closed form; with three or more years (the base year "
                           "included) a GSL least-squares fit on the log of the intensity with "
                           "its 95% prediction interval, with two the observed average rate "
                           "carried forward (its interval from the Monte Carlo percentiles when "
                           "there are draws); at risk when the projection misses the plan "
                           "target."));
}

static void about_sources(as_report_sheet *s)
{
    as_report_book *b = s->b;
    const as_evaluation *ev = b->ev;
    const as_report_opts *o = b->opts;
    char created[32];
    time_t t = creation_time(ev);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    as_report_kv(s, "生成工具", "Made by",
                 as_report_printf(b, "assess %s (libxlsxwriter %s)", ASSESS_VERSION, LXW_VERSION));
    as_report_kv(s, "规则文件", "Rules file", o->rules_path ? o->rules_path : ev->rules->path);
    as_report_kv(s, "规则集", "Rule set",
                 as_report_printf(b, "%s — %s", ev->rules->id,
                                  as_report_lbl(b, ev->rules->title_zh, ev->rules->title_en)));
    as_report_kv(s, "规则依据", "Rules source", ev->rules->source);
    as_report_kv(s, "修约与判定", "Rounding and judgement", as_report_methods(b));
    about_uncertainty(s);
    as_report_kv(
        s, "数据集", "Data set",
        as_report_printf(b, "%s — %s", o->data_dir ? o->data_dir : ev->data->dir, data_name(b)));
    as_report_kv(s, "数据来源", "Data source", ev->data->source);
    as_report_kv(s, "示例数据", "Illustrative",
                 ev->data->illustrative ? as_report_lbl(b, "是", "yes")
                                        : as_report_lbl(b, "否", "no"));
    as_report_kv(s, "工作日日历", "Calendar folder", o->calendar_dir ? o->calendar_dir : "");
    as_report_kv(s, "使用的日历年份", "Calendar years used", as_report_calendar_years(b));
    as_report_kv(
        s, "文件创建时间", "Creation time",
        as_report_lbl2(
            b, as_report_printf(b, "%s（固定值：取自通知日期，相同输入得到相同文件）", created),
            as_report_printf(b,
                             "%s (fixed, from the notification date, so the "
                             "same inputs give the same file)",
                             created)));
}

static void about_definitions(as_report_sheet *s)
{
    as_report_book *b = s->b;
    const as_ruleset *r = b->ev->rules;
    s->row++;
    as_report_kv(s, "达标", "met",
                 as_report_lbl2(b, "数值满足目标。", "the value meets the target"));
    as_report_kv(s, "未达标", "missed",
                 as_report_lbl2(b, "数值未满足目标。", "the value does not meet the target"));
    as_report_kv(s, "无数据", "no data",
                 as_report_lbl2(b, "缺少所需的数据或目标；除规则另有规定外计为未达标。",
                                "a required input or target is absent; counts as missed unless "
                                "the rules say otherwise"));
    as_report_kv(s, "豁免", "exempt",
                 as_report_lbl2(b, "规则豁免该省份；计为达标。",
                                "the rules exempt the province; counts as met"));
    as_report_kv(
        s, "余量", "margin",
        as_report_lbl2(b,
                       "正值表示在达标一侧：≥、> 为数值减目标，≤、< 为目标减数值，= 为"
                       "负的差的绝对值；用判定时比较的数计算（修约值比较法为修约后的数）。",
                       "positive means on the met side: value - target for >= and >, "
                       "target - value for <= and <, -|value - target| for =; computed "
                       "from the numbers the verdict compared (rounded ones for the "
                       "rounded-value comparison)"));
    if (b->opts->uncertainty) {
        as_report_kv(s, "达标概率", "P(met)",
                     as_report_lbl2(b, "蒙特卡罗抽样中，按规则的修约与比较方法判定为达标的比例。",
                                    "the share of Monte Carlo draws in which the check is met "
                                    "under the rules' rounding and comparison"));
        as_report_kv(s, "临界", "borderline",
                     as_report_lbl2(b,
                                    "数值的95%区间（2.5%至97.5%分位数）跨过目标：按同样的方法，"
                                    "区间一端达标、另一端不达标。",
                                    "the 95% interval of the value (2.5th to 97.5th percentile) "
                                    "straddles the target: by the same method one end is met, "
                                    "the other not"));
    }
    for (size_t g = 0; g < r->ngrades; g++) {
        const as_grade_def *gd = &r->grades[g];
        const char *rect =
            gd->rectification_days > 0
                ? as_report_printf(b, "; %s %d",
                                   as_report_lbl(b, "整改报告工作日", "working days to report"),
                                   gd->rectification_days)
                : "";
        as_report_kv(s, gd->name_zh, gd->name_en,
                     as_report_printf(b, "%s: %s%s", gd->id, as_expr_text(gd->when.expr), rect));
    }
}

static void about_sheet(as_report_book *b)
{
    as_report_sheet s;
    as_report_sheet_begin(&s, b, "说明 About",
                          as_report_lbl(b, "本工作簿的来源与定义",
                                        "Where this workbook comes from, and what it means"),
                          NULL, 0);
    while (as_report_sheet_next(&s)) {
        about_sources(&s);
        about_definitions(&s);
    }
}

/* --- files --------------------------------------------------------------- */

/* malloc'd printf; NULL when out of memory */
static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* name_en with each run of characters other than [A-Za-z0-9._] as one '-'. */
static char *file_slug(const char *name)
{
    size_t n = strlen(name);
    char *s = malloc(n + 2), *o = s;
    if (!s)
        return NULL;
    for (const char *p = name; *p; p++) {
        char c = *p;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_';
        if (keep)
            *o++ = c;
        else if (o > s && o[-1] != '-')
            *o++ = '-';
    }
    while (o > s && o[-1] == '-')
        o--;
    if (o == s)
        *o++ = 'x';
    *o = '\0';
    return s;
}

typedef struct {
    const as_evaluation *ev;
    const as_report_opts *o;
    as_diags *d;
    as_report_run run;
    as_report_frame frame;
} writer;

/* Lay out the workbook at file: a province's, or the national one (pr NULL).
 * On failure the reason is added to d at path. */
static int build(writer *w, const char *file, const char *path, const as_province_result *pr)
{
    as_report_book b;
    if (as_report_book_open(&b, file, w->ev, &w->frame, w->o, &w->run, pr == NULL) != 0) {
        as_diags_add(w->d, as_loc_make(path, 0, 0), "cannot write workbook: out of memory");
        return -1;
    }
    const char *title =
        pr ? as_report_printf(
                 &b, "%s — %s",
                 as_report_lbl(&b,
                               as_report_printf(&b, "%d年度碳达峰碳中和综合评价考核", w->ev->year),
                               as_report_printf(&b, "Dual-carbon assessment %d", w->ev->year)),
                 as_report_province_label(&b, pr->province))
           : as_report_lbl(&b,
                           as_report_printf(&b, "%d年度碳达峰碳中和综合评价考核结果", w->ev->year),
                           as_report_printf(&b, "Dual-carbon assessment %d: results", w->ev->year));
    set_properties(&b, title);
    if (pr)
        as_report_province(&b, pr);
    else
        as_report_national(&b);
    about_sheet(&b);
    return as_report_book_finish(&b, path, w->d);
}

/* One workbook for as_output_build: a province's, or the national one. */
typedef struct {
    writer *w;
    const as_province_result *pr; /* NULL: the national workbook */
} one_book;

static int build_file(void *ctx, const char *file, const char *path, as_diags *d)
{
    one_book *o = ctx;
    (void)d; /* o->w->d, the same list */
    return build(o->w, file, path, o->pr);
}

static int write_file(writer *w, const char *name, const as_province_result *pr)
{
    char *path = xprintf("%s/%s", w->o->out_dir, name);
    if (!path) {
        as_diags_add(w->d, as_loc_make(w->o->out_dir, 0, 0), "out of memory writing '%s'", name);
        return -1;
    }
    one_book ob = {w, pr};
    int rc = as_output_build(w->o->output, path, build_file, &ob, w->d);
    if (w->o->written)
        w->o->written(w->o->written_ctx, path, pr != NULL, rc == 0);
    free(path);
    return rc;
}

/* Province result i's workbook, with its calculation trail (evaluated again
 * for the trail when the evaluation kept none, and dropped after). */
static int write_province(writer *w, size_t i)
{
    const as_province_result *src = &w->ev->provinces[i];
    char *slug = file_slug(src->province->name_en ? src->province->name_en : "");
    char *name = slug ? xprintf("%d-%s-%s.xlsx", w->ev->year, src->province->code, slug) : NULL;
    as_arena *scratch = as_arena_new(0);
    as_province_result pr;
    int rc = -1;
    if (name && scratch && as_evaluation_trail(w->ev, i, scratch, &pr) == 0)
        rc = write_file(w, name, &pr);
    else
        as_diags_add(w->d, as_loc_make(w->o->out_dir, 0, 0), "out of memory writing '%s'",
                     name ? name : src->province->code);
    as_arena_free(scratch);
    free(slug);
    free(name);
    return rc;
}

int as_report_national_name(int year, char *buf, size_t n)
{
    int w = snprintf(buf, n, "assessment-%d.xlsx", year);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int as_report_write(const as_evaluation *ev, const as_report_opts *o, as_diags *d)
{
    writer w = {.ev = ev, .o = o, .d = d};
    char name[64];
    int rc = 0;
    if (!o->out_dir || !*o->out_dir) {
        as_diags_add(d, as_loc_make("", 0, 0), "no output folder given");
        return -1;
    }
    if (as_output_mkdirs(o->out_dir) != 0) {
        as_diags_add(d, as_loc_make(o->out_dir, 0, 0), "cannot create folder: %s", strerror(errno));
        return -1;
    }
    as_report_names *names = as_report_names_new(ev->rules, o->lang);
    if (!names) {
        as_diags_add(d, as_loc_make(o->out_dir, 0, 0), "cannot write workbooks: out of memory");
        return -1;
    }
    w.run.names = names;
    as_report_frame_of(&w.frame, ev);
    as_report_national_name(ev->year, name, sizeof name);
    rc |= write_file(&w, name, NULL);
    for (size_t i = 0; i < ev->nprovinces; i++)
        rc |= write_province(&w, i);
    free(w.run.calendar_years);
    as_report_names_free(names);
    return rc ? -1 : 0;
}

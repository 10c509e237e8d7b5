/* labels: the texts several sheets share — statuses, kinds, grades,
 * province and indicator names in the book's language, margins, deadline
 * rules and calendar years — and the indicator rows that the national Values
 * sheet and a province's Indicators sheet both show.  No sheet layout. */
#include "report/labels.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- names of a run ------------------------------------------------------ */

static const char *const status_zh[] = {"达标", "未达标", "无数据", "豁免", "无效"};
static const char *const status_en[] = {"met", "missed", "no data", "exempt", "invalid"};
static const char *const from_zh[] = {"自报", "核验", "计算", "参数", "目标", "内置"};
static const char *const from_en[] = {"reported",  "verified", "computed",
                                      "parameter", "target",   "built-in"};

/* n labels, the halves of label i at zh + i * stride and en + i * stride
 * (byte offsets into an array of structs); NULL when out of memory. */
static const char **labels_of(as_arena *a, as_report_lang lang, size_t n, const void *base,
                              size_t stride, size_t zh_off, size_t en_off)
{
    const char **out = as_arena_alloc(a, (n ? n : 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++) {
        const char *item = (const char *)base + i * stride;
        out[i] = as_report_join(a, lang, *(const char *const *)(const void *)(item + zh_off),
                                *(const char *const *)(const void *)(item + en_off), ' ');
        if (!out[i])
            return NULL;
    }
    return out;
}

#define LABELS(a, lang, type, arr, n)                                                              \
    labels_of(a, lang, n, arr, sizeof(type), offsetof(type, name_zh), offsetof(type, name_en))

static const char *departments_of(as_arena *a, const as_indicator *ind)
{
    size_t len = 1;
    for (size_t i = 0; i < ind->ndepartments; i++)
        len += strlen(ind->departments[i]) + 2;
    char *s = as_arena_alloc(a, len), *o = s;
    for (size_t i = 0; s && i < ind->ndepartments; i++) {
        size_t n = strlen(ind->departments[i]);
        if (i) {
            memcpy(o, ", ", 2);
            o += 2;
        }
        memcpy(o, ind->departments[i], n);
        o += n;
    }
    if (s)
        *o = '\0';
    return s;
}

as_report_names *as_report_names_new(const as_ruleset *r, as_report_lang lang)
{
    as_report_names *n = calloc(1, sizeof *n);
    if (!n || !(n->arena = as_arena_new(0))) {
        free(n);
        return NULL;
    }
    as_arena *a = n->arena;
    n->rules = r;
    n->province = LABELS(a, lang, as_province, r->provinces, r->nprovinces);
    n->indicator = LABELS(a, lang, as_indicator, r->indicators, r->nindicators);
    n->grade = LABELS(a, lang, as_grade_def, r->grades, r->ngrades);
    n->input = LABELS(a, lang, as_input, r->inputs, r->ninputs);
    n->quantity = LABELS(a, lang, as_quantity, r->quantities, r->nquantities);
    n->param = LABELS(a, lang, as_param, r->params, r->nparams);
    n->target = LABELS(a, lang, as_target_def, r->targets, r->ntargets);
    n->departments = as_arena_alloc(a, (r->nindicators ? r->nindicators : 1) * sizeof(char *));
    bool ok = n->province && n->indicator && n->grade && n->input && n->quantity && n->param &&
              n->target && n->departments;
    for (size_t i = 0; ok && i < r->nindicators; i++)
        ok = (n->departments[i] = departments_of(a, &r->indicators[i])) != NULL;
    for (int st = 0; ok && st < AS_REPORT_NSTATUS; st++)
        ok = (n->status[st] = as_report_join(a, lang, status_zh[st], status_en[st], ' ')) != NULL;
    for (int f = 0; ok && f <= AS_FROM_BUILTIN; f++)
        ok = (n->from[f] = as_report_join(a, lang, from_zh[f], from_en[f], ' ')) != NULL;
    ok = ok && (n->kind[AS_KIND_CONTROL] = as_report_join(a, lang, "控制", "control", ' ')) &&
         (n->kind[AS_KIND_SUPPORT] = as_report_join(a, lang, "支撑", "support", ' '));
    if (!ok) {
        as_report_names_free(n);
        return NULL;
    }
    return n;
}

void as_report_names_free(as_report_names *n)
{
    if (!n)
        return;
    as_arena_free(n->arena);
    free(n);
}

/* --- shared texts -------------------------------------------------------- */

as_report_status as_report_status_of(as_status st)
{
    return (as_report_status)st;
}

const char *as_report_status_label(as_report_book *b, as_report_status st)
{
    if ((int)st < 0 || st >= AS_REPORT_NSTATUS)
        st = AS_REPORT_INVALID;
    return b->run->names->status[st];
}

const char *as_report_kind_label(as_report_book *b, as_kind k)
{
    return b->run->names->kind[k == AS_KIND_CONTROL ? AS_KIND_CONTROL : AS_KIND_SUPPORT];
}

const char *as_report_province_label(as_report_book *b, const as_province *p)
{
    return b->run->names->province[p - b->frame.rules->provinces];
}

const char *as_report_indicator_label(as_report_book *b, const as_indicator *ind)
{
    return b->run->names->indicator[ind - b->frame.rules->indicators];
}

const char *as_report_check_label(as_report_book *b, const as_check_def *cd)
{
    if (!cd->name_zh && !cd->name_en)
        return cd->name;
    return as_report_lbl(b, cd->name_zh, cd->name_en);
}

const char *as_report_unit_words(as_report_book *b, const as_indicator *ind)
{
    if (ind->display == AS_DISPLAY_PERCENT || !ind->unit)
        return "";
    return as_report_lbl(b, ind->unit_zh, ind->unit);
}

const char *as_report_grade_name(as_report_book *b, const as_grade_def *gd)
{
    return b->run->names->grade[gd - b->frame.rules->grades];
}

const char *as_report_grade_label(as_report_book *b, const as_province_result *pr)
{
    if (pr->invalid || !pr->grade)
        return as_report_status_label(b, AS_REPORT_INVALID);
    return as_report_grade_name(b, pr->grade);
}

const char *as_report_from_label(as_report_book *b, as_from f)
{
    return b->run->names->from[f >= AS_FROM_REPORTED && f <= AS_FROM_BUILTIN ? f : AS_FROM_BUILTIN];
}

const char *as_report_ref_label(as_report_book *b, int kind, size_t index)
{
    const as_report_names *n = b->run->names;
    switch (kind) {
    case AS_REF_INPUT:
        return n->input[index];
    case AS_REF_QUANTITY:
        return n->quantity[index];
    case AS_REF_PARAM:
        return n->param[index];
    case AS_REF_TARGET:
        return n->target[index];
    default:
        return "";
    }
}

const char *as_report_grade_id(const as_province_result *pr)
{
    return pr->invalid || !pr->grade ? "invalid" : pr->grade->id;
}

size_t as_report_result_index(const as_report_book *b, const as_province_result *pr)
{
    const as_evaluation *ev = b->ev;
    if (pr >= ev->provinces && pr < ev->provinces + ev->nprovinces)
        return (size_t)(pr - ev->provinces);
    size_t lo = 0, hi = ev->nprovinces; /* a copy (with its trail): results are in index order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ev->provinces[mid].index < pr->index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const char *as_report_departments(as_report_book *b, const as_indicator *ind)
{
    return b->run->names->departments[ind - b->frame.rules->indicators];
}

const char *as_report_loc(as_report_book *b, as_loc loc)
{
    if (!loc.file)
        return "";
    int n = as_loc_print(NULL, 0, loc);
    char *s = n < 0 ? NULL : as_arena_alloc(b->w.arena, (size_t)n + 1);
    if (!s) {
        b->w.oom = true;
        return "";
    }
    as_loc_print(s, (size_t)n + 1, loc);
    return s;
}

const char *as_report_unit(as_report_book *b, const as_indicator *ind)
{
    (void)b;
    if (ind->display == AS_DISPLAY_PERCENT)
        return "%";
    return ind->unit ? ind->unit : "";
}

const char *as_report_missed_list(as_report_book *b, const as_province_result *pr, as_kind k)
{
    const char *s = "";
    for (size_t i = 0; !pr->nerrors && i < pr->nindicators; i++) {
        const as_indicator_result *ir = &pr->indicators[i];
        if (!ir->counts_missed || ir->def->kind != k)
            continue;
        const char *name = as_report_indicator_label(b, ir->def);
        s = *s ? as_report_printf(b, "%s; %s", s, name) : name;
    }
    return s;
}

bool as_report_needs_rectification(const as_province_result *pr)
{
    return !pr->invalid && pr->grade && pr->grade->rectification_days > 0;
}

void as_report_judged(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const as_check_def *cd,
                      const as_indicator *ind, bool has, double v)
{
    if (cd->judgement == AS_JUDGE_ROUNDED)
        as_report_value(s, r, c, ind, has, v);
    else
        as_report_full_value(s, r, c, ind, has, v);
}

const char *as_report_judged_text(as_report_book *b, const as_check_def *cd,
                                  const as_indicator *ind, double v)
{
    char buf[480];
    int shift = ind->display == AS_DISPLAY_PERCENT ? 2 : 0;
    if (as_eval_compared_text(cd, v, shift, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "%g", shift ? v * 100 : v); /* over 480 digits: not reached */
    return as_report_printf(b, "%s%s", buf, shift ? "%" : "");
}

const char *as_report_method(as_report_book *b, const as_check_def *cd)
{
    const char *at = cd->stated_at.line ? as_report_loc(b, cd->stated_at) : NULL;
    return as_report_lbl2(
        b,
        as_report_printf(b, "%s（%s）", cd->judged.tr,
                         at ? as_report_printf(b, "规定于 %s", at) : "规则文件未规定，按默认"),
        as_report_printf(b, "%s (%s)", cd->judged.en,
                         at ? as_report_printf(b, "stated at %s", at)
                            : "the default: the rule file states none"));
}

const char *as_report_methods(as_report_book *b)
{
    const as_ruleset *r = b->frame.rules;
    const char *s = as_report_lbl2(b, r->judged.tr, r->judged.en);
    for (size_t i = 0; i < r->nindicators; i++)
        for (size_t c = 0; c < r->indicators[i].nchecks; c++) {
            const as_check_def *cd = &r->indicators[i].checks[c];
            if (!as_rules_own_method(r, cd))
                continue;
            s = as_report_printf(b, "%s\n%s / %s: %s", s, r->indicators[i].id, cd->name,
                                 as_report_lbl(b, cd->judged.tr, cd->judged.en));
        }
    return s;
}

/* Both languages of one calendar text, as the book's language asks. */
static const char *calendar_text(as_report_book *b, const as_deadline *dl,
                                 char *(*fn)(const as_calendar *, const as_deadline *,
                                             as_calendar_lang))
{
    char *zh = b->opts->lang == AS_REPORT_LANG_EN ? NULL : fn(b->opts->calendar, dl, AS_CAL_ZH);
    char *en = b->opts->lang == AS_REPORT_LANG_ZH ? NULL : fn(b->opts->calendar, dl, AS_CAL_EN);
    const char *s = as_report_lbl2(b, zh, en);
    if (s == zh || s == en)
        s = as_report_printf(b, "%s", s);
    if ((b->opts->lang != AS_REPORT_LANG_EN && !zh) || (b->opts->lang != AS_REPORT_LANG_ZH && !en))
        b->w.oom = true;
    free(zh);
    free(en);
    return s;
}

const char *as_report_diag_line(as_report_book *b, const as_diag *e, bool translated)
{
    char *line = as_diag_format_in(e, translated);
    const char *kept = as_report_printf(b, "%s", line ? line : "");
    free(line);
    return kept;
}

const char *as_report_first_error(as_report_book *b, const as_province_result *pr)
{
    for (size_t i = 0; i < pr->ndiags; i++)
        if (pr->diags[i].sev == AS_SEV_ERROR)
            return as_report_diag_line(b, &pr->diags[i], false);
    return "";
}

const char *as_report_deadline_rule(as_report_book *b, const as_province_result *pr)
{
    if (!as_report_needs_rectification(pr))
        return "";
    if (!pr->has_deadline) {
        const char *why = pr->deadline_error    ? as_report_diag_line(b, pr->deadline_error, false)
                          : b->ev->has_notified ? "no working-day calendar was given"
                                                : "the data set gives no notification date";
        return as_report_printf(b, "%s: %s",
                                as_report_lbl(b, "无法计算整改期限", "no deadline computed"), why);
    }
    if (!b->opts->calendar) {
        char date[11];
        as_date_format(pr->deadline.notified, date);
        return as_report_lbl2(
            b,
            as_report_printf(b, "通知日期%s后第%d个工作日，通知当日不计入", date,
                             pr->deadline.days),
            as_report_printf(b,
                             "%d working days after notification on %s, the notification day "
                             "not counted",
                             pr->deadline.days, date));
    }
    return calendar_text(b, &pr->deadline, as_calendar_explain);
}

static const char *year_status(as_report_book *b, int year)
{
    as_calendar_source src;
    if (as_calendar_year_source(b->opts->calendar, year, &src) != 0)
        return as_report_printf(b, "%d %s", year, as_report_lbl(b, "无日历", "none"));
    if (src.status == AS_CAL_OFFICIAL) {
        const char *what = src.number ? src.number : src.title ? src.title : "";
        return as_report_printf(b, "%d %s (%s)", year, as_report_lbl(b, "正式", "official"), what);
    }
    return as_report_printf(b, "%d %s", year, as_report_lbl(b, "暂定", "provisional"));
}

static const char *calendar_years(as_report_book *b)
{
    const as_evaluation *ev = b->ev;
    int lo = 0, hi = 0;
    for (size_t i = 0; i < ev->nprovinces; i++) {
        const as_province_result *pr = &ev->provinces[i];
        if (!pr->has_deadline || pr->deadline.first_year == 0)
            continue;
        if (!lo || pr->deadline.first_year < lo)
            lo = pr->deadline.first_year;
        if (pr->deadline.last_year > hi)
            hi = pr->deadline.last_year;
    }
    if (!lo || !b->opts->calendar)
        return as_report_lbl(b, "未使用", "none used");
    const char *s = "";
    for (int y = lo; y <= hi; y++)
        s = *s ? as_report_printf(b, "%s; %s", s, year_status(b, y)) : year_status(b, y);
    return s;
}

const char *as_report_calendar_years(as_report_book *b)
{
    if (!b->ev)
        return as_report_lbl(b, "未使用", "none used");
    if (!b->run->calendar_years) {
        char *s = strdup(calendar_years(b));
        if (!s) {
            b->w.oom = true;
            return "";
        }
        b->run->calendar_years = s;
    }
    return b->run->calendar_years;
}

/* --- indicator rows ------------------------------------------------------ */

static const as_report_col indicator_cols[] = {
    {"指标代码", "Indicator id"},
    {"指标", "Indicator"},
    {"类别", "Kind"},
    {"考核项", "Check"},
    {"数值", "Value"},
    {"比较", "Comparison"},
    {"目标", "Target"},
    {"余量", "Margin"},
    {"单位", "Unit"},
    {"考核项状态", "Check status"},
    {"指标状态", "Indicator status"},
    {"责任部门", "Departments"},
    {"说明", "Note"},
};

/* The Monte Carlo columns, after the check status. */
static const as_report_col uncertainty_cols[] = {
    {"达标概率", "P(met)"},
    {"2.5%分位数", "2.5th percentile"},
    {"97.5%分位数", "97.5th percentile"},
    {"方法1（误差传递）±", "Approach 1 ±"},
    {"临界", "Borderline"},
};

enum { C_CHECK_STATUS = 9, N_UNCERTAINTY = 5 };

size_t as_report_indicator_columns(as_report_book *b, as_report_col *cols)
{
    size_t n = 0, first = sizeof indicator_cols / sizeof indicator_cols[0];
    for (size_t i = 0; i < first; i++) {
        cols[n++] = indicator_cols[i];
        if (i == C_CHECK_STATUS && b->opts->uncertainty)
            for (size_t u = 0; u < N_UNCERTAINTY; u++)
                cols[n++] = uncertainty_cols[u];
    }
    return n;
}

lxw_col_t as_report_indicator_status_col(as_report_book *b)
{
    return (lxw_col_t)(C_CHECK_STATUS + 1 + (b->opts->uncertainty ? N_UNCERTAINTY : 0));
}

const as_uncertainty_check *as_report_check_uncertainty(as_report_book *b,
                                                        const as_province_result *pr,
                                                        const as_indicator_result *ir,
                                                        const as_check_result *cr)
{
    if (!b->opts->uncertainty || !cr)
        return NULL;
    return as_uncertainty_check_of(b->opts->uncertainty, as_report_result_index(b, pr),
                                   (size_t)(ir - pr->indicators), (size_t)(cr - ir->checks));
}

const char *as_report_borderline_note(as_report_book *b, const as_check_result *cr,
                                      const as_indicator *ind, const as_uncertainty_check *uc)
{
    const as_check_def *cd = cr->def;
    const char *lo = as_report_judged_text(b, cd, ind, uc->lower);
    const char *hi = as_report_judged_text(b, cd, ind, uc->upper);
    const char *t = as_report_judged_text(b, cd, ind, cr->target);
    double p = 100 * uc->p_met;
    return as_report_lbl2(
        b,
        as_report_printf(b, "临界：%s 达标概率 %.1f%%，95%%区间 %s 至 %s，跨过目标 %s", cd->name, p,
                         lo, hi, t),
        as_report_printf(b,
                         "borderline: %s met in %.1f%% of draws; its 95%% interval %s to %s "
                         "straddles the target %s",
                         cd->name, p, lo, hi, t));
}

const as_indicator_result *as_report_find_indicator(const as_province_result *pr,
                                                    const as_indicator *def)
{
    for (size_t i = 0; i < pr->nindicators; i++)
        if (pr->indicators[i].def == def)
            return &pr->indicators[i];
    return NULL;
}

/* Why a check (or an indicator without checks) shows what it shows. */
static const char *row_note(as_report_book *b, const as_indicator_result *ir,
                            const as_check_result *cr)
{
    const char *error =
        cr && cr->error
            ? as_report_printf(b, "%s: %s", as_report_lbl(b, "无法计算", "cannot be computed"),
                               as_report_diag_line(b, cr->error, false))
            : NULL;
    if (ir->status == AS_STATUS_EXEMPT)
        return as_report_printf(b, "%s: %s%s%s", as_report_status_label(b, AS_REPORT_EXEMPT),
                                ir->exempt_reason ? ir->exempt_reason : "", error ? "; " : "",
                                error ? error : "");
    if (error)
        return error;
    if (cr && cr->status == AS_STATUS_NO_DATA) {
        const char *why = cr->no_data.en ? cr->no_data.en : "";
        const char *counts = ir->def->no_data_counts_met
                                 ? as_report_lbl(b, "按规则计为达标", "counts as met by rule")
                                 : as_report_lbl(b, "计为未达标", "counts as missed");
        return as_report_printf(b, "%s (%s)", why, counts);
    }
    return "";
}

/* The Monte Carlo cells of a check from column c on. */
static void uncertainty_cells(as_report_sheet *s, lxw_row_t r, lxw_col_t c, const as_indicator *ind,
                              const as_uncertainty_check *uc)
{
    as_report_probability(s, r, c, uc->p_met);
    as_report_value(s, r, c + 1, ind, true, uc->lower);
    as_report_value(s, r, c + 2, ind, true, uc->upper);
    as_report_value(s, r, c + 3, ind, true, uc->a1_half);
    as_report_text(s, r, c + 4, uc->borderline ? as_report_lbl(s->b, "临界", "borderline") : "",
                   NULL);
}

static void check_row(as_report_sheet *s, lxw_col_t c, const as_province_result *pr,
                      const as_indicator_result *ir, const as_check_result *cr)
{
    as_report_book *b = s->b;
    const as_indicator *ind = ir->def;
    lxw_row_t r = s->row;
    lxw_col_t is = c + as_report_indicator_status_col(b);
    as_report_text(s, r, c, ind->id, NULL);
    as_report_text(s, r, c + 1, as_report_indicator_label(b, ind), NULL);
    as_report_text(s, r, c + 2, as_report_kind_label(b, ind->kind), NULL);
    if (cr) {
        as_report_text(s, r, c + 3, cr->def->name, NULL);
        const as_check_def *cd = cr->def;
        bool compared = cr->verdict.compared; /* else nothing was compared: empty cells */
        as_report_judged(s, r, c + 4, cd, ind, compared, cr->verdict.value);
        as_report_text(s, r, c + 5, as_cmp_text(cd->cmp), NULL);
        as_report_judged(s, r, c + 6, cd, ind, compared, cr->verdict.target);
        as_report_judged(s, r, c + 7, cd, ind, compared, cr->verdict.margin);
        as_report_status_cell(s, r, c + C_CHECK_STATUS, as_report_status_of(cr->status));
        const as_uncertainty_check *uc = as_report_check_uncertainty(b, pr, ir, cr);
        if (uc)
            uncertainty_cells(s, r, c + C_CHECK_STATUS + 1, ind, uc);
    }
    as_report_text(s, r, c + 8, as_report_unit(b, ind), NULL);
    as_report_status_cell(s, r, is, as_report_status_of(ir->status));
    as_report_text(s, r, is + 1, as_report_departments(b, ind), NULL);
    as_report_text(s, r, is + 2, row_note(b, ir, cr), NULL);
}

size_t as_report_indicator_nrows(const as_indicator_result *ir)
{
    return ir->nchecks ? ir->nchecks : 1;
}

void as_report_indicator_row(as_report_sheet *s, const as_province_result *pr,
                             const as_indicator_result *ir, size_t k, lxw_col_t c0)
{
    check_row(s, c0, pr, ir, ir->nchecks ? &ir->checks[k] : NULL);
}

size_t as_report_indicator_rows(as_report_sheet *s, const as_province_result *pr,
                                const as_indicator_result *ir, lxw_col_t c0)
{
    size_t n = as_report_indicator_nrows(ir);
    for (size_t k = 0; k < n; k++) {
        as_report_indicator_row(s, pr, ir, k, c0);
        s->row++;
    }
    return n;
}

/* ------------------------------------------------------------ status cells and colours */

void as_report_status_cell(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_report_status st)
{
    as_report_text(s, r, c, as_report_status_label(s->b, st), s->b->f.text);
}

void as_report_borderline_cell(as_report_sheet *s, lxw_row_t r, lxw_col_t c, as_report_status st,
                               const char *note)
{
    as_report_text(s, r, c, as_report_status_label(s->b, st), s->b->f.borderline);
    as_report_comment(s, r, c, note);
}

void as_report_status_colours(as_report_sheet *s, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                              lxw_col_t c1)
{
    if (s->measure || r1 < r0 || c1 < c0)
        return;
    for (int st = 0; st < AS_REPORT_NSTATUS; st++)
        as_report_colour_equal(s, r0, c0, r1, c1,
                               as_report_status_label(s->b, (as_report_status)st),
                               s->b->f.status_dxf[st]);
}

void as_report_grade_colours(as_report_sheet *s, lxw_row_t r0, lxw_col_t c0, lxw_row_t r1,
                             lxw_col_t c1)
{
    const as_ruleset *r = s->b->frame.rules;
    if (s->measure || r1 < r0 || c1 < c0)
        return;
    for (size_t g = 0; g < r->ngrades; g++) {
        const as_grade_def *gd = &r->grades[g];
        as_report_status st = gd->rectification_days > 0 ? AS_REPORT_MISSED
                              : g == 0                   ? AS_REPORT_MET
                                                         : AS_REPORT_NO_DATA;
        as_report_colour_equal(s, r0, c0, r1, c1, as_report_grade_name(s->b, gd),
                               s->b->f.status_dxf[st]);
    }
    as_report_colour_equal(s, r0, c0, r1, c1, as_report_status_label(s->b, AS_REPORT_INVALID),
                           s->b->f.status_dxf[AS_REPORT_INVALID]);
}

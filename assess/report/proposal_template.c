/* proposal_template: lays out the fillable proposal workbook with the shared
 * sheet helpers (book.h): the header fields and one group of rows per plan
 * item on the proposal sheet, with validation, locked cells and protection,
 * then the instructions.  It computes nothing and reads no file itself. */
#include "report/proposal_template.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/proposal.h"
#include "report/book.h"
#include "report/labels.h"
#include "report/output.h"

/* Columns of the proposal sheet (0-based). */
enum { COL_KEY, COL_ZH, COL_EN, COL_VALUE, COL_UNIT, COL_NOTE, NCOLS };
_Static_assert(COL_KEY + 1 == AS_PROPOSAL_KEY_COL, "the key column the reader reads");
_Static_assert(COL_VALUE + 1 == AS_PROPOSAL_VALUE_COL, "the value column the reader reads");

#define MAX_PROMPT_CHARS 255 /* Excel's limit for validation messages */

typedef struct {
    const as_plan *p;
    size_t province;
    bool illustrative;
    as_report_book *b;
    lxw_format *input, *input_text, *fixed, *key; /* the form's own formats */
} form;

/* ------------------------------------------------------------ cells */

static void make_formats(form *f)
{
    lxw_workbook *wb = f->b->w.wb;
    f->input = workbook_add_format(wb);
    format_set_bg_color(f->input, 0xFFFF99);
    format_set_border(f->input, LXW_BORDER_THIN);
    format_set_unlocked(f->input);
    f->input_text = workbook_add_format(wb);
    format_set_bg_color(f->input_text, 0xFFFF99);
    format_set_border(f->input_text, LXW_BORDER_THIN);
    format_set_text_wrap(f->input_text);
    format_set_align(f->input_text, LXW_ALIGN_VERTICAL_TOP);
    format_set_unlocked(f->input_text);
    f->fixed = workbook_add_format(wb);
    format_set_bold(f->fixed);
    format_set_bg_color(f->fixed, 0xEDEDED);
    format_set_align(f->fixed, LXW_ALIGN_LEFT);
    format_set_align(f->fixed, LXW_ALIGN_VERTICAL_TOP);
    f->key = workbook_add_format(wb);
    format_set_font_color(f->key, 0x808080);
    format_set_align(f->key, LXW_ALIGN_VERTICAL_TOP);
}

/* One row: key, names, note; the value cell is the caller's. */
static lxw_row_t field_row(as_report_sheet *s, const form *f, const char *section,
                           const char *field, const char *zh, const char *en, const char *note)
{
    lxw_row_t r = s->row++;
    as_report_text(s, r, COL_KEY, as_report_printf(s->b, "%s.%s", section, field), f->key);
    as_report_text(s, r, COL_ZH, zh, s->b->f.wrap);
    as_report_text(s, r, COL_EN, en, s->b->f.wrap);
    as_report_text(s, r, COL_NOTE, note, s->b->f.wrap);
    return r;
}

static void list_cell(as_report_sheet *s, const form *f, lxw_row_t r, const char *value,
                      char **items)
{
    as_report_text(s, r, COL_VALUE, value, f->input);
    if (s->measure)
        return;
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = items};
    as_report_check(s->b, worksheet_data_validation_cell(s->ws, r, COL_VALUE, &v));
}

static void text_cell(as_report_sheet *s, const form *f, lxw_row_t r)
{
    if (!s->measure)
        as_report_check(s->b, worksheet_write_blank(s->ws, r, COL_VALUE, f->input_text));
    as_report_row_min(s, r, 48);
}

/* A number cell validated within the item's range, its message naming the unit. */
static void number_cell(as_report_sheet *s, const form *f, lxw_row_t r, const as_plan_item *it)
{
    as_report_book *b = s->b;
    if (s->measure)
        return;
    as_report_check(b, worksheet_write_blank(s->ws, r, COL_VALUE, f->input));
    char cell[16];
    lxw_rowcol_to_cell(cell, r, COL_VALUE);
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_DECIMAL,
                             .criteria =
                                 it->has_min && it->has_max ? LXW_VALIDATION_CRITERIA_BETWEEN
                                 : it->has_min ? LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO
                                               : LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO,
                             .minimum_number = it->min,
                             .maximum_number = it->max,
                             .value_number = it->has_min ? it->min : it->max};
    if (!it->has_min && !it->has_max) {
        v.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
        v.criteria = LXW_VALIDATION_CRITERIA_NONE;
        v.value_formula = (char *)(uintptr_t)as_report_printf(b, "=ISNUMBER(%s)", cell);
    }
    const char *msg = as_report_printf(
        b, "单位 Unit: %s%s", it->unit_zh ? it->unit_zh : it->unit,
        it->display == AS_DISPLAY_PERCENT ? "\n填小数：17% 填 0.17\nA fraction: 17 % is 0.17" : "");
    if (strlen(msg) <= MAX_PROMPT_CHARS)
        v.input_message = (char *)(uintptr_t)msg;
    v.error_title = "数值无效 Invalid number";
    v.error_message = "请按单位填写允许范围内的数值。Enter a number within the range, in the unit.";
    as_report_check(b, worksheet_data_validation_cell(s->ws, r, COL_VALUE, &v));
}

/* ------------------------------------------------------------ rows */

static void header_fields(as_report_sheet *s, const form *f)
{
    static char *bools[] = {"false", "true", NULL};
    as_report_book *b = s->b;
    const as_plan *p = f->p;
    const as_province *pv = &p->rules->provinces[f->province];
    as_report_merged(s, s->row++, 0, NCOLS - 1, as_report_lbl(b, "基本信息", "Proposal"),
                     b->f.section);
    lxw_row_t r =
        field_row(s, f, "proposal", "province", "省份代码", "province code (GB/T 2260)",
                  as_report_printf(b, "%s %s（已锁定 locked）", pv->name_zh, pv->name_en));
    as_report_text(s, r, COL_VALUE, pv->code, f->fixed);
    r = field_row(s, f, "proposal", "plan", "规划", "plan",
                  as_report_printf(b, "%s（已锁定 locked）", p->title_zh));
    as_report_text(s, r, COL_VALUE, p->id, f->fixed);
    r = field_row(s, f, "proposal", "illustrative", "示例数据", "illustrative (figures not real)",
                  "true：示例数据 / true: figures are not real");
    list_cell(s, f, r, f->illustrative ? "true" : "false", bools);
    text_cell(s, f,
              field_row(s, f, "proposal", "source", "依据", "where the proposal comes from",
                        "必填 required"));
    text_cell(
        s, f,
        field_row(s, f, "proposal", "submitted_by", "报送单位", "submitted by", "选填 optional"));
}

/* What an item's `value` means, in both languages. */
static void value_meaning(as_report_book *b, const as_plan *p, const as_plan_item *it,
                          const char **zh, const char **en)
{
    if (it->measure == AS_MEASURE_REDUCTION) {
        *zh = as_report_printf(b, "五年降低（%d年比%d年）", p->final_year, p->base_year);
        *en = as_report_printf(b, "reduction over the plan (%d against %d)", p->final_year,
                               p->base_year);
    } else if (it->measure == AS_MEASURE_LEVEL) {
        *zh = as_report_printf(b, "%d年水平", p->final_year);
        *en = as_report_printf(b, "level in %d", p->final_year);
    } else {
        *zh = "规划期累计增长（或填写各年）";
        *en = "growth over the plan (or give each year)";
    }
}

static const char *range_note(as_report_book *b, const as_plan_item *it)
{
    if (it->has_min && it->has_max)
        return as_report_printf(b, "%g – %g", it->min, it->max);
    if (it->has_min)
        return as_report_printf(b, "≥ %g", it->min);
    if (it->has_max)
        return as_report_printf(b, "≤ %g", it->max);
    return "任意数值 any number";
}

static void item_rows(as_report_sheet *s, const form *f, const as_plan_item *it)
{
    as_report_book *b = s->b;
    const as_plan *p = f->p;
    const char *unit = as_report_lbl(b, it->unit_zh ? it->unit_zh : it->unit, it->unit);
    as_report_merged(
        s, s->row++, 0, NCOLS - 1,
        as_report_printf(b, "%s (%s)", as_report_lbl(b, it->name_zh, it->name_en), it->id),
        b->f.section);
    if (it->measure != AS_MEASURE_GROWTH || it->path != AS_PATH_REQUIRED) {
        const char *zh, *en;
        value_meaning(b, p, it, &zh, &en);
        lxw_row_t r = field_row(s, f, it->id, "value", zh, en, range_note(b, it));
        as_report_text(s, r, COL_UNIT, unit, NULL);
        number_cell(s, f, r, it);
    }
    for (int y = p->base_year + 1; it->path != AS_PATH_NONE && y <= p->final_year; y++) {
        lxw_row_t r = field_row(
            s, f, it->id, as_report_printf(b, "y%d", y),
            as_report_printf(b, "%d年%s", y,
                             it->measure == AS_MEASURE_REDUCTION ? "降低率" : "增速"),
            as_report_printf(b, "%s in %d",
                             it->measure == AS_MEASURE_REDUCTION ? "reduction" : "growth", y),
            it->path == AS_PATH_REQUIRED ? "必填 required"
                                         : "选填：全部填写或全部留空 optional: all or none");
        as_report_text(s, r, COL_UNIT, unit, NULL);
        number_cell(s, f, r, it);
    }
    text_cell(s, f, field_row(s, f, it->id, "source", "数据来源", "source", "必填 required"));
}

static void proposal_sheet(const form *f)
{
    static const double widths[NCOLS] = {26, 30, 40, 16, 16, 40};
    static const as_report_col cols[NCOLS] = {{"字段", "Field"}, {"名称", ""},
                                              {"", "Name"},      {"填报值", "Value"},
                                              {"单位", "Unit"},  {"说明", "Notes"}};
    as_report_book *b = f->b;
    const as_plan *p = f->p;
    const as_province *pv = &p->rules->provinces[f->province];
    as_report_sheet s;
    as_report_sheet_begin(&s, b, AS_PROPOSAL_SHEET,
                          as_report_printf(b, "%s %s (%s) — %s", pv->name_zh, pv->name_en, pv->code,
                                           as_report_lbl(b, p->title_zh, p->title_en)),
                          widths, NCOLS);
    while (as_report_sheet_next(&s)) {
        as_report_header(&s, cols, NCOLS, 0, false);
        header_fields(&s, f);
        for (size_t i = 0; i < p->nitems; i++)
            item_rows(&s, f, &p->items[i]);
    }
    lxw_protection pr = {.format_columns = 1, .format_rows = 1};
    worksheet_protect(s.ws, NULL, &pr);
}

/* ------------------------------------------------------------ instructions */

static void instructions_sheet(const form *f)
{
    static const double widths[] = {100};
    as_report_book *b = f->b;
    const as_plan *p = f->p;
    const as_province *pv = &p->rules->provinces[f->province];
    as_report_sheet s;
    as_report_sheet_begin(&s, b, "说明 Instructions", as_report_lbl(b, "填报说明", "Instructions"),
                          widths, 1);
    while (as_report_sheet_next(&s)) {
        const char *lines[] = {
            as_report_printf(b,
                             "本工作簿是%s（%s）对“%s”的目标建议表，由 assess template --proposal "
                             "按计划文件 %s 生成。",
                             pv->name_zh, pv->code, p->title_zh, p->path),
            "只在“" AS_PROPOSAL_SHEET "”工作表D列的黄色单元格中填写，按E列的单位填写；比例填小数"
            "（17%填0.17）。各年降低率按复合计算应与五年目标一致。每一项都要填写数据来源。",
            as_report_printf(b,
                             "填好后保存为 %s.xlsx，放入数据集的 targets/proposals/%s/ "
                             "文件夹；中央用 assess targets review --plan %s 审核。",
                             pv->code, p->id, p->id),
            as_report_printf(b,
                             "This workbook is the proposal of %s (%s) for '%s', made by 'assess "
                             "template --proposal' from the plan file %s.",
                             pv->name_en, pv->code, p->title_en, p->path),
            "Fill in only the yellow cells of column D of sheet '" AS_PROPOSAL_SHEET
            "', in the unit of column E; a share or a rate as a fraction (17 % is 0.17).  The "
            "yearly reductions must compound to the five-year value.  Give the source of every "
            "item.",
            as_report_printf(b,
                             "Save it as %s.xlsx in the data set's targets/proposals/%s/ folder; "
                             "the centre reviews it with 'assess targets review --plan %s'.  "
                             "The format is described in docs/targets.md.",
                             pv->code, p->id, p->id)};
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
            as_report_merged(&s, s.row++, 0, 0, lines[i], b->f.wrap);
            s.row += i == 2;
        }
    }
}

/* ------------------------------------------------------------ the workbook */

static void properties(const form *f)
{
    as_report_book *b = f->b;
    const as_plan *p = f->p;
    lxw_doc_properties pr = {0};
    pr.title = as_report_keep(b, as_report_printf(b, "%s %s 目标建议 Proposal",
                                                  p->rules->provinces[f->province].code, p->id));
    pr.subject = as_report_keep(b, as_report_lbl(b, p->title_zh, p->title_en));
    pr.author = as_report_keep(b, "assess");
    pr.company = as_report_keep(b, as_report_printf(b, "assess %s", ASSESS_VERSION));
    pr.keywords = as_report_keep(
        b, as_report_printf(b, "%s; %s", p->id, p->rules->provinces[f->province].code));
    pr.created = (time_t)as_date_from_ymd(p->base_year, 12, 31) * 86400;
    as_report_check(b, workbook_set_properties(b->w.wb, &pr));
}

typedef struct {
    form *f;
    as_report_names *names;
} build_ctx;

static int build(void *ctx, const char *file, const char *path, as_diags *d)
{
    build_ctx *c = ctx;
    form *f = c->f;
    const as_plan *p = f->p;
    as_report_run run = {.names = c->names};
    as_report_opts o = {.lang = AS_REPORT_LANG_BOTH};
    as_report_frame frame = {.rules = p->rules,
                             .data_zh = "目标建议（待填写）",
                             .data_en = "proposal (to fill in)",
                             .illustrative = f->illustrative,
                             .several = true};
    snprintf(frame.years, sizeof frame.years, "%d-%d", p->base_year + 1, p->final_year);
    as_report_book b;
    if (as_report_book_open(&b, file, NULL, &frame, &o, &run, false) != 0) {
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write workbook: out of memory");
        return -1;
    }
    f->b = &b;
    make_formats(f);
    properties(f);
    proposal_sheet(f);
    instructions_sheet(f);
    return as_report_book_finish(&b, path, d);
}

int as_proposal_template_write(const as_plan *p, size_t province, bool illustrative,
                               const char *path, as_diags *d)
{
    form f = {.p = p, .province = province, .illustrative = illustrative};
    build_ctx c = {&f, as_report_names_new(p->rules, AS_REPORT_LANG_BOTH)};
    if (!c.names) {
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write workbook: out of memory");
        return -1;
    }
    int rc = as_output_build(NULL, path, build, &c, d);
    as_report_names_free(c.names);
    return rc;
}

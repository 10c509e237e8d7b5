/* template: lays out the fillable submission workbook — title block, the
 * header fields, one row per input by section with its validation, the
 * previous year's figures, protection and print setup — and the
 * instructions sheet.  It computes nothing and reads no file itself. */
#include "report/template.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "report/output.h"
#include "report/workbook.h"

/* Columns of the input sheet (0-based). */
enum { COL_KEY, COL_ZH, COL_EN, COL_VALUE, COL_PREV, COL_UNIT_ZH, COL_UNIT_EN, COL_NOTE, NCOLS };
_Static_assert(COL_KEY + 1 == AS_SUBMISSION_KEY_COL, "the key column the engine reads");
_Static_assert(COL_VALUE + 1 == AS_SUBMISSION_VALUE_COL, "the value column the engine reads");

#define HEADER_ROW 3          /* the column headings (row 4) */
#define LINE_HEIGHT 15.0      /* points per line of 11 pt text */
#define MAX_TITLE_CHARS 32    /* Excel's limit for validation titles */
#define MAX_PROMPT_CHARS 255  /* and for validation messages */
#define INSTRUCTIONS_WIDTH 76 /* characters: the instructions sheet's one column */

/* Column widths in characters; the key column grows to fit its keys.  With
 * the bundled rules' keys the form prints one A4 landscape page wide at 8 pt
 * (as_workbook_print_paper). */
static const double widths[NCOLS] = {24, 30, 40, 16, 13, 14, 16, 34};

typedef struct {
    lxw_format *title, *subtitle, *notice, *header, *section, *key, *label, *fixed, *input,
        *input_text, *prev, *note, *para, *para_head;
} formats;

/* The workbook being written. */
typedef struct {
    const as_template_opts *o;
    const as_province *prov;
    as_workbook w;     /* the workbook, its arena and first error (workbook.h) */
    lxw_worksheet *ws; /* the sheet being written */
    formats f;
    lxw_row_t row;         /* next row of the input sheet */
    lxw_row_t first_row;   /* the row of the first input, for the instructions' example */
    const as_input *first; /* and the input */
} tpl;

/* ------------------------------------------------------------ helpers */

static void check(tpl *t, lxw_error e)
{
    as_workbook_check(&t->w, e);
}

static void text(tpl *t, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt)
{
    if (s && *s)
        check(t, worksheet_write_string(t->ws, r, c, s, fmt));
    else if (fmt)
        check(t, worksheet_write_blank(t->ws, r, c, fmt));
}

/* Raise *height to what wrapped text s needs in a column w characters wide
 * (text runs about 10% narrower than its width estimate). */
static void fit(double w, const char *s, double *height)
{
    double h = LINE_HEIGHT * as_workbook_text_lines(s ? s : "", (w - 1) / 0.9) + 3;
    if (h > *height)
        *height = h;
}

static void set_height(tpl *t, lxw_row_t r, double h)
{
    if (h > LINE_HEIGHT + 3)
        check(t, worksheet_set_row(t->ws, r, h, NULL));
}

static const char *unit_zh(const as_input *in)
{
    return in->unit_zh ? in->unit_zh : in->unit;
}

/* An input's allowed range in words: "≥ 0", "50 – 150", or NULL for any number. */
static const char *range(tpl *t, const as_input *in, bool ascii)
{
    if (in->has_min && in->has_max)
        return as_workbook_printf(&t->w, "%g %s %g", in->min, ascii ? "to" : "–", in->max);
    if (in->has_min)
        return as_workbook_printf(&t->w, "%s %g", ascii ? ">=" : "≥", in->min);
    if (in->has_max)
        return as_workbook_printf(&t->w, "%s %g", ascii ? "<=" : "≤", in->max);
    return NULL;
}

/* ------------------------------------------------------------ formats */

static lxw_format *fmt(tpl *t, bool wrap, bool bold, lxw_color_t bg, lxw_color_t font)
{
    lxw_format *f = workbook_add_format(t->w.wb);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (wrap)
        format_set_text_wrap(f);
    if (bold)
        format_set_bold(f);
    if (bg)
        format_set_bg_color(f, bg);
    if (font)
        format_set_font_color(f, font);
    return f;
}

static void make_formats(tpl *t)
{
    formats *f = &t->f;
    f->title = fmt(t, false, true, 0, 0);
    format_set_font_size(f->title, 14);
    f->subtitle = fmt(t, true, false, 0, 0x595959);
    f->notice = fmt(t, true, true, 0xFFF2CC, 0xC00000);
    f->header = fmt(t, true, true, 0xD9E1F2, 0);
    format_set_border(f->header, LXW_BORDER_THIN);
    f->section = fmt(t, false, true, 0xDDEBF7, 0);
    f->key = fmt(t, false, false, 0, 0x808080);
    f->label = fmt(t, true, false, 0, 0);
    f->fixed = fmt(t, false, true, 0xEDEDED, 0);
    format_set_align(f->fixed, LXW_ALIGN_LEFT);
    f->input = fmt(t, false, false, 0xFFFF99, 0);
    format_set_border(f->input, LXW_BORDER_THIN);
    format_set_unlocked(f->input);
    f->input_text = fmt(t, true, false, 0xFFFF99, 0);
    format_set_border(f->input_text, LXW_BORDER_THIN);
    format_set_align(f->input_text, LXW_ALIGN_LEFT);
    format_set_unlocked(f->input_text);
    f->prev = fmt(t, false, false, 0, 0x595959);
    f->note = fmt(t, true, false, 0, 0x595959);
    f->para = fmt(t, true, false, 0, 0);
    f->para_head = fmt(t, false, true, 0, 0);
    format_set_font_size(f->para_head, 12);
}

/* ------------------------------------------------------------ input sheet */

static const char *province_label(tpl *t)
{
    return as_workbook_printf(&t->w, "%s %s (%s)", t->prov->name_zh, t->prov->name_en,
                              t->prov->code);
}

/* A data set's name in Chinese (zh) or English, else the other, else its
 * folder's last part. */
static const char *dataset_name(const as_dataset *ds, bool zh)
{
    const char *first = zh ? ds->name_zh : ds->name_en, *other = zh ? ds->name_en : ds->name_zh;
    const char *base = ds->dir ? strrchr(ds->dir, '/') : NULL;
    return first && *first ? first : other && *other ? other : base ? base + 1 : ds->dir;
}

static void title_block(tpl *t)
{
    const as_ruleset *r = t->o->rules;
    const as_template_opts *o = t->o;
    const char *title = as_workbook_printf(&t->w, "%s %d年 数据填报 — Submission for %d",
                                           province_label(t), o->year, o->year);
    const as_dataset *ds = o->previous;
    /* the data set by its name, never by its folder: the path means nothing where the
     * workbook is filled in, and says where the server keeps its files */
    const char *prev =
        !ds ? "未指定数据集，无上年数据。 No data set named: no previous-year figures."
        : as_dataset_submission(ds, o->province, o->year - 1, false)
            ? as_workbook_printf(&t->w,
                                 "上年（%d年）数据取自数据集“%s”。 Previous year (%d) from "
                                 "data set '%s'.",
                                 o->year - 1, dataset_name(ds, true), o->year - 1,
                                 dataset_name(ds, false))
            : as_workbook_printf(&t->w,
                                 "数据集“%s”中没有%d年的数据。 Data set '%s' has no "
                                 "figures for %d.",
                                 dataset_name(ds, true), o->year - 1, dataset_name(ds, false),
                                 o->year - 1);
    const char *sub =
        as_workbook_printf(&t->w,
                           "规则 Rules: %s %s (%s)\n"
                           "只填写D列的黄色单元格，单位见F、G列；无数据填 ~。%s\n"
                           "Fill in the yellow cells of column D, in the unit of columns F and "
                           "G; ~ where there is no figure. 说明见“说明 Instructions”工作表。",
                           r->title_zh, r->title_en, r->id, prev);
    check(t, worksheet_merge_range(t->ws, 0, 0, 0, NCOLS - 1, title, t->f.title));
    check(t, worksheet_set_row(t->ws, 0, 22, NULL));
    check(t, worksheet_merge_range(t->ws, 1, 0, 1, NCOLS - 1, sub, t->f.subtitle));
    check(t, worksheet_set_row(t->ws, 1, LINE_HEIGHT * 4 + 3, NULL));
    if (o->illustrative) {
        check(t, worksheet_merge_range(
                     t->ws, 2, 0, 2, NCOLS - 1,
                     "示例数据，并非真实统计 ILLUSTRATIVE DATA, not real statistics", t->f.notice));
    }
}

static void header_row(tpl *t)
{
    const char *heads[NCOLS] = {
        "字段\nField",
        "名称",
        "Name",
        as_workbook_printf(&t->w, "%d年填报值\nValue %d", t->o->year, t->o->year),
        as_workbook_printf(&t->w, "上年 %d\nPrevious year", t->o->year - 1),
        "单位",
        "Unit",
        "允许范围 / 说明\nAllowed range / notes",
    };
    for (lxw_col_t c = 0; c < NCOLS; c++)
        text(t, HEADER_ROW, c, heads[c], t->f.header);
    check(t, worksheet_set_row(t->ws, HEADER_ROW, LINE_HEIGHT * 2 + 3, NULL));
    t->row = HEADER_ROW + 1;
}

static void section_row(tpl *t, const char *zh, const char *en, const char *id)
{
    const char *s = zh ? as_workbook_printf(&t->w, "%s %s (%s)", zh, en, id) : id;
    check(t, worksheet_merge_range(t->ws, t->row, 0, t->row, NCOLS - 1, s, t->f.section));
    t->row++;
}

/* One row of the sheet: key, names, the value cell (written by the caller), notes. */
static lxw_row_t field_row(tpl *t, const char *section, const char *field, const char *zh,
                           const char *en, const char *note)
{
    lxw_row_t r = t->row++;
    double h = 0;
    text(t, r, COL_KEY, as_workbook_printf(&t->w, "%s.%s", section, field), t->f.key);
    text(t, r, COL_ZH, zh, t->f.label);
    text(t, r, COL_EN, en, t->f.label);
    text(t, r, COL_NOTE, note, t->f.note);
    fit(widths[COL_ZH], zh, &h);
    fit(widths[COL_EN], en, &h);
    fit(widths[COL_NOTE], note, &h);
    set_height(t, r, h);
    return r;
}

static void list_cell(tpl *t, lxw_row_t r, const char *value, char **items, const char *prompt)
{
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_LIST,
                             .value_list = items,
                             .input_message = (char *)(uintptr_t)prompt};
    text(t, r, COL_VALUE, value, t->f.input);
    check(t, worksheet_data_validation_cell(t->ws, r, COL_VALUE, &v));
}

/* A cell for free text: merged over the value to unit columns (the value
 * stays in the value column), lines tall. */
static void text_cell(tpl *t, lxw_row_t r, int lines)
{
    check(t, worksheet_merge_range(t->ws, r, COL_VALUE, r, COL_UNIT_EN, "", t->f.input_text));
    check(t, worksheet_set_row(t->ws, r, LINE_HEIGHT * lines + 3, NULL));
}

static void header_fields(tpl *t)
{
    static char *stages[] = {"reported", "verified", NULL};
    static char *bools[] = {"false", "true", NULL};
    const as_template_opts *o = t->o;
    const as_ruleset *r = o->rules;
    section_row(t, "基本信息", "Submission", "submission");
    lxw_row_t row = field_row(
        t, "submission", "province", "省份代码", "province code (GB/T 2260)",
        as_workbook_printf(&t->w, "%s %s（已锁定 locked）", t->prov->name_zh, t->prov->name_en));
    text(t, row, COL_VALUE, t->prov->code, t->f.fixed);
    row = field_row(t, "submission", "year", "年份", "year the figures describe", "已锁定 locked");
    check(t, worksheet_write_number(t->ws, row, COL_VALUE, o->year, t->f.fixed));
    row = field_row(t, "submission", "rules", "规则集", "rule set",
                    as_workbook_printf(&t->w, "%s（已锁定 locked）", r->title_zh));
    text(t, row, COL_VALUE, r->id, t->f.fixed);
    row = field_row(t, "submission", "stage", "阶段", "stage",
                    "reported 地方自评；verified 部门核实 (verified/)");
    list_cell(t, row, "reported", stages, "reported: 地方自评 self-reported\nverified: 部门核实");
    row = field_row(t, "submission", "illustrative", "示例数据", "illustrative (figures not real)",
                    "true：示例数据，并非真实统计 / true: figures are not real");
    list_cell(t, row, o->illustrative ? "true" : "false", bools,
              "false: 真实数据 real figures\ntrue: 示例数据 illustrative");
    text_cell(t,
              field_row(t, "submission", "source", "数据来源", "where the figures come from",
                        "必填 required"),
              3);
    text_cell(t,
              field_row(t, "submission", "verified_by", "核实部门", "verified by (departments)",
                        "仅核实数据 verified figures only"),
              1);
    text_cell(t, field_row(t, "submission", "notes", "备注", "notes", "选填 optional"), 2);
}

/* The validation formula of an input cell: ~ (no data), or a number within
 * min/max. */
static const char *valid_formula(tpl *t, const as_input *in, const char *cell)
{
    const char *num = as_workbook_printf(&t->w, "ISNUMBER(%s)", cell);
    if (in->has_min)
        num = as_workbook_printf(&t->w, "%s,%s>=%.15g", num, cell, in->min);
    if (in->has_max)
        num = as_workbook_printf(&t->w, "%s,%s<=%.15g", num, cell, in->max);
    return as_workbook_printf(&t->w, "=OR(%s=\"~\",AND(%s))", cell, num);
}

/* What a growth rate typed for an index means, in both languages; "" for
 * other inputs. */
static const char *index_hint(tpl *t, const as_input *in, bool zh)
{
    if (!(in->index_base > 0))
        return "";
    double g = 5.1;
    return zh ? as_workbook_printf(&t->w, "\n指数：增长%g%%请填%g", g, in->index_base + g)
              : as_workbook_printf(&t->w, "\nIndex: %g %% growth is %g", g, in->index_base + g);
}

/* Data validation of an input cell: ~ or a number within min/max, the
 * messages naming the unit and how to say "no data". */
static void validate_input(tpl *t, lxw_row_t r, const as_input *in)
{
    const char *zh = range(t, in, false), *en = range(t, in, true);
    char cell[16];
    lxw_rowcol_to_cell(cell, r, COL_VALUE);
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA,
                             .criteria = LXW_VALIDATION_CRITERIA_NONE,
                             .value_formula = (char *)(uintptr_t)valid_formula(t, in, cell)};
    v.input_title = (char *)(uintptr_t)as_workbook_clip(&t->w, in->id, MAX_TITLE_CHARS);
    v.input_message = (char *)(uintptr_t)as_workbook_clip(
        &t->w,
        as_workbook_printf(&t->w, "单位：%s%s%s%s\nUnit: %s%s%s%s\n无数据填 ~ No data: write ~",
                           unit_zh(in), zh ? "；范围 " : "", zh ? zh : "", index_hint(t, in, true),
                           in->unit, en ? "; range " : "", en ? en : "", index_hint(t, in, false)),
        MAX_PROMPT_CHARS);
    v.error_title = "数值无效 Invalid number";
    v.error_message = (char *)(uintptr_t)as_workbook_clip(
        &t->w,
        as_workbook_printf(&t->w,
                           "请填写%s%s数值，单位：%s；无数据填 ~。%s\nEnter a number%s%s, in %s, "
                           "or ~ for no data.%s",
                           zh ? zh : "", zh ? " 的" : "", unit_zh(in), index_hint(t, in, true),
                           en ? " " : "", en ? en : "", in->unit, index_hint(t, in, false)),
        MAX_PROMPT_CHARS);
    check(t, worksheet_data_validation_cell(t->ws, r, COL_VALUE, &v));
}

static void input_row(tpl *t, size_t i)
{
    const as_input *in = &t->o->rules->inputs[i];
    const char *zh = range(t, in, false);
    lxw_row_t r = field_row(t, in->section, in->id, in->name_zh, in->name_en,
                            zh ? zh : "任意数值 any number");
    if (!t->first) {
        t->first = in;
        t->first_row = r;
    }
    text(t, r, COL_UNIT_ZH, unit_zh(in), t->f.label);
    text(t, r, COL_UNIT_EN, in->unit, t->f.label);
    check(t, worksheet_write_blank(t->ws, r, COL_VALUE, t->f.input));
    validate_input(t, r, in);
    double v;
    as_loc loc;
    bool verified;
    const as_template_opts *o = t->o;
    if (o->previous &&
        as_dataset_value(o->previous, o->province, o->year - 1, i, false, &v, &loc, &verified))
        check(t, worksheet_write_number(t->ws, r, COL_PREV, v, t->f.prev));
}

static void inputs(tpl *t)
{
    const as_ruleset *r = t->o->rules;
    for (size_t s = 0; s < r->nsections; s++) {
        section_row(t, r->section_zh[s], r->section_en[s], r->sections[s]);
        for (size_t i = 0; i < r->ninputs; i++)
            if (!strcmp(r->inputs[i].section, r->sections[s]))
                input_row(t, i);
    }
}

/* Protected without a password: only the input cells can be changed, and
 * columns and rows can still be widened. */
static void protect(tpl *t)
{
    lxw_protection p = {.format_columns = 1, .format_rows = 1};
    worksheet_protect(t->ws, NULL, &p);
}

/* Printed like every sheet meant for paper (a form is printed to be signed
 * and kept): at 8 pt or more, one page wide where that keeps it. */
static void print_setup(tpl *t, const char *what, double table_pt)
{
    as_workbook_print_paper(t->ws, table_pt);
    check(t, worksheet_set_header(t->ws, as_workbook_printf(&t->w, "&L%s %d&R%s", t->prov->name_zh,
                                                            t->o->year, what)));
    check(t, worksheet_set_footer(t->ws, as_workbook_printf(&t->w, "&Lassess %s · %s&R&P / &N",
                                                            ASSESS_VERSION, t->o->rules->id)));
}

/* The key column fits the longest "section.field". */
static double key_width(tpl *t)
{
    const as_ruleset *r = t->o->rules;
    double w = widths[COL_KEY];
    for (size_t i = 0; i < r->ninputs; i++) {
        double k = as_workbook_text_width(r->inputs[i].section) +
                   as_workbook_text_width(r->inputs[i].id) + 2;
        w = k > w ? k : w;
    }
    return w;
}

static void input_sheet(tpl *t)
{
    t->ws = workbook_add_worksheet(t->w.wb, AS_SUBMISSION_SHEET);
    if (!t->ws) {
        check(t, LXW_ERROR_PARAMETER_VALIDATION);
        return;
    }
    double table_pt = 0;
    for (lxw_col_t c = 0; c < NCOLS; c++) {
        double w = c == COL_KEY ? key_width(t) : widths[c];
        check(t, worksheet_set_column(t->ws, c, c, w, NULL));
        table_pt += as_workbook_column_points(w);
    }
    title_block(t);
    header_row(t);
    header_fields(t);
    inputs(t);
    worksheet_freeze_panes(t->ws, HEADER_ROW + 1, 0);
    check(t, worksheet_repeat_rows(t->ws, HEADER_ROW, HEADER_ROW));
    print_setup(t, "数据填报 Submission", table_pt);
    protect(t);
}

/* ------------------------------------------------------------ instructions */

static void paragraphs(tpl *t, lxw_row_t *row, const char *head, const char *const *lines, size_t n)
{
    text(t, (*row)++, 0, head, t->f.para_head);
    for (size_t i = 0; i < n; i++) {
        double h = 0;
        const char *s = as_workbook_printf(&t->w, "%zu. %s", i + 1, lines[i]);
        text(t, *row, 0, s, t->f.para);
        fit(INSTRUCTIONS_WIDTH, s, &h);
        set_height(t, (*row)++, h);
    }
    (*row)++;
}

/* What check says of the first input's cell holding a number and its unit,
 * in Chinese (zh) or English, as the catalogue has it (tests/e2e/xlsx.py
 * holds the two to check's own words); "" without inputs. */
static const char *example(tpl *t, bool zh)
{
    const as_input *in = t->first;
    if (!in)
        return "";
    char unit[200];
    const char *u = as_input_unit_text(in, zh, unit, sizeof unit);
    unsigned row = (unsigned)t->first_row + 1;
    return zh ? as_workbook_printf(
                    &t->w, "%s!D%u: 错误：'%s' 的数字后面有文字（'12 %s'）：只填数字，单位为 %s",
                    AS_SUBMISSION_SHEET, row, in->id, unit_zh(in), u)
              : as_workbook_printf(&t->w,
                                   "%s!D%u: error: '%s' has text after the number ('12 %s'): give "
                                   "the number alone, in %s",
                                   AS_SUBMISSION_SHEET, row, in->id, unit_zh(in), u);
}

static void instructions_sheet(tpl *t)
{
    const as_template_opts *o = t->o;
    const char *prov = province_label(t), *id = o->rules->id;
    const char *const zh[] = {
        as_workbook_printf(
            &t->w, "本工作簿是%s %d年的数据填报表（%s），由 assess template 按规则集 %s 生成。",
            prov, o->year, o->rules->title_zh, id),
        "只在“" AS_SUBMISSION_SHEET "”工作表D列的黄色单元格中填写。每个数值按F列的单位填写，"
        "不要写单位、千分位分隔符或百分号（增长5.2%的指数填105.2）。",
        "没有数据时在单元格中填 ~，表示“无数据”：用到该数据的指标显示为“无数据”，除规则另有规定外"
        "计为未达标。数值确为零时填0。留空的单元格也按无数据计，但 assess check "
        "会逐一提醒（可能是漏填）。",
        "E列是上年报送的数据（如有），便于对照本年的变化。",
        "省份、年份和规则集已写入并锁定。不要删除、插入或移动行，不要修改A列的字段名，不要重命名工"
        "作表："
        "程序按字段名和工作表名读取数据。工作表已保护（无密码），只为防止误改。",
        "在“数据来源”中说明数据出处（必填）。部门核实数据时，将“阶段”改为 "
        "verified，填写“核实部门”，"
        "只填写核实过的数值。",
        as_workbook_printf(&t->w,
                           "填好后检查：assess check "
                           "文件名.xlsx。每个问题都指明单元格，例如“%s”。检查通过后报送本文件。",
                           example(t, true)),
        "本工作簿就是填报格式：字段、单位和允许范围都在“" AS_SUBMISSION_SHEET
        "”工作表上；其他问题请询问发出本表的单位。",
    };
    const char *const en[] = {
        as_workbook_printf(
            &t->w,
            "This workbook is the submission of %s for %d (%s), made by 'assess template' "
            "for rule set %s.",
            prov, o->year, o->rules->title_en, id),
        "Fill in only the yellow cells of column D of sheet '" AS_SUBMISSION_SHEET
        "', each figure in the unit of column G: no units, thousands separators or percent signs "
        "(5.2 % growth is the index 105.2).",
        "Write ~ in a cell where there is no figure: it means \"no data\", and every indicator "
        "that needs it is shown as \"no data\", which counts as missed unless the rules say "
        "otherwise.  Write 0 only for a true zero.  A blank cell counts as no data too, but "
        "assess check warns about each one (it may have been forgotten).",
        "Column E holds last year's submitted figures, where known, to compare with.",
        "Province, year and rule set are written in and locked.  Do not delete, insert or move "
        "rows, change the keys in column A or rename the sheets: they are how the figures are "
        "read.  The sheet is protected without a password, only against slips.",
        "Say where the figures come from under 'source' (required).  When a department verifies "
        "figures, set 'stage' to verified, fill in 'verified_by' and only the figures it "
        "verified.",
        as_workbook_printf(
            &t->w,
            "Check the filled-in file with: assess check FILE.xlsx.  Each problem names its "
            "cell, e.g. \"%s\".  Send the file once it checks.",
            example(t, false)),
        "This workbook is the whole format: the fields, units and allowed ranges are on sheet "
        "'" AS_SUBMISSION_SHEET "'; ask whoever sent it to you about anything else.",
    };
    t->ws = workbook_add_worksheet(t->w.wb, "说明 Instructions");
    if (!t->ws) {
        check(t, LXW_ERROR_PARAMETER_VALIDATION);
        return;
    }
    lxw_row_t row = 0;
    check(t, worksheet_set_column(t->ws, 0, 0, INSTRUCTIONS_WIDTH, NULL));
    paragraphs(t, &row, "填报说明", zh, sizeof zh / sizeof zh[0]);
    paragraphs(t, &row, "Instructions", en, sizeof en / sizeof en[0]);
    worksheet_gridlines(t->ws, LXW_HIDE_ALL_GRIDLINES);
    print_setup(t, "填报说明 Instructions", as_workbook_column_points(INSTRUCTIONS_WIDTH));
    protect(t);
}

/* ------------------------------------------------------------ the workbook */

static void properties(tpl *t)
{
    const as_template_opts *o = t->o;
    lxw_doc_properties p = {0};
    p.title = (char *)(uintptr_t)as_workbook_printf(&t->w, "%s %d 数据填报 Submission",
                                                    province_label(t), o->year);
    p.subject = (char *)(uintptr_t)as_workbook_printf(&t->w, "%s %s", o->rules->title_zh,
                                                      o->rules->title_en);
    p.author = "assess";
    p.company = (char *)(uintptr_t)as_workbook_printf(&t->w, "assess %s", ASSESS_VERSION);
    p.keywords = (char *)(uintptr_t)as_workbook_printf(&t->w, "%s; %s; %d", o->rules->id,
                                                       t->prov->code, o->year);
    p.created = (time_t)as_date_from_ymd(o->year, 12, 31) * 86400;
    check(t, workbook_set_properties(t->w.wb, &p));
    check(t, workbook_set_custom_property_string(t->w.wb, "rule set",
                                                 (char *)(uintptr_t)o->rules->id));
    check(t, workbook_set_custom_property_string(t->w.wb, "province",
                                                 (char *)(uintptr_t)t->prov->code));
    check(t, workbook_set_custom_property_integer(t->w.wb, "year", o->year));
}

static int build(void *ctx, const char *file, const char *path, as_diags *d)
{
    tpl *t = ctx;
    if (as_workbook_open(&t->w, file, false) != 0) {
        as_diags_add(d, as_loc_make(path, 0, 0), "cannot write workbook: out of memory");
        return -1;
    }
    make_formats(t);
    properties(t);
    input_sheet(t);
    instructions_sheet(t);
    return as_workbook_finish(&t->w, path, d);
}

int as_template_write(const as_template_opts *o, const char *path, as_diags *d)
{
    tpl t = {.o = o, .prov = &o->rules->provinces[o->province]};
    return as_output_build(NULL, path, build, &t, d);
}

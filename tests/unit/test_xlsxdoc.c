/* test_xlsxdoc: reading a workbook's sheet into the located tree, on small
 * workbooks written here part by part with libzip: cells in any storage
 * order, with or without references; shared, inline and rich strings;
 * numbers stored as text; empty cells as nulls; text escapes and blanks; and
 * the exact message for each kind of bad file, each damaged part and each
 * bound.  The sheet is "Inputs" with keys in column A and values in column
 * C.  Not tested here: what the fields mean (test_dataset.c, and the
 * end-to-end tests on real templates). */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "input/xlsxdoc.h"

#include "support.h"

#define BOOK "book.xlsx"
#define NS "http://schemas.openxmlformats.org"
#define REL_TYPE NS "/officeDocument/2006/relationships/"

static const as_xlsx_layout layout = {"Inputs", 1, 3};
static char dir[] = "/tmp/test_xlsxdoc.XXXXXX";

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(chdir(dir), 0);
}

static void teardown(void)
{
    unlink(BOOK); /* absent when a test wrote none */
    cr_expect_eq(rmdir(dir), 0, "the test left files in %s", dir);
}

TestSuite(xlsxdoc, .init = setup, .fini = teardown);

/* One part of a workbook: its name in the archive and its text; store:
 * not compressed.  len 0 means strlen(text). */
typedef struct {
    const char *name;
    const char *text;
    size_t len;
    bool store;
} part;

static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Relationships xmlns=\"" NS "/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_TYPE "officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"" NS "/spreadsheetml/2006/main\" xmlns:r=\"" REL_TYPE "\">"
    "<sheets><sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId2\"/>"
    "<sheet name=\"Inputs\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char workbook_rels[] =
    "<Relationships xmlns=\"" NS "/package/2006/relationships\">"
    "<Relationship Id=\"rId2\" Type=\"" REL_TYPE "worksheet\" Target=\"/xl/worksheets/notes.xml\"/>"
    "<Relationship Id=\"rId1\" Type=\"" REL_TYPE "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_TYPE "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";

static const char strings[] = "<sst><si><t>submission.province</t></si>" /* 0 */
                              "<si><t>110000</t></si>"                   /* 1 */
                              "<si><t>energy.coal</t></si>"              /* 2 */
                              "<si><t>energy.gas</t></si>"               /* 3 */
                              "<si><t> 12.5 </t></si>"                   /* 4 */
                              "<si><t>a label</t></si>"                  /* 5 */
                              "<si><t></t></si>"                         /* 6 */
                              "</sst>";

/* Write the standard parts, each replaced by a part of the same name in
 * extra (text NULL: left out), plus the other parts of extra. */
static void write_book(const part *extra, size_t n)
{
    const part base[] = {
        {"_rels/.rels", package_rels, 0, false},
        {"xl/workbook.xml", workbook, 0, false},
        {"xl/_rels/workbook.xml.rels", workbook_rels, 0, false},
        {"xl/sharedStrings.xml", strings, 0, false},
        {"xl/worksheets/notes.xml", "<worksheet><sheetData/></worksheet>", 0, false},
    };
    int err = 0;
    zip_t *z = zip_open(BOOK, ZIP_CREATE | ZIP_TRUNCATE, &err);
    cr_assert_not_null(z, "zip_open: %d", err);
    for (size_t i = 0; i < sizeof base / sizeof base[0] + n; i++) {
        const part *p = i < n ? &extra[i] : &base[i - n];
        bool replaced = false;
        for (size_t j = 0; i >= n && j < n; j++)
            replaced = replaced || !strcmp(extra[j].name, p->name);
        if (replaced || !p->text)
            continue;
        zip_source_t *src = zip_source_buffer(z, p->text, p->len ? p->len : strlen(p->text), 0);
        zip_int64_t idx = zip_file_add(z, p->name, src, ZIP_FL_OVERWRITE);
        cr_assert_geq(idx, 0, "%s: %s", p->name, zip_strerror(z));
        if (p->store)
            zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    cr_assert_eq(zip_close(z), 0, "zip_close: %s", zip_strerror(z));
}

/* printf into a malloc'd string */
static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    cr_assert_not_null(s);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void write_sheet(const char *rows)
{
    char *xml = xprintf("<worksheet xmlns=\"" NS "/spreadsheetml/2006/main\">"
                        "<sheetData>%s</sheetData></worksheet>",
                        rows);
    part p = {"xl/worksheets/sheet1.xml", xml, 0, false};
    write_book(&p, 1);
    free(xml);
}

static char *loc_text(as_loc l)
{
    int n = as_loc_print(NULL, 0, l);
    char *s = malloc((size_t)n + 1);
    cr_assert_not_null(s);
    as_loc_print(s, (size_t)n + 1, l);
    return s;
}

/* The tree as "section.field = 'value' at VALUE_CELL (key KEY_CELL)" lines. */
static char *dump(as_ydoc *y)
{
    char *out = calloc(1, 1);
    size_t len = 0;
    yaml_node_t *root = as_ydoc_root(y);
    cr_assert_eq(root->type, YAML_MAPPING_NODE);
    for (yaml_node_pair_t *s = root->data.mapping.pairs.start; s < root->data.mapping.pairs.top;
         s++) {
        yaml_node_t *sec = as_ydoc_node(y, s->value);
        for (yaml_node_pair_t *f = sec->data.mapping.pairs.start; f < sec->data.mapping.pairs.top;
             f++) {
            yaml_node_t *k = as_ydoc_node(y, f->key), *v = as_ydoc_node(y, f->value);
            char *kl = loc_text(as_ydoc_loc(y, k)), *vl = loc_text(as_ydoc_loc(y, v));
            char *line =
                xprintf("%s.%s = '%s' at %s (key %s)\n", as_ydoc_scalar(as_ydoc_node(y, s->key)),
                        as_ydoc_scalar(k), as_ydoc_is_null(v) ? "~" : as_ydoc_scalar(v), vl, kl);
            out = realloc(out, len + strlen(line) + 1);
            strcpy(out + len, line);
            len += strlen(line);
            free(line);
            free(kl);
            free(vl);
        }
    }
    return out;
}

/* Load BOOK, which must succeed, and return its dump. */
static char *load_dump(void)
{
    as_arena *a = as_arena_new(0);
    as_ydoc y;
    as_diags d;
    as_diags_init(&d);
    int rc = as_xlsxdoc_load(&y, BOOK, &layout, a, &d);
    char *msgs = joined_diags(&d);
    cr_assert_eq(rc, 0, "%s", msgs);
    char *got = dump(&y);
    as_ydoc_release(&y);
    free(msgs);
    as_diags_release(&d);
    as_arena_free(a);
    return got;
}

/* Load BOOK, which must fail, and return its messages. */
static char *load_errors(void)
{
    as_arena *a = as_arena_new(0);
    as_ydoc y;
    as_diags d;
    as_diags_init(&d);
    cr_expect_eq(as_xlsxdoc_load(&y, BOOK, &layout, a, &d), -1, "accepted");
    cr_expect_not(y.loaded, "a failed load keeps its tree");
    char *got = joined_diags(&d);
    as_diags_release(&d);
    as_arena_free(a);
    return got;
}

/* ------------------------------------------------------------------ cells */

Test(xlsxdoc, reads_cells_in_any_storage_order_with_shared_inline_and_text_numbers)
{
    write_sheet("<row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is><t>105</t></is></c>"
                "<c r=\"A4\" t=\"inlineStr\"><is><t>economy.gdp_index</t></is></c></row>"
                "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>5</v></c>"
                "<c r=\"C2\" t=\"s\"><v>1</v></c></row>"
                /* no references: A3, B3, C3 */
                "<row r=\"3\"><c t=\"s\"><v>2</v></c><c/><c><v>1000.5</v></c></row>"
                "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>3</v></c><c r=\"C5\" t=\"s\"><v>4</v></c>"
                "<c r=\"D5\"><v>7</v></c></row>"
                "<row r=\"6\"><c r=\"A6\" t=\"s\"><v>5</v></c><c r=\"C6\"><v>9</v></c></row>"
                "<row r=\"1\"><c r=\"A1\" t=\"str\"><f>\"x\"</f><v>a title</v></c></row>");
    char *got = load_dump();
    cr_expect_str_eq(got,
                     "submission.province = '110000' at book.xlsx:Inputs!C2 "
                     "(key book.xlsx:Inputs!A2)\n"
                     "energy.coal = '1000.5' at book.xlsx:Inputs!C3 (key book.xlsx:Inputs!A3)\n"
                     "energy.gas = '12.5' at book.xlsx:Inputs!C5 (key book.xlsx:Inputs!A5)\n"
                     "economy.gdp_index = '105' at book.xlsx:Inputs!C4 "
                     "(key book.xlsx:Inputs!A4)\n",
                     "got:\n%s", got);
    free(got);
}

Test(xlsxdoc, makes_every_empty_value_cell_a_null_as_tilde_is_in_yaml)
{
    write_sheet("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>s.absent</t></is></c></row>"
                "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>s.styled</t></is></c>"
                "<c r=\"C3\" s=\"1\"/></row>"
                "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>s.blank</t></is></c>"
                "<c r=\"C4\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  </t></is></c></row>"
                "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>s.shared_empty</t></is></c>"
                "<c r=\"C5\" t=\"s\"><v>6</v></c></row>");
    char *got = load_dump();
    cr_expect_str_eq(got,
                     "s.absent = '~' at book.xlsx:Inputs!C2 (key book.xlsx:Inputs!A2)\n"
                     "s.styled = '~' at book.xlsx:Inputs!C3 (key book.xlsx:Inputs!A3)\n"
                     "s.blank = '~' at book.xlsx:Inputs!C4 (key book.xlsx:Inputs!A4)\n"
                     "s.shared_empty = '~' at book.xlsx:Inputs!C5 (key book.xlsx:Inputs!A5)\n",
                     "got:\n%s", got);
    free(got);
}

Test(xlsxdoc, reads_text_as_a_person_sees_it)
{
    part p[] = {
        {"xl/sharedStrings.xml",
         "<sst><si><t>t.rich</t></si><si><r><t>ab</t></r><r><rPr><b/></rPr>"
         "<t xml:space=\"preserve\">c d</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
         "</sst>",
         0, false},
        {"xl/worksheets/sheet1.xml",
         "<worksheet><sheetData>"
         "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
         "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>t.escaped</t></is></c>"
         "<c r=\"C2\" t=\"inlineStr\"><is><t>_x0041_B_x005F_x_x000D_</t></is></c></row>"
         "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>t.wide_blanks</t></is></c>"
         "<c r=\"C3\" t=\"inlineStr\"><is><t>\xE3\x80\x80 7\xC2\xA0</t></is></c></row>"
         "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t> t.flag </t></is></c>"
         "<c r=\"C4\" t=\"b\"><v>1</v></c></row>"
         "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>t.formula</t></is></c>"
         "<c r=\"C5\"><f>1+2</f><v>3</v></c></row>"
         "</sheetData></worksheet>",
         0, false},
    };
    write_book(p, 2);
    char *got = load_dump();
    cr_expect_str_eq(got,
                     "t.rich = 'abc d' at book.xlsx:Inputs!C1 (key book.xlsx:Inputs!A1)\n"
                     "t.escaped = 'AB_x' at book.xlsx:Inputs!C2 (key book.xlsx:Inputs!A2)\n"
                     "t.wide_blanks = '7' at book.xlsx:Inputs!C3 (key book.xlsx:Inputs!A3)\n"
                     "t.flag = 'true' at book.xlsx:Inputs!C4 (key book.xlsx:Inputs!A4)\n"
                     "t.formula = '3' at book.xlsx:Inputs!C5 (key book.xlsx:Inputs!A5)\n",
                     "got:\n%s", got);
    free(got);
}

Test(xlsxdoc, locates_a_mapping_at_the_sheet_and_converts_values_as_the_yaml_path_does)
{
    write_sheet("<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>energy.coal</t></is></c>"
                "<c r=\"C7\" t=\"inlineStr\"><is><t>九千</t></is></c></row>");
    as_arena *a = as_arena_new(0);
    as_ydoc y;
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_xlsxdoc_load(&y, BOOK, &layout, a, &d), 0);
    yaml_node_t *sec = as_ydoc_get(&y, as_ydoc_root(&y), "energy");
    double v;
    cr_expect_eq(as_ydoc_to_num(&y, as_ydoc_get(&y, sec, "coal"), "coal", &v, &d), -1);
    as_ydoc_get_str(&y, sec, "source", "energy", true, a, &(const char *){NULL}, &d);
    char *got = joined_diags(&d);
    cr_expect_str_eq(got, "book.xlsx:Inputs!C7: error: 'coal' must be a number, got '九千'\n"
                          "book.xlsx:Inputs: error: missing field 'source' in energy\n");
    free(got);
    as_ydoc_release(&y);
    as_diags_release(&d);
    as_arena_free(a);
}

/* ------------------------------------------------------------------ bad files */

static void write_raw(const char *bytes, size_t n)
{
    FILE *f = fopen(BOOK, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

Test(xlsxdoc, says_what_a_file_is_when_it_is_not_a_workbook)
{
    write_raw("province: x\n", 12);
    char *got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: not an Excel workbook (.xlsx): the file is not a "
                          "zip archive\n");
    free(got);
    write_raw("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", 13);
    got = load_errors();
    cr_expect_str_eq(got,
                     "book.xlsx: error: this is an old-format workbook (.xls, or WPS .et) or a "
                     "password-protected one: save it in Excel or WPS as an Excel workbook "
                     "(*.xlsx) without a password\n");
    free(got);
    write_raw("", 0);
    got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: not an Excel workbook (.xlsx): the file is not a "
                          "zip archive\n");
    free(got);
    write_raw("PK\x03\x04 truncated", 15);
    got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: damaged workbook: the zip archive is cut short or "
                          "damaged (its table of contents is missing): copy or send the whole file "
                          "again\n");
    free(got);
}

Test(xlsxdoc, refuses_a_zip_that_is_not_a_workbook_and_names_what_it_holds)
{
    static const struct {
        part parts[3];
        char exp[200];
    } cases[] = {
        {{{"_rels/.rels", NULL, 0, false}, {"xl/workbook.xml", NULL, 0, false}},
         "book.xlsx: error: not an Excel workbook (.xlsx): the archive holds no workbook part\n"},
        {{{"_rels/.rels",
           "<Relationships><Relationship Id=\"rId1\" Type=\"" REL_TYPE
           "officeDocument\" Target=\"word/document.xml\"/></Relationships>",
           0, false},
          {"word/document.xml", "<w:document xmlns:w=\"x\"><w:body/></w:document>", 0, false}},
         "book.xlsx: error: not an Excel workbook (.xlsx): its main part 'word/document.xml' is "
         "a 'document'\n"},
        /* no package relationships: the usual place of the workbook is read */
        {{{"_rels/.rels", NULL, 0, false},
          {"xl/worksheets/sheet1.xml",
           "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a.b</t></is>"
           "</c></row></sheetData></worksheet>",
           0, false}},
         ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_book(cases[i].parts, 2);
        char *got = cases[i].exp[0] ? load_errors() : load_dump();
        if (cases[i].exp[0])
            cr_expect_str_eq(got, cases[i].exp, "case %zu: got %s", i, got);
        else
            cr_expect_str_eq(got, "a.b = '~' at book.xlsx:Inputs!C1 (key book.xlsx:Inputs!A1)\n");
        free(got);
    }
}

Test(xlsxdoc, names_the_sheets_there_are_when_the_input_sheet_was_renamed)
{
    part p[] = {{"xl/workbook.xml",
                 "<workbook xmlns:r=\"" REL_TYPE "\"><sheets>"
                 "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
                 "<sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>",
                 0, false}};
    write_book(p, 1);
    char *got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: no sheet named 'Inputs' (the workbook has 'Sheet1', "
                          "'Notes'): keep the template's sheet names\n");
    free(got);
}

Test(xlsxdoc, reports_every_cell_without_a_usable_value_at_once)
{
    write_sheet("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"C2\" t=\"e\"><v>#DIV/0!</v>"
                "</c></row>"
                "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c><c r=\"C3\"><f>A1*2</f></c></row>"
                "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>energy.oil</t></is></c>"
                "<c r=\"C4\" t=\"s\"><v>99</v></c></row>"
                "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>energy.coal.x</t></is></c></row>");
    char *got = load_errors();
    cr_expect_str_eq(got,
                     "book.xlsx:Inputs!C2: error: cell holds the error '#DIV/0!': type a figure\n"
                     "book.xlsx:Inputs!C3: error: cell holds a formula without a saved result: "
                     "type the figure, or save the workbook in Excel or LibreOffice\n"
                     "book.xlsx:Inputs!C4: error: damaged workbook: the cell names shared string "
                     "'99', which is missing\n"
                     "book.xlsx:Inputs!A5: error: 'energy.coal.x' in the key column is not a key "
                     "of the form 'section.field'\n",
                     "got:\n%s", got);
    free(got);
}

Test(xlsxdoc, refuses_damaged_parts_with_the_part_and_place)
{
    static const struct {
        char rows[200];
        char exp[240];
    } cases[] = {
        {"<row r=\"1\"><c r=\"A1\"></row>",
         "book.xlsx: error: damaged workbook: part 'xl/worksheets/sheet1.xml' line 1, column 112: "
         "mismatched tag\n"},
        {"<row r=\"1\"><c r=\"C0\"/></row>",
         "book.xlsx: error: damaged workbook: bad cell reference 'C0' in "
         "'xl/worksheets/sheet1.xml'\n"},
        {"<row r=\"x\"/>",
         "book.xlsx: error: damaged workbook: bad row number 'x' in 'xl/worksheets/sheet1.xml'\n"},
        {"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"A2\" t=\"s\"><v>3</v></c></row>",
         "book.xlsx:Inputs!A2: error: damaged workbook: the cell is stored twice\n"},
        {"<row r=\"2\"><c r=\"A2\" t=\"zz\"/></row>",
         "book.xlsx:Inputs!A2: error: damaged workbook: unknown cell type 'zz'\n"},
        {"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>5</v></c></row>",
         "book.xlsx:Inputs: error: no row has a 'section.field' key in column A: the workbook "
         "was not made by 'assess template'\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_sheet(cases[i].rows);
        char *got = load_errors();
        cr_expect_str_eq(got, cases[i].exp, "case %zu: got %s", i, got);
        free(got);
    }
}

Test(xlsxdoc, refuses_a_document_type_and_deep_nesting)
{
    static const char laughs[] =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
        "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>"
        "</sheetData></worksheet>";
    part p = {"xl/worksheets/sheet1.xml", laughs, 0, false};
    write_book(&p, 1);
    char *got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: damaged workbook: part 'xl/worksheets/sheet1.xml' "
                          "declares a document type, which workbooks never do\n");
    free(got);
    char deep[2000] = "<worksheet>";
    for (int i = 0; i < 70; i++)
        strcat(deep, "<x>");
    for (int i = 0; i < 70; i++)
        strcat(deep, "</x>");
    strcat(deep, "</worksheet>");
    p.text = deep;
    write_book(&p, 1);
    got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: damaged workbook: part 'xl/worksheets/sheet1.xml' "
                          "nests elements deeper than 64\n");
    free(got);
}

Test(xlsxdoc, reports_a_missing_sheet_part)
{
    part p = {"xl/_rels/workbook.xml.rels",
              "<Relationships><Relationship Id=\"rId1\" Type=\"" REL_TYPE
              "worksheet\" Target=\"worksheets/sheet9.xml\"/></Relationships>",
              0, false};
    write_book(&p, 1);
    char *got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: damaged workbook: part 'xl/worksheets/sheet9.xml' of "
                          "sheet 'Inputs' is missing\n");
    free(got);
}

/* ------------------------------------------------------------------ bounds */

/* text made of a head, n copies of unit, and a tail (malloc'd) */
static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    cr_assert_not_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * n, tail, tl + 1);
    return s;
}

Test(xlsxdoc, holds_every_bound_against_hostile_files)
{
    static const struct {
        char part[32];
        char head[96], unit[16], tail[64];
        size_t n;
        bool store;
        char exp[200];
    } cases[] = {
        /* 2 MiB of blanks pack into a few KiB */
        {"xl/worksheets/sheet1.xml", "<worksheet><sheetData>", " ", "</sheetData></worksheet>",
         2u << 20, false,
         "book.xlsx: error: part 'xl/worksheets/sheet1.xml' unpacks to more than 100 times its "
         "packed size: refused as a zip bomb\n"},
        {"xl/worksheets/sheet1.xml", "<worksheet><sheetData>", "<row><c/></row>",
         "</sheetData></worksheet>", AS_XLSX_MAX_CELLS + 1, true,
         "book.xlsx: error: sheet 'Inputs' has more than 200000 cells\n"},
        {"xl/worksheets/sheet1.xml",
         "<worksheet><sheetData><row r=\"1\"><c r=\"C1\" t=\"inlineStr\"><is><t>", "x",
         "</t></is></c></row></sheetData></worksheet>", AS_XLSX_MAX_TEXT + 1, true,
         "book.xlsx:Inputs!C1: error: text longer than 131072 bytes\n"},
        /* a cell naming string 1000000 needs a million and one */
        {"xl/worksheets/sheet1.xml",
         "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\">",
         "<v>1000000</v>", "</c></row></sheetData></worksheet>", 1, false,
         "book.xlsx:Inputs!C1: error: damaged workbook: the cell names shared string '1000000', "
         "more than the 1000000 a workbook may hold\n"},
        {"xl/worksheets/sheet1.xml", "<worksheet>", " ", "</worksheet>", AS_XLSX_MAX_PART_BYTES,
         true,
         "book.xlsx: error: part 'xl/worksheets/sheet1.xml' unpacks to 33554455 bytes, more "
         "than the 33554432 allowed\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = repeat(cases[i].head, cases[i].unit, cases[i].n, cases[i].tail);
        part p = {cases[i].part, text, 0, cases[i].store};
        write_book(&p, 1);
        char *got = load_errors();
        cr_expect_str_eq(got, cases[i].exp, "case %zu: got %s", i, got);
        free(got);
        free(text);
    }
}

Test(xlsxdoc, reads_a_workbook_from_memory_under_the_name_given)
{
    static const char not_zip[] = "plain text";
    as_arena *a = as_arena_new(0);
    as_ydoc y;
    as_diags d;
    as_diags_init(&d);
    cr_expect_eq(
        as_xlsxdoc_load_buffer(&y, "mem.xlsx", not_zip, sizeof not_zip - 1, &layout, a, &d), -1);
    char *got = joined_diags(&d);
    cr_expect_str_eq(got, "mem.xlsx: error: not an Excel workbook (.xlsx): the file is not a zip "
                          "archive\n");
    free(got);
    as_diags_release(&d);
    as_arena_free(a);
}

Test(xlsxdoc, tells_a_workbook_and_other_spreadsheets_by_their_names)
{
    static const struct {
        char path[32];
        bool xlsx, other;
    } cases[] = {
        {"a/110000.xlsx", true, false}, {"110000.XLSX", true, false}, {"110000.yaml", false, false},
        {".xlsx", false, false},        {"a.b/xlsx", false, false},   {"", false, false},
        {"x.xls", false, true},         {"x.XLSM", false, true},      {"x.xlsb", false, true},
        {"x.et", false, true},          {"x.ods", false, true},       {"d/640000.Csv", false, true},
        {"x.csv.yaml", false, false},   {"x.txt", false, false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_expect_eq(as_xlsxdoc_is_name(cases[i].path), cases[i].xlsx, "%s", cases[i].path);
        cr_expect_eq(as_xlsxdoc_is_other_name(cases[i].path), cases[i].other, "%s", cases[i].path);
    }
}

Test(xlsxdoc, refuses_other_spreadsheets_with_the_advice_to_save_them_as_xlsx)
{
    /* by name, whatever they hold: "CSV UTF-8" with its byte order mark */
    static const char csv[] = "\xEF\xBB\xBFsection.field,value\r\nenergy.coal,9959.3\r\n";
    static const char *const names[] = {"640000.csv", "640000.XLS", "640000.xlsm", "640000.et"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        FILE *f = fopen(names[i], "wb");
        cr_assert_not_null(f);
        fputs(csv, f);
        fclose(f);
        as_arena *a = as_arena_new(0);
        as_ydoc y;
        as_diags d;
        as_diags_init(&d);
        cr_expect_eq(as_xlsxdoc_load(&y, names[i], &layout, a, &d), -1);
        char *got = joined_diags(&d), exp[200];
        snprintf(exp, sizeof exp,
                 "%s: error: this is a %s file: save it in Excel or WPS as an Excel workbook "
                 "(*.xlsx)\n",
                 names[i], strchr(names[i], '.'));
        cr_expect_str_eq(got, exp);
        free(got);
        as_diags_release(&d);
        as_arena_free(a);
        unlink(names[i]);
    }
    /* by its bytes: an OpenDocument spreadsheet named .xlsx */
    part p[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0, true},
                {"content.xml", "<office:document-content/>", 0, false},
                {"_rels/.rels", NULL, 0, false},
                {"xl/workbook.xml", NULL, 0, false}};
    write_book(p, 4);
    char *got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: this is a .ods file: save it in Excel or WPS as an "
                          "Excel workbook (*.xlsx)\n");
    free(got);
}

Test(xlsxdoc, tells_a_workbook_by_its_first_bytes)
{
    static const struct {
        char bytes[16];
        size_t n;
        bool exp;
    } cases[] = {{"PK\x03\x04rest", 8, true},
                 {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, true},
                 {"PK\x03\x04", 4, false}, /* shorter than any workbook */
                 {"province: x\n", 12, false},
                 {"\xEF\xBB\xBF"
                  "a,b\r\n",
                  8, false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_raw(cases[i].bytes, cases[i].n);
        cr_expect_eq(as_xlsxdoc_is_content(BOOK), cases[i].exp, "case %zu", i);
    }
    cr_expect_not(as_xlsxdoc_is_content("no-such-file"));
    cr_expect_not(as_xlsxdoc_is_content("."), "a folder");
}

/* ------------------------------------------------------------------ hostile books */

/* Load BOOK, which must succeed with exp_pairs fields in under one second of
 * CPU (what names the case in messages). */
static void expect_quick_load(size_t exp_pairs, const char *what)
{
    as_arena *a = as_arena_new(0);
    as_ydoc y;
    as_diags d;
    as_diags_init(&d);
    double t0 = cpu_seconds();
    int rc = as_xlsxdoc_load(&y, BOOK, &layout, a, &d);
    double cpu = cpu_seconds() - t0;
    size_t pairs = 0;
    if (rc == 0) {
        yaml_node_t *root = as_ydoc_root(&y);
        for (yaml_node_pair_t *s = root->data.mapping.pairs.start; s < root->data.mapping.pairs.top;
             s++) {
            yaml_node_t *sec = as_ydoc_node(&y, s->value);
            pairs += (size_t)(sec->data.mapping.pairs.top - sec->data.mapping.pairs.start);
        }
        as_ydoc_release(&y);
    }
    char *msgs = joined_diags(&d);
    cr_expect_eq(rc, 0, "%s: %s", what, msgs);
    cr_expect_eq(pairs, exp_pairs, "%s", what);
    cr_expect_lt(cpu, 1.0, "%s took %.2f s of CPU", what, cpu);
    free(msgs);
    as_diags_release(&d);
    as_arena_free(a);
}

Test(xlsxdoc, cleans_a_shared_string_once_however_many_cells_name_it)
{
    /* string 0: a key padded to 131,072 bytes with blanks at both ends;
     * 1,000 rows name it in the key and in the value column */
    char *pad = repeat("", " ", 65536, ""), *tail = repeat("", "\t", 65533, "");
    char *sst = xprintf("<sst><si><t xml:space=\"preserve\">%ss.k%s</t></si></sst>", pad, tail);
    char *rows =
        repeat("", "<row><c t=\"s\"><v>0</v></c><c/><c t=\"s\"><v>0</v></c></row>", 1000, "");
    char *sheet = xprintf("<worksheet><sheetData>%s</sheetData></worksheet>", rows);
    part p[] = {{"xl/sharedStrings.xml", sst, 0, false},
                {"xl/worksheets/sheet1.xml", sheet, 0, false}};
    write_book(p, 2);
    expect_quick_load(1000, "1,000 cells naming a 131,072-byte string");
    free(sheet);
    free(rows);
    free(sst);
    free(tail);
    free(pad);
}

Test(xlsxdoc, trims_blanks_of_inline_strings_in_one_pass)
{
    /* 40 inline strings of 131,064 bytes of blanks (ideographic spaces, no-break
     * spaces and tabs) around one character, stored unpacked */
    char *blank = repeat("", "\xE3\x80\x80\xC2\xA0\t", 10922, "");
    char *cell = xprintf("<row><c t=\"inlineStr\"><is><t>s.k</t></is></c><c/>"
                         "<c t=\"inlineStr\"><is><t>%s7%s</t></is></c></row>",
                         blank, blank);
    char *rows = repeat("", cell, 40, "");
    char *sheet = xprintf("<worksheet><sheetData>%s</sheetData></worksheet>", rows);
    part p = {"xl/worksheets/sheet1.xml", sheet, 0, true};
    write_book(&p, 1);
    expect_quick_load(40, "40 cells of 131,064 bytes of blanks");
    free(sheet);
    free(rows);
    free(cell);
    free(blank);
}

/* n letters that do not repeat in any way a packer could use (malloc'd). */
static char *noise(size_t n)
{
    char *s = malloc(n + 1);
    cr_assert_not_null(s);
    unsigned long x = 88172645463325252ul;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        s[i] = (char)('a' + x % 26);
    }
    s[n] = '\0';
    return s;
}

Test(xlsxdoc, scans_a_token_of_16_mib_once)
{
    static const char *const shapes[] = {
        "<worksheet><sheetPr codeName=\"%s\"/><sheetData>%s</sheetData></worksheet>",
        "<worksheet><!--%s--><sheetData>%s</sheetData></worksheet>",
    };
    char *big = noise(16u << 20);
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        char *sheet = xprintf(shapes[i], big,
                              "<row><c t=\"inlineStr\"><is><t>s.k</t></is></c><c/><c><v>7</v></c>"
                              "</row>");
#pragma GCC diagnostic pop
        part p = {"xl/worksheets/sheet1.xml", sheet, 0, true};
        write_book(&p, 1);
        expect_quick_load(1, i ? "a comment of 16 MiB" : "an attribute of 16 MiB");
        free(sheet);
    }
    free(big);
}

/* Change the first occurrence (every: each) of from in BOOK's bytes to to,
 * of the same length; from must be there. */
static void patch_book(const char *from, const char *to, bool every)
{
    FILE *f = fopen(BOOK, "r+b");
    cr_assert_not_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f), k = strlen(from), found = 0;
    for (char *at = buf; (at = memmem(at, n - (size_t)(at - buf), from, k)) && (every || !found);
         at += k, found++) {
        cr_assert_eq(fseek(f, at - buf, SEEK_SET), 0);
        cr_assert_eq(fwrite(to, 1, k, f), k);
    }
    cr_assert_gt(found, 0, "'%s' is not in the file", from);
    fclose(f);
}

Test(xlsxdoc, refuses_a_stored_part_changed_after_its_checksum)
{
    /* the figure is read before the end of the part: only its CRC, checked
     * once the part is read to its end, tells the change */
    part p = {"xl/worksheets/sheet1.xml",
              "<worksheet><sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>energy.coal"
              "</t></is></c><c r=\"C2\"><v>1000.5</v></c></row></sheetData>"
              "<pageMargins left=\"0.7\"/></worksheet>",
              0, true};
    write_book(&p, 1);
    char *got = load_dump();
    cr_expect_str_eq(got,
                     "energy.coal = '1000.5' at book.xlsx:Inputs!C2 (key book.xlsx:Inputs!A2)\n");
    free(got);
    patch_book("<v>1000.5</v>", "<v>9000.5</v>", false);
    got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: damaged workbook: part 'xl/worksheets/sheet1.xml' "
                          "does not match its checksum (CRC): copy or send the file again\n");
    free(got);
}

Test(xlsxdoc, refuses_two_parts_of_one_name_also_without_regard_to_case)
{
    static const char other[] = "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>energy.coal"
                                "</t></is></c><c/><c><v>1.0</v></c></row></sheetData></worksheet>";
    part p[] = {{"XL/worksheets/sheet1.xml", other, 0, false},
                {"xl/worksheets/sheet1.xml",
                 "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>energy.coal</t></is></c>"
                 "<c/><c><v>9959.3</v></c></row></sheetData></worksheet>",
                 0, false}};
    write_book(p, 2);
    char *got = load_errors();
    cr_expect_str_eq(got,
                     "book.xlsx: error: damaged workbook: parts 'XL/worksheets/sheet1.xml' and "
                     "'xl/worksheets/sheet1.xml' have one name (part names do not differ by "
                     "case only): other programs may read the other one\n");
    free(got);
    /* the same name twice: libzip writes no such file, so one is renamed after */
    p[0].name = "xl/worksheets/sheetX.xml";
    write_book(p, 2);
    patch_book("sheetX.xml", "sheet1.xml", true);
    got = load_errors();
    cr_expect_str_eq(got, "book.xlsx: error: damaged workbook: part 'xl/worksheets/sheet1.xml' is "
                          "stored twice: other programs may read the other copy\n");
    free(got);
}

Test(xlsxdoc, bounds_the_text_kept_when_many_cells_name_one_long_string)
{
    /* 131,072 bytes named by the value cell of 200 rows: 26 MB kept without
     * the bound; refused at the row that passes 16 MiB (128 x 131,075) */
    char *text = noise(AS_XLSX_MAX_TEXT);
    char *sst = xprintf("<sst><si><t>%s</t></si></sst>", text);
    char *rows = repeat("",
                        "<row><c t=\"inlineStr\"><is><t>s.k</t></is></c><c/><c t=\"s\"><v>0</v></c>"
                        "</row>",
                        200, "");
    char *sheet = xprintf("<worksheet><sheetData>%s</sheetData></worksheet>", rows);
    part p[] = {{"xl/sharedStrings.xml", sst, 0, false},
                {"xl/worksheets/sheet1.xml", sheet, 0, false}};
    write_book(p, 2);
    char *got = load_errors();
    cr_expect_str_eq(got, "book.xlsx:Inputs!C128: error: the keys and values up to this row hold "
                          "more than 16777216 bytes of text: far more than a submission\n");
    free(got);
    free(sheet);
    free(rows);
    free(sst);
    free(text);
}

Test(xlsxdoc, names_the_cell_of_a_shared_string_index_no_workbook_holds)
{
    write_sheet("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"C2\" t=\"s\"><v>-1</v></c>"
                "</row><row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c>"
                "<c r=\"C3\" t=\"s\"><v>18446744073709551617</v></c></row>"
                "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>energy.oil</t></is></c>"
                "<c r=\"C4\" t=\"s\"><v> 4</v></c></row>");
    char *got = load_errors();
    cr_expect_str_eq(got,
                     "book.xlsx:Inputs!C2: error: damaged workbook: the cell names shared string "
                     "'-1', which is missing\n"
                     "book.xlsx:Inputs!C3: error: damaged workbook: the cell names shared string "
                     "'18446744073709551617', more than the 1000000 a workbook may hold\n"
                     "book.xlsx:Inputs!C4: error: damaged workbook: the cell names shared string "
                     "' 4', which is missing\n",
                     "got:\n%s", got);
    free(got);
}

Test(xlsxdoc, refuses_a_second_sheet_named_like_the_input_sheet)
{
    static const struct {
        char second[16];
        char exp[240];
    } cases[] = {
        {"Inputs",
         "book.xlsx: error: damaged workbook: 2 sheets are named 'Inputs' (sheet names do "
         "not differ by case only): other programs may show another one; keep only the "
         "template's\n"},
        {"INPUTS",
         "book.xlsx: error: damaged workbook: 2 sheets are named 'Inputs' (sheet names do "
         "not differ by case only): other programs may show another one; keep only the "
         "template's\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *book = xprintf("<workbook xmlns:r=\"" REL_TYPE "\"><sheets>"
                             "<sheet name=\"Inputs\" sheetId=\"1\" r:id=\"rId1\"/>"
                             "<sheet name=\"%s\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>",
                             cases[i].second);
        part p[] = {{"xl/workbook.xml", book, 0, false},
                    {"xl/worksheets/sheet1.xml",
                     "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>a.b</t></is></c>"
                     "</row></sheetData></worksheet>",
                     0, false}};
        write_book(p, 2);
        char *got = load_errors();
        cr_expect_str_eq(got, cases[i].exp, "case %zu: got %s", i, got);
        free(got);
        free(book);
    }
}

/* ------------------------------------------------------------------ formats, properties */

Test(xlsxdoc, tells_a_date_format_from_a_number_format)
{
    static const struct {
        long id;
        char code[48];
        bool date;
    } cases[] = {
        {14, "", true},
        {22, "", true},
        {31, "", true},
        {57, "", true},
        {46, "", true},
        {0, "", false},
        {2, "", false},
        {11, "", false},
        {49, "", false},
        {164, "d-mmm", true},
        {164, "yyyy\"年\"m\"月\"d\"日\"", true},
        {164, "[$-804]m\"月\"d\"日\"", true},
        {164, "h:mm AM/PM", true},
        {164, "[h]:mm", true},
        {164, "General", false},
        {164, "0.00E+00", false},
        {164, "#,##0.00_);[Red](#,##0.00)", false},
        {164, "0.0 \"万吨\"", false},
        {164, "\"day\" 0", false},
        {164, "0\\d", false},
        {164, "@", false},
        {164, "[Red]0.00", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(as_xlsxdoc_date_format(cases[i].id, cases[i].code[0] ? cases[i].code : NULL),
                     cases[i].date, "id %ld, '%s'", cases[i].id, cases[i].code);
}

/* A workbook whose styles.xml defines a date format (164) and a number one
 * (165), cell formats 0 General, 1 164, 2 built-in 14, 3 165 (and a date
 * among the cell styles, which cells do not use), and whose custom
 * properties say where `assess template` made it. */
static void write_styled_book(void)
{
    part p[] = {
        {"_rels/.rels",
         "<Relationships xmlns=\"" NS "/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "officeDocument\" Target=\"xl/workbook.xml\"/>"
         "<Relationship Id=\"rId4\" Type=\"" REL_TYPE "custom-properties\" "
         "Target=\"docProps/custom.xml\"/></Relationships>",
         0, false},
        {"docProps/custom.xml",
         "<Properties xmlns:vt=\"x\"><property name=\"year\"><vt:i4>2026</vt:i4></property>"
         "<property name=\"rule set\"><vt:lpwstr>cn-x</vt:lpwstr></property></Properties>",
         0, false},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships xmlns=\"" NS "/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" REL_TYPE
         "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
         "<Relationship Id=\"rId5\" Type=\"" REL_TYPE "styles\" Target=\"styles.xml\"/>"
         "</Relationships>",
         0, false},
        {"xl/styles.xml",
         "<styleSheet><numFmts><numFmt numFmtId=\"164\" "
         "formatCode=\"m&quot;月&quot;d&quot;日&quot;\"/>"
         "<numFmt numFmtId=\"165\" formatCode=\"0.000\"/></numFmts>"
         "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs><xf numFmtId=\"0\"/>"
         "<xf numFmtId=\"164\"/><xf numFmtId=\"14\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>",
         0, false},
        {"xl/worksheets/sheet1.xml",
         "<worksheet><sheetData>"
         "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>s.custom</t></is></c>"
         "<c r=\"C2\" s=\"1\"><v>46242</v></c></row>"
         "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>s.builtin</t></is></c>"
         "<c r=\"C3\" s=\"2\"><v>46242</v></c></row>"
         "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>s.number</t></is></c>"
         "<c r=\"C4\" s=\"3\"><v>12.5</v></c></row>"
         "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>s.general</t></is></c>"
         "<c r=\"C5\"><v>12.5</v></c></row>"
         "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>s.text</t></is></c>"
         "<c r=\"C6\" s=\"1\" t=\"inlineStr\"><is><t>8-8</t></is></c></row>"
         "<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>s.unknown</t></is></c>"
         "<c r=\"C7\" s=\"99\"><v>3</v></c></row></sheetData></worksheet>",
         0, false},
    };
    write_book(p, sizeof p / sizeof p[0]);
}

Test(xlsxdoc, marks_a_number_its_cell_shows_as_a_date_and_keeps_the_custom_properties)
{
    static const char *const dates[] = {"custom", "builtin"};
    static const char *const numbers[] = {"number", "general", "text", "unknown"};
    write_styled_book();
    as_arena *a = as_arena_new(0);
    as_ydoc y;
    as_diags d;
    as_diags_init(&d);
    cr_assert_eq(as_xlsxdoc_load(&y, BOOK, &layout, a, &d), 0);
    yaml_node_t *s = as_ydoc_get(&y, as_ydoc_root(&y), "s");
    for (size_t i = 0; i < 2; i++)
        cr_expect(as_ydoc_is_date(as_ydoc_get(&y, s, dates[i])), "%s", dates[i]);
    for (size_t i = 0; i < 4; i++)
        cr_expect_not(as_ydoc_is_date(as_ydoc_get(&y, s, numbers[i])), "%s", numbers[i]);
    cr_expect_str_eq(as_ydoc_property(&y, "year"), "2026");
    cr_expect_str_eq(as_ydoc_property(&y, "rule set"), "cn-x");
    cr_expect_null(as_ydoc_property(&y, "province"));
    as_ydoc_release(&y);
    as_diags_release(&d);
    as_arena_free(a);
}

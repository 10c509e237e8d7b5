/* test_diag: how a diagnostic names its place: a line and column of a text
 * file, a whole file, a cell of a workbook's sheet, a whole sheet; column
 * names; dropping the diagnostics of one file; severities (only errors are
 * counted as failing), translations kept beside the English text, and
 * control characters of quoted text shown escaped.  Not
 * tested here: who adds which message (each loader's tests). */
#define _GNU_SOURCE /* asprintf */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/diag.h"

#include "support.h"

Test(diag, names_a_text_file_a_line_a_sheet_and_a_cell)
{
    static const struct {
        as_loc loc;
        char exp[64];
    } cases[] = {
        {{"rules/2026.yaml", 12, 5, NULL}, "rules/2026.yaml:12:5: error: m"},
        {{"rules/2026.yaml", 0, 0, NULL}, "rules/2026.yaml: error: m"},
        {{"b.xlsx", 12, 4, "填报 Inputs"}, "b.xlsx:填报 Inputs!D12: error: m"},
        {{"b.xlsx", 1, 27, "S"}, "b.xlsx:S!AA1: error: m"},
        {{"b.xlsx", 0, 0, "填报 Inputs"}, "b.xlsx:填报 Inputs: error: m"},
        {{NULL, 0, 0, NULL}, "assess: error: m"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        as_diags d;
        as_diags_init(&d);
        as_diags_add(&d, cases[i].loc, "m");
        char *got = as_diag_format(&d.items[0]);
        cr_expect_str_eq(got, cases[i].exp, "exp '%s' got '%s'", cases[i].exp, got);
        free(got);
        as_diags_release(&d);
    }
}

Test(diag, names_columns_as_a_spreadsheet_does)
{
    static const struct {
        int col;
        char exp[8];
    } cases[] = {{1, "A"},   {4, "D"},     {26, "Z"},      {27, "AA"},
                 {52, "AZ"}, {703, "AAA"}, {16384, "XFD"}, {0, ""}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[8];
        as_loc_col_name(cases[i].col, got);
        cr_expect_str_eq(got, cases[i].exp, "column %d: exp '%s' got '%s'", cases[i].col,
                         cases[i].exp, got);
    }
}

Test(diag, keeps_its_own_copy_of_the_file_and_sheet_names)
{
    char file[] = "a.xlsx", sheet[] = "Inputs";
    as_diags d;
    as_diags_init(&d);
    as_diags_add(&d, as_loc_cell(file, sheet, 3, 2), "bad");
    file[0] = sheet[0] = 'x';
    char *got = joined_diags(&d);
    cr_expect_str_eq(got, "a.xlsx:Inputs!B3: error: bad\n");
    free(got);
    as_diags_release(&d);
}

Test(diag, drops_the_diagnostics_of_one_file_only)
{
    as_diags d;
    as_diags_init(&d);
    as_diags_add(&d, as_loc_make("a.yaml", 1, 1), "one");
    as_diags_add(&d, as_loc_cell("a.xlsx", "S", 1, 1), "two");
    as_diags_add(&d, as_loc_make("a.yaml", 0, 0), "three");
    as_diags_add(&d, as_loc_make("b.yaml", 2, 2), "four");
    as_diags_drop_file(&d, "a.yaml");
    char *got = joined_diags(&d);
    cr_expect_str_eq(got, "a.xlsx:S!A1: error: two\nb.yaml:2:2: error: four\n");
    free(got);
    as_diags_release(&d);
}

Test(diag, counts_only_errors_as_what_fails_a_file)
{
    as_diags d;
    as_diags_init(&d);
    as_diags_note(&d, as_loc_make("a.yaml", 1, 2), "read as %d", 5);
    as_diags_warn(&d, as_loc_make("a.yaml", 3, 4), "left out");
    cr_expect_eq(as_diags_count(&d), 0, "a note and a warning fail nothing");
    cr_expect_eq(as_diags_total(&d), 2);
    as_diags_add(&d, as_loc_make("a.yaml", 5, 6), "bad");
    cr_expect_eq(as_diags_count(&d), 1);
    char *got = joined_diags(&d);
    cr_expect_str_eq(got, "a.yaml:1:2: note: read as 5\n"
                          "a.yaml:3:4: warning: left out\n"
                          "a.yaml:5:6: error: bad\n");
    free(got);
    got = joined_errors(&d);
    cr_expect_str_eq(got, "a.yaml:5:6: error: bad\n");
    free(got);
    as_diags_drop_file(&d, "a.yaml");
    cr_expect_eq(as_diags_count(&d), 0, "dropping a file drops its errors from the count");
    as_diags_release(&d);
}

Test(diag, counts_dropped_errors_apart_from_dropped_warnings)
{
    as_diags d;
    as_diags_init(&d);
    d.max = 1;
    as_diags_warn(&d, as_loc_make("a", 1, 1), "kept");
    as_diags_warn(&d, as_loc_make("a", 2, 1), "dropped");
    as_diags_add(&d, as_loc_make("a", 3, 1), "dropped too");
    cr_expect_eq(d.n, 1);
    cr_expect_eq(d.dropped, 2);
    cr_expect_eq(as_diags_count(&d), 1, "the dropped error still fails the file");
    as_diags moved;
    as_diags_init(&moved);
    as_diags_move(&moved, &d);
    cr_expect_eq(as_diags_count(&moved), 1);
    cr_expect_eq(as_diags_total(&moved), 3);
    as_diags_release(&moved);
}

Test(diag, keeps_a_translation_only_when_it_differs)
{
    as_diags d;
    as_diags_init(&d);
    as_diags_add_text(&d, AS_SEV_WARNING, as_loc_make("a", 1, 1), (as_text){"same", "same"});
    as_diags_add_text(&d, AS_SEV_ERROR, as_loc_make("a", 2, 1), (as_text){"english", "中文"});
    as_diags_add_text(&d, AS_SEV_NOTE, as_loc_make("a", 3, 1), (as_text){"none", NULL});
    cr_expect_null(d.items[0].text.tr);
    cr_expect_str_eq(d.items[1].text.tr, "中文");
    cr_expect_null(d.items[2].text.tr);
    cr_expect_eq(d.items[1].sev, AS_SEV_ERROR);
    as_diags copy;
    as_diags_init(&copy);
    as_diags_copy(&copy, &d.items[1]);
    cr_expect_str_eq(copy.items[0].text.en, "english");
    cr_expect_str_eq(copy.items[0].text.tr, "中文");
    cr_expect_eq(as_diags_count(&copy), 1);
    /* without a catalogue (as in every unit test) nothing is translated */
    as_diags_add_word(&copy, as_loc_make("a", 4, 1), "'%s' must be a list, got %s", "x", "text");
    cr_expect_str_eq(copy.items[1].text.en, "'x' must be a list, got text");
    cr_expect_null(copy.items[1].text.tr);
    as_diags_release(&copy);
    as_diags_release(&d);
}

Test(diag, shows_control_characters_of_quoted_text_escaped_in_every_message)
{
    /* an OOXML or YAML escape turned into ESC, BEL, a C1 CSI (U+009B) and a
     * newline; text around them and other characters (中, a backslash) stay */
    static const char raw[] = "1\x1b]0;PWNED\a\x1b[2J\xC2\x9B\n中\\";
    static const char shown[] = "1\\x1b]0;PWNED\\x07\\x1b[2J\\u009b\\x0a中\\";
    as_diags d;
    as_diags_init(&d);
    as_diags_add(&d, as_loc_make("a\x1b.yaml", 3, 4), "got '%s'", raw);
    as_diags_warn(&d, as_loc_cell("b.xlsx", "S\x07", 2, 4), "got '%s'", raw);
    as_diags_add_text(&d, AS_SEV_NOTE, as_loc_make("c.yaml", 0, 0), (as_text){raw, "得到 \x1b[2J"});
    as_diags_add_word(&d, as_loc_make("d.yaml", 0, 0), "'%s' is %s", raw, "a list");
    char *got = joined_diags(&d);
    char *exp = NULL;
    cr_assert_geq(asprintf(&exp,
                           "a\\x1b.yaml:3:4: error: got '%s'\n"
                           "b.xlsx:S\\x07!D2: warning: got '%s'\n"
                           "c.yaml: note: %s\n"
                           "d.yaml: error: '%s' is a list\n",
                           shown, shown, shown, shown),
                  0);
    cr_expect_str_eq(got, exp);
    cr_expect_str_eq(d.items[2].text.tr, "得到 \\x1b[2J", "the translation too");
    free(exp);
    free(got);
    as_diags_release(&d);
}

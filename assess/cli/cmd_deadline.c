/* cmd_deadline: `assess deadline DATE`, the rectification deadline N working
 * days after a notification date, from the working-day calendar in
 * data/calendar.  Prints the date on stdout and the rule and calendar years
 * used on stderr (or on stdout with --explain); never guesses a year. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/bundle.h"
#include "base/suggest.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/calendar.h"

static const char usage_text[] =
    N_("usage: assess deadline DATE [--days N] [--allow-provisional] [--calendar DIR] [--explain]\n"
       "                            [--lang zh|en|both]\n"
       "\n"
       "Prints the deadline N working days after the notification date DATE (YYYY-MM-DD) as\n"
       "YYYY-MM-DD on its own line.  The notification day is not counted (Civil Code art. 201);\n"
       "working days are Monday to Friday except days off, plus weekend make-up working days.\n"
       "The rule and the calendar years used are printed on stderr, in the language of\n"
       "--lang or the locale.  The date line is the same in every language.\n"
       "\n"
       "options:\n"
       "  --days N             working days to count, N >= 0 (default 30)\n"
       "  --allow-provisional  accept a count that reaches a year whose official schedule is not\n"
       "                       published yet; the line then reads 'YYYY-MM-DD provisional'\n"
       "  --calendar DIR       calendar files (default data/calendar in the current directory,\n"
       "                       else the one installed with assess)\n"
       "  --explain            print the rule and the calendar years used, in English and\n"
       "                       Chinese, on stdout after the date line instead of on stderr\n"
       "  --lang L             language of messages: zh, en or both (default: the locale)\n"
       "  -h, --help           show this help\n"
       "\n"
       "exit codes: 0 success; 1 the calendar is invalid, or the count reaches a year without an\n"
       "official schedule (provisional without --allow-provisional); 2 usage error\n");

typedef struct {
    const char *date;     /* DATE as typed */
    long days;            /* N */
    bool allow;           /* --allow-provisional */
    bool explain;         /* --explain */
    const char *calendar; /* --calendar DIR, NULL for the default */
} options;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    bool zh[2];
    size_t nl = as_cli_langs(zh);
    for (size_t l = 0; l < nl; l++) {
        fputs(as_cli_tr(zh[l], "assess deadline: error: "), stderr);
        va_start(ap, fmt);
        vfprintf(stderr, as_cli_tr(zh[l], fmt), ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    for (size_t l = 0; l < nl; l++) /* the usage line in each language, as the error */
        fputs(as_cli_tr(zh[l], "usage: assess deadline DATE [--days N] [--allow-provisional] "
                               "[--calendar DIR] [--explain] [--lang zh|en|both]\n"),
              stderr);
    return AS_EXIT_USAGE;
}

static int parse_days(const char *s, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno == ERANGE || v < 0 || v > 100000 || (*s < '0' || *s > '9'))
        return -1;
    *out = v;
    return 0;
}

/* The value of an option given as "--name VALUE" or "--name=VALUE"; NULL if
 * argv[*i] is not that option.  Sets *missing when the value is absent. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* An unknown option, with the one it probably is (--dyas: --days). */
static int unknown_option(const char *a)
{
    static const char *const known[] = {"--days",    "--calendar", "--allow-provisional",
                                        "--explain", "--lang",     "--help"};
    char near[200];
    if (as_suggest(a, known, sizeof known / sizeof known[0], near, sizeof near))
        return usage_error("unknown option '%s': did you mean %s?", a, near);
    return usage_error("unknown option '%s'", a);
}

/* Parse one argument at argv[*i]; returns 0, or an exit code after printing. */
static int parse_arg(int argc, char **argv, int *i, options *o)
{
    const char *a = argv[*i], *v;
    bool missing = false;
    if (!strcmp(a, "--allow-provisional"))
        o->allow = true;
    else if (!strcmp(a, "--explain"))
        o->explain = true;
    else if ((v = option_value(argc, argv, i, "--days", &missing))) {
        if (parse_days(v, &o->days) != 0)
            return usage_error("--days needs a whole number from 0 to 100000, got '%s'", v);
    } else if ((v = option_value(argc, argv, i, "--calendar", &missing)))
        o->calendar = v;
    else if ((v = option_value(argc, argv, i, "--lang", &missing))) {
        as_lang l;
        if (as_lang_parse(v, &l) != 0)
            return usage_error("--lang takes zh, en or both, got '%s'", v);
    } else if (missing)
        return usage_error("option '%s' needs a value", a);
    else if (a[0] == '-' && a[1] != '\0')
        return unknown_option(a);
    else if (o->date)
        return usage_error("more than one DATE given: '%s'", a);
    else
        o->date = a;
    return 0;
}

static int parse_options(int argc, char **argv, options *o)
{
    o->days = 30;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(_(usage_text), stdout);
            return -1;
        }
        int rc = parse_arg(argc, argv, &i, o);
        if (rc != 0)
            return rc;
    }
    if (!o->date)
        return usage_error("missing DATE (the notification date, YYYY-MM-DD)");
    return 0;
}

static const char *calendar_dir(const options *o)
{
    if (o->calendar)
        return as_bundle_path(o->calendar);
    return as_cli_default("deadline", "data/calendar", "--calendar DIR");
}

static void print_result(const as_calendar *c, const as_deadline *dl, bool explain)
{
    char buf[11];
    printf("%s%s\n", as_date_format(dl->date, buf), dl->provisional ? " provisional" : "");
    char *en = as_calendar_explain(c, dl, AS_CAL_EN);
    char *zh = as_calendar_explain(c, dl, AS_CAL_ZH);
    as_lang l = as_cli_language();
    if (explain) /* both, as documented */
        printf("%s\n%s\n", en ? en : "", zh ? zh : "");
    else {
        if (l != AS_LANG_EN && zh)
            fprintf(stderr, "%s\n", zh);
        if (l != AS_LANG_ZH && en)
            fprintf(stderr, "%s\n", en);
    }
    free(en);
    free(zh);
}

/* True if the count fails only because it reaches a provisional year. */
static bool provisional_would_do(const as_calendar *c, as_date notified, int days)
{
    as_diags quiet;
    as_deadline dl;
    as_diags_init(&quiet);
    bool ok = as_calendar_deadline(c, notified, days, true, &dl, &quiet) == 0;
    as_diags_release(&quiet);
    return ok;
}

int as_cmd_deadline(int argc, char **argv)
{
    options o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? AS_EXIT_OK : rc;
    as_date notified;
    if (as_date_parse(o.date, &notified) != 0)
        return usage_error("DATE must be a real day written YYYY-MM-DD, got '%s'", o.date);
    as_diags d;
    as_diags_init(&d);
    as_calendar *c = NULL;
    as_deadline dl;
    rc = AS_EXIT_INVALID;
    const char *cal = calendar_dir(&o);
    if (!cal)
        return AS_EXIT_INVALID;
    if (as_calendar_load(cal, &c, &d) == 0 &&
        as_calendar_deadline(c, notified, (int)o.days, o.allow, &dl, &d) == 0) {
        print_result(c, &dl, o.explain);
        rc = AS_EXIT_OK;
    }
    as_cli_print_diags(&d);
    if (c && rc != AS_EXIT_OK && !o.allow && provisional_would_do(c, notified, (int)o.days))
        as_cli_printf(stderr, "assess deadline: hint: --allow-provisional accepts a date counted "
                              "on a provisional calendar, labelled 'provisional'\n");
    as_diags_release(&d);
    as_calendar_free(c);
    return rc;
}

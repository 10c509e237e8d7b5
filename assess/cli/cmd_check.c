/* cmd_check: `assess check FILE...`: a province's self-check of a submission
 * before it is sent: the file's mistakes and what to write instead, the
 * rules' plausibility checks, every indicator's value, target, verdict and
 * margin in the indicator's unit, and what it would take (the break-even
 * value of each input).  It first names the data set, targets and
 * previous-year figures it judges against; it takes them from the data set
 * the file lies in, from --data, or from --targets and --previous, and never
 * judges a real submission against the illustrative sample.  Verified
 * figures and findings are not applied: this is what the province reports. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/breakeven.h"
#include "cli/check_out.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/dataset.h"
#include "engine/decimal.h"
#include "engine/eval.h"
#include "engine/rules.h"

static const char usage_text[] =
    N_("usage: assess check FILE... [--data DIR | --targets FILE... --previous FILE...]\n"
       "                            [--rules FILE] [--json FILE|-] [--no-what-if]\n"
       "                            [--lang zh|en|both]\n\n"
       "Self-check of a submission before it is sent: a YAML file or a workbook made by\n"
       "'assess template --xlsx'.  It reports the file's mistakes with what to write\n"
       "instead (a mistyped field with the names it may mean, a number with a unit or\n"
       "a percent sign, a full-width colon, a tab, a file not saved as UTF-8, inputs\n"
       "left out), the rules' plausibility checks (a part larger than its whole, a\n"
       "change from the previous year beyond its bound, a likely unit slip), then every\n"
       "indicator's value, target, status and margin (positive = on the met side, in\n"
       "the indicator's unit: percentage points for shares and rates) as the check's\n"
       "rounding rule and judgement method of GB/T 8170-2008 compare them, and what it\n"
       "would take: for every check, met or missed, the value of each input it reads\n"
       "at which its verdict would flip, the other figures as reported.  A check with\n"
       "a five-year-plan target also shows where the province is heading: the rate\n"
       "still required each year and the projection of the plan's final year.\n\n"
       "It first names what it judges against: the targets and the previous years'\n"
       "figures come from the data set the file lies in (DIR/submissions/<year>/FILE\n"
       "with DIR/dataset.yaml; the file's province and year must then match its name\n"
       "and folder), from --data DIR, or from --targets and --previous.  A file that\n"
       "lies in no data set is checked against the bundled illustrative sample only\n"
       "when it says 'illustrative: true'; otherwise name its data set.\n\n"
       "  --data DIR        data set with the approved targets and earlier years\n"
       "  --targets FILE    an approved-targets file (as in DIR/targets/); repeat for more\n"
       "  --previous FILE   an earlier year's submission of the province (its header says\n"
       "                    which year); repeat for more\n"
       "  --rules FILE      rule file (default: rules/2026.yaml)\n"
       "  --json FILE|-     also write the results as JSON (- = stdout, the report then on\n"
       "                    stderr); see docs/json.md\n"
       "  --no-what-if      leave out what it would take (quicker for many files)\n"
       "  --lang L          language of what is printed: zh, en or both (default: the\n"
       "                    locale)\n\n"
       "exit: 0 checked (whatever the verdicts; warnings and notes do not count),\n"
       "      1 a file, the rules or the data have errors, 2 usage (also: nothing to\n"
       "      judge a file against)\n");

typedef struct {
    const char *rules;
    const char *data;
    const char **targets, **previous, **files;
    size_t ntargets, nprevious, nfiles;
    const char *json;
    bool no_what_if;
} options;

/* ------------------------------------------------------------ where the data come from */

/* DIR from DIR/submissions/<year>/<file>, or NULL. */
static const char *infer_data_dir(const char *file, char *buf, size_t n)
{
    snprintf(buf, n, "%s", file);
    for (int i = 0; i < 2; i++) {
        char *slash = strrchr(buf, '/');
        if (!slash)
            return NULL;
        *slash = '\0';
    }
    char *slash = strrchr(buf, '/');
    const char *last = slash ? slash + 1 : buf;
    if (strcmp(last, "submissions") != 0)
        return NULL;
    if (!slash)
        return ".";
    *slash = '\0';
    return buf;
}

/* The data set folder the file lies in (holding dataset.yaml), or NULL. */
static const char *folder_of(const char *file)
{
    char buf[4096], probe[4200];
    const char *dir = infer_data_dir(file, buf, sizeof buf);
    if (!dir)
        return NULL;
    snprintf(probe, sizeof probe, "%s/dataset.yaml", dir);
    struct stat st;
    return stat(probe, &st) == 0 ? as_cli_keep(dir) : NULL;
}

/* In DIR/submissions/<year>/<code>.<ext>, the province and year the file must
 * state, as the data set would require. */
static void infer_expected(const char *file, char *code, size_t n, long *year)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", file);
    char *base = strrchr(buf, '/'), *dot = base ? strrchr(base, '.') : NULL;
    code[0] = '\0';
    *year = 0;
    if (!base || !dot || dot - base != 7 || strspn(base + 1, "0123456789") != 6)
        return;
    *base = '\0';
    char *ydir = strrchr(buf, '/');
    if (as_cli_parse_int(ydir ? ydir + 1 : buf, 1900, 2200, year) != 0) {
        *year = 0;
        return;
    }
    snprintf(code, n, "%.6s", base + 1);
}

/* A data set, loaded once for every file judged against it. */
typedef struct {
    as_check_source kind;
    const char *dir; /* the folder (not AS_SOURCE_FILES) */
    int year;        /* the assessment year it was loaded for */
    as_dataset *ds;  /* NULL when it could not be loaded */
    as_arena *arena; /* the previous years' files of AS_SOURCE_FILES */
} source;

typedef struct {
    const options *o;
    const as_ruleset *r;
    source *sources;
    size_t nsources;
    as_check_result_set *set; /* what --json writes */
} run_ctx;

/* The previous years' submissions named with --previous, into ds. */
static int add_previous(run_ctx *c, source *src, as_diags *d)
{
    size_t before = as_diags_count(d);
    for (size_t i = 0; i < c->o->nprevious; i++) {
        as_submission *ps = NULL;
        const char *path = c->o->previous[i];
        if (as_submission_load(c->r, path, src->arena, NULL, 0, false, &ps, d) != 0)
            continue;
        if (ps->year >= src->year)
            as_diags_add(d, ps->header_loc,
                         "--previous takes an earlier year's submission: this one is for %d, the "
                         "file checked for %d",
                         ps->year, src->year);
        else if (ps->year < src->ds->first_year)
            as_diags_warn(d, ps->header_loc,
                          "not needed: the %d assessment reads the years %d to %d", src->year,
                          src->ds->first_year, src->year);
        else
            as_dataset_set_reported(src->ds, ps);
    }
    return as_diags_count(d) == before ? 0 : -1;
}

static int load_source(run_ctx *c, source *src, as_diags *d)
{
    if (src->kind != AS_SOURCE_FILES)
        return as_dataset_load(c->r, src->dir, src->year, &src->ds, d);
    src->arena = as_arena_new(0);
    if (!src->arena ||
        as_dataset_load_files(c->r, src->year, c->o->targets, c->o->ntargets, &src->ds, d) != 0)
        return -1;
    return add_previous(c, src, d);
}

/* The data set of kind and dir for year, loaded on first use; NULL (its
 * problems in d) when it cannot be loaded. */
static source *get_source(run_ctx *c, as_check_source kind, const char *dir, int year, as_diags *d)
{
    for (size_t i = 0; i < c->nsources; i++) {
        source *s = &c->sources[i];
        if (s->kind == kind && s->year == year && (!dir || !strcmp(s->dir, dir)))
            return s->ds ? s : NULL;
    }
    source *n = realloc(c->sources, (c->nsources + 1) * sizeof *n);
    if (!n)
        return NULL;
    c->sources = n;
    source *s = &c->sources[c->nsources++];
    *s = (source){kind, dir, year, NULL, NULL};
    if (load_source(c, s, d) != 0) {
        as_dataset_free(s->ds);
        s->ds = NULL;
    }
    return s->ds ? s : NULL;
}

/* Which data set a file is judged against; -1 after saying there is none. */
static int pick_source(const options *o, const char *folder, const as_submission *s,
                       as_check_source *kind, const char **dir)
{
    *dir = NULL;
    if (o->ntargets || o->nprevious)
        *kind = AS_SOURCE_FILES;
    else if (o->data) {
        *kind = AS_SOURCE_OPTION;
        *dir = o->data;
    } else if (folder) {
        *kind = AS_SOURCE_FOLDER;
        *dir = folder;
    } else if (s->illustrative) {
        *kind = AS_SOURCE_SAMPLE;
        *dir = as_cli_default("check", "data/sample", "--data DIR");
        if (!*dir)
            return -1;
    } else {
        as_cli_error("check",
                     "'%s' lies in no data set (no dataset.yaml two folders up), so there are "
                     "no approved targets or previous-year figures to judge it against: give "
                     "--data DIR, or --targets FILE and --previous FILE (the bundled sample "
                     "is for files that say 'illustrative: true')",
                     s->file);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ one file */

/* Say when the figures and the data set disagree about being real. */
static void warn_illustrative(as_check_item *it)
{
    const as_dataset *ds = it->ds;
    if (ds->illustrative && !it->s->illustrative && ds->dir)
        as_diags_warn(&it->diags, it->s->header_loc,
                      "the data set '%s' is illustrative: its targets and figures are not real, "
                      "so these verdicts are no real self-check",
                      ds->dir);
    else if (ds->illustrative && !it->s->illustrative)
        as_diags_warn(&it->diags, it->s->header_loc,
                      "the targets given are illustrative, not real: these verdicts are no real "
                      "self-check");
    else if (!ds->illustrative && it->s->illustrative)
        as_diags_warn(&it->diags, it->s->header_loc,
                      "the file says its figures are illustrative, but the data set's are real");
}

static int evaluate_item(run_ctx *c, as_check_item *it, as_diags *d)
{
    as_dataset_set_reported(it->ds, it->s);
    /* the trail tells the break-even which inputs each check reads; nothing else shows it */
    as_eval_opts eo = {.use_verified = false,
                       .use_findings = false,
                       .only = (long)it->s->province,
                       .no_trace = c->o->no_what_if};
    if (as_evaluate(c->r, it->ds, it->s->year, &eo, &it->ev, d) != 0)
        return -1;
    it->pr = &it->ev->provinces[0];
    if (!c->o->no_what_if && it->pr->nindicators &&
        as_breakeven_new(it->ev, it->pr, &eo, &it->be, d) != 0)
        return -1;
    return as_trajectory_compute(it->ev, &eo, &it->traj, d);
}

/* Check one file; returns its exit code. */
static int check_file(run_ctx *c, as_check_item *it)
{
    const options *o = c->o;
    char code[8];
    long year = 0;
    as_diags d;
    as_diags_init(&d);
    const char *folder = o->data || o->ntargets || o->nprevious ? NULL : folder_of(it->file);
    code[0] = '\0';
    if (folder)
        infer_expected(it->file, code, sizeof code, &year);
    it->arena = as_arena_new(0);
    int rc = AS_EXIT_INVALID;
    if (!it->arena || as_submission_load(c->r, it->file, it->arena, code[0] ? code : NULL,
                                         (int)year, false, &it->s, &it->diags) != 0) {
        as_cli_print_diags(&it->diags);
        return rc;
    }
    const char *dir;
    if (pick_source(o, folder, it->s, &it->kind, &dir) != 0) {
        as_cli_print_diags(&it->diags);
        return AS_EXIT_USAGE;
    }
    source *src = get_source(c, it->kind, dir, it->s->year, &d);
    if (src) {
        it->ds = src->ds;
        warn_illustrative(it);
        if (evaluate_item(c, it, &d) == 0)
            rc = it->pr->nerrors || as_diags_count(&it->diags) ? AS_EXIT_INVALID : AS_EXIT_OK;
    }
    if (it->ev)
        as_check_print(it, o->json && !strcmp(o->json, "-") ? stderr : stdout);
    else
        as_cli_print_diags(&it->diags);
    as_cli_print_diags(&d);
    as_diags_release(&d);
    return rc;
}

/* ------------------------------------------------------------ options */

static int add_arg(const char ***list, size_t *n, const char *arg)
{
    const char **l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l)
        return -1;
    l[(*n)++] = arg;
    *list = l;
    return 0;
}

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {{"rules", required_argument, NULL, 'r'},
                                             {"data", required_argument, NULL, 'd'},
                                             {"targets", required_argument, NULL, 't'},
                                             {"previous", required_argument, NULL, 'p'},
                                             {"json", required_argument, NULL, 'j'},
                                             {"no-what-if", no_argument, NULL, 'W'},
                                             {"lang", required_argument, NULL, 'L'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int bad = 0;
        if (ch == 'r')
            o->rules = as_cli_path(optarg);
        else if (ch == 'd')
            o->data = as_cli_path(optarg);
        else if (ch == 't')
            bad = add_arg(&o->targets, &o->ntargets, as_cli_path(optarg));
        else if (ch == 'p')
            bad = add_arg(&o->previous, &o->nprevious, as_cli_path(optarg));
        else if (ch == 'j')
            o->json = optarg;
        else if (ch == 'W')
            o->no_what_if = true;
        else if (ch == 'L' && as_cli_lang_option("check", optarg) != 0)
            return AS_EXIT_USAGE;
        else if (ch == 'h') {
            fputs(_(usage_text), stdout);
            return -1;
        } else if (ch != 'L') {
            as_cli_error("check", "unknown or incomplete option '%s'", argv[optind - 1]);
            return AS_EXIT_USAGE;
        }
        if (bad)
            return AS_EXIT_INVALID;
    }
    if (o->data && (o->ntargets || o->nprevious)) {
        as_cli_error("check", "give --data DIR, or --targets and --previous, not both");
        return AS_EXIT_USAGE;
    }
    for (int i = optind; i < argc; i++)
        if (add_arg(&o->files, &o->nfiles, as_cli_path(argv[i])) != 0)
            return AS_EXIT_INVALID;
    if (!o->nfiles) {
        as_cli_error("check", "expected a submission FILE");
        fputs(_(usage_text), stderr);
        return AS_EXIT_USAGE;
    }
    return 0;
}

static void release(run_ctx *c, options *o)
{
    for (size_t i = 0; c->set && i < c->set->n; i++) {
        as_check_item *it = &c->set->items[i];
        as_breakeven_free(it->be);
        as_trajectory_free(it->traj);
        as_evaluation_free(it->ev);
        as_diags_release(&it->diags);
        as_arena_free(it->arena);
    }
    for (size_t i = 0; i < c->nsources; i++) {
        as_dataset_free(c->sources[i].ds);
        as_arena_free(c->sources[i].arena);
    }
    free(c->sources);
    if (c->set)
        free(c->set->items);
    free(o->targets);
    free(o->previous);
    free(o->files);
}

static int run(options *o)
{
    as_diags d;
    as_diags_init(&d);
    as_ruleset *r = NULL;
    as_check_result_set set = {0};
    run_ctx c = {.o = o, .set = &set};
    int rc = AS_EXIT_OK;
    if (as_rules_load(o->rules, &r, &d) != 0) {
        as_cli_print_diags(&d);
        as_diags_release(&d);
        release(&c, o);
        return AS_EXIT_INVALID;
    }
    c.r = r;
    set.rules = r;
    set.items = calloc(o->nfiles, sizeof *set.items);
    for (size_t i = 0; set.items && i < o->nfiles; i++) {
        as_check_item *it = &set.items[set.n++];
        it->file = o->files[i];
        as_diags_init(&it->diags);
        int frc = check_file(&c, it);
        rc = frc > rc ? frc : rc;
    }
    if (o->json && as_check_json_write(&set, o->json, &d) != 0)
        rc = AS_EXIT_OUTPUT;
    as_cli_print_diags(&d);
    as_diags_release(&d);
    release(&c, o);
    as_rules_free(r);
    return set.items ? rc : AS_EXIT_INVALID;
}

int as_cmd_check(int argc, char **argv)
{
    options o = {0};
    int p = parse_options(argc, argv, &o);
    if (p != 0) {
        free(o.targets);
        free(o.previous);
        free(o.files);
        return p < 0 ? AS_EXIT_OK : p;
    }
    o.rules = o.rules ? o.rules : as_cli_default("check", "rules/2026.yaml", "--rules FILE");
    if (!o.rules) {
        free(o.targets);
        free(o.previous);
        free(o.files);
        return AS_EXIT_INVALID;
    }
    return run(&o);
}

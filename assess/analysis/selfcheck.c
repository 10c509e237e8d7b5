/* selfcheck: choosing and loading what a submission is judged against,
 * then evaluating it as reported with what it would take and where it is
 * heading. */
#include "analysis/selfcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/bundle.h"
#include "base/grow.h"

/* A data set, loaded once for every file judged against it. */
typedef struct {
    as_check_source kind;
    char *dir;       /* the folder (not AS_SOURCE_FILES), malloc'd */
    int year;        /* the assessment year it was loaded for */
    as_dataset *ds;  /* NULL when it could not be loaded */
    as_arena *arena; /* the previous years' files of AS_SOURCE_FILES */
} source;

struct as_check_run {
    as_check_opts o;
    source *sources;
    size_t nsources, capsources;
};

as_check_run *as_check_new(const as_check_opts *o)
{
    as_check_run *run = calloc(1, sizeof *run);
    if (run)
        run->o = *o;
    return run;
}

void as_check_free(as_check_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->nsources; i++) {
        as_dataset_free(run->sources[i].ds);
        as_arena_free(run->sources[i].arena);
        free(run->sources[i].dir);
    }
    free(run->sources);
    free(run);
}

void as_check_item_release(as_check_item *it)
{
    as_breakeven_free(it->be);
    as_trajectory_free(it->traj);
    as_evaluation_free(it->ev);
    as_diags_release(&it->diags);
    as_diags_release(&it->problems);
    as_arena_free(it->arena);
    memset(it, 0, sizeof *it);
}

const char *as_check_source_name(as_check_source s)
{
    static const char *const names[] = {"folder", "option", "sample", "files"};
    return names[s];
}

const as_be_check *as_check_what_if(const as_check_item *it, size_t k, size_t c)
{
    for (size_t j = 0; it->be && j < it->be->nchecks; j++)
        if (it->be->checks[j].indicator == k && it->be->checks[j].check == c)
            return &it->be->checks[j];
    return NULL;
}

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

/* The data set folder the file lies in (holding dataset.yaml), in arena a,
 * or NULL. */
static const char *folder_of(const char *file, as_arena *a)
{
    char buf[4096], probe[4200];
    const char *dir = infer_data_dir(file, buf, sizeof buf);
    if (!dir)
        return NULL;
    snprintf(probe, sizeof probe, "%s/dataset.yaml", dir);
    struct stat st;
    return stat(probe, &st) == 0 ? as_arena_strdup(a, dir) : NULL;
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
    char *end = NULL;
    long y = strtol(ydir ? ydir + 1 : buf, &end, 10);
    if (end == (ydir ? ydir + 1 : buf) || *end || y < 1900 || y > 2200)
        return;
    *year = y;
    snprintf(code, n, "%.6s", base + 1);
}

/* The previous years' submissions named in the options, into src's data set. */
static int add_previous(as_check_run *run, source *src, as_diags *d)
{
    size_t before = as_diags_count(d);
    for (size_t i = 0; i < run->o.nprevious; i++) {
        as_submission *ps = NULL;
        const char *path = run->o.previous[i];
        if (as_submission_load(run->o.rules, path, src->arena, NULL, 0, false, &ps, d) != 0)
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

static int load_source(as_check_run *run, source *src, as_diags *d)
{
    if (src->kind != AS_SOURCE_FILES)
        return as_dataset_load(run->o.rules, src->dir, src->year, &src->ds, d);
    src->arena = as_arena_new(0);
    if (!src->arena || as_dataset_load_files(run->o.rules, src->year, run->o.targets,
                                             run->o.ntargets, &src->ds, d) != 0)
        return -1;
    return add_previous(run, src, d);
}

/* The data set of kind and dir for year, loaded on first use; NULL (its
 * problems in d) when it cannot be loaded. */
static source *get_source(as_check_run *run, as_check_source kind, const char *dir, int year,
                          as_diags *d)
{
    for (size_t i = 0; i < run->nsources; i++) {
        source *s = &run->sources[i];
        if (s->kind == kind && s->year == year && (!dir || !strcmp(s->dir, dir)))
            return s->ds ? s : NULL;
    }
    source *n = as_grow(run->sources, &run->capsources, run->nsources + 1, sizeof *n, 4, 0);
    char *copy = dir ? strdup(dir) : NULL;
    if (!n || (dir && !copy)) {
        free(copy);
        as_diags_add(d, as_loc_make(dir, 0, 0), "out of memory");
        return NULL;
    }
    run->sources = n;
    source *s = &run->sources[run->nsources++];
    *s = (source){kind, copy, year, NULL, NULL};
    if (load_source(run, s, d) != 0) {
        as_dataset_free(s->ds);
        s->ds = NULL;
    }
    return s->ds ? s : NULL;
}

/* Which data set a file is judged against; -1 after saying in it->problems
 * that there is none. */
static int pick_source(as_check_run *run, const char *folder, as_check_item *it, const char **dir)
{
    const as_check_opts *o = &run->o;
    *dir = NULL;
    if (o->ntargets || o->nprevious)
        it->kind = AS_SOURCE_FILES;
    else if (o->data) {
        it->kind = AS_SOURCE_OPTION;
        *dir = o->data;
    } else if (folder) {
        it->kind = AS_SOURCE_FOLDER;
        *dir = folder;
    } else if (it->s->illustrative && o->sample) {
        it->kind = AS_SOURCE_SAMPLE;
        *dir = as_bundle_find(AS_BUNDLE_SAMPLE, "--data DIR", &it->problems);
        return *dir ? 0 : -1;
    } else {
        as_diags_add(&it->problems, as_loc_make(NULL, 0, 0),
                     "'%s' lies in no data set (no dataset.yaml two folders up), so there are "
                     "no approved targets or previous-year figures to judge it against: give "
                     "--data DIR, or --targets FILE and --previous FILE (the bundled sample "
                     "is for files that say 'illustrative: true')",
                     it->s->file);
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

static int evaluate_item(as_check_run *run, as_dataset *ds, as_check_item *it)
{
    as_dataset_set_reported(ds, it->s);
    /* the trail tells the break-even which inputs each check reads; nothing else shows it */
    as_eval_opts eo = {.use_verified = false,
                       .use_findings = false,
                       .only = (long)it->s->province,
                       .no_trace = run->o.no_what_if};
    if (as_evaluate(run->o.rules, ds, it->s->year, &eo, &it->ev, &it->problems) != 0)
        return -1;
    it->pr = &it->ev->provinces[0];
    if (!run->o.no_what_if && it->pr->nindicators &&
        as_breakeven_new(it->ev, it->pr, &eo, &it->be, &it->problems) != 0)
        return -1;
    return as_trajectory_compute(it->ev, &eo, &it->traj, &it->problems);
}

as_check_status as_check_file(as_check_run *run, const char *path, as_check_item *it)
{
    const as_check_opts *o = &run->o;
    char code[8] = "";
    long year = 0;
    memset(it, 0, sizeof *it);
    it->file = path;
    it->status = AS_CHECK_INVALID;
    as_diags_init(&it->diags);
    as_diags_init(&it->problems);
    if (!(it->arena = as_arena_new(0))) {
        as_diags_add(&it->diags, as_loc_make(path, 0, 0), "out of memory");
        return it->status;
    }
    const char *folder = o->data || o->ntargets || o->nprevious ? NULL : folder_of(path, it->arena);
    if (folder)
        infer_expected(path, code, sizeof code, &year);
    /* a file with errors whose header was read is still judged on what could be read: its
     * verdicts show, as with a plausibility error; its status stays invalid */
    as_submission_load_partial(o->rules, path, it->arena, code[0] ? code : NULL, (int)year, &it->s,
                               &it->diags);
    if (!it->s)
        return it->status;
    const as_ruleset *r = o->rules;
    if (it->s->year < r->year_from || it->s->year > r->year_to) { /* said at the year itself */
        as_diags_add(&it->diags, it->s->year_loc,
                     "year %d is not one the rules '%s' assess (%d-%d): check a submission of "
                     "one of those years (an earlier one is read as its previous year)",
                     it->s->year, r->id, r->year_from, r->year_to);
        return it->status;
    }
    const char *dir;
    if (pick_source(run, folder, it, &dir) != 0)
        return it->status = AS_CHECK_NO_SOURCE;
    source *src = get_source(run, it->kind, dir, it->s->year, &it->problems);
    if (!src)
        return it->status;
    it->ds = src->ds;
    warn_illustrative(it);
    if (evaluate_item(run, src->ds, it) == 0 && !it->pr->nerrors && !as_diags_count(&it->diags))
        it->status = AS_CHECK_OK;
    return it->status;
}

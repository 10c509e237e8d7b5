/* cmd_check: `assess check FILE`: a province's self-assessment of one
 * submission: every indicator's value, target, status and margin, using the
 * approved targets and earlier years of the data set it belongs to.  Verified
 * figures and findings are not applied: this is what the province reports. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis/trajectory.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/dataset.h"
#include "engine/eval.h"
#include "engine/rules.h"

static const char usage_text[] =
    "usage: assess check FILE [--rules FILE] [--data DIR]\n\n"
    "Self-assessment of one submission, a YAML file or a workbook made by\n"
    "'assess template --xlsx' (submissions/<year>/<code>.yaml or .xlsx): shows every\n"
    "indicator's value, target, status and margin (positive = on the met side) as\n"
    "the check's rounding rule and judgement method of GB/T 8170-2008 compare them.\n"
    "rules/2026.yaml rounds value and target to the indicator's decimals by\n"
    "GB/T 8170-2008 (half to even, 四舍六入五成双), then compares them (修约值比较法);\n"
    "a rule file may choose the full-value comparison (全数值比较法) or half-up\n"
    "rounding, for the rule set or one check, and the output says which applies.\n"
    "Targets and earlier years come from the data set the file lies in\n"
    "(DIR/submissions/<year>/FILE, whose province and year must then match the\n"
    "file's), or from --data.  A check with a five-year-plan target also shows\n"
    "where the province is heading: the rate still required each year and the\n"
    "projection of the plan's final year.\n\n"
    "  --rules FILE   rule file (default: rules/2026.yaml)\n"
    "  --data DIR     data set with the targets and earlier years (default: inferred,\n"
    "                 else data/sample)\n\n"
    "exit: 0 checked (whatever the statuses), 1 invalid submission, rules or data, 2 usage\n";

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

/* In DIR/submissions/<year>/<code>.<ext>, the province and year the file must
 * state, as the data set would require; otherwise none. */
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
    if (as_cli_parse_int(ydir ? ydir + 1 : buf, 1900, 2200, year) != 0 ||
        !infer_data_dir(file, buf, sizeof buf)) {
        *year = 0;
        return;
    }
    snprintf(code, n, "%.6s", base + 1);
}

/* A value, target or margin as the check's method compares it. */
static void print_value(const as_indicator *ind, const as_check_def *cd, bool has, double v)
{
    char buf[64];
    bool pct = ind->display == AS_DISPLAY_PERCENT;
    if (!has)
        printf(" %12s", "-");
    else if (as_eval_compared_text(cd, v, pct ? 2 : 0, buf, sizeof buf) != 0)
        printf(" %12g", v); /* over 60 digits: not reached for real figures */
    else if (pct)
        printf(" %11s%%", buf);
    else
        printf(" %12s", buf);
}

static void print_check(const as_ruleset *r, const as_indicator *ind, const as_check_result *c)
{
    const as_check_def *cd = c->def;
    printf("  %-22s %-8s", cd->name, as_status_name(c->status));
    print_value(ind, cd, c->has_value, c->verdict.value);
    printf(" %2s", as_cmp_text(cd->cmp));
    print_value(ind, cd, c->has_target, c->verdict.target);
    print_value(ind, cd, c->has_value && c->has_target, c->verdict.margin);
    printf("  %s", ind->display == AS_DISPLAY_PERCENT ? "" : ind->unit);
    if (c->error)
        printf("  (%s)", c->error);
    else if (c->no_data)
        printf("  (%s)", c->no_data);
    if (as_rules_own_method(r, cd))
        printf("  [judged otherwise: %s]", cd->judged_en);
    putchar('\n');
}

static void print_result(const as_evaluation *ev, const as_province_result *pr, const char *file)
{
    printf("Self-assessment of %s: %s %s (%s), %d, rules %s\n", file, pr->province->name_zh,
           pr->province->name_en, pr->province->code, ev->year, ev->rules->id);
    if (ev->data->illustrative && ev->data->notice)
        printf("%s\n", ev->data->notice);
    printf("Verdicts: %s\n", ev->rules->judged_en);
    printf("\n  %-22s %-8s %12s %2s %12s %12s\n", "indicator / check", "status", "value", "",
           "target", "margin");
    for (size_t i = 0; i < pr->nindicators; i++) {
        const as_indicator_result *ir = &pr->indicators[i];
        printf("%s [%s] %s %s: %s%s%s\n", ir->def->id, as_kind_name(ir->def->kind),
               ir->def->name_zh, ir->def->name_en, as_status_name(ir->status),
               ir->exempt_reason ? " - " : "", ir->exempt_reason ? ir->exempt_reason : "");
        for (size_t k = 0; k < ir->nchecks; k++)
            print_check(ev->rules, ir->def, &ir->checks[k]);
    }
    printf("\nMissed: %d control, %d support -> would be graded %s (%s %s), before departmental\n"
           "verification and on-site checks.\n",
           pr->control_missed, pr->support_missed, pr->grade ? pr->grade->id : "?",
           pr->grade ? pr->grade->name_zh : "", pr->grade ? pr->grade->name_en : "");
}

/* Where each plan check is heading, in one line. */
static void print_trajectories(const as_trajectories *t)
{
    for (size_t j = 0; t && j < t->nplans; j++) {
        const as_trajectory *tr = as_trajectory_of(t, 0, j);
        const as_check_def *cd = tr->cd;
        char v[40], g[40], q[40], p[40];
        printf("Trajectory %s / %s: ", tr->ind->id, cd->name);
        if (tr->error) {
            printf("none: %s\n", tr->error);
            continue;
        }
        printf("%s in %d", as_cli_judged(cd, tr->ind, tr->values[tr->nobs - 1], v, sizeof v),
               tr->last_year);
        if (tr->has_target)
            printf(", plan target %s by %d", as_cli_judged(cd, tr->ind, tr->target, g, sizeof g),
                   tr->final_year);
        if (tr->has_required_rate)
            printf(", required %s a year",
                   as_cli_judged(cd, tr->ind, tr->required_rate, q, sizeof q));
        printf(", projected %s (%s)%s\n", as_cli_judged(cd, tr->ind, tr->proj.value, p, sizeof p),
               as_traj_method_name(tr->proj.method),
               !tr->has_target ? ""
               : tr->at_risk   ? ": at risk"
                               : ": on track");
    }
}

static int run(const char *file, const char *rules, const char *data)
{
    char code[8];
    long year;
    infer_expected(file, code, sizeof code, &year);
    as_diags d;
    as_diags_init(&d);
    as_ruleset *r = NULL;
    as_dataset *ds = NULL;
    as_evaluation *ev = NULL;
    as_trajectories *traj = NULL;
    as_submission *s = NULL;
    as_arena *a = as_arena_new(0);
    int rc = AS_EXIT_INVALID;
    if (!a || as_rules_load(rules, &r, &d) != 0 ||
        as_submission_load(r, file, a, code[0] ? code : NULL, (int)year, false, &s, &d) != 0)
        goto done;
    if (as_dataset_load(r, data, s->year, &ds, &d) != 0)
        goto done;
    as_dataset_set_reported(ds, s);
    as_eval_opts eo = {.use_verified = false, .use_findings = false, .only = (long)s->province};
    if (as_evaluate(r, ds, s->year, &eo, &ev, &d) != 0)
        goto done;
    const as_province_result *pr = &ev->provinces[0];
    if (pr->nerrors) {
        for (size_t i = 0; i < pr->nerrors; i++)
            fprintf(stderr, "%s\n", pr->errors[i]);
        goto done;
    }
    print_result(ev, pr, file);
    if (as_trajectory_compute(ev, &eo, &traj, &d) != 0)
        goto done;
    print_trajectories(traj);
    rc = AS_EXIT_OK;
done:
    as_cli_print_diags(&d);
    as_diags_release(&d);
    as_trajectory_free(traj);
    as_evaluation_free(ev);
    as_dataset_free(ds);
    as_rules_free(r);
    as_arena_free(a);
    return rc;
}

int as_cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {{"rules", required_argument, NULL, 'r'},
                                             {"data", required_argument, NULL, 'd'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *rules = NULL, *data = NULL;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (ch == 'r')
            rules = optarg;
        else if (ch == 'd')
            data = optarg;
        else if (ch == 'h') {
            fputs(usage_text, stdout);
            return AS_EXIT_OK;
        } else {
            as_cli_error("check", "unknown or incomplete option '%s'", argv[optind - 1]);
            return AS_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        as_cli_error("check", "expected exactly one submission FILE");
        fputs(usage_text, stderr);
        return AS_EXIT_USAGE;
    }
    const char *file = as_cli_path(argv[optind]);
    char buf[4096];
    if (data)
        data = as_cli_path(data);
    else
        data = infer_data_dir(file, buf, sizeof buf);
    if (!data && !(data = as_cli_default("check", "data/sample", "--data DIR")))
        return AS_EXIT_INVALID;
    rules = rules ? as_cli_path(rules) : as_cli_default("check", "rules/2026.yaml", "--rules FILE");
    return rules ? run(file, rules, data) : AS_EXIT_INVALID;
}

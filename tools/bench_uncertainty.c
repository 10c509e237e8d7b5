/* bench_uncertainty: how fast the Monte Carlo analysis is, and where its
 * time goes.  For each number of draws it times as_uncertainty_run on a
 * data set (best of --repeat runs, wall clock and CPU time), the bare GSL
 * loop that draws the same random numbers (as_uncertainty_bare_draws) and
 * their ratio, and prints draws per second and checks evaluated per second
 * (draws x provinces x checks).  It also times the judgement of one check
 * by its decimal digits (as_eval_judge) and by the engine's exact fast path
 * (as_eval_met) on the evaluation's own values, moved as a draw would move
 * them.  A benchmark, not a test: it prints figures and never fails on them.
 *
 *   build/tools/bench_uncertainty [--rules FILE] [--data DIR] [--year YEAR]
 *                                 [--draws N,N,...] [--seed S] [--repeat R]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/uncertainty.h"
#include "engine/dataset.h"
#include "engine/eval.h"
#include "engine/rules.h"

typedef struct {
    double wall, cpu; /* seconds */
} span;

static double now(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static span since(double wall0, double cpu0)
{
    span s = {now(CLOCK_MONOTONIC) - wall0, now(CLOCK_PROCESS_CPUTIME_ID) - cpu0};
    return s;
}

static void print_diags(const as_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        char *s = as_diag_format(&d->items[i]);
        fprintf(stderr, "%s\n", s ? s : "out of memory");
        free(s);
    }
}

/* The fastest of `repeat` Monte Carlo runs of `draws` draws; wall < 0 on failure. */
static span time_run(const as_evaluation *ev, long draws, unsigned long seed, int repeat)
{
    span best = {-1, -1};
    as_eval_opts eo = as_eval_defaults();
    for (int k = 0; k < repeat; k++) {
        as_uncertainty_opts o = as_uncertainty_defaults();
        o.draws = draws;
        o.seed = seed;
        as_diags d;
        as_diags_init(&d);
        as_uncertainty *u = NULL;
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        int rc = as_uncertainty_run(ev, &eo, &o, &u, &d);
        span s = since(w0, c0);
        if (rc != 0)
            print_diags(&d);
        as_diags_release(&d);
        as_uncertainty_free(u);
        if (rc != 0)
            return (span){-1, -1};
        if (best.wall < 0 || s.wall < best.wall)
            best = s;
    }
    return best;
}

static span time_bare(const as_ruleset *r, const as_dataset *ds, long draws, unsigned long seed,
                      int repeat)
{
    span best = {-1, -1};
    for (int k = 0; k < repeat; k++) {
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        volatile double sink = as_uncertainty_bare_draws(r, r->nprovinces, ds->nyears, draws, seed);
        (void)sink;
        span s = since(w0, c0);
        if (best.wall < 0 || s.wall < best.wall)
            best = s;
    }
    return best;
}

/* Nanoseconds per judgement of every check of ev with both functions, each
 * value moved by up to +-5 % as a draw moves it. */
static void time_judgement(const as_evaluation *ev)
{
    enum { ROUNDS = 200 };
    double t[2] = {0, 0}, sink = 0;
    size_t n = 0;
    for (int f = 0; f < 2; f++) {
        double w0 = now(CLOCK_PROCESS_CPUTIME_ID);
        n = 0;
        for (int k = 0; k < ROUNDS; k++) {
            double by = 0.95 + 0.1 * (double)k / ROUNDS;
            for (size_t i = 0; i < ev->nprovinces; i++)
                for (size_t j = 0; j < ev->provinces[i].nindicators; j++)
                    for (size_t c = 0; c < ev->provinces[i].indicators[j].nchecks; c++) {
                        const as_check_result *cr = &ev->provinces[i].indicators[j].checks[c];
                        if (!cr->has_value || !cr->has_target)
                            continue;
                        double v = cr->value * by;
                        sink += f ? as_eval_met(cr->def, v, cr->target)
                                  : as_eval_judge(cr->def, v, cr->target).met;
                        n++;
                    }
        }
        t[f] = now(CLOCK_PROCESS_CPUTIME_ID) - w0;
    }
    printf("judgement of one check: as_eval_judge (decimal digits) %.0f ns, as_eval_met (exact "
           "fast path) %.0f ns: %.1f x faster, same verdicts (%zu judgements each, %g met)\n",
           1e9 * t[0] / (double)n, 1e9 * t[1] / (double)n, t[0] / t[1], n, sink / 2);
}

static int parse_list(const char *s, long *out, int max)
{
    int n = 0;
    char *end;
    while (*s && n < max) {
        out[n++] = strtol(s, &end, 10);
        if (end == s || out[n - 1] < 2)
            return -1;
        s = *end == ',' ? end + 1 : end;
        if (*end && *end != ',')
            return -1;
    }
    return n;
}

int main(int argc, char **argv)
{
    const char *rules_path = "rules/2026.yaml", *data_dir = "data/sample";
    long year = 0, draws[16] = {1000, 2000, 5000, 10000}, seed = 1, repeat = 3;
    int nd = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--rules"))
            rules_path = argv[i + 1];
        else if (!strcmp(argv[i], "--data"))
            data_dir = argv[i + 1];
        else if (!strcmp(argv[i], "--year"))
            year = strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--seed"))
            seed = strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--repeat"))
            repeat = strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--draws") && (nd = parse_list(argv[i + 1], draws, 16)) > 0)
            continue;
        else {
            fprintf(stderr, "usage: bench_uncertainty [--rules FILE] [--data DIR] [--year YEAR] "
                            "[--draws N,N,...] [--seed S] [--repeat R]\n");
            return 2;
        }
    }
    as_diags d;
    as_diags_init(&d);
    as_ruleset *r = NULL;
    as_dataset *ds = NULL;
    as_evaluation *ev = NULL;
    as_eval_opts eo = as_eval_defaults();
    int rc = 1;
    if (as_rules_load(rules_path, &r, &d) != 0 ||
        as_dataset_load(r, data_dir, year ? (int)year : r->year_from, &ds, &d) != 0 ||
        as_evaluate(r, ds, ds->year, &eo, &ev, &d) != 0) {
        print_diags(&d);
        goto done;
    }
    size_t checks = 0;
    for (size_t i = 0; i < ev->nprovinces; i++)
        for (size_t j = 0; j < ev->provinces[i].nindicators; j++)
            checks += ev->provinces[i].indicators[j].nchecks;
    printf("Monte Carlo of %s on %s (%d): %zu provinces, %zu checks in all, best of %ld runs\n",
           rules_path, data_dir, ds->year, ev->nprovinces, checks, repeat);
    printf("%8s %9s %9s %10s %14s %10s %8s\n", "draws", "wall s", "cpu s", "draws/s", "checks/s",
           "bare s", "ratio");
    for (int k = 0; k < nd; k++) {
        span mc = time_run(ev, draws[k], (unsigned long)seed, (int)repeat);
        span bare = time_bare(r, ds, draws[k], (unsigned long)seed, (int)repeat);
        if (mc.wall < 0)
            goto done;
        printf("%8ld %9.3f %9.3f %10.0f %14.0f %10.4f %8.1f\n", draws[k], mc.wall, mc.cpu,
               (double)draws[k] / mc.cpu, (double)draws[k] * (double)checks / mc.cpu, bare.cpu,
               mc.cpu / bare.cpu);
    }
    time_judgement(ev);
    rc = 0;
done:
    as_diags_release(&d);
    as_evaluation_free(ev);
    as_dataset_free(ds);
    as_rules_free(r);
    return rc;
}

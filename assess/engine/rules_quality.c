/* rules_quality: what the rules declare about the figures themselves:
 * plausibility checks (require, change, unit_slip) and uncertainty
 * (distributions, spreads, correlations), read in phase 1 and resolved
 * against the rule set's names in phase 2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/rules_load.h"
#include "base/strmap.h"
#include "base/suggest.h"

/* ------------------------------------------------------------ phase 1: plausibility */

static int read_severity(loader *L, as_ydoc *y, yaml_node_t *m, const char *what, as_severity *out)
{
    static const char *const names[] = {"error", "warning", "note"};
    const char *s = NULL;
    if (as_rload_get_text(L, y, m, "severity", what, true, &s) != 0)
        return -1;
    int i = as_name_index(names, 3, s);
    if (i >= 0) {
        *out = (as_severity)i;
        return 0;
    }
    as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "severity")),
                 "'severity' must be 'error', 'warning' or 'note', got '%s'", s);
    return -1;
}

static as_plaus_def *new_plaus(loader *L, as_ydoc *y, yaml_node_t *m)
{
    as_ruleset *r = L->r;
    as_plaus_def *p = PUSH(L, r->plausibility, r->nplausibility, L->cap_plaus);
    if (!p)
        as_rload_oom(L, as_ydoc_loc(y, m));
    else
        p->loc = as_ydoc_loc(y, m);
    return p;
}

static int read_require(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"id", "severity", "formula", "name_zh", "name_en", NULL};
    as_plaus_def *p = new_plaus(L, y, m);
    if (!p)
        return -1;
    p->kind = AS_PLAUS_REQUIRE;
    as_ydoc_check_keys(y, m, "plausibility check", keys, L->d);
    int rc = as_rload_get_id(L, y, m, "plausibility check", &p->id);
    rc |= read_severity(L, y, m, "plausibility check", &p->severity);
    rc |= as_rload_get_text(L, y, m, "name_zh", "plausibility check", true, &p->name_zh);
    rc |= as_rload_get_text(L, y, m, "name_en", "plausibility check", true, &p->name_en);
    rc |= as_rload_get_formula(L, y, m, "formula", "plausibility check", &p->require);
    return rc;
}

/* change: {severity, source, max: {input: fraction, ...}}; inputs are
 * resolved once every file is read (resolve_plausibility). */
static void read_change(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"severity", "source", "max", NULL};
    as_severity sev = AS_SEV_WARNING;
    if (!as_ydoc_expect_map(y, m, "change", L->d))
        return;
    as_ydoc_check_keys(y, m, "change", keys, L->d);
    read_severity(L, y, m, "change", &sev);
    yaml_node_t *max = as_ydoc_get(y, m, "max");
    if (!max) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "missing field 'max' in change");
        return;
    }
    if (!as_ydoc_expect_map(y, max, "max", L->d))
        return;
    for (yaml_node_pair_t *q = max->data.mapping.pairs.start; q < max->data.mapping.pairs.top;
         q++) {
        yaml_node_t *kn = as_ydoc_node(y, q->key), *vn = as_ydoc_node(y, q->value);
        as_plaus_def *p = new_plaus(L, y, kn);
        const char *id = NULL;
        if (!p || as_ydoc_to_str(y, kn, "input", L->r->arena, &id, L->d) != 0)
            continue;
        p->kind = AS_PLAUS_CHANGE;
        p->id = id;
        p->severity = sev;
        if (as_ydoc_to_num(y, vn, id, &p->max_change, L->d) == 0 && p->max_change <= 0)
            as_diags_add(L->d, as_ydoc_loc(y, vn),
                         "the largest change of '%s' must be above 0 (a fraction: 0.3 = 30 %%), "
                         "got %g",
                         id, p->max_change);
    }
}

/* unit_slip: {severity, factors: [10000, 0.0001], within: 3}. */
static void read_unit_slip(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"severity", "factors", "within", "source", NULL};
    as_ruleset *r = L->r;
    if (!as_ydoc_expect_map(y, m, "unit_slip", L->d))
        return;
    as_ydoc_check_keys(y, m, "unit_slip", keys, L->d);
    read_severity(L, y, m, "unit_slip", &r->slip_severity);
    if (as_ydoc_get_num(y, m, "within", "unit_slip", true, &r->slip_within, L->d) == 0 &&
        r->slip_within <= 1)
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "within")),
                     "'within' must be above 1 (3: a third to three times the factor), got %g",
                     r->slip_within);
    yaml_node_t *f = as_ydoc_get(y, m, "factors");
    if (!f) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "missing field 'factors' in unit_slip");
        return;
    }
    if (!as_ydoc_expect_seq(y, f, "factors", L->d))
        return;
    size_t n = (size_t)(f->data.sequence.items.top - f->data.sequence.items.start);
    r->slip_factors = as_arena_alloc(r->arena, (n ? n : 1) * sizeof *r->slip_factors);
    for (size_t i = 0; r->slip_factors && i < n; i++) {
        yaml_node_t *v = as_ydoc_node(y, f->data.sequence.items.start[i]);
        double x;
        if (as_ydoc_to_num(y, v, "factors", &x, L->d) != 0)
            continue;
        if (x <= 0 || x == 1)
            as_diags_add(L->d, as_ydoc_loc(y, v),
                         "a unit-slip factor must be above 0 and not 1, got %g", x);
        else
            r->slip_factors[r->nslip_factors++] = x;
    }
}

void as_rload_read_plausibility(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"source", "require", "change", "unit_slip", NULL};
    if (L->have_plausibility) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "'plausibility' is given twice");
        return;
    }
    L->have_plausibility = true;
    if (!as_ydoc_expect_map(y, m, "plausibility", L->d))
        return;
    as_ydoc_check_keys(y, m, "plausibility", keys, L->d);
    as_rload_get_text(L, y, m, "source", "plausibility", false, &L->r->plausibility_source);
    yaml_node_t *n;
    if ((n = as_ydoc_get(y, m, "require")))
        as_rload_each_item(L, y, n, "require", "plausibility check", read_require);
    if ((n = as_ydoc_get(y, m, "change")))
        read_change(L, y, n);
    if ((n = as_ydoc_get(y, m, "unit_slip")))
        read_unit_slip(L, y, n);
}

/* ------------------------------------------------------------ phase 1: uncertainty */

static const char *const distribution_names[] = {"normal", "lognormal", "uniform", "triangular"};
static const char *const correlation_names[] = {"per_province_year", "per_province", "per_year",
                                                "shared"};

/* The largest spread of each distribution, and why: a relative error that
 * can reach -100 % would make a value zero or change its sign. */
static const struct {
    double max;
    const char *why;
} spread_limits[] = {
    [AS_DIST_NORMAL] = {0.3, " (a wider normal error can make a value negative: use lognormal)"},
    [AS_DIST_LOGNORMAL] = {10, ""},
    [AS_DIST_UNIFORM] = {0.9, " (a wider one reaches zero: use lognormal)"},
    [AS_DIST_TRIANGULAR] = {0.7, " (a wider one reaches zero: use lognormal)"},
};

/* Distribution, spread, correlation and source of one declaration. */
static int read_error_model(loader *L, as_ydoc *y, yaml_node_t *m, const char *what,
                            as_uncertainty_def *u)
{
    int dist = 0, corr = (int)u->corr;
    int rc =
        as_rload_read_choice(L, y, m, "distribution", distribution_names, 4, what, true, &dist);
    rc |= as_rload_read_choice(L, y, m, "correlation", correlation_names, 4, what, false, &corr);
    rc |= as_rload_get_text(L, y, m, "source", what, true, &u->source);
    u->dist = (as_distribution)dist;
    u->corr = (as_correlation)corr;
    int src = as_ydoc_get_num(y, m, "spread", what, true, &u->spread, L->d);
    if (src == 0 && rc == 0 && !(u->spread > 0 && u->spread <= spread_limits[u->dist].max)) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "spread")),
                     "'spread' of a %s error must be above 0 and at most %g%s, got %g",
                     distribution_names[u->dist], spread_limits[u->dist].max,
                     spread_limits[u->dist].why, u->spread);
        rc = -1;
    }
    return src != 0 ? -1 : rc;
}

static as_uncertainty_def *new_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m)
{
    as_ruleset *r = L->r;
    as_uncertainty_def *u = PUSH(L, r->uncertainty, r->nuncertainty, L->cap_unc);
    if (!u)
        as_rload_oom(L, as_ydoc_loc(y, m));
    else
        u->loc = as_ydoc_loc(y, m);
    return u;
}

/* One entry of uncertainty.inputs: an input or a section, named here and
 * resolved once every file is read. */
static int read_input_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"input",  "section", "distribution", "spread", "correlation",
                                       "source", NULL};
    as_uncertainty_def *u = new_uncertainty(L, y, m);
    if (!u)
        return -1;
    as_ydoc_check_keys(y, m, "input uncertainty", keys, L->d);
    u->ref_kind = AS_REF_INPUT;
    u->corr = AS_CORR_PER_PROVINCE_YEAR;
    yaml_node_t *in = as_ydoc_get(y, m, "input"), *sec = as_ydoc_get(y, m, "section");
    int rc = 0;
    if (in && sec) {
        as_diags_add(L->d, as_ydoc_loc(y, sec), "give 'input' or 'section', not both");
        rc = -1;
    } else if (!in && !sec) {
        as_diags_add(L->d, u->loc, "missing field 'input' or 'section' in input uncertainty");
        rc = -1;
    } else {
        u->section = sec != NULL;
        u->name_loc = as_ydoc_loc(y, in ? in : sec);
        rc = as_rload_get_text(L, y, m, in ? "input" : "section", "input uncertainty", true,
                               &u->name);
    }
    rc |= read_error_model(L, y, m, "input uncertainty", u);
    if (rc != 0)
        L->r->nuncertainty--; /* reported: not compared with the others */
    return rc;
}

static int read_param_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"parameter",   "distribution", "spread",
                                       "correlation", "source",       NULL};
    as_uncertainty_def *u = new_uncertainty(L, y, m);
    if (!u)
        return -1;
    as_ydoc_check_keys(y, m, "parameter uncertainty", keys, L->d);
    u->ref_kind = AS_REF_PARAM;
    u->corr = AS_CORR_SHARED;
    yaml_node_t *n = as_ydoc_get(y, m, "parameter");
    u->name_loc = n ? as_ydoc_loc(y, n) : u->loc;
    int rc = as_rload_get_text(L, y, m, "parameter", "parameter uncertainty", true, &u->name);
    rc |= read_error_model(L, y, m, "parameter uncertainty", u);
    if (rc != 0)
        L->r->nuncertainty--;
    return rc;
}

void as_rload_read_uncertainty(loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"source", "inputs", "parameters", NULL};
    as_ruleset *r = L->r;
    if (r->uncertainty_loc.line) {
        as_diags_add(L->d, as_ydoc_loc(y, m), "'uncertainty' is given twice");
        return;
    }
    r->uncertainty_loc = as_ydoc_loc(y, m);
    if (!as_ydoc_expect_map(y, m, "uncertainty", L->d))
        return;
    as_ydoc_check_keys(y, m, "uncertainty", keys, L->d);
    as_rload_get_text(L, y, m, "source", "uncertainty", false, &r->uncertainty_source);
    yaml_node_t *n;
    if ((n = as_ydoc_get(y, m, "inputs")))
        as_rload_each_item(L, y, n, "inputs", "input uncertainty", read_input_uncertainty);
    if ((n = as_ydoc_get(y, m, "parameters")))
        as_rload_each_item(L, y, n, "parameters", "parameter uncertainty", read_param_uncertainty);
}

/* Bind each change bound to its input. */
void as_rload_resolve_plausibility(loader *L)
{
    as_ruleset *r = L->r;
    const char **ids = calloc(r->ninputs ? r->ninputs : 1, sizeof *ids);
    for (size_t i = 0; ids && i < r->ninputs; i++)
        ids[i] = r->inputs[i].id;
    for (size_t i = 0; i < r->nplausibility; i++) {
        as_plaus_def *p = &r->plausibility[i];
        char near[200];
        if (p->kind != AS_PLAUS_CHANGE || !p->id || as_rules_input(r, p->id, &p->input) == 0)
            continue;
        if (ids && as_suggest(p->id, ids, r->ninputs, near, sizeof near))
            as_diags_add(L->d, p->loc, "unknown input '%s' in change: did you mean %s?", p->id,
                         near);
        else
            as_diags_add(L->d, p->loc, "unknown input '%s' in change", p->id);
    }
    free(ids);
}

/* ------------------------------------------------------------ phase 2: uncertainty */

/* The index of declaration u's input or parameter, or false after reporting
 * an unknown name (a section: whether any input has it). */
static bool resolve_name(binder *B, as_uncertainty_def *u)
{
    as_ruleset *r = B->L->r;
    size_t v;
    if (u->section) {
        for (size_t i = 0; i < r->nsections; i++)
            if (!strcmp(r->sections[i], u->name))
                return true;
        char list[512] = "";
        size_t len = 0;
        for (size_t i = 0; i < r->nsections && len < sizeof list; i++) {
            int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", r->sections[i]);
            len += w > 0 ? (size_t)w : 0;
        }
        as_diags_add(B->L->d, u->name_loc,
                     "unknown section '%s' in uncertainty: the inputs' sections are %s", u->name,
                     list);
        return false;
    }
    static const char *const what[] = {"an input", "a quantity", "a parameter"};
    int want = u->ref_kind;
    bool found = as_strmap_get(&B->names, u->name, &v) == 0;
    if (found && (int)(v % 4) == want) {
        u->index = v / 4;
        return true;
    }
    if (found && v % 4 == AS_REF_QUANTITY)
        as_diags_add(B->L->d, u->name_loc,
                     "'%s' is a quantity: declare the uncertainty of the inputs and parameters "
                     "it reads",
                     u->name);
    else if (found)
        as_diags_add(B->L->d, u->name_loc, "'%s' is %s, not %s", u->name, what[v % 4], what[want]);
    else
        as_diags_add(B->L->d, u->name_loc, "unknown %s '%s' in uncertainty",
                     want == AS_REF_INPUT ? "input" : "parameter", u->name);
    return false;
}

static bool same_subject(const as_uncertainty_def *a, const as_uncertainty_def *b)
{
    if (a->ref_kind != b->ref_kind || a->section != b->section)
        return false;
    return a->section ? !strcmp(a->name, b->name) : a->index == b->index;
}

/* The declarations that apply to one input or parameter: its own, or (an
 * input without any) its section's.  Arena-owned; *n 0 when none. */
static const size_t *applying(as_ruleset *r, int kind, size_t index, const char *section, size_t *n)
{
    size_t *out = NULL;
    *n = 0;
    for (int pass = 0; pass < 2 && *n == 0; pass++) { /* own, then the section's */
        for (size_t k = 0; k < r->nuncertainty; k++) {
            const as_uncertainty_def *u = &r->uncertainty[k];
            bool hit = u->ref_kind == kind &&
                       (pass == 0 ? !u->section && u->index == index
                                  : u->section && section && !strcmp(u->name, section));
            if (!hit)
                continue;
            if (!out && !(out = as_arena_alloc(r->arena, r->nuncertainty * sizeof *out)))
                return NULL;
            out[(*n)++] = k;
        }
        if (kind != AS_REF_INPUT)
            break;
    }
    return out;
}

/* Bind every declaration to its input, section or parameter, refuse one
 * given twice with the same correlation, and list on each input and
 * parameter the declarations that apply to it. */
void as_rload_resolve_uncertainty(binder *B)
{
    as_ruleset *r = B->L->r;
    bool ok = true;
    for (size_t k = 0; k < r->nuncertainty; k++) {
        as_uncertainty_def *u = &r->uncertainty[k];
        if (!u->name || !resolve_name(B, u)) {
            ok = false;
            continue;
        }
        for (size_t j = 0; j < k; j++) {
            const as_uncertainty_def *v = &r->uncertainty[j];
            if (v->name && same_subject(u, v) && u->corr == v->corr) {
                as_diags_add(B->L->d, u->loc,
                             "uncertainty of %s '%s' with correlation '%s' is given twice "
                             "(first at line %d)",
                             u->section                    ? "section"
                             : u->ref_kind == AS_REF_INPUT ? "input"
                                                           : "parameter",
                             u->name, correlation_names[u->corr], v->loc.line);
                ok = false;
                break;
            }
        }
    }
    if (!ok || !r->nuncertainty)
        return;
    for (size_t i = 0; i < r->ninputs; i++)
        r->inputs[i].uncertain =
            applying(r, AS_REF_INPUT, i, r->inputs[i].section, &r->inputs[i].nuncertain);
    for (size_t i = 0; i < r->nparams; i++)
        r->params[i].uncertain = applying(r, AS_REF_PARAM, i, NULL, &r->params[i].nuncertain);
}

const char *as_distribution_name(as_distribution d)
{
    return distribution_names[d];
}

const char *as_correlation_name(as_correlation c)
{
    return correlation_names[c];
}

/* plan_bind: phase 2 of reading a plan file (plan_bind.h): load the rule set,
 * bind every formula name, and check the effort figure, the approvals, the
 * tiers and the adjustments against what they name. */
#include "engine/plan_bind.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/suggest.h"

/* ------------------------------------------------------------ names */

typedef enum { CTX_PROVINCE, CTX_NATIONAL } bind_ctx;

static int quantity_index(const as_plan *p, const char *id, size_t *idx)
{
    for (size_t i = 0; id && i < p->nquantities; i++)
        if (p->quantities[i].id && !strcmp(p->quantities[i].id, id)) {
            *idx = i;
            return 0;
        }
    return -1;
}

/* base.<id>: an input or a quantity of the rule set, kept once in p->bases. */
static int bind_base(plan_loader *L, const char *id, size_t *idx)
{
    as_plan *p = L->p;
    const as_ruleset *r = p->rules;
    int kind = AS_REF_INPUT;
    size_t index;
    if (as_rules_input(r, id, &index) != 0) {
        kind = AS_REF_QUANTITY;
        for (index = 0; index < r->nquantities && strcmp(r->quantities[index].id, id); index++)
            ;
        if (index == r->nquantities)
            return -1;
    }
    for (size_t b = 0; b < p->nbases; b++)
        if (p->bases[b].ref_kind == kind && p->bases[b].index == index) {
            *idx = b;
            return 0;
        }
    as_plan_base *nb = as_plan_alloc(L, p->nbases + 1, sizeof *nb);
    if (!nb)
        return -1;
    if (p->nbases)
        memcpy(nb, p->bases, p->nbases * sizeof *nb);
    nb[p->nbases] = (as_plan_base){id, kind, index};
    p->bases = nb;
    *idx = p->nbases++;
    return 0;
}

/* Bind one reference; `before` is the number of province figures a
 * province figure may read (those above it). */
static void bind_ref(plan_loader *L, const as_formula *f, as_expr_ref *ref, bind_ctx ctx,
                     size_t before)
{
    as_plan *p = L->p;
    as_loc loc = as_formula_loc(f, ref->offset);
    size_t idx;
    if (ref->year_kind != AS_YEAR_CURRENT) {
        as_diags_add(L->d, loc, "'%s' cannot take a year qualifier in a plan file", ref->name);
        return;
    }
    if (!strncmp(ref->name, "base.", 5) && bind_base(L, ref->name + 5, &idx) == 0) {
        ref->kind = AS_PREF_BASE;
    } else if (!strncmp(ref->name, "base.", 5)) {
        as_diags_add(L->d, loc, "'%s' is no input or quantity of the rule set '%s'", ref->name + 5,
                     p->rules->id);
        return;
    } else if (!strncmp(ref->name, "national.", 9) && ctx == CTX_NATIONAL &&
               as_plan_find_item(p->stats, p->nstats, ref->name + 9, &idx) == 0) {
        ref->kind = AS_PREF_NATIONAL;
    } else if (!strncmp(ref->name, "national.", 9)) {
        as_diags_add(L->d, loc,
                     ctx == CTX_NATIONAL
                         ? "'%s' is not declared under 'statistics'"
                         : "'%s' is a national statistic: only national figures can read it",
                     ref->name);
        return;
    } else if (as_plan_find_item(p->items, p->nitems, ref->name, &idx) == 0) {
        ref->kind = AS_PREF_ITEM;
    } else if (quantity_index(p, ref->name, &idx) == 0 && (ctx == CTX_NATIONAL || idx < before)) {
        ref->kind = AS_PREF_QUANTITY;
    } else if (quantity_index(p, ref->name, &idx) == 0) {
        as_diags_add(L->d, loc, "province figure '%s' is defined below the one reading it",
                     ref->name);
        return;
    } else {
        as_diags_add(L->d, loc,
                     "unknown name '%s' in formula: use a proposal item, a province figure, "
                     "base.<input or quantity of the rules> or national.<statistic>",
                     ref->name);
        return;
    }
    ref->index = idx;
}

static void bind_formula(plan_loader *L, as_formula *f, bind_ctx ctx, size_t before)
{
    size_t n;
    as_expr_ref *refs = f->expr ? as_expr_refs(f->expr, &n) : NULL;
    for (size_t i = 0; refs && i < n; i++)
        bind_ref(L, f, &refs[i], ctx, before);
}

/* Items and province figures share one namespace; statistics and national
 * figures have one each. */
static void check_unique(plan_loader *L)
{
    as_plan *p = L->p;
    size_t j;
    for (size_t i = 0; i < p->nitems; i++)
        if (as_plan_find_item(p->items, i, p->items[i].id, &j) == 0)
            as_diags_add(L->d, p->items[i].loc, "item '%s' is declared twice", p->items[i].id);
    for (size_t i = 0; i < p->nstats; i++)
        if (as_plan_find_item(p->stats, i, p->stats[i].id, &j) == 0)
            as_diags_add(L->d, p->stats[i].loc, "statistic '%s' is declared twice", p->stats[i].id);
    for (size_t i = 0; i < p->nquantities; i++) {
        const char *id = p->quantities[i].id;
        if (id && (quantity_index(p, id, &j) == 0 && j < i))
            as_diags_add(L->d, p->quantities[i].loc, "province figure '%s' is declared twice", id);
        else if (id && as_plan_find_item(p->items, p->nitems, id, &j) == 0)
            as_diags_add(L->d, p->quantities[i].loc, "name '%s' is already used by a proposal item",
                         id);
    }
    for (size_t i = 0; i < p->nfigures; i++)
        for (j = 0; j < i; j++)
            if (p->figures[i].id && p->figures[j].id && !strcmp(p->figures[i].id, p->figures[j].id))
                as_diags_add(L->d, p->figures[i].loc, "national figure '%s' is declared twice",
                             p->figures[i].id);
}

static void bind_all(plan_loader *L)
{
    as_plan *p = L->p;
    for (size_t i = 0; i < p->nquantities; i++)
        bind_formula(L, &p->quantities[i].formula, CTX_PROVINCE, i);
    for (size_t i = 0; i < p->nfigures; i++) {
        bind_formula(L, &p->figures[i].formula, CTX_NATIONAL, p->nquantities);
        if (p->figures[i].has_goal)
            bind_formula(L, &p->figures[i].goal, CTX_NATIONAL, p->nquantities);
        if (p->figures[i].has_national)
            bind_formula(L, &p->figures[i].national, CTX_NATIONAL, p->nquantities);
    }
}

/* ------------------------------------------------------------ effort, approvals */

static void resolve_effort(plan_loader *L)
{
    as_plan *p = L->p;
    if (!L->effort_id)
        return;
    if (quantity_index(p, L->effort_id, &p->effort) == 0)
        p->has_effort = true;
    else
        as_diags_add(L->d, L->effort_loc, "'effort' names no province figure: '%s'", L->effort_id);
}

static void resolve_approves(plan_loader *L, as_plan_item *it)
{
    const as_ruleset *r = L->p->rules;
    for (int w = 0; w < 3; w++) {
        const char *t = it->approves[w];
        size_t idx;
        as_period want = w == AS_APPROVE_PLAN ? AS_PERIOD_PLAN : AS_PERIOD_ANNUAL;
        if (!t)
            continue;
        if (as_rules_target(r, t, &idx) != 0) {
            as_diags_add(L->d, it->approves_loc, "'%s' is no target of the rule set '%s'", t,
                         r->id);
        } else if (r->targets[idx].period != want) {
            as_diags_add(L->d, it->approves_loc, "target '%s' is set %s, so '%s' cannot approve it",
                         t, want == AS_PERIOD_PLAN ? "per year" : "once for the plan",
                         as_approve_name(w));
        } else if (w == AS_APPROVE_ANNUAL && it->path == AS_PATH_NONE) {
            as_diags_add(L->d, it->approves_loc,
                         "item '%s' has no path: it cannot approve the annual target '%s'", it->id,
                         t);
        } else {
            it->approve_target[w] = idx;
            continue;
        }
        it->approves[w] = NULL;
    }
}

/* ------------------------------------------------------------ tiers */

static void read_levels(plan_loader *L, as_ydoc *y, yaml_node_t *m, as_plan_tier *t)
{
    as_plan *p = L->p;
    t->level = as_plan_alloc(L, p->nitems, sizeof *t->level);
    t->has_level = as_plan_alloc(L, p->nitems, 1);
    if (!m || !t->level || !t->has_level || !as_ydoc_expect_map(y, m, "levels", L->d))
        return;
    for (yaml_node_pair_t *q = m->data.mapping.pairs.start; q < m->data.mapping.pairs.top; q++) {
        yaml_node_t *kn = as_ydoc_node(y, q->key);
        const char *k = as_ydoc_scalar(kn);
        size_t i;
        if (!k || as_plan_find_item(p->items, p->nitems, k, &i) != 0)
            as_diags_add(L->d, as_ydoc_loc(y, kn), "'%s' in 'levels' is no proposal item",
                         k ? k : "?");
        else if (as_ydoc_to_num(y, as_ydoc_node(y, q->value), k, &t->level[i], L->d) == 0)
            t->has_level[i] = 1;
    }
}

static void read_members(plan_loader *L, as_ydoc *y, yaml_node_t *m, size_t tier)
{
    as_plan *p = L->p;
    if (!m || !as_ydoc_expect_seq(y, m, "provinces", L->d))
        return;
    for (yaml_node_item_t *i = m->data.sequence.items.start; i < m->data.sequence.items.top; i++) {
        yaml_node_t *n = as_ydoc_node(y, *i);
        const char *code = as_ydoc_scalar(n);
        size_t pi;
        if (!code || as_rules_province(p->rules, code, &pi) != 0)
            as_diags_add(L->d, as_ydoc_loc(y, n), "unknown province '%s'", code ? code : "?");
        else if (p->tier_of[pi] != SIZE_MAX)
            as_diags_add(L->d, as_ydoc_loc(y, n), "province '%s' is already in tier '%s'", code,
                         p->tiers[p->tier_of[pi]].id);
        else
            p->tier_of[pi] = tier;
    }
}

static void read_tier(plan_loader *L, as_ydoc *y, yaml_node_t *m, size_t k)
{
    static const char *const keys[] = {"id",     "name_zh",   "name_en", "weight",
                                       "levels", "provinces", NULL};
    as_plan_tier *t = &L->p->tiers[k];
    as_ydoc_check_keys(y, m, "tier", keys, L->d);
    t->loc = as_ydoc_loc(y, m);
    t->weight = 1;
    as_plan_text(L, y, m, "id", "tier", true, &t->id);
    as_plan_text(L, y, m, "name_zh", "tier", true, &t->name_zh);
    as_plan_text(L, y, m, "name_en", "tier", true, &t->name_en);
    if (as_ydoc_get_num(y, m, "weight", "tier", false, &t->weight, L->d) == 0 && !(t->weight >= 0))
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "weight")),
                     "'weight' must not be negative");
    read_levels(L, y, as_ydoc_get(y, m, "levels"), t);
    if (!as_ydoc_get(y, m, "provinces"))
        as_diags_add(L->d, t->loc, "missing field '%s' in %s", "provinces", "tier");
    read_members(L, y, as_ydoc_get(y, m, "provinces"), k);
}

static void read_tiers(plan_loader *L, as_ydoc *y, yaml_node_t *m)
{
    static const char *const keys[] = {"basis_zh", "basis_en", "source", "groups", NULL};
    as_plan *p = L->p;
    const as_ruleset *r = p->rules;
    if (!as_ydoc_expect_map(y, m, "tiers", L->d))
        return;
    as_ydoc_check_keys(y, m, "tiers", keys, L->d);
    as_plan_text(L, y, m, "basis_zh", "tiers", true, &p->tiers_basis_zh);
    as_plan_text(L, y, m, "basis_en", "tiers", true, &p->tiers_basis_en);
    as_plan_text(L, y, m, "source", "tiers", true, &p->tiers_source);
    yaml_node_t *g = as_ydoc_get(y, m, "groups");
    if (!g || !as_ydoc_expect_seq(y, g, "groups", L->d)) {
        if (!g)
            as_diags_add(L->d, as_ydoc_loc(y, m), "missing field '%s' in %s", "groups", "tiers");
        return;
    }
    size_t n = (size_t)(g->data.sequence.items.top - g->data.sequence.items.start);
    p->tier_of = as_plan_alloc(L, r->nprovinces, sizeof *p->tier_of);
    p->tiers = n && n <= AS_PLAN_MAX_ITEMS ? as_plan_alloc(L, n, sizeof *p->tiers) : NULL;
    if (!p->tier_of || !p->tiers)
        return;
    for (size_t i = 0; i < r->nprovinces; i++)
        p->tier_of[i] = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        yaml_node_t *t = as_ydoc_node(y, g->data.sequence.items.start[k]);
        if (as_ydoc_expect_map(y, t, "tier", L->d))
            read_tier(L, y, t, k);
    }
    p->ntiers = n;
    for (size_t i = 0; i < r->nprovinces; i++)
        if (p->tier_of[i] == SIZE_MAX)
            as_diags_add(L->d, as_ydoc_loc(y, g), "province '%s' (%s) is in no tier",
                         r->provinces[i].code, r->provinces[i].name_en);
}

/* ------------------------------------------------------------ adjustments */

static int figure_index(const as_plan *p, const char *id, size_t *idx)
{
    for (size_t i = 0; id && i < p->nfigures; i++)
        if (p->figures[i].id && !strcmp(p->figures[i].id, id)) {
            *idx = i;
            return 0;
        }
    return -1;
}

/* The tiers an adjustment needs: one for by_tier, a level for its item in
 * every tier for distance. */
static void check_rule_tiers(plan_loader *L, const as_plan_adjustment *a, as_loc at)
{
    const as_plan *p = L->p;
    if (a->rule != AS_ADJUST_UNIFORM && !p->ntiers) {
        as_diags_add(L->d, at, "rule '%s' needs the 'tiers' block", as_adjust_rule_name(a->rule));
        return;
    }
    for (size_t k = 0; a->rule == AS_ADJUST_DISTANCE && k < p->ntiers; k++)
        if (!p->tiers[k].has_level || !p->tiers[k].has_level[a->item])
            as_diags_add(L->d, p->tiers[k].loc,
                         "tier '%s' gives no level for '%s', which the rule 'distance' needs",
                         p->tiers[k].id ? p->tiers[k].id : "?", p->items[a->item].id);
}

static void read_adjustment(plan_loader *L, as_ydoc *y, yaml_node_t *m, as_plan_adjustment *a)
{
    static const char *const keys[] = {"national", "item", "rule", "max", "source", NULL};
    static const char *const rules[] = {"uniform", "by_tier", "distance", NULL};
    as_plan *p = L->p;
    const char *fig = NULL, *item = NULL;
    int rule = 0;
    as_ydoc_check_keys(y, m, "adjustment", keys, L->d);
    a->loc = as_ydoc_loc(y, m);
    int rc = as_plan_text(L, y, m, "national", "adjustment", true, &fig);
    rc |= as_plan_text(L, y, m, "item", "adjustment", true, &item);
    rc |= as_plan_choice(L, y, m, "rule", rules, "adjustment", true, &rule);
    rc |= as_plan_text(L, y, m, "source", "adjustment", true, &a->source);
    rc |= as_ydoc_get_num(y, m, "max", "adjustment", true, &a->max, L->d);
    if (rc != 0)
        return;
    a->rule = (as_adjust_rule)rule;
    if (!(a->max > 0))
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "max")), "'max' must be above 0");
    if (figure_index(p, fig, &a->figure) != 0) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "national")),
                     "'%s' is no national figure", fig);
    } else if (!p->figures[a->figure].has_goal) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "national")),
                     "national figure '%s' has no goal to close a gap to", fig);
    } else if (as_plan_find_item(p->items, p->nitems, item, &a->item) != 0 ||
               p->items[a->item].kind != AS_ITEM_TARGET ||
               p->items[a->item].measure == AS_MEASURE_GROWTH) {
        as_diags_add(L->d, as_ydoc_loc(y, as_ydoc_get(y, m, "item")),
                     "'%s' is no proposed target a rule can move (a reduction or a level)", item);
    } else {
        as_cmp c = p->figures[a->figure].cmp;
        a->direction = c == AS_CMP_GE || c == AS_CMP_GT ? 1 : -1;
        check_rule_tiers(L, a, as_ydoc_loc(y, as_ydoc_get(y, m, "rule")));
    }
}

static void read_adjustments(plan_loader *L, as_ydoc *y, yaml_node_t *m)
{
    as_plan *p = L->p;
    if (!as_ydoc_expect_seq(y, m, "adjustments", L->d))
        return;
    size_t n = (size_t)(m->data.sequence.items.top - m->data.sequence.items.start);
    p->adjustments =
        n && n <= AS_PLAN_MAX_ITEMS ? as_plan_alloc(L, n, sizeof *p->adjustments) : NULL;
    if (!p->adjustments)
        return;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *a = as_ydoc_node(y, m->data.sequence.items.start[i]);
        if (as_ydoc_expect_map(y, a, "adjustment", L->d))
            read_adjustment(L, y, a, &p->adjustments[i]);
    }
    p->nadjustments = n;
}

/* ------------------------------------------------------------ phase 2 */

void as_plan_resolve(plan_loader *L, as_ydoc *y)
{
    as_plan *p = L->p;
    if (as_rules_load(p->rules_path, &p->rules, L->d) != 0) {
        as_diags_add(L->d, L->rules_loc, "the rule set '%s' the plan names cannot be read",
                     p->rules_path);
        return;
    }
    check_unique(L);
    bind_all(L);
    resolve_effort(L);
    for (size_t i = 0; i < p->nitems; i++)
        resolve_approves(L, &p->items[i]);
    if (L->tiers)
        read_tiers(L, y, L->tiers);
    if (L->adjustments)
        read_adjustments(L, y, L->adjustments);
}

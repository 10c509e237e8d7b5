/* expr_lanes: the vectorised mode of the formula evaluator.  A parsed
 * formula is walked once for a block of lanes: every node computes all its
 * lanes in one loop (the compiler's vector instructions do several at a
 * time), names are read a block at a time, and a value the same in every
 * lane (a number, a target, a figure without declared error) is computed
 * once.  Each lane gets the status and value as_expr_eval (expr_eval.c)
 * would give it alone: the same operations on the same doubles in the same
 * order, and the same rules for errors, no data and the sides not taken.
 * It makes no messages and never prints. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/expr.h"
#include "engine/expr_tree.h"

enum { POOL_MAX = 8192 }; /* scratch lanes at most: nesting x quantity depth, with room */

typedef struct {
    double v[AS_EXPR_LANES];
    unsigned char st[AS_EXPR_LANES];
} scratch;

struct as_expr_pool {
    scratch **items; /* every scratch made, each malloc'd once and kept */
    size_t n, top;   /* made; in use */
};

as_expr_pool *as_expr_pool_new(void)
{
    return calloc(1, sizeof(as_expr_pool));
}

void as_expr_pool_free(as_expr_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i]);
    free(p->items);
    free(p);
}

/* Lanes from the pool into *b, or -1 when out of memory. */
static int take(as_expr_pool *p, as_expr_lanes *b)
{
    if (p->top == p->n) {
        scratch **items = p->n < POOL_MAX ? realloc(p->items, (p->n + 1) * sizeof *items) : NULL;
        scratch *s = items ? malloc(sizeof *s) : NULL;
        if (items)
            p->items = items;
        if (!s)
            return -1;
        p->items[p->n++] = s;
    }
    scratch *s = p->items[p->top++];
    *b = (as_expr_lanes){s->v, s->st, AS_EVAL_OK, true};
    return 0;
}

static void give_back(as_expr_pool *p)
{
    p->top--;
}

/* ------------------------------------------------------------ lane helpers */

typedef struct {
    const as_expr *e;
    const as_expr_lanes_env *env;
    size_t n;
} lanes_ev;

static void set_all(as_expr_lanes *b, int status, double v)
{
    b->status = status;
    b->uniform = true;
    b->v[0] = v;
}

/* Every lane its own value: a uniform block written out. */
static void spread(as_expr_lanes *b, size_t n)
{
    if (!b->uniform)
        return;
    for (size_t l = 1; l < n; l++)
        b->v[l] = b->v[0];
    b->uniform = false;
}

/* Every lane its own status. */
static void mix(as_expr_lanes *b, size_t n)
{
    if (b->status != AS_EXPR_MIXED) {
        memset(b->st, b->status, n);
        b->status = AS_EXPR_MIXED;
    }
}

/* One status again when every lane has the same. */
static void settle(as_expr_lanes *b, size_t n)
{
    if (b->status != AS_EXPR_MIXED)
        return;
    for (size_t l = 1; l < n; l++)
        if (b->st[l] != b->st[0])
            return;
    b->status = b->st[0];
}

/* Lane l, which was OK, fails. */
static void fail_lane(as_expr_lanes *b, size_t l, size_t n)
{
    if (b->uniform) {
        b->status = AS_EVAL_ERROR;
        return;
    }
    mix(b, n);
    b->st[l] = AS_EVAL_ERROR;
}

/* Lane l's status st, in a block of m lanes: the one status of a uniform
 * block (m is 1), else the lane's own (the block is mixed). */
static void set_lane(as_expr_lanes *b, size_t l, size_t m, int st)
{
    if (m == 1)
        b->status = st;
    else
        b->st[l] = (unsigned char)st;
}

static bool finite_value(double x)
{
    return fabs(x) <= DBL_MAX; /* false for NaN too */
}

/* Whether some of the m numbers may not be finite: a 32-bit half of one
 * has an exponent's bits all ones.  Never false for a number that is not
 * finite (its high half has them); rarely true for one that is (its low
 * half may), which the caller then looks at lane by lane.  Halves of 32
 * bits, so the loop runs on vectors of any x86-64. */
static bool any_not_finite(const double *v, size_t m)
{
    const unsigned char *bytes = (const unsigned char *)v;
    uint32_t any = 0;
    for (size_t i = 0; i < 2 * m; i++) {
        uint32_t w;
        memcpy(&w, bytes + 4 * i, sizeof w);
        any |= (w & 0x7ff00000u) == 0x7ff00000u;
    }
    return any != 0;
}

/* The lanes that are OK and not finite fail (an overflow, a non-finite
 * input): as expr_eval's finite(). */
static void check_finite(as_expr_lanes *b, size_t n)
{
    size_t m = b->uniform ? 1 : n;
    if (b->status == AS_EVAL_NO_DATA || b->status == AS_EVAL_ERROR || !any_not_finite(b->v, m))
        return;
    for (size_t l = 0; l < m; l++)
        if (!finite_value(b->v[l]) && as_expr_lane_status(b, l) == AS_EVAL_OK)
            fail_lane(b, l, n);
    settle(b, n);
}

/* Both blocks uniform, or both written out: the lanes an operation on
 * them covers (1 or n). */
static size_t pair_lanes(as_expr_lanes *a, as_expr_lanes *b, size_t n)
{
    if (a->uniform && b->uniform)
        return 1;
    spread(a, n);
    spread(b, n);
    return n;
}

static int eval_node(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out);

/* ------------------------------------------------------------ operators */

/* The status of a binary operator's lane from its operands' (expr_eval's
 * eval_binary and rhs_after_no_data): an error of either side wins; then
 * dividing by a known zero is an error even when the left side has no
 * data; then no data of either side; else the operation decides. */
static int bin_status(binop op, int ls, int rs, double r)
{
    if (ls == AS_EVAL_ERROR || rs == AS_EVAL_ERROR)
        return AS_EVAL_ERROR;
    if (op == OP_DIV && rs == AS_EVAL_OK && r == 0)
        return AS_EVAL_ERROR;
    if (ls == AS_EVAL_NO_DATA || rs == AS_EVAL_NO_DATA)
        return AS_EVAL_NO_DATA;
    return AS_EVAL_OK;
}

/* The statuses of a binary operator into a, before its values are computed
 * on the m lanes (m is 1 when both are uniform).  A zero divisor is looked
 * for only where the left side has lanes without data: where both sides
 * are OK, the division's infinite or NaN result fails the lane anyway
 * (check_finite), as dividing by zero does. */
static void bin_statuses(binop op, as_expr_lanes *a, const as_expr_lanes *b, size_t m, size_t n)
{
    bool zero = false;
    if (op == OP_DIV && a->status != AS_EVAL_OK && b->status != AS_EVAL_ERROR &&
        b->status != AS_EVAL_NO_DATA)
        for (size_t l = 0; l < m; l++)
            zero |= b->v[l] == 0;
    if (a->status == AS_EVAL_OK && b->status == AS_EVAL_OK && !zero)
        return;
    if (a->status != AS_EXPR_MIXED && b->status != AS_EXPR_MIXED && !zero) {
        a->status = bin_status(op, a->status, b->status, 1);
        return;
    }
    if (m == 1) {
        a->status = bin_status(op, a->status, b->status, b->v[0]);
        return;
    }
    int ls = a->status, rs = b->status;
    mix(a, n);
    for (size_t l = 0; l < n; l++)
        a->st[l] = (unsigned char)bin_status(op, ls == AS_EXPR_MIXED ? a->st[l] : ls,
                                             rs == AS_EXPR_MIXED ? b->st[l] : rs, b->v[l]);
    settle(a, n);
}

/* pow on the m lanes; a lane still OK whose operands have no real power
 * fails (expr_eval's eval_pow). */
static void pow_lanes(as_expr_lanes *a, const as_expr_lanes *b, size_t m, size_t n)
{
    for (size_t l = 0; l < m; l++) {
        double base = a->v[l], x = b->v[l];
        if ((base == 0 && x < 0) || (base < 0 && x != floor(x))) {
            if (as_expr_lane_status(a, l) == AS_EVAL_OK)
                fail_lane(a, l, n);
            a->v[l] = 0;
        } else {
            a->v[l] = pow(base, x);
        }
    }
}

/* a = a op b on the m lanes (statuses already combined). */
static void apply_lanes(binop op, as_expr_lanes *a, const as_expr_lanes *b, size_t m, size_t n)
{
    double *x = a->v;
    const double *y = b->v;
    switch (op) {
    case OP_ADD:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] + y[l];
        break;
    case OP_SUB:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] - y[l];
        break;
    case OP_MUL:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] * y[l];
        break;
    case OP_DIV: /* a zero divisor's lane is an error already; its value is not read */
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] / y[l];
        break;
    case OP_POW:
        pow_lanes(a, b, m, n);
        break;
    case OP_LT:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] < y[l];
        return;
    case OP_LE:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] <= y[l];
        return;
    case OP_GT:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] > y[l];
        return;
    case OP_GE:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] >= y[l];
        return;
    case OP_EQ:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] == y[l];
        return;
    default:
        for (size_t l = 0; l < m; l++)
            x[l] = x[l] != y[l];
        return;
    }
    check_finite(a, n);
}

/* 'and' / 'or' of one lane (expr_eval's eval_binary): the left side's
 * error or no data (then the right side's error wins), its short cut, else
 * the right side. */
static int logic_lane(binop op, int ls, double lv, int rs, double rv, double *out)
{
    if (ls != AS_EVAL_OK)
        return ls == AS_EVAL_NO_DATA && rs == AS_EVAL_ERROR ? AS_EVAL_ERROR : ls;
    if ((op == OP_AND && lv == 0) || (op == OP_OR && lv != 0)) {
        *out = op == OP_OR;
        return AS_EVAL_OK;
    }
    *out = rv != 0;
    return rs;
}

static int eval_logic(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out,
                      as_expr_lanes *r)
{
    if (out->uniform && out->status == AS_EVAL_OK &&
        ((n->op == OP_AND && out->v[0] == 0) || (n->op == OP_OR && out->v[0] != 0))) {
        set_all(out, AS_EVAL_OK, n->op == OP_OR); /* every lane short-cuts: no right side */
        return 0;
    }
    if (eval_node(ev, n->rhs, year, r) != 0)
        return -1;
    size_t m = pair_lanes(out, r, ev->n);
    if (m > 1)
        mix(out, ev->n);
    for (size_t l = 0; l < m; l++) {
        double v = 0;
        int st = logic_lane(n->op, as_expr_lane_status(out, l), out->v[l],
                            as_expr_lane_status(r, l), r->v[l], &v);
        out->v[l] = v;
        set_lane(out, l, m, st);
    }
    settle(out, ev->n);
    return 0;
}

/* a = a op b for +, -, * and / where every lane of both is OK and exactly
 * one of them is uniform: its number against every lane of the other, in
 * one pass (no copy of it to every lane).  False when that is not the
 * case (then the general route). */
static bool scalar_op(binop op, as_expr_lanes *a, const as_expr_lanes *b, size_t n)
{
    if (a->uniform == b->uniform || a->status != AS_EVAL_OK || b->status != AS_EVAL_OK ||
        op > OP_DIV)
        return false;
    double *x = a->v;
    if (a->uniform) {
        double s = x[0];
        const double *y = b->v;
        for (size_t l = 0; l < n; l++)
            x[l] = op == OP_ADD   ? s + y[l]
                   : op == OP_SUB ? s - y[l]
                   : op == OP_MUL ? s * y[l]
                                  : s / y[l];
    } else {
        double s = b->v[0];
        for (size_t l = 0; l < n; l++)
            x[l] = op == OP_ADD   ? x[l] + s
                   : op == OP_SUB ? x[l] - s
                   : op == OP_MUL ? x[l] * s
                                  : x[l] / s;
    }
    a->uniform = false;
    check_finite(a, n); /* an overflow, or a division by zero, fails the lane */
    return true;
}

static int eval_binary(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out)
{
    if (eval_node(ev, n->lhs, year, out) != 0)
        return -1;
    if (out->status == AS_EVAL_ERROR) /* every lane failed on the left: as expr_eval, done */
        return 0;
    as_expr_lanes r;
    if (take(ev->env->pool, &r) != 0)
        return -1;
    int rc = 0;
    if (n->op == OP_AND || n->op == OP_OR) {
        rc = eval_logic(ev, n, year, out, &r);
    } else if ((rc = eval_node(ev, n->rhs, year, &r)) == 0 && !scalar_op(n->op, out, &r, ev->n)) {
        size_t m = pair_lanes(out, &r, ev->n);
        bin_statuses(n->op, out, &r, m, ev->n);
        if (out->status == AS_EVAL_NO_DATA || out->status == AS_EVAL_ERROR)
            set_all(out, out->status, 0);
        else
            apply_lanes(n->op, out, &r, m, ev->n);
    }
    give_back(ev->env->pool);
    return rc;
}

/* ------------------------------------------------------------ functions */

/* Fold lane block x into the product p of chain() (expr_eval's eval_chain):
 * a lane without data keeps only an error to come; an OK lane multiplies
 * and fails on overflow. */
static void chain_step(as_expr_lanes *p, as_expr_lanes *x, size_t n)
{
    size_t m = pair_lanes(p, x, n);
    if (p->status == AS_EVAL_OK && x->status == AS_EVAL_OK) {
        for (size_t l = 0; l < m; l++)
            p->v[l] = p->v[l] * x->v[l];
        check_finite(p, n);
        return;
    }
    if (m > 1)
        mix(p, n);
    for (size_t l = 0; l < m; l++) {
        int ps = as_expr_lane_status(p, l), xs = as_expr_lane_status(x, l), st = ps;
        if (ps == AS_EVAL_OK && xs == AS_EVAL_OK) {
            double v = p->v[l] * x->v[l];
            st = finite_value(v) ? AS_EVAL_OK : AS_EVAL_ERROR;
            p->v[l] = v;
        } else if (ps != AS_EVAL_ERROR && xs != AS_EVAL_OK) {
            st = xs == AS_EVAL_ERROR ? AS_EVAL_ERROR : AS_EVAL_NO_DATA;
        }
        set_lane(p, l, m, st);
    }
    settle(p, n);
}

static int eval_chain(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out)
{
    set_all(out, AS_EVAL_OK, 1);
    as_expr_lanes x;
    if (take(ev->env->pool, &x) != 0)
        return -1;
    int rc = 0;
    for (long long y = (long long)ev->env->base_year + 1; y <= year && rc == 0; y++) {
        if (out->status == AS_EVAL_ERROR)
            break; /* every lane failed: later years change nothing */
        if ((rc = eval_node(ev, n->args, (int)y, &x)) == 0)
            chain_step(out, &x, ev->n);
    }
    give_back(ev->env->pool);
    return rc;
}

/* min / max of the argument lanes so far (a) and the next (b). */
static void minmax_step(func fn, as_expr_lanes *a, as_expr_lanes *b, size_t n)
{
    size_t m = pair_lanes(a, b, n);
    for (size_t l = 0; l < m; l++)
        if (fn == F_MIN ? b->v[l] < a->v[l] : b->v[l] > a->v[l])
            a->v[l] = b->v[l];
    if (a->status == AS_EVAL_OK && b->status == AS_EVAL_OK)
        return;
    if (m > 1)
        mix(a, n);
    for (size_t l = 0; l < m; l++) {
        int as = as_expr_lane_status(a, l), bs = as_expr_lane_status(b, l);
        int st = as == AS_EVAL_ERROR || bs == AS_EVAL_ERROR       ? AS_EVAL_ERROR
                 : as == AS_EVAL_NO_DATA || bs == AS_EVAL_NO_DATA ? AS_EVAL_NO_DATA
                                                                  : AS_EVAL_OK;
        set_lane(a, l, m, st);
    }
    settle(a, n);
}

static int eval_minmax(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out)
{
    if (eval_node(ev, n->args, year, out) != 0)
        return -1;
    as_expr_lanes b;
    if (take(ev->env->pool, &b) != 0)
        return -1;
    int rc = 0;
    for (const node *arg = n->args->next; arg && rc == 0; arg = arg->next)
        if ((rc = eval_node(ev, arg, year, &b)) == 0)
            minmax_step(n->fn, out, &b, ev->n);
    give_back(ev->env->pool);
    return rc;
}

/* Lanes whose condition is OK take the branch it chooses: then (t) where
 * the condition (c, into out) is non-zero, else (e). */
static void choose(as_expr_lanes *out, const as_expr_lanes *t, const as_expr_lanes *e, size_t n)
{
    spread(out, n);
    mix(out, n);
    for (size_t l = 0; l < n; l++) {
        if (out->st[l] != AS_EVAL_OK)
            continue;
        const as_expr_lanes *b = out->v[l] != 0 ? t : e;
        out->v[l] = b->uniform ? b->v[0] : b->v[l];
        out->st[l] = (unsigned char)as_expr_lane_status(b, b->uniform ? 0 : l);
    }
    settle(out, n);
}

static int eval_if(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out)
{
    const node *then = n->args->next, *other = then->next;
    if (eval_node(ev, n->args, year, out) != 0)
        return -1;
    if (out->uniform) { /* every lane takes the same side: only it is evaluated */
        if (out->status != AS_EVAL_OK)
            return 0;
        return eval_node(ev, out->v[0] != 0 ? then : other, year, out);
    }
    as_expr_lanes t, e;
    if (take(ev->env->pool, &t) != 0)
        return -1;
    if (take(ev->env->pool, &e) != 0) {
        give_back(ev->env->pool);
        return -1;
    }
    int rc = eval_node(ev, then, year, &t);
    if (rc == 0)
        rc = eval_node(ev, other, year, &e);
    if (rc == 0)
        choose(out, &t, &e, ev->n);
    give_back(ev->env->pool);
    give_back(ev->env->pool);
    return rc;
}

static int eval_call(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out)
{
    switch (n->fn) {
    case F_MIN:
    case F_MAX:
        return eval_minmax(ev, n, year, out);
    case F_CHAIN:
        return eval_chain(ev, n, year, out);
    case F_IF:
        return eval_if(ev, n, year, out);
    default: /* F_ABS */
        if (eval_node(ev, n->args, year, out) != 0)
            return -1;
        for (size_t l = 0, m = out->uniform ? 1 : ev->n; l < m; l++)
            out->v[l] = fabs(out->v[l]);
        return 0;
    }
}

/* ------------------------------------------------------------ nodes */

static int eval_ref(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out)
{
    const as_expr_ref *r = &ev->e->refs[n->ref];
    if (!ev->env->lookup) {
        set_all(out, AS_EVAL_ERROR, 0);
        return 0;
    }
    if (ev->env->lookup(ev->env->ctx, r, as_expr_ref_year(r, ev->env->base_year, year), ev->n,
                        out) != 0)
        return -1;
    if (out->status == AS_EVAL_NO_DATA || out->status == AS_EVAL_ERROR)
        set_all(out, out->status, 0);
    else
        check_finite(out, ev->n); /* a non-finite input is an error */
    return 0;
}

static int eval_node(const lanes_ev *ev, const node *n, int year, as_expr_lanes *out)
{
    switch (n->kind) {
    case N_NUM:
        set_all(out, AS_EVAL_OK, n->num);
        return 0;
    case N_REF:
        return eval_ref(ev, n, year, out);
    case N_BIN:
        return eval_binary(ev, n, year, out);
    case N_CALL:
        return eval_call(ev, n, year, out);
    default: /* N_NEG, N_NOT */
        if (eval_node(ev, n->lhs, year, out) != 0)
            return -1;
        for (size_t l = 0, m = out->uniform ? 1 : ev->n; l < m; l++)
            out->v[l] = n->kind == N_NEG ? -out->v[l] : out->v[l] == 0;
        return 0;
    }
}

int as_expr_eval_lanes(const as_expr *e, const as_expr_lanes_env *env, int year, as_expr_lanes *out)
{
    if (!e || !env || !env->pool || env->n < 1 || env->n > AS_EXPR_LANES || !out)
        return -1;
    lanes_ev ev = {e, env, env->n};
    return eval_node(&ev, e->root, year, out);
}

/* expr_eval: evaluating a parsed formula by walking its tree, names read
 * through the caller's lookup; failures located at the part they quote, an
 * error anywhere winning over no data.  It never prints. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "engine/expr.h"
#include "engine/expr_tree.h"

/* ------------------------------------------------------------------ evaluator */

typedef struct {
    const as_expr *e;
    const as_expr_env *env;
    as_expr_fail *fail;
} evaluator;

typedef struct {
    char s[AS_EXPR_QUOTE_MAX + 4];
} quoted;

static quoted quote(const evaluator *ev, const node *n)
{
    quoted q;
    as_expr_quote_span(ev->e->text, n->start, n->end, q.s, sizeof q.s);
    return q;
}

/* Record an error at the start of `at` (the first subexpression the message
 * quotes) for the year being evaluated; its message only when the
 * environment has an arena to make it in. */
__attribute__((format(printf, 4, 5))) static as_eval_status
eval_error(const evaluator *ev, const node *at, int year, const char *fmt, ...)
{
    ev->fail->ref = NULL;
    ev->fail->year = year;
    ev->fail->offset = at->start;
    ev->fail->msg = (as_text){NULL, NULL};
    if (ev->env->arena) {
        va_list ap;
        va_start(ap, fmt);
        ev->fail->msg = as_expr_message(ev->env->arena, fmt, ap);
        va_end(ap);
    }
    return AS_EVAL_ERROR;
}

static as_eval_status eval_node(const evaluator *ev, const node *n, int year, double *out);

/* v must be finite, or the operation at n overflowed. */
static as_eval_status finite(const evaluator *ev, const node *n, int year, double v, double *out)
{
    if (!isfinite(v))
        return eval_error(ev, n, year, "overflow: '%s' is too large", quote(ev, n).s);
    *out = v;
    return AS_EVAL_OK;
}

/* The message of a failure at reference r read at year `at`, in arena a. */
static as_text ref_message(as_arena *a, const char *name, int at, as_eval_status st)
{
    if (st == AS_EVAL_NO_DATA)
        return as_text_printf(a, "no data for '%s' in %d", name, at);
    if (st == AS_EVAL_ERROR)
        return as_text_printf(a, "cannot read '%s' in %d", name, at);
    return as_text_printf(a, "lookup of '%s' returned unknown status %d", name, (int)st);
}

/* Turn a lookup's failure into *fail, pointing at the reference; msg is the
 * lookup's own message, if it gave one. */
static as_eval_status ref_failed(const evaluator *ev, const node *n, const as_expr_ref *r, int at,
                                 as_eval_status st, as_text msg)
{
    as_expr_fail *f = ev->fail;
    f->ref = r;
    f->year = at;
    f->offset = r->offset;
    f->msg = (as_text){NULL, NULL};
    if (st == AS_EVAL_ERROR && msg.en && msg.en[0])
        f->msg = msg;
    else if (ev->env->arena)
        f->msg = ref_message(ev->env->arena, quote(ev, n).s, at, st);
    return st == AS_EVAL_NO_DATA ? AS_EVAL_NO_DATA : AS_EVAL_ERROR;
}

static as_eval_status eval_ref(const evaluator *ev, const node *n, int year, double *out)
{
    const as_expr_ref *r = &ev->e->refs[n->ref];
    int at = as_expr_ref_year(r, ev->env->base_year, year);
    as_text msg = {NULL, NULL};
    double v = 0;
    if (!ev->env->lookup)
        return ref_failed(ev, n, r, at, AS_EVAL_ERROR,
                          (as_text){"no lookup function to read names", NULL});
    as_eval_status st = ev->env->lookup(ev->env->ctx, r, at, &v, &msg);
    if (st != AS_EVAL_OK)
        return ref_failed(ev, n, r, at, st, msg);
    if (!isfinite(v)) {
        if (ev->env->arena)
            msg = as_text_printf(ev->env->arena, "non-finite input: '%s' is %g in %d",
                                 quote(ev, n).s, v, at);
        return ref_failed(ev, n, r, at, AS_EVAL_ERROR, msg);
    }
    *out = v;
    return AS_EVAL_OK;
}

static as_eval_status eval_pow(const evaluator *ev, const node *n, int year, double b, double x,
                               double *out)
{
    if (b == 0 && x < 0)
        return eval_error(ev, n->lhs, year, "zero to a negative power: '%s' is 0 and '%s' is %g",
                          quote(ev, n->lhs).s, quote(ev, n->rhs).s, x);
    if (b < 0 && x != floor(x))
        return eval_error(ev, n->lhs, year,
                          "negative number to a fractional power: '%s' is %g and '%s' is %g",
                          quote(ev, n->lhs).s, b, quote(ev, n->rhs).s, x);
    return finite(ev, n, year, pow(b, x), out);
}

/* Apply a non-logical binary operator to evaluated operands. */
static as_eval_status apply(const evaluator *ev, const node *n, int year, double l, double r,
                            double *out)
{
    switch (n->op) {
    case OP_ADD:
        return finite(ev, n, year, l + r, out);
    case OP_SUB:
        return finite(ev, n, year, l - r, out);
    case OP_MUL:
        return finite(ev, n, year, l * r, out);
    case OP_DIV:
        if (r == 0)
            return eval_error(ev, n->rhs, year, "division by zero: '%s' is 0", quote(ev, n->rhs).s);
        return finite(ev, n, year, l / r, out);
    case OP_POW:
        return eval_pow(ev, n, year, l, r, out);
    case OP_LT:
        *out = l < r;
        break;
    case OP_LE:
        *out = l <= r;
        break;
    case OP_GT:
        *out = l > r;
        break;
    case OP_GE:
        *out = l >= r;
        break;
    case OP_EQ:
        *out = l == r;
        break;
    case OP_NE:
        *out = l != r;
        break;
    default:
        return eval_error(ev, n, year, "internal error: unknown operator");
    }
    return AS_EVAL_OK;
}

/* After an operand had no data: evaluate the next one too, so that an error
 * anywhere wins over no data whatever the order of the operands.  Returns
 * the error, or AS_EVAL_NO_DATA with *fail back at the first absent name. */
static as_eval_status after_no_data(const evaluator *ev, const node *next, int year)
{
    as_expr_fail first = *ev->fail;
    double ignored;
    if (eval_node(ev, next, year, &ignored) == AS_EVAL_ERROR)
        return AS_EVAL_ERROR;
    *ev->fail = first;
    return AS_EVAL_NO_DATA;
}

/* The same for the right operand of a binary operator, where dividing by a
 * known zero is an error whatever the unknown left side. */
static as_eval_status rhs_after_no_data(const evaluator *ev, const node *n, int year)
{
    as_expr_fail first = *ev->fail;
    double r;
    as_eval_status st = eval_node(ev, n->rhs, year, &r);
    if (st == AS_EVAL_ERROR)
        return st;
    if (st == AS_EVAL_OK && n->op == OP_DIV && r == 0)
        return eval_error(ev, n->rhs, year, "division by zero: '%s' is 0", quote(ev, n->rhs).s);
    *ev->fail = first;
    return AS_EVAL_NO_DATA;
}

static as_eval_status eval_binary(const evaluator *ev, const node *n, int year, double *out)
{
    double l, r;
    as_eval_status st = eval_node(ev, n->lhs, year, &l);
    if (st == AS_EVAL_NO_DATA)
        return rhs_after_no_data(ev, n, year);
    if (st != AS_EVAL_OK)
        return st;
    if ((n->op == OP_AND && l == 0) || (n->op == OP_OR && l != 0)) {
        *out = n->op == OP_OR; /* short-circuit: the right side is not read */
        return AS_EVAL_OK;
    }
    st = eval_node(ev, n->rhs, year, &r);
    if (st != AS_EVAL_OK)
        return st;
    if (n->op == OP_AND || n->op == OP_OR) {
        *out = r != 0;
        return AS_EVAL_OK;
    }
    return apply(ev, n, year, l, r, out);
}

/* Product of the argument at each year base+1 .. year, the loop year being
 * the current year inside. */
static as_eval_status eval_chain(const evaluator *ev, const node *n, int year, double *out)
{
    double product = 1;
    for (long long y = (long long)ev->env->base_year + 1; y <= year; y++) {
        double v;
        as_eval_status st = eval_node(ev, n->args, (int)y, &v);
        if (st == AS_EVAL_NO_DATA) {
            for (long long z = y + 1; z <= year && st == AS_EVAL_NO_DATA; z++)
                st = after_no_data(ev, n->args, (int)z);
            return st;
        }
        if (st != AS_EVAL_OK)
            return st;
        if ((st = finite(ev, n, (int)y, product * v, &product)) != AS_EVAL_OK)
            return st;
    }
    *out = product;
    return AS_EVAL_OK;
}

static as_eval_status eval_minmax(const evaluator *ev, const node *n, int year, double *out)
{
    double best = 0;
    for (const node *arg = n->args; arg; arg = arg->next) {
        double v;
        as_eval_status st = eval_node(ev, arg, year, &v);
        for (const node *rest = arg->next; st == AS_EVAL_NO_DATA && rest; rest = rest->next)
            st = after_no_data(ev, rest, year);
        if (st != AS_EVAL_OK)
            return st;
        if (arg == n->args || (n->fn == F_MIN ? v < best : v > best))
            best = v;
    }
    *out = best;
    return AS_EVAL_OK;
}

static as_eval_status eval_call(const evaluator *ev, const node *n, int year, double *out)
{
    double v;
    as_eval_status st;
    switch (n->fn) {
    case F_MIN:
    case F_MAX:
        return eval_minmax(ev, n, year, out);
    case F_CHAIN:
        return eval_chain(ev, n, year, out);
    case F_ABS:
        if ((st = eval_node(ev, n->args, year, &v)) == AS_EVAL_OK)
            *out = fabs(v);
        return st;
    case F_IF: /* lazy: only the chosen branch is evaluated */
        if ((st = eval_node(ev, n->args, year, &v)) != AS_EVAL_OK)
            return st;
        return eval_node(ev, v != 0 ? n->args->next : n->args->next->next, year, out);
    default:
        return eval_error(ev, n, year, "internal error: unknown function");
    }
}

static as_eval_status eval_node(const evaluator *ev, const node *n, int year, double *out)
{
    double v;
    as_eval_status st;
    switch (n->kind) {
    case N_NUM:
        *out = n->num;
        return AS_EVAL_OK;
    case N_REF:
        return eval_ref(ev, n, year, out);
    case N_BIN:
        return eval_binary(ev, n, year, out);
    case N_CALL:
        return eval_call(ev, n, year, out);
    case N_NEG:
    case N_NOT:
        if ((st = eval_node(ev, n->lhs, year, &v)) == AS_EVAL_OK)
            *out = n->kind == N_NEG ? -v : v == 0;
        return st;
    }
    return eval_error(ev, n, year, "internal error: unknown node");
}

as_eval_status as_expr_eval(const as_expr *e, const as_expr_env *env, int year, double *out,
                            as_expr_fail *fail)
{
    as_expr_fail scratch;
    evaluator ev = {.e = e, .env = env, .fail = fail ? fail : &scratch};
    ev.fail->ref = NULL;
    ev.fail->offset = 0;
    ev.fail->msg = (as_text){NULL, NULL};
    ev.fail->year = year;
    if (!e || !env || !out) {
        ev.fail->msg = (as_text){"no expression or environment to evaluate", NULL};
        return AS_EVAL_ERROR;
    }
    double v;
    as_eval_status st = eval_node(&ev, e->root, year, &v);
    if (st == AS_EVAL_OK)
        *out = v;
    return st;
}

/* expr: the formula language of rule files: parse once, evaluate many times.
 * It knows operators, numbers, a few functions and year qualifiers; it does
 * not know what any name means.  The rules loader binds every name (input,
 * quantity, parameter, target, built-in) and the evaluator resolves bound
 * names through a callback, so a new indicator never needs C changes.
 *
 * Grammar (lowest precedence first; all binary operators left-associative
 * except ^):
 *   expr    := or
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | cmp
 *   cmp     := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *   sum     := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-' unary | power
 *   power   := primary ('^' unary)?                 (right-associative)
 *   primary := NUMBER | NAME yearq? | FUNC '(' expr (',' expr)* ')' | '(' expr ')'
 *   yearq   := '[' ('prev' | 'base' | INTEGER) ']'   (INTEGER: an absolute year)
 *   NAME    := [A-Za-z_][A-Za-z0-9_]* ('.' [A-Za-z_][A-Za-z0-9_]*)*
 * Functions: min(a, b, ...), max(a, b, ...), abs(x), if(cond, then, else)
 * (lazy), chain(x) = product of x evaluated at each year base+1 .. year
 * (1 when year <= base); inside chain() the current year (of unqualified
 * names and of [prev]) is the loop year, and a chain() may not contain
 * another chain() (that would cost years^depth lookups).  Comparisons and
 * and/or/not give 1 or 0; any non-zero number is true.  'and', 'or', 'not'
 * and function names are reserved and cannot be names.  A name without data
 * makes the whole formula "no data", except that an error anywhere else in
 * it (a division by zero, say) wins, whatever the order of the operands:
 * every operand is still evaluated, except an if() branch not taken and the
 * right side of 'and' / 'or' after its left side decided the result.
 *
 * Limits, so a hostile formula fails cleanly: at most AS_EXPR_MAX_LEN bytes
 * and AS_EXPR_MAX_NEST nested levels (each '(', call, prefix '-' or 'not'
 * and right operand of '^' is one level).
 *
 * Ownership: the AST, the reference table and a parse error's message live
 * in the arena passed to as_expr_parse, an evaluation failure's message in
 * the environment's arena; nothing here mallocs. */
#ifndef AS_EXPR_H
#define AS_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/text.h"
#include "base/arena.h"

#define AS_EXPR_MAX_LEN 4096 /* bytes of formula text */
#define AS_EXPR_MAX_NEST 200 /* nesting levels, see above */

typedef struct as_expr as_expr;

/* Which year a name is read at, relative to the evaluation year. */
typedef enum {
    AS_YEAR_CURRENT = 0, /* no qualifier: the year being evaluated */
    AS_YEAR_PREV,        /* [prev]: year - 1 */
    AS_YEAR_BASE,        /* [base]: the environment's base year */
    AS_YEAR_ABS          /* [2025]: that absolute year */
} as_year_kind;

/* One name reference.  Parsing fills name, offset, year_kind and year_abs and
 * sets kind = -1; the binder (the caller) sets kind and index. */
typedef struct {
    const char *name;       /* the name as written, arena-owned */
    size_t offset;          /* byte offset of the name in the formula text */
    as_year_kind year_kind; /* qualifier */
    int year_abs;           /* the year for AS_YEAR_ABS */
    int kind;               /* caller-defined category, -1 = not bound yet */
    size_t index;           /* caller-defined index within the category */
} as_expr_ref;

/* Why parsing failed: byte offset into the text and a message in the house
 * style (lowercase, no period, subject quoted). */
typedef struct {
    size_t offset; /* where in the text */
    as_text msg;   /* in English and translated, in the arena passed to as_expr_parse (a static
                      "out of memory" when it is full) */
} as_expr_error;

/* Parse text.  Returns the expression (arena-owned) or NULL with *err filled.
 * Out-of-memory is reported as an error too. */
as_expr *as_expr_parse(as_arena *a, const char *text, as_expr_error *err);

/* The name references of e in order of appearance (each occurrence once).
 * The array is owned by e; the caller may write kind and index. */
as_expr_ref *as_expr_refs(as_expr *e, size_t *n);
const as_expr_ref *as_expr_refs_const(const as_expr *e, size_t *n);

/* The source text the expression was parsed from. */
const char *as_expr_text(const as_expr *e);

typedef enum {
    AS_EVAL_OK = 0,      /* *out holds a finite value */
    AS_EVAL_NO_DATA = 1, /* a required input is absent; fail->ref/year say which */
    AS_EVAL_ERROR = 2    /* division by zero, non-finite result, lookup error */
} as_eval_status;

/* Where evaluation stopped when it did not return AS_EVAL_OK. */
typedef struct {
    const as_expr_ref *ref; /* the reference that had no data or failed, or NULL */
    int year;               /* the year it was read at */
    size_t offset;          /* byte offset in the text of the failing part */
    as_text msg;            /* what went wrong (for AS_EVAL_NO_DATA too), in English and
                               translated, made in the environment's arena; {NULL, NULL}
                               when the environment has none */
} as_expr_fail;

/* The caller's resolver: the value of a bound reference at a year.  Return
 * AS_EVAL_OK with *out set, AS_EVAL_NO_DATA, or AS_EVAL_ERROR, then with
 * *msg set to why (both languages; strings that live as long as the
 * environment's arena) or left {NULL, NULL} for "cannot read 'x' in Y". */
typedef as_eval_status (*as_expr_lookup_fn)(void *ctx, const as_expr_ref *ref, int year,
                                            double *out, as_text *msg);

typedef struct {
    as_expr_lookup_fn lookup; /* resolves names */
    void *ctx;                /* passed to lookup */
    int base_year;            /* year of [base] and start of chain() */
    as_arena *arena;          /* where failure messages are made; NULL: none are (a failure
                                 still says its status, reference, year and offset) */
} as_expr_env;

/* Evaluate e at `year`.  Returns the status; on AS_EVAL_OK *out is finite.
 * On failure *out is not written and *fail (if not NULL) says where; offset
 * is the start of the reference, or of the first subexpression the message
 * quotes, and year is the year being evaluated (the loop year inside
 * chain()).  Never prints. */
as_eval_status as_expr_eval(const as_expr *e, const as_expr_env *env, int year, double *out,
                            as_expr_fail *fail);

/* ------------------------------------------------------------------ lanes
 * The vectorised mode: one formula evaluated for n lanes at once (a lane is
 * one Monte Carlo draw, or one perturbation of Approach 1), each node over
 * every lane before the next, names read a block of lanes at a time.  Each
 * lane's status and value are exactly those as_expr_eval gives it alone,
 * bit for bit (an error anywhere wins over no data; the branch of an if()
 * and the right side of 'and' / 'or' a lane does not take cannot fail it),
 * so a caller may evaluate a branch for every lane and keep each lane's own.
 * It makes no messages: a lane that fails says only its status. */

#define AS_EXPR_LANES 256 /* lanes at most in one evaluation */
#define AS_EXPR_MIXED 3   /* as_expr_lanes.status: the lanes' statuses differ, see st */

/* The lanes of one value: the caller provides v and st, each with room for
 * AS_EXPR_LANES entries. */
typedef struct {
    double *v;         /* lane l's value in v[l] (every lane's in v[0] when uniform); meaningful
                          where the lane's status is AS_EVAL_OK */
    unsigned char *st; /* lane l's as_eval_status in st[l], when status is AS_EXPR_MIXED */
    int status;        /* every lane's as_eval_status, or AS_EXPR_MIXED */
    bool uniform;      /* every lane has v[0] and the status `status` (never mixed) */
} as_expr_lanes;

/* The status of lane l of b. */
static inline int as_expr_lane_status(const as_expr_lanes *b, size_t l)
{
    return b->status == AS_EXPR_MIXED ? b->st[l] : b->status;
}

/* The block resolver: the value of a bound reference at a year in each of n
 * lanes, into out (whose v and st it fills, setting status and uniform).
 * Returns 0, or -1 when out of memory. */
typedef int (*as_expr_lookup_lanes_fn)(void *ctx, const as_expr_ref *ref, int year, size_t n,
                                       as_expr_lanes *out);

/* Scratch lanes for the evaluation's intermediate values, reused from one
 * evaluation to the next (one per nesting level in use, at most a few
 * thousand): as_expr_pool_new gives an empty one or NULL when out of memory;
 * every free accepts NULL. */
typedef struct as_expr_pool as_expr_pool;
as_expr_pool *as_expr_pool_new(void);
void as_expr_pool_free(as_expr_pool *p);

typedef struct {
    as_expr_lookup_lanes_fn lookup; /* resolves names */
    void *ctx;                      /* passed to lookup */
    int base_year;                  /* year of [base] and start of chain() */
    size_t n;                       /* lanes, 1 .. AS_EXPR_LANES */
    as_expr_pool *pool;             /* scratch; a lookup that evaluates a formula (a quantity)
                                       may use the same pool */
} as_expr_lanes_env;

/* Evaluate e at `year` in env->n lanes into out (the caller's v and st).
 * Returns 0, or -1 when out of memory (out is then meaningless).  Never
 * prints. */
int as_expr_eval_lanes(const as_expr *e, const as_expr_lanes_env *env, int year,
                       as_expr_lanes *out);

#endif

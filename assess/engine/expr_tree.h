/* expr_tree: the parsed form of a formula, shared by the parser (expr.c)
 * and the evaluator (expr_eval.c) and by no other module: the nodes, the
 * expression with its reference table, and the quoting of source text in
 * messages. */
#ifndef AS_EXPR_TREE_H
#define AS_EXPR_TREE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "engine/expr.h"

enum { AS_EXPR_QUOTE_MAX = 48 }; /* bytes of formula text quoted in one message */

typedef enum { N_NUM, N_REF, N_NEG, N_NOT, N_BIN, N_CALL } node_kind;

typedef enum {
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_POW,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_EQ,
    OP_NE,
    OP_AND,
    OP_OR,
    OP_NONE
} binop;

typedef enum { F_MIN, F_MAX, F_ABS, F_IF, F_CHAIN, F_NONE } func;

typedef struct node {
    node_kind kind;
    binop op;          /* N_BIN: the operator */
    func fn;           /* N_CALL: the function */
    size_t start, end; /* source span in bytes, parentheses included */
    double num;        /* N_NUM: the value */
    size_t ref;        /* N_REF: index into the reference table */
    struct node *lhs;  /* N_BIN: left operand; N_NEG, N_NOT: the operand */
    struct node *rhs;  /* N_BIN: right operand */
    struct node *args; /* N_CALL: first argument, linked through next */
    struct node *next; /* next argument of the enclosing call */
    size_t nargs;      /* N_CALL: number of arguments */
} node;

struct as_expr {
    const char *text;  /* arena copy of the formula */
    node *root;        /* the tree */
    as_expr_ref *refs; /* every name occurrence, in text order */
    size_t nrefs;      /* entries in refs */
};

/* The year reference r is read at when the formula is evaluated at year
 * (the base year given for [base]): both evaluators' rule. */
static inline int as_expr_ref_year(const as_expr_ref *r, int base_year, int year)
{
    switch (r->year_kind) {
    case AS_YEAR_PREV:
        return year - 1;
    case AS_YEAR_BASE:
        return base_year;
    case AS_YEAR_ABS:
        return r->year_abs;
    default:
        return year;
    }
}

/* Copy text[start, end) into out (size cap) for quoting: whitespace runs (the
 * newlines of folded YAML) become one space, and long spans are cut with
 * "...". */
void as_expr_quote_span(const char *text, size_t start, size_t end, char *out, size_t cap);

/* fmt with ap in both languages in arena a (text.h); a static "out of
 * memory" when a is full. */
as_text as_expr_message(as_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif

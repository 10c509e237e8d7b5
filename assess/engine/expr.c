/* expr: a recursive-descent parser from formula text to an arena-allocated
 * tree and the table of name references (the evaluator is expr_eval.c).  It
 * deliberately does not bind names, print, or allocate outside the arena;
 * the length and nesting caps bound its recursion, so a hostile formula
 * fails with a message, not a crash. */
#include "engine/expr.h"
#include "engine/expr_tree.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    size_t min_args, max_args;
} FUNCS[] = {
    [F_MIN] = {"min", 2, SIZE_MAX}, [F_MAX] = {"max", 2, SIZE_MAX}, [F_ABS] = {"abs", 1, 1},
    [F_IF] = {"if", 3, 3},          [F_CHAIN] = {"chain", 1, 1},
};

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void as_expr_quote_span(const char *text, size_t start, size_t end, char *out, size_t cap)
{
    size_t n = 0, i = start;
    bool space = false;
    for (; i < end && n + 4 < cap; i++) {
        bool ws = is_space(text[i]);
        if (!(ws && space))
            out[n++] = ws ? ' ' : text[i];
        space = ws;
    }
    if (i < end) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

/* ------------------------------------------------------------------ lexer */

typedef enum {
    T_END,
    T_NUM,
    T_NAME,
    T_LPAREN,
    T_RPAREN,
    T_LBRACK,
    T_RBRACK,
    T_COMMA,
    T_PLUS,
    T_MINUS,
    T_STAR,
    T_SLASH,
    T_CARET,
    T_LT,
    T_LE,
    T_GT,
    T_GE,
    T_EQ,
    T_NE
} tok_kind;

typedef struct {
    tok_kind kind;
    size_t start, end; /* byte span in the text */
    double num;        /* T_NUM: the value */
} token;

typedef struct ref_item {
    as_expr_ref ref;
    struct ref_item *next;
} ref_item;

typedef struct {
    as_arena *a;
    const char *s;   /* the formula (arena copy, NUL-terminated) */
    token tok;       /* the current token */
    size_t prev_end; /* end of the last consumed token */
    int nest;        /* current nesting level */
    int in_chain;    /* > 0 while parsing the argument of chain() */
    ref_item *refs;  /* references found so far, in text order */
    ref_item **tail; /* where the next reference is linked */
    size_t nrefs;    /* length of the refs list */
    as_expr_error *err;
} parser;

as_text as_expr_message(as_arena *a, const char *fmt, va_list ap)
{
    as_text t = as_text_vprintf(a, fmt, ap);
    if (!t.en || !t.en[0])
        t = (as_text){"out of memory", NULL};
    return t;
}

__attribute__((format(printf, 3, 4))) static void set_error(parser *p, size_t off, const char *fmt,
                                                            ...)
{
    va_list ap;
    va_start(ap, fmt);
    p->err->offset = off;
    p->err->msg = as_expr_message(p->a, fmt, ap);
    va_end(ap);
}

static void *alloc(parser *p, size_t size)
{
    void *m = as_arena_alloc(p->a, size);
    if (!m)
        set_error(p, p->tok.start, "out of memory");
    return m;
}

/* End of the name starting at i: parts joined by single dots. */
static size_t scan_name(const char *s, size_t i)
{
    for (;;) {
        while (is_alpha(s[i]) || is_digit(s[i]))
            i++;
        if (s[i] != '.' || !is_alpha(s[i + 1]))
            return i;
        i++;
    }
}

/* End of the number-like run starting at i: everything strtod might read, plus
 * letters and dots, so "1.2.3" and "12abc" are rejected whole. */
static size_t scan_number(const char *s, size_t i)
{
    size_t start = i;
    for (;;) {
        char c = s[i];
        bool sign = (c == '+' || c == '-') && i > start && (s[i - 1] == 'e' || s[i - 1] == 'E');
        if (!(is_alpha(c) || is_digit(c) || c == '.' || sign))
            return i;
        i++;
    }
}

/* Value of the number token; false with an error if it is not one.  Values
 * that underflow to zero are accepted.  strtod follows LC_NUMERIC; the engine
 * never calls setlocale, so the decimal point is '.'. */
static bool read_number(parser *p, size_t start, size_t end, double *out)
{
    char shown[AS_EXPR_QUOTE_MAX + 4];
    as_expr_quote_span(p->s, start, end, shown, sizeof shown);
    if (strspn(p->s + start, "0123456789.eE+-") < end - start) {
        set_error(p, start, "invalid number '%s'", shown);
        return false;
    }
    char *stop;
    *out = strtod(p->s + start, &stop); /* cannot read past end: see scan_number */
    if (stop != p->s + end) {
        set_error(p, start, "invalid number '%s'", shown);
        return false;
    }
    if (!isfinite(*out)) {
        set_error(p, start, "number '%s' is out of range", shown);
        return false;
    }
    return true;
}

/* Length of the UTF-8 character at s, 0 if it is not a valid sequence. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n;
    if (s[0] < 0xC2 || s[0] > 0xF4)
        return 0;
    n = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Report a byte that starts no token, with a hint for likely mistakes. */
static void bad_char(parser *p, size_t i)
{
    const char *c = p->s + i;
    size_t u = utf8_len((const unsigned char *)c);
    if (*c == '=')
        set_error(p, i, "unexpected '=', use '==' to compare");
    else if (*c == '!')
        set_error(p, i, "unexpected '!', use 'not' to negate");
    else if (*c == '&')
        set_error(p, i, "unexpected '&', use 'and'");
    else if (*c == '|')
        set_error(p, i, "unexpected '|', use 'or'");
    else if ((unsigned char)*c >= 0x80 && u > 0)
        set_error(p, i, "unexpected '%.*s'", (int)u, c);
    else if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7F)
        set_error(p, i, "unexpected byte 0x%02x", (unsigned)(unsigned char)*c);
    else
        set_error(p, i, "unexpected '%c'", *c);
}

/* Operator or punctuation at s: its kind and length, or T_END if none. */
static tok_kind scan_operator(const char *s, size_t *len)
{
    static const struct {
        const char *text;
        tok_kind kind;
    } ops[] = {
        {"<=", T_LE},    {">=", T_GE},    {"==", T_EQ},    {"!=", T_NE},
        {"<", T_LT},     {">", T_GT},     {"(", T_LPAREN}, {")", T_RPAREN},
        {"[", T_LBRACK}, {"]", T_RBRACK}, {",", T_COMMA},  {"+", T_PLUS},
        {"-", T_MINUS},  {"*", T_STAR},   {"/", T_SLASH},  {"^", T_CARET},
    };
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        *len = strlen(ops[k].text);
        if (strncmp(s, ops[k].text, *len) == 0)
            return ops[k].kind;
    }
    return T_END;
}

/* Consume the current token and read the next one. */
static bool next(parser *p)
{
    const char *s = p->s;
    size_t i = p->tok.end;
    p->prev_end = i;
    while (is_space(s[i]))
        i++;
    token t = {.kind = T_END, .start = i, .end = i};
    size_t len = 0;
    if (s[i] == '\0') {
        /* T_END */
    } else if (is_alpha(s[i])) {
        t.kind = T_NAME;
        t.end = scan_name(s, i);
    } else if (is_digit(s[i]) || (s[i] == '.' && is_digit(s[i + 1]))) {
        t.kind = T_NUM;
        t.end = scan_number(s, i);
        if (!read_number(p, t.start, t.end, &t.num))
            return false;
    } else if ((t.kind = scan_operator(s + i, &len)) != T_END) {
        t.end = i + len;
    } else {
        bad_char(p, i);
        return false;
    }
    p->tok = t;
    return true;
}

static bool is_word(const parser *p, const char *w)
{
    size_t n = p->tok.end - p->tok.start;
    return p->tok.kind == T_NAME && strlen(w) == n && strncmp(p->s + p->tok.start, w, n) == 0;
}

static func find_func(const parser *p)
{
    for (func f = 0; f < F_NONE; f++)
        if (is_word(p, FUNCS[f].name))
            return f;
    return F_NONE;
}

/* "unexpected 'tok'" or "unexpected end of formula" for the current token. */
static void unexpected(parser *p)
{
    char shown[AS_EXPR_QUOTE_MAX + 4];
    if (p->tok.kind == T_END) {
        set_error(p, p->tok.start, "unexpected end of formula");
        return;
    }
    as_expr_quote_span(p->s, p->tok.start, p->tok.end, shown, sizeof shown);
    set_error(p, p->tok.start, "unexpected '%s'", shown);
}

/* ------------------------------------------------------------------ parser */

static node *parse_or(parser *p);
static node *parse_unary(parser *p);

static node *new_node(parser *p, node_kind kind, size_t start)
{
    node *n = alloc(p, sizeof *n);
    if (n) {
        n->kind = kind;
        n->start = start;
        n->end = p->prev_end;
        n->op = OP_NONE;
        n->fn = F_NONE;
    }
    return n;
}

static node *new_binary(parser *p, binop op, node *lhs, node *rhs)
{
    node *n = new_node(p, N_BIN, lhs->start);
    if (n) {
        n->op = op;
        n->lhs = lhs;
        n->rhs = rhs;
        n->end = rhs->end;
    }
    return n;
}

static node *new_prefix(parser *p, node_kind kind, size_t start, node *operand)
{
    node *n = new_node(p, kind, start);
    if (n) {
        n->lhs = operand;
        n->end = operand->end;
    }
    return n;
}

/* Enter one nesting level at the current token; false past the cap. */
static bool enter(parser *p)
{
    if (p->nest >= AS_EXPR_MAX_NEST) {
        set_error(p, p->tok.start, "formula nests too deeply");
        return false;
    }
    p->nest++;
    return true;
}

static binop match_or(const parser *p)
{
    return is_word(p, "or") ? OP_OR : OP_NONE;
}

static binop match_and(const parser *p)
{
    return is_word(p, "and") ? OP_AND : OP_NONE;
}

static binop match_sum(const parser *p)
{
    return p->tok.kind == T_PLUS ? OP_ADD : p->tok.kind == T_MINUS ? OP_SUB : OP_NONE;
}

static binop match_term(const parser *p)
{
    return p->tok.kind == T_STAR ? OP_MUL : p->tok.kind == T_SLASH ? OP_DIV : OP_NONE;
}

static binop match_cmp(const parser *p)
{
    switch (p->tok.kind) {
    case T_LT:
        return OP_LT;
    case T_LE:
        return OP_LE;
    case T_GT:
        return OP_GT;
    case T_GE:
        return OP_GE;
    case T_EQ:
        return OP_EQ;
    case T_NE:
        return OP_NE;
    default:
        return OP_NONE;
    }
}

/* operand (op operand)*, left-associative. */
static node *parse_left(parser *p, node *(*operand)(parser *), binop (*match)(const parser *))
{
    node *lhs = operand(p);
    binop op;
    while (lhs && (op = match(p)) != OP_NONE) {
        if (!next(p))
            return NULL;
        node *rhs = operand(p);
        lhs = rhs ? new_binary(p, op, lhs, rhs) : NULL;
    }
    return lhs;
}

/* '(' expr ')': the inner node's span grows to include the parentheses. */
static node *parse_paren(parser *p)
{
    size_t open = p->tok.start;
    if (!enter(p) || !next(p))
        return NULL;
    node *inner = parse_or(p);
    p->nest--;
    if (!inner)
        return NULL;
    if (p->tok.kind != T_RPAREN) {
        set_error(p, p->tok.start,
                  "expected ')' to close '(' opened at character %zu of the formula", open + 1);
        return NULL;
    }
    inner->start = open;
    inner->end = p->tok.end;
    return next(p) ? inner : NULL;
}

static bool check_arity(parser *p, const node *call)
{
    const char *name = FUNCS[call->fn].name;
    size_t lo = FUNCS[call->fn].min_args, hi = FUNCS[call->fn].max_args;
    if (lo == hi && call->nargs != lo) {
        set_error(p, call->start, "'%s' takes %zu argument%s, got %zu", name, lo,
                  lo == 1 ? "" : "s", call->nargs);
        return false;
    }
    if (call->nargs < lo) {
        set_error(p, call->start, "'%s' takes at least %zu arguments, got %zu", name, lo,
                  call->nargs);
        return false;
    }
    return true;
}

/* The comma-separated arguments after '(' up to and including ')'. */
static bool parse_args(parser *p, node *call)
{
    node **tail = &call->args;
    if (p->tok.kind == T_RPAREN)
        return true;
    for (;;) {
        node *arg = parse_or(p);
        if (!arg)
            return false;
        *tail = arg;
        tail = &arg->next;
        call->nargs++;
        if (p->tok.kind == T_RPAREN)
            return true;
        if (p->tok.kind != T_COMMA) {
            set_error(p, p->tok.start,
                      "expected ',' or ')' to close '%s(' opened at character %zu of the formula",
                      FUNCS[call->fn].name, call->start + 1);
            return false;
        }
        if (!next(p))
            return false;
    }
}

/* FUNC '(' expr (',' expr)* ')', the current token being '('. */
static node *parse_call(parser *p, func fn, size_t start)
{
    if (fn == F_CHAIN && p->in_chain) {
        set_error(p, start, "'chain' cannot be nested inside another 'chain'");
        return NULL;
    }
    node *call = new_node(p, N_CALL, start);
    if (!call || !enter(p) || !next(p))
        return NULL;
    call->fn = fn;
    p->in_chain += fn == F_CHAIN;
    bool ok = parse_args(p, call);
    p->in_chain -= fn == F_CHAIN;
    p->nest--;
    if (!ok || !check_arity(p, call))
        return NULL;
    call->end = p->tok.end;
    return next(p) ? call : NULL;
}

/* The year inside "[...]" after a name, the current token being '['. */
static bool parse_yearq(parser *p, as_expr_ref *r)
{
    size_t open = p->tok.start;
    if (!next(p))
        return false;
    const char *t = p->s + p->tok.start;
    size_t n = p->tok.end - p->tok.start;
    if (is_word(p, "prev")) {
        r->year_kind = AS_YEAR_PREV;
    } else if (is_word(p, "base")) {
        r->year_kind = AS_YEAR_BASE;
    } else if (p->tok.kind == T_NUM && strspn(t, "0123456789") == n) {
        if (n != 4 || t[0] == '0') {
            set_error(p, p->tok.start, "'%.*s' is not a four-digit year", (int)n, t);
            return false;
        }
        r->year_kind = AS_YEAR_ABS;
        r->year_abs = (int)p->tok.num;
    } else {
        set_error(p, p->tok.start, "expected a year, 'prev' or 'base' inside '[...]'");
        return false;
    }
    if (!next(p))
        return false;
    if (p->tok.kind != T_RBRACK) {
        set_error(p, p->tok.start,
                  "expected ']' to close '[' opened at character %zu of the formula", open + 1);
        return false;
    }
    return next(p);
}

/* NAME yearq?, the name already consumed; appends to the reference table. */
static node *parse_ref(parser *p, size_t start, size_t end)
{
    ref_item *item = alloc(p, sizeof *item);
    char *name = item ? as_arena_strndup(p->a, p->s + start, end - start) : NULL;
    if (!name) {
        set_error(p, start, "out of memory");
        return NULL;
    }
    item->ref = (as_expr_ref){.name = name, .offset = start, .kind = -1};
    if (p->tok.kind == T_LBRACK && !parse_yearq(p, &item->ref))
        return NULL;
    node *n = new_node(p, N_REF, start);
    if (!n)
        return NULL;
    n->ref = p->nrefs++;
    *p->tail = item;
    p->tail = &item->next;
    return n;
}

/* A name in operand position: a function call or a reference. */
static node *parse_name(parser *p)
{
    size_t start = p->tok.start, end = p->tok.end;
    char shown[AS_EXPR_QUOTE_MAX + 4];
    as_expr_quote_span(p->s, start, end, shown, sizeof shown);
    if (is_word(p, "and") || is_word(p, "or")) {
        set_error(p, start, "'%s' is reserved and cannot be a name", shown);
        return NULL;
    }
    if (is_word(p, "not")) {
        set_error(p, start, "'not' needs parentheses here");
        return NULL;
    }
    func fn = find_func(p);
    if (!next(p))
        return NULL;
    if (fn != F_NONE && p->tok.kind == T_LPAREN)
        return parse_call(p, fn, start);
    if (fn != F_NONE) {
        set_error(p, start, "'%s' is reserved and cannot be a name", shown);
        return NULL;
    }
    if (p->tok.kind == T_LPAREN) {
        set_error(p, start, "unknown function '%s'", shown);
        return NULL;
    }
    return parse_ref(p, start, end);
}

static node *parse_primary(parser *p)
{
    node *n;
    switch (p->tok.kind) {
    case T_NUM:
        n = new_node(p, N_NUM, p->tok.start);
        if (!n)
            return NULL;
        n->num = p->tok.num;
        n->end = p->tok.end;
        return next(p) ? n : NULL;
    case T_LPAREN:
        return parse_paren(p);
    case T_NAME:
        return parse_name(p);
    default:
        unexpected(p);
        return NULL;
    }
}

/* primary ('^' unary)?: right-associative, and -2^2 is -(2^2). */
static node *parse_power(parser *p)
{
    node *base = parse_primary(p);
    if (!base || p->tok.kind != T_CARET)
        return base;
    if (!enter(p) || !next(p))
        return NULL;
    node *exponent = parse_unary(p);
    p->nest--;
    return exponent ? new_binary(p, OP_POW, base, exponent) : NULL;
}

static node *parse_unary(parser *p)
{
    if (p->tok.kind != T_MINUS)
        return parse_power(p);
    size_t start = p->tok.start;
    if (!enter(p) || !next(p))
        return NULL;
    node *operand = parse_unary(p);
    p->nest--;
    return operand ? new_prefix(p, N_NEG, start, operand) : NULL;
}

static node *parse_term(parser *p)
{
    return parse_left(p, parse_unary, match_term);
}

static node *parse_sum(parser *p)
{
    return parse_left(p, parse_term, match_sum);
}

/* sum (cmp sum)?: a second comparison is an error, not a silent chain. */
static node *parse_cmp(parser *p)
{
    node *lhs = parse_sum(p);
    binop op = lhs ? match_cmp(p) : OP_NONE;
    if (op == OP_NONE)
        return lhs;
    if (!next(p))
        return NULL;
    node *rhs = parse_sum(p);
    if (!rhs)
        return NULL;
    if (match_cmp(p) != OP_NONE) {
        char shown[AS_EXPR_QUOTE_MAX + 4];
        as_expr_quote_span(p->s, p->tok.start, p->tok.end, shown, sizeof shown);
        set_error(p, p->tok.start, "'%s' cannot follow a comparison, use 'and'", shown);
        return NULL;
    }
    return new_binary(p, op, lhs, rhs);
}

static node *parse_not(parser *p)
{
    if (!is_word(p, "not"))
        return parse_cmp(p);
    size_t start = p->tok.start;
    if (!enter(p) || !next(p))
        return NULL;
    node *operand = parse_not(p);
    p->nest--;
    return operand ? new_prefix(p, N_NOT, start, operand) : NULL;
}

static node *parse_and(parser *p)
{
    return parse_left(p, parse_not, match_and);
}

static node *parse_or(parser *p)
{
    return parse_left(p, parse_and, match_or);
}

/* The finished expression: the tree plus the reference list as an array. */
static as_expr *finish(parser *p, node *root)
{
    as_expr *e = alloc(p, sizeof *e);
    if (!e)
        return NULL;
    e->text = p->s;
    e->root = root;
    e->nrefs = p->nrefs;
    if (p->nrefs > 0 && !(e->refs = alloc(p, p->nrefs * sizeof *e->refs)))
        return NULL;
    size_t i = 0;
    for (ref_item *it = p->refs; it; it = it->next)
        e->refs[i++] = it->ref;
    return e;
}

as_expr *as_expr_parse(as_arena *a, const char *text, as_expr_error *err)
{
    as_expr_error scratch;
    parser p = {.a = a, .err = err ? err : &scratch};
    p.tail = &p.refs;
    p.err->offset = 0;
    p.err->msg = (as_text){"", NULL};
    if (!text) {
        set_error(&p, 0, "no formula");
        return NULL;
    }
    size_t len = strnlen(text, AS_EXPR_MAX_LEN + 1);
    if (len > AS_EXPR_MAX_LEN) {
        set_error(&p, 0, "formula is longer than %d bytes", AS_EXPR_MAX_LEN);
        return NULL;
    }
    p.s = as_arena_strndup(a, text, len);
    if (!p.s) {
        set_error(&p, 0, "out of memory");
        return NULL;
    }
    if (!next(&p))
        return NULL;
    if (p.tok.kind == T_END) {
        set_error(&p, 0, "empty formula");
        return NULL;
    }
    node *root = parse_or(&p);
    if (root && p.tok.kind != T_END) {
        unexpected(&p);
        return NULL;
    }
    return root ? finish(&p, root) : NULL;
}

as_expr_ref *as_expr_refs(as_expr *e, size_t *n)
{
    *n = e ? e->nrefs : 0;
    return e ? e->refs : NULL;
}

const as_expr_ref *as_expr_refs_const(const as_expr *e, size_t *n)
{
    *n = e ? e->nrefs : 0;
    return e ? e->refs : NULL;
}

const char *as_expr_text(const as_expr *e)
{
    return e ? e->text : NULL;
}

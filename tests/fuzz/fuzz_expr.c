/* fuzz_expr: the formula parser on any text, then, for what parses, its
 * canonical text, its names and an evaluation in which every name reads a
 * value derived from its position (some 0, to reach division by zero). */
#include <stdlib.h>
#include <string.h>

#include "engine/expr.h"

#include "support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static as_eval_status lookup(void *ctx, const as_expr_ref *ref, int year, double *out, as_text *msg)
{
    (void)ctx;
    (void)msg;
    if (ref->offset % 7 == 3)
        return AS_EVAL_NO_DATA;
    *out = (double)((ref->offset + (size_t)year) % 5) - 1.0;
    return AS_EVAL_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    as_arena *a = as_arena_new(0);
    if (!text || !a)
        __builtin_trap();
    memcpy(text, data, size);
    text[size] = '\0';
    as_expr_error err;
    as_expr *e = as_expr_parse(a, text, &err);
    if (e) {
        size_t n;
        as_expr_refs(e, &n);
        as_expr_text(e);
        as_expr_env env = {lookup, NULL, 2025, a}; /* failures' messages made too */
        double v;
        as_expr_fail fail;
        as_expr_eval(e, &env, 2026, &v, &fail);
    }
    as_arena_free(a);
    free(text);
    return 0;
}

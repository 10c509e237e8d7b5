/* ctx: what every handler reads of its request. */
#include "serve/ctx.h"

#include <stdio.h>

as_env_key as_ctx_key(const as_ctx *x)
{
    as_env_key k = {x->year, "", x->stage};
    snprintf(k.province, sizeof k.province, "%s", x->code);
    return k;
}

as_history_about as_ctx_who(const as_ctx *x)
{
    return (as_history_about){x->who.name, x->req->address, 0, NULL, AS_STAGE_NONE};
}

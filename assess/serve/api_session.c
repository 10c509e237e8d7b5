/* api_session: logging in and out through the API, and who is logged in.
 * A login answers the session's CSRF token, which every request that
 * changes state sends back as X-CSRF-Token; the session itself travels in
 * the same HttpOnly cookie as the pages'. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "engine/i18n.h"
#include "serve/api.h"
#include "serve/handlers.h"

/* {"user": ..., "role": ..., "province": ..., "csrf": ...} */
static void who_json(as_ctx *x, const as_principal *who, const char *csrf)
{
    as_buf b;
    as_buf_init(&b);
    as_buf_puts(&b, "{");
    as_api_kstr(&b, "user", who->name, false);
    as_api_kstr(&b, "role", as_role_name(who->role), false);
    as_api_kstr(&b, "province", who->province[0] ? who->province : NULL, false);
    as_api_kint(&b, "year", x->portal->o.year, false);
    as_api_kstr(&b, "csrf", csrf, true);
    as_buf_puts(&b, "}");
    as_api_answer(x, &b, 0);
}

void as_api_login(as_ctx *x)
{
    static const char *const keys[] = {"user", "password"};
    const char *vals[2];
    as_arena *a = as_arena_new(AS_HTTP_MAX_TEXT * 8);
    if (!a) {
        as_route_fail(x, 500, N_("out of memory"));
        return;
    }
    if (as_api_fields(x, keys, vals, 2, a) == 0) {
        as_principal who;
        int64_t wait = 0;
        int rc = as_page_do_login(x, vals[0] ? vals[0] : "", vals[1] ? vals[1] : "", &who, &wait);
        if (rc == 200)
            who_json(x, &who, x->session.csrf);
        else if (rc == 429) {
            x->resp->retry_after = (int)wait;
            as_route_fail(x, 429, N_("too many failed logins: wait a while and try again"));
        } else if (rc == 401)
            as_route_fail(x, 401, N_("wrong account name or password"));
        else
            as_route_fail(x, 500, N_("the state database failed"));
    }
    as_arena_free(a); /* the password's copy goes with it */
}

void as_api_logout(as_ctx *x)
{
    as_buf b;
    as_page_do_logout(x);
    as_buf_init(&b);
    as_buf_puts(&b, "{\"ended\": true}");
    as_api_answer(x, &b, 0);
}

void as_api_whoami(as_ctx *x)
{
    who_json(x, &x->who, x->session.csrf);
}

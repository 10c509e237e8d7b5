/* api_session: logging in and out through the API, and who is logged in.
 * A login answers the session's CSRF token, which every request that
 * changes state sends back as X-CSRF-Token; the session itself travels in
 * the same HttpOnly cookie as the pages'. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "serve/answer.h"
#include "serve/apidoc.h"
#include "serve/handlers.h"

/* {"user": ..., "role": ..., "province": ..., "year": ..., "csrf": ...} */
static void who_json(as_ctx *x, const as_principal *who, const char *csrf)
{
    as_apidoc d;
    if (as_apidoc_begin(&d) == 0) {
        as_json_begin_object(&d.j);
        as_json_put_string(&d.j, "user", who->name);
        as_json_put_string(&d.j, "role", as_role_name(who->role));
        as_json_put_string(&d.j, "province", who->province[0] ? who->province : NULL);
        as_json_put_integer(&d.j, "year", true, x->portal->o.year);
        as_json_put_string(&d.j, "csrf", csrf);
        as_json_end(&d.j);
    }
    as_apidoc_send(x, &d, 0);
}

void as_api_login(as_ctx *x)
{
    static const char *const keys[] = {"user", "password"};
    const char *vals[2];
    as_arena *a = as_arena_new(AS_HTTP_MAX_TEXT * 8);
    if (!a) {
        as_answer_fail(x, 500, N_("out of memory"));
        return;
    }
    char *why = NULL;
    if (as_apidoc_fields(x, keys, vals, 2, a, &why) != 0)
        as_answer_fail_detail(x, 400, N_("the request's JSON cannot be read"), why);
    else {
        as_principal who;
        int64_t wait = 0;
        int rc = as_page_do_login(x, vals[0] ? vals[0] : "", vals[1] ? vals[1] : "", &who, &wait);
        if (rc == 200)
            who_json(x, &who, x->session.csrf);
        else if (rc == 429) {
            x->resp->retry_after = (int)wait;
            as_answer_fail(x, 429, N_("too many failed logins: wait a while and try again"));
        } else if (rc == 401)
            as_answer_fail(x, 401, N_("wrong account name or password"));
        else
            as_answer_fail(x, 500, N_("the state database failed"));
    }
    free(why);
    as_arena_free(a); /* the password's copy goes with it */
}

void as_api_logout(as_ctx *x)
{
    as_page_do_logout(x);
    static const char ended[] = "{\"ended\": true}\n";
    as_apidoc_send_text(x, ended, strlen(ended), 0);
}

void as_api_whoami(as_ctx *x)
{
    who_json(x, &x->who, x->session.csrf);
}

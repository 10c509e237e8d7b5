/* handlers: every route's handler, for the router's table (router.c).  Each
 * runs only after the router's checks passed (router.h) and fills x->resp.
 * Pages are in page_*.c, the JSON API in api_*.c. */
#ifndef AS_SERVE_HANDLERS_H
#define AS_SERVE_HANDLERS_H

#include "serve/envelope.h"
#include "serve/ctx.h"

/* page_home.c: login, logout, language, stylesheet, the way home */
void as_page_root(as_ctx *x);
void as_page_login(as_ctx *x);
void as_page_login_post(as_ctx *x);
void as_page_logout(as_ctx *x);
void as_page_language(as_ctx *x);
void as_page_style(as_ctx *x);

/* Shared by the login page and the API (page_home.c): check user and
 * password against the throttle and the accounts, start a session (its
 * cookie set, its CSRF token in x->session.csrf) and record the attempt.
 * Returns 200, 401 (wrong name or password, whichever), 429 (throttled:
 * *wait seconds) or 500. */
int as_page_do_login(as_ctx *x, const char *user, const char *password, as_principal *who,
                     int64_t *wait);

/* End x's session, record it and delete its cookie. */
void as_page_do_logout(as_ctx *x);

/* page_envelope.c: an envelope and what is done in it; an event's label */

/* page_results.c: whether the data set holds a file of key; the state of
 * every province's reported and verified envelope of x's year, per rule-set
 * province (calloc'd: the caller frees; NULL when the database failed) */
bool as_page_on_file(const as_portal *p, const as_env_key *k);
typedef as_env_state as_stage_states[AS_STAGE_VERIFIED + 1];
as_stage_states *as_page_states(const as_ctx *x);
const char *as_page_event(as_page_lang lang, const char *event);
void as_page_envelope(as_ctx *x);
void as_page_upload(as_ctx *x);
void as_page_release(as_ctx *x);
void as_page_reopen(as_ctx *x);
void as_page_history(as_ctx *x);

/* downloads, the same for pages and the API (download.c) */
void as_get_template(as_ctx *x);
void as_get_file(as_ctx *x);
void as_get_receipt(as_ctx *x);
void as_get_province_workbook(as_ctx *x);
void as_get_national_workbook(as_ctx *x);

/* page_results.c: the status matrix, results, evaluation, publication */
void as_page_status(as_ctx *x);
void as_page_results(as_ctx *x);
void as_page_evaluate(as_ctx *x);
void as_page_publish(as_ctx *x);
void as_page_notified(as_ctx *x);

/* api_session.c and api_envelope.c, api_results.c: the JSON API */
void as_api_login(as_ctx *x);
void as_api_logout(as_ctx *x);
void as_api_whoami(as_ctx *x);
void as_api_envelopes(as_ctx *x);
void as_api_envelope(as_ctx *x);
void as_api_upload(as_ctx *x);
void as_api_qa(as_ctx *x);
void as_api_release(as_ctx *x);
void as_api_reopen(as_ctx *x);
void as_api_history(as_ctx *x);
void as_api_status(as_ctx *x);
void as_api_results(as_ctx *x);
void as_api_evaluate(as_ctx *x);
void as_api_publish(as_ctx *x);
void as_api_notified(as_ctx *x);

#endif

/* frame: the frame every page shares and the few pieces pages repeat: the
 * header with the account and the language switch, the footer, a form's
 * hidden CSRF field, a button that posts, names of provinces and states in
 * the page's language.  Everything is written through html.h.
 *
 * Ownership: everything is appended to x->resp->body. */
#ifndef AS_SERVE_FRAME_H
#define AS_SERVE_FRAME_H

#include "engine/rules.h"
#include "serve/envelope.h"
#include "serve/ctx.h"

/* Start a page with its title (text in the page's language, escaped here):
 * the document's head, the stylesheet, the header, the heading.  The
 * response becomes an HTML page. */
void as_frame_begin(as_ctx *x, const char *title);

/* End the page: the footer and the closing tags. */
void as_frame_end(as_ctx *x);

/* A form that posts to action with one button labelled by msgid (and the
 * session's CSRF token); cls is the button's class ("" for none). */
void as_frame_button(as_ctx *x, const char *action, const char *label_msgid, const char *cls);

/* The hidden CSRF field of a form of this session. */
void as_frame_csrf(as_ctx *x);

/* A province's name in the page's language ("宁夏回族自治区" or "Ningxia"). */
const char *as_frame_province(const as_ctx *x, const as_province *p);

/* An envelope state's label in the page's language. */
const char *as_frame_state(const as_ctx *x, as_env_state s);

/* A stage's label in the page's language. */
const char *as_frame_stage(const as_ctx *x, as_stage s);

/* The path of an envelope's page ("/envelopes/2026/640000/reported") and
 * what follows it (suffix, e.g. "/history"), into out. */
void as_frame_env_path(const as_env_key *k, const char *suffix, char *out, size_t n);

#endif

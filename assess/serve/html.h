/* html: how every page is written.  All text that reaches a page passes
 * through one escaping function, as_html_escape: the arguments of as_html
 * (whose format is markup written in the code), and whole sentences of
 * as_html_say.  Handlers build pages from these few helpers and the frame
 * (as_frame_begin / as_frame_end), never by pasting strings.  Pages are in
 * the visitor's language, Chinese or English: words are msgids of the
 * "assess" catalogue, looked up in Chinese (the catalogue the portal keeps
 * loaded) or shown as they are.
 *
 * Ownership: everything is appended to a caller-owned buffer. */
#ifndef AS_SERVE_HTML_H
#define AS_SERVE_HTML_H

#include <stdbool.h>

#include "serve/buf.h"

/* The language of a page. */
typedef enum {
    AS_PAGE_ZH = 0, /* Chinese (the default) */
    AS_PAGE_EN = 1  /* English */
} as_page_lang;

/* msgid in lang: its Chinese translation, or msgid itself. */
const char *as_page_tr(as_page_lang lang, const char *msgid) __attribute__((format_arg(2)));

/* The language of a visitor: "zh" or "en" from a cookie (or a query) when
 * given, else the first of Accept-Language's languages that is Chinese or
 * English (by weight), else Chinese. */
as_page_lang as_page_choose(const char *chosen, const char *accept_language);

/* Append s with & < > " ' written as character references: the one
 * escaping function of every page.  NULL appends nothing. */
void as_html_escape(as_buf *b, const char *s);

/* Append markup: fmt is markup written in the code; each %s argument is
 * escaped, numbers (%d %ld %lld %zu %u) written as they are, %% is '%'.
 * No other conversion is allowed. */
void as_html(as_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append a sentence: msgid's translation in lang formatted with the
 * arguments (as printf does), the whole escaped. */
void as_html_say(as_buf *b, as_page_lang lang, const char *msgid, ...)
    __attribute__((format(printf, 3, 4)));

/* Append an HTML fragment this module made earlier and stored (a QA
 * result): it is trusted as it is. */
void as_html_fragment(as_buf *b, const char *html, size_t n);

/* Times as a person in China reads them: "2027-03-01 10:00:00" in China
 * Standard Time (UTC+8), into out (at least 32 bytes). */
void as_html_time(long long unix_seconds, char *out, size_t n);

/* A byte count with its thousands grouped ("20,480"), into out. */
void as_html_bytes(long long n, char *out, size_t size);

#endif

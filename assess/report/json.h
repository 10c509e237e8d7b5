/* json: the one JSON writer, streaming: containers are begun and ended in
 * turn and keys and values written as they come; commas, quoting, escapes
 * and indentation are handled here once, numbers are written in the
 * shortest form that reads back as the same double (decimal.h).  Only the
 * open containers are kept, so a document of any length (every province of
 * every year of a run) is written in constant memory as it is evaluated;
 * git's json-writer.h is the pattern.  It knows no key of any document
 * (evaljson.h, checkjson.h and reviewjson.h write those) and never prints
 * elsewhere than to its stream.
 *
 * Ownership: the stream is the caller's; nothing is allocated.  What is
 * written reaches the stream in pieces of AS_JSON_BUF bytes and at
 * as_json_finish, so nothing else may write to it in between. */
#ifndef AS_JSON_H
#define AS_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define AS_JSON_MAX_DEPTH 32 /* containers open at once; deeper is a misuse */
#define AS_JSON_BUF 16384    /* bytes kept before they go to the stream */

typedef struct {
    FILE *f;                            /* where the document goes */
    int depth;                          /* containers open */
    int wrap;                           /* the members of containers at depth 1 .. wrap go on
                                           lines of their own, deeper ones on one line */
    bool member[AS_JSON_MAX_DEPTH + 1]; /* per depth: its container has a member already */
    bool object[AS_JSON_MAX_DEPTH + 1]; /* per depth: its container is an object */
    bool keyed;                         /* a key was written: its value comes next */
    bool misused;                       /* too deep, a value without a key in an object, ... */
    char buf[AS_JSON_BUF];              /* what is written, until it goes to f (when full, and
                                           at as_json_finish) */
    size_t len;                         /* bytes in buf */
} as_json;

/* Start a document on f whose containers at depth 1 .. wrap (1: the
 * outermost) have each member on a line of its own, indented two spaces a
 * level; deeper members follow each other on one line after ", ". */
void as_json_init(as_json *j, FILE *f, int wrap);

/* Begin an object or an array as the next value (after a key in an object,
 * or as an element of an array, or as the document), and end the innermost
 * one open. */
void as_json_begin_object(as_json *j);
void as_json_begin_array(as_json *j);
void as_json_end(as_json *j);

/* The key of the next member of the object open. */
void as_json_key(as_json *j, const char *key);

/* Values: a string (NULL: null; quotes, backslashes and control characters
 * escaped, everything else as it is, UTF-8), a number in its shortest exact
 * form (null when !has or not finite), an integer (null when !has), true or
 * false, null. */
void as_json_string(as_json *j, const char *s);
void as_json_number(as_json *j, bool has, double v);
void as_json_integer(as_json *j, bool has, long v);
void as_json_bool(as_json *j, bool v);
void as_json_null(as_json *j);

/* A key and its value in one call. */
void as_json_put_string(as_json *j, const char *key, const char *s);
void as_json_put_number(as_json *j, const char *key, bool has, double v);
void as_json_put_integer(as_json *j, const char *key, bool has, long v);
void as_json_put_bool(as_json *j, const char *key, bool v);
void as_json_put_null(as_json *j, const char *key);
void as_json_put_object(as_json *j, const char *key); /* then its members, then as_json_end */
void as_json_put_array(as_json *j, const char *key);  /* then its elements, then as_json_end */

/* End the document with a newline and flush it.  Returns 0, or -1 when a
 * container is still open, the writer was misused or the stream has an
 * error (errno then says which). */
int as_json_finish(as_json *j);

#endif

/* suggest: "did you mean": the known names nearest to a mistyped one, by
 * edit distance (insertions, deletions, substitutions and swaps of two
 * neighbours, ignoring ASCII case), for messages about unknown fields,
 * sections, inputs and options.  It knows nothing of what the names mean. */
#ifndef AS_SUGGEST_H
#define AS_SUGGEST_H

#include <stddef.h>

/* Write the names of cands (n of them; NULL entries are skipped) nearest to
 * word into buf as "'a'" or "'a', 'b'" (at most three, those at the smallest
 * distance, in list order), or "" when none is close: a name is close when
 * at most one edit in three characters of word (at least one, at most three
 * edits) turns one into the other.  Returns the number of names written. */
size_t as_suggest(const char *word, const char *const *cands, size_t n, char *buf, size_t size);

struct option; /* getopt.h */

/* The long options of longopts (getopt_long's table, ended by a NULL name)
 * nearest to the one given on a command line ("--yaer", or "--yaer=2026"),
 * written into buf as as_suggest writes them ("'--year'").  Returns the
 * number written: 0 when given is no option (no leading '-'), is one of
 * longopts itself, or none is close. */
size_t as_suggest_option(const struct option *longopts, const char *given, char *buf, size_t size);

#endif

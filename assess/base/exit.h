/* exit: the exit codes of every command of the assess program, whichever
 * front-end runs it (documented in README.md, `assess --help` and
 * docs/assess.1).  Numbers only. */
#ifndef AS_EXIT_H
#define AS_EXIT_H

enum {
    AS_EXIT_OK = 0,      /* success */
    AS_EXIT_INVALID = 1, /* invalid input: rules, data, calendar or a submission */
    AS_EXIT_USAGE = 2,   /* bad command line */
    AS_EXIT_OUTPUT = 3,  /* an output file could not be written */
    AS_EXIT_PARTIAL = 4  /* evaluate finished, but some provinces are invalid */
};

#endif

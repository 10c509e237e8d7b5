/* cmd_serve: `assess serve`: the delivery portal on HTTP (or HTTPS) until
 * SIGTERM: options, opening the state, serving, exit code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/bundle.h"
#include "serve/backup.h"
#include "serve/portal.h"
#include "serve/release.h"
#include "serve/say.h"
#include "serve/commands.h"
#include "serve/server.h"

static const char usage_text[] =
    N_("usage: assess serve --data DIR --state DIR [--listen HOST:PORT] [--year YEAR]\n"
       "                    [--rules FILE] [--calendar DIR] [--tls-cert FILE --tls-key FILE]\n"
       "                    [--max-upload BYTES] [--session-idle MINUTES]\n"
       "                    [--session-max HOURS] [--threads N] [--max-connections N]\n"
       "                    [--per-address N] [--timeout SECONDS] [--lang zh|en|both]\n"
       "       assess serve --state DIR --backup DEST\n\n"
       "The delivery portal: provinces download their template, upload their\n"
       "submission and see the self-check's result at once (the same as 'assess\n"
       "check'), and release it into the data set DIR (submissions/YEAR/CODE.xlsx or\n"
       ".yaml, with a receipt); departments deliver verified figures; the centre sees\n"
       "every envelope, reopens, evaluates the data set (the same as 'assess\n"
       "evaluate') and publishes the results, which each province then sees for\n"
       "itself.  Pages in Chinese and English, and a JSON API under /api/v1\n"
       "(docs/portal.md).  Accounts are made with 'assess accounts'.\n\n"
       "  --data DIR          the data set releases go into and evaluations read\n"
       "  --state DIR         the portal's own state: its database (assess.sqlite),\n"
       "                      every uploaded version, evaluations; made when missing\n"
       "  --listen HOST:PORT  where to listen (default 127.0.0.1:8080; port 0: any free)\n"
       "  --year YEAR         the assessment year the pages start from (default: the\n"
       "                      rules' first)\n"
       "  --rules FILE        rule file (default: rules/2026.yaml)\n"
       "  --calendar DIR      working-day calendar (default: data/calendar)\n"
       "  --tls-cert FILE     serve HTTPS with this PEM certificate (and --tls-key)\n"
       "  --tls-key FILE      its PEM private key\n"
       "  --max-upload BYTES  largest file accepted (default 10485760, 10 MiB)\n"
       "  --session-idle MIN  a session ends after this many idle minutes (default 30)\n"
       "  --session-max H     and this many hours after login at most (default 12)\n"
       "  --threads N         requests answered at once (default 4)\n"
       "  --max-connections N connections at once (default 256)\n"
       "  --per-address N     connections at once from one address (default 64)\n"
       "  --timeout SECONDS   an idle or stalled connection is closed (default 30)\n"
       "  --lang L            language of what is printed here: zh, en or both\n\n"
       "  --backup DEST       do not serve: copy the state folder DIR into the new\n"
       "                      folder DEST, consistently, also while a portal runs on it\n"
       "                      (SQLite's online backup, then the stored files); start\n"
       "                      a portal with --state DEST to restore it\n\n"
       "SIGTERM or Ctrl-C: the requests in flight finish, then it stops.\n\n"
       "exit: 0 stopped, 1 invalid rules, calendar or state, 2 usage, 3 cannot listen\n");

typedef struct {
    as_portal_opts po;
    as_server_opts so;
    long year;
    const char *backup; /* --backup DEST */
} options;

/* A whole decimal number within [lo, hi]; 0 or -1. */
static int number(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Options that take numbers; 0 or -1. */
static int numeric(options *o, int ch, const char *arg)
{
    long v;
    static const struct {
        int ch;
        long lo, hi;
    } ranges[] = {{'y', 1900, 2200}, {'u', 1024, 1L << 30}, {'i', 1, 24 * 60}, {'m', 1, 24 * 30},
                  {'t', 1, 64},      {'c', 4, 100000},      {'a', 1, 100000},  {'T', 1, 3600}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        if (ranges[i].ch != ch)
            continue;
        if (number(arg, ranges[i].lo, ranges[i].hi, &v) != 0)
            return -1;
        switch (ch) {
        case 'y':
            o->year = v;
            break;
        case 'u':
            o->po.max_upload = (uint64_t)v;
            break;
        case 'i':
            o->po.limits.idle = v * 60;
            break;
        case 'm':
            o->po.limits.max = v * 3600;
            break;
        case 't':
            o->so.threads = (unsigned)v;
            o->po.threads = (size_t)v;
            break;
        case 'c':
            o->so.max_connections = (unsigned)v;
            break;
        case 'a':
            o->so.per_address = (unsigned)v;
            break;
        default:
            o->so.timeout = (unsigned)v;
            break;
        }
        return 0;
    }
    return -1;
}

/* The options of assess serve, for getopt_long and the did-you-mean of a mistyped one. */
static const struct option longopts[] = {{"data", required_argument, NULL, 'd'},
                                         {"state", required_argument, NULL, 's'},
                                         {"listen", required_argument, NULL, 'l'},
                                         {"year", required_argument, NULL, 'y'},
                                         {"rules", required_argument, NULL, 'r'},
                                         {"calendar", required_argument, NULL, 'C'},
                                         {"tls-cert", required_argument, NULL, 'k'},
                                         {"tls-key", required_argument, NULL, 'K'},
                                         {"max-upload", required_argument, NULL, 'u'},
                                         {"session-idle", required_argument, NULL, 'i'},
                                         {"session-max", required_argument, NULL, 'm'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"max-connections", required_argument, NULL, 'c'},
                                         {"per-address", required_argument, NULL, 'a'},
                                         {"timeout", required_argument, NULL, 'T'},
                                         {"lang", required_argument, NULL, 'L'},
                                         {"backup", required_argument, NULL, 'B'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};

/* One option; 0, 1 (help shown) or -1 (reported). */
static int parse_option(options *o, int ch, const char *arg, const char *given)
{
    switch (ch) {
    case 'd':
        o->po.data_dir = arg;
        return 0;
    case 's':
        o->po.state_dir = arg;
        return 0;
    case 'l':
        o->so.listen = arg;
        return 0;
    case 'r':
        o->po.rules_path = arg;
        return 0;
    case 'C':
        o->po.calendar_dir = arg;
        return 0;
    case 'k':
        o->so.tls_cert = arg;
        return 0;
    case 'K':
        o->so.tls_key = arg;
        return 0;
    case 'B':
        o->backup = arg;
        return 0;
    case 'L':
        return as_say_setup(arg) == 0 ? 0 : -1;
    case 'h':
        fputs(_(usage_text), stdout);
        return 1;
    default:
        if (ch != '?' && arg && numeric(o, ch, arg) == 0)
            return 0;
        as_say_bad_option("serve", longopts, given);
        return -1;
    }
}

static void defaults(options *o)
{
    memset(o, 0, sizeof *o);
    o->po.max_upload = AS_PORTAL_MAX_UPLOAD;
    o->po.limits.idle = AS_PORTAL_IDLE;
    o->po.limits.max = AS_PORTAL_LIFETIME;
    o->po.threads = 4;
    o->so.listen = "127.0.0.1:8080";
    o->so.threads = 4;
    o->so.max_connections = 256;
    o->so.per_address = 64;
    o->so.timeout = 30;
    o->so.grace = 30;
}

/* Parse argv; 0, 1 (help shown) or -1 (reported). */
static int parse(int argc, char **argv, options *o)
{
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int rc = parse_option(o, ch, optarg, argv[optind - 1]);
        if (rc != 0)
            return rc;
    }
    if (optind < argc || (!o->po.data_dir && !o->backup) || !o->po.state_dir) {
        as_say(stderr, "assess serve: error: --data DIR and --state DIR are required\n");
        fputs(_(usage_text), stderr);
        return -1;
    }
    if (!o->so.tls_cert != !o->so.tls_key) {
        as_say(stderr, "assess serve: error: --tls-cert and --tls-key go together\n");
        return -1;
    }
    o->po.tls = o->so.tls_cert != NULL;
    return 0;
}

/* The rules and calendar: as named (looked up as every command looks a
 * path up), or the bundled ones.  0, or -1 with the places looked in d. */
static int find_bundled(options *o, as_diags *d)
{
    o->po.rules_path = o->po.rules_path ? as_bundle_path(o->po.rules_path)
                                        : as_bundle_find(AS_BUNDLE_RULES, "--rules FILE", d);
    o->po.calendar_dir = o->po.calendar_dir
                             ? as_bundle_path(o->po.calendar_dir)
                             : as_bundle_find(AS_BUNDLE_CALENDAR, "--calendar DIR", d);
    return o->po.rules_path && o->po.calendar_dir ? 0 : -1;
}

/* Finish or abandon the releases a stopped portal left (release.h). */
static int settle(as_portal *p, as_diags *d)
{
    sqlite3 *c = as_db_get(p->db);
    int rc = as_release_reconcile(p, c);
    as_db_put(p->db, c);
    if (rc >= 0)
        return 0;
    as_diags_add(d, as_loc_make(p->o.state_dir, 0, 0),
                 "cannot settle the releases a stopped portal left");
    return -1;
}

/* --backup: copy the state, say so, and exit. */
static int backup(const options *o)
{
    as_diags d;
    as_diags_init(&d);
    int rc = as_backup_state(o->po.state_dir, o->backup, &d);
    as_say_diags(&d);
    as_diags_release(&d);
    if (rc == 0)
        as_say(stderr, "assess serve: the state in '%s' is copied into '%s'\n", o->po.state_dir,
               o->backup);
    return rc == 0 ? AS_EXIT_OK : AS_EXIT_OUTPUT;
}

int as_serve_cmd_serve(int argc, char **argv)
{
    options o;
    as_portal p;
    as_diags d;
    defaults(&o);
    as_say_setup(NULL);
    int rc = parse(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? AS_EXIT_OK : AS_EXIT_USAGE;
    if (o.backup)
        return backup(&o);
    as_diags_init(&d);
    if (find_bundled(&o, &d) != 0) {
        as_say_diags(&d);
        as_diags_release(&d);
        return AS_EXIT_INVALID;
    }
    if (as_portal_open(&p, &o.po, &d) != 0 || settle(&p, &d) != 0) {
        as_say_diags(&d);
        as_portal_close(&p);
        as_diags_release(&d);
        return AS_EXIT_INVALID;
    }
    p.o.year = o.year ? (int)o.year : p.rules->year_from;
    if (p.o.year < p.rules->year_from || p.o.year > p.rules->year_to) {
        as_say(stderr, "assess serve: error: the rules assess %d to %d, not %d\n",
               p.rules->year_from, p.rules->year_to, p.o.year);
        rc = AS_EXIT_USAGE;
    } else {
        as_say_catalogue_zh(); /* the pages and the checks' diagnostics speak Chinese too */
        rc = as_server_run(&p, &o.so, &d) == 0 ? AS_EXIT_OK : AS_EXIT_OUTPUT;
        as_say_diags(&d);
    }
    as_portal_close(&p);
    as_diags_release(&d);
    return rc;
}

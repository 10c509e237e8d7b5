/* cmd_accounts: `assess accounts add|list|disable|passwd`: the portal's
 * accounts in a state folder.  A password is read from the terminal
 * without echo (twice), or as one line of standard input when that is not
 * a terminal; never from the command line, and there is no default. */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/bundle.h"
#include "engine/rules.h"
#include "serve/account.h"
#include "serve/db.h"
#include "serve/history.h"
#include "serve/say.h"
#include "serve/commands.h"
#include "serve/store.h"

static const char usage_text[] =
    N_("usage: assess accounts add --state DIR --user NAME --role ROLE [--province CODE]\n"
       "                           [--rules FILE]\n"
       "       assess accounts list --state DIR\n"
       "       assess accounts disable --state DIR --user NAME\n"
       "       assess accounts passwd --state DIR --user NAME\n\n"
       "The accounts of the delivery portal ('assess serve') kept in its state folder.\n"
       "ROLE is province (give --province CODE, a GB/T 2260 code of the rules: the\n"
       "account sees and delivers that province's envelopes only), department (sees\n"
       "every envelope, delivers verified figures) or centre (sees everything,\n"
       "reopens, evaluates and publishes).  NAME: 1 to 64 of A-Z a-z 0-9 . _ - @.\n"
       "The password (at least 10 characters) is asked on the terminal without echo,\n"
       "twice; when standard input is not a terminal, its first line is the\n"
       "password.  It is never given on the command line, and there is no default.\n"
       "Only an Argon2id hash of it is kept.  'disable' and 'passwd' end the\n"
       "account's sessions; nothing is ever deleted: the history keeps its name.\n\n"
       "  --rules FILE   the rule file whose provinces are known (default:\n"
       "                 rules/2026.yaml)\n\n"
       "exit: 0 done, 1 no such account or the name is taken, 2 usage, 3 the state\n"
       "      could not be written\n");

typedef struct {
    const char *verb, *state, *user, *role, *province, *rules;
} options;

/* ------------------------------------------------------------ passwords */

/* One line of f into buf without its line end; 0, or -1 at its end. */
static int read_line(FILE *f, char *buf, size_t n)
{
    if (!fgets(buf, (int)n, f))
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* Ask on the terminal without echo. */
static int ask(const char *prompt, char *buf, size_t n)
{
    struct termios old, quiet;
    fputs(prompt, stderr);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return -1;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    int rc = read_line(stdin, buf, n);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return rc;
}

/* The new password of user into pw (size n); 0 or -1 (reported). */
static int new_password(const char *user, char *pw, size_t n)
{
    char again[AS_PASSWORD_MAX + 2];
    if (!isatty(STDIN_FILENO)) {
        if (read_line(stdin, pw, n) == 0)
            return 0;
        as_say(stderr, "assess accounts: error: no password on standard input\n");
        return -1;
    }
    char prompt[160];
    snprintf(prompt, sizeof prompt, _("Password for %s: "), user);
    int rc = ask(prompt, pw, n);
    if (rc == 0)
        rc = ask(_("The same password again: "), again, sizeof again);
    if (rc == 0 && strcmp(pw, again) != 0) {
        as_say(stderr, "assess accounts: error: the two passwords differ\n");
        rc = -1;
    }
    sodium_memzero(again, sizeof again);
    return rc;
}

/* ------------------------------------------------------------ the verbs */

/* What a status means on the terminal; its exit code. */
static int report(as_account_status s, const char *user)
{
    switch (s) {
    case AS_ACCOUNT_OK:
        return AS_EXIT_OK;
    case AS_ACCOUNT_EXISTS:
        as_say(stderr, "assess accounts: error: there is already an account '%s'\n", user);
        return AS_EXIT_INVALID;
    case AS_ACCOUNT_UNKNOWN:
        as_say(stderr, "assess accounts: error: there is no account '%s'\n", user);
        return AS_EXIT_INVALID;
    case AS_ACCOUNT_BAD_NAME:
        as_say(stderr,
               "assess accounts: error: invalid name '%s': use 1 to 64 of A-Z a-z 0-9 . _ - @\n",
               user);
        return AS_EXIT_USAGE;
    case AS_ACCOUNT_BAD_PROVINCE:
        as_say(stderr, "assess accounts: error: --province CODE goes with --role province, "
                       "and only with it\n");
        return AS_EXIT_USAGE;
    case AS_ACCOUNT_WEAK:
        as_say(stderr, "assess accounts: error: a password has %d to %d characters\n",
               AS_PASSWORD_MIN, AS_PASSWORD_MAX);
        return AS_EXIT_USAGE;
    default:
        as_say(stderr, "assess accounts: error: the state database failed\n");
        return AS_EXIT_OUTPUT;
    }
}

/* The province code checked against the rules; 0 or -1 (reported). */
static int check_province(const options *o)
{
    as_ruleset *r = NULL;
    as_diags d;
    size_t i;
    as_diags_init(&d);
    const char *rules =
        o->rules ? as_bundle_path(o->rules) : as_bundle_find(AS_BUNDLE_RULES, "--rules FILE", &d);
    int rc = rules ? as_rules_load(rules, &r, &d) : -1;
    if (rc != 0)
        as_say_diags(&d);
    else if ((rc = as_rules_province(r, o->province, &i)) != 0)
        as_say(stderr,
               "assess accounts: error: unknown province '%s' (use a GB/T 2260 code, "
               "e.g. 640000)\n",
               o->province);
    as_rules_free(r);
    as_diags_release(&d);
    return rc;
}

static void list_one(void *ctx, const as_account *a)
{
    char created[32];
    time_t t = (time_t)a->created;
    struct tm tm;
    (void)ctx;
    gmtime_r(&t, &tm);
    strftime(created, sizeof created, "%Y-%m-%d %H:%M UTC", &tm);
    printf("%-24s %-10s %-7s %-9s %s\n", a->name, as_role_name(a->role),
           a->province[0] ? a->province : "-", a->disabled ? _("disabled") : _("active"), created);
}

/* Run the verb on the open database c. */
static int run(const options *o, sqlite3 *c)
{
    as_history_about who = {"", "command line", 0, NULL, AS_STAGE_NONE};
    char pw[AS_PASSWORD_MAX + 2];
    as_role role = AS_ROLE_NONE;
    int rc;
    if (!strcmp(o->verb, "list"))
        return as_account_each(c, list_one, NULL) == 0 ? AS_EXIT_OK : AS_EXIT_OUTPUT;
    if (!strcmp(o->verb, "disable")) {
        rc = report(as_account_disable(c, o->user), o->user);
        if (rc == 0)
            as_history_add(c, &who, "account", "%s disabled", o->user);
        return rc;
    }
    if (!strcmp(o->verb, "add") &&
        (as_role_parse(o->role, &role) != 0 || (o->province && check_province(o) != 0))) {
        if (role == AS_ROLE_NONE)
            as_say(stderr, "assess accounts: error: --role takes province, department or "
                           "centre\n");
        return AS_EXIT_USAGE;
    }
    if (new_password(o->user, pw, sizeof pw) != 0)
        return AS_EXIT_USAGE;
    rc = report(!strcmp(o->verb, "add") ? as_account_add(c, o->user, role, o->province, pw)
                                        : as_account_passwd(c, o->user, pw),
                o->user);
    sodium_memzero(pw, sizeof pw);
    if (rc == 0)
        as_history_add(c, &who, "account", "%s %s%s%s%s", o->user,
                       !strcmp(o->verb, "add") ? "added as " : "given a new password",
                       !strcmp(o->verb, "add") ? as_role_name(role) : "", o->province ? " " : "",
                       o->province ? o->province : "");
    return rc;
}

/* Parse argv after the verb; 0, 1 (help shown) or -1 (reported). */
static int parse(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"state", required_argument, NULL, 's'}, {"user", required_argument, NULL, 'u'},
        {"role", required_argument, NULL, 'r'},  {"province", required_argument, NULL, 'p'},
        {"rules", required_argument, NULL, 'R'}, {"lang", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (ch == 's')
            o->state = optarg;
        else if (ch == 'u')
            o->user = optarg;
        else if (ch == 'r')
            o->role = optarg;
        else if (ch == 'p')
            o->province = optarg;
        else if (ch == 'R')
            o->rules = optarg;
        else if (ch == 'L' && as_say_setup(optarg) == 0)
            continue;
        else if (ch == 'h') {
            fputs(_(usage_text), stdout);
            return 1;
        } else {
            as_say_bad_option("accounts", longopts, argv[optind - 1]);
            return -1;
        }
    }
    bool known = o->verb && (!strcmp(o->verb, "add") || !strcmp(o->verb, "list") ||
                             !strcmp(o->verb, "disable") || !strcmp(o->verb, "passwd"));
    bool user = o->verb && strcmp(o->verb, "list") != 0;
    if (!known || optind < argc || !o->state || (user && !o->user) ||
        (o->verb && !strcmp(o->verb, "add") && !o->role)) {
        as_say(stderr, "assess accounts: error: give add, list, disable or passwd with "
                       "--state DIR (and --user NAME; add: --role ROLE)\n");
        fputs(_(usage_text), stderr);
        return -1;
    }
    return 0;
}

int as_serve_cmd_accounts(int argc, char **argv)
{
    options o = {NULL, NULL, NULL, NULL, NULL, NULL};
    char err[4400];
    as_db *db = NULL;
    as_say_setup(NULL);
    if (argc > 1 && argv[1][0] != '-') {
        o.verb = argv[1];
        argc--;
        argv++;
    }
    int rc = parse(argc, argv, &o);
    if (rc != 0)
        return rc > 0 ? AS_EXIT_OK : AS_EXIT_USAGE;
    if (as_account_crypto_init() != 0 || as_store_init(o.state) != 0 ||
        as_db_open(o.state, 1, &db, err, sizeof err) != 0) {
        as_say(stderr, "assess accounts: error: cannot open the state in '%s': %s\n", o.state,
               db || err[0] ? err : strerror(errno));
        return AS_EXIT_OUTPUT;
    }
    sqlite3 *c = as_db_get(db);
    rc = run(&o, c);
    as_db_put(db, c);
    as_db_close(db);
    return rc;
}

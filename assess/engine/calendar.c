/* calendar: loads per-year schedules from YAML (official notices, or
 * provisional estimates built from statutory-holiday rules), indexes them by
 * year with one byte per day, and counts working days.  Every date and every
 * word of provenance comes from the files; nothing here knows a holiday. */
#include "engine/calendar.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/arena.h"
#include "base/i18n.h"
#include "input/ydoc.h"

#define MAX_FILES 1000     /* calendar files read from one directory */
#define MAX_SPAN 100       /* years one provisional file may cover */
#define MAX_RANGE 31       /* days in one range of days off; bound of 'offset' */
#define MAX_TEXT 65536     /* bytes of one explanation text */
#define ARENA_CAP 16777216 /* bytes one calendar may use */

enum { DAY_PLAIN = 0, DAY_OFF = 1, DAY_WORK = 2 };

typedef struct cal_year {
    as_calendar_source src;  /* year, status and provenance */
    as_loc loc;              /* the file's 'calendar' header, for "given twice" */
    unsigned char kind[366]; /* DAY_* per day of the year, [0] = January 1 */
    struct cal_year *next;   /* next year parsed, in load order */
} cal_year;

struct as_calendar {
    as_arena *arena;   /* owns everything below */
    const char *where; /* the directory or file loaded, for messages about counting */
    int first_year;    /* year of years[0] */
    int n_years;       /* entries in years */
    cal_year **years;  /* schedule per year from first_year on, NULL where none */
    cal_year *parsed;  /* every year parsed, in load order, before indexing */
};

/* What one official file is being checked against while it is parsed. */
typedef struct {
    as_ydoc *y;              /* the document */
    as_diags *d;             /* where problems go */
    int year;                /* the file's year, 0 when unknown (dates not checked) */
    unsigned char kind[366]; /* DAY_* marked so far */
    int line[366];           /* line where each marked day was first given */
} day_marks;

/* One statutory holiday of a provisional file. */
typedef struct {
    const char *name;   /* English name, for messages */
    yaml_node_t *node;  /* the holiday's mapping, for locations */
    int month, day;     /* fixed month and day; 0 for holidays with per-year dates */
    yaml_node_t *dates; /* mapping year -> date (lunar holidays); NULL for fixed ones */
    long offset;        /* first day off relative to the date, in days */
    long days;          /* consecutive days off */
} stat_rule;

/* ------------------------------------------------------------ small helpers */

static as_date jan1(int year)
{
    return as_date_from_ymd(year, 1, 1);
}

static int year_length(int year)
{
    return (int)(jan1(year + 1) - jan1(year));
}

static const char *node_kind(const yaml_node_t *n)
{
    if (!n)
        return N_("nothing");
    if (n->type == YAML_MAPPING_NODE)
        return N_("a mapping");
    return n->type == YAML_SEQUENCE_NODE ? N_("a list") : N_("text");
}

static const char *weekday_name(as_date t)
{
    static const char *const names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
    return names[as_date_weekday(t) - 1];
}

static bool is_weekend(as_date t)
{
    return as_date_weekday(t) >= 6;
}

/* Convert a scalar "YYYY-MM-DD" node named what; report and return -1 if not. */
static int to_date(as_ydoc *y, yaml_node_t *n, const char *what, as_date *out, as_diags *d)
{
    const char *s = as_ydoc_scalar(n);
    if (!s) {
        as_diags_add_word(d, as_ydoc_loc(y, n), "'%s' must be a date YYYY-MM-DD, got %s", what,
                          node_kind(n));
        return -1;
    }
    if (as_date_parse(s, out) != 0) {
        as_diags_add(d, as_ydoc_loc(y, n), "'%s' must be a date YYYY-MM-DD, got '%s'", what, s);
        return -1;
    }
    return 0;
}

/* Look up key in map and convert it to a date.  0 found, 1 absent and
 * optional, -1 reported. */
static int get_date(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, bool required,
                    as_date *out, as_diags *d)
{
    yaml_node_t *n = as_ydoc_get(y, map, key);
    if (n)
        return to_date(y, n, key, out, d);
    if (!required)
        return 1;
    as_diags_add(d, as_ydoc_loc(y, map), "missing field '%s' in %s", key, what);
    return -1;
}

/* A year field: an integer within the supported range. */
static int get_year(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, int *out,
                    as_diags *d)
{
    long v;
    if (as_ydoc_get_int(y, map, key, what, true, &v, d) != 0)
        return -1;
    if (v < AS_CALENDAR_MIN_YEAR || v > AS_CALENDAR_MAX_YEAR) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, map, key)),
                     "'%s' must be a year from %d to %d, got %ld", key, AS_CALENDAR_MIN_YEAR,
                     AS_CALENDAR_MAX_YEAR, v);
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* An integer field within [lo, hi]; absent gives def. */
static int get_bounded(as_ydoc *y, yaml_node_t *map, const char *key, const char *what, long lo,
                       long hi, long def, long *out, as_diags *d)
{
    int rc = as_ydoc_get_int(y, map, key, what, false, out, d);
    if (rc == 1)
        *out = def;
    if (rc < 0)
        return -1;
    if (*out < lo || *out > hi) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, map, key)),
                     "'%s' must be between %ld and %ld, got %ld", key, lo, hi, *out);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ status */

static as_calendar_status parse_status(as_ydoc *y, yaml_node_t *hdr, as_diags *d)
{
    yaml_node_t *n = as_ydoc_get(y, hdr, "status");
    const char *s = as_ydoc_scalar(n);
    if (!n) {
        as_diags_add(d, as_ydoc_loc(y, hdr), "missing field 'status' in calendar");
        return AS_CAL_NONE;
    }
    if (s && !strcmp(s, "official"))
        return AS_CAL_OFFICIAL;
    if (s && !strcmp(s, "provisional"))
        return AS_CAL_PROVISIONAL;
    as_diags_add(d, as_ydoc_loc(y, n),
                 "unknown status '%s' in calendar: expected 'official' or 'provisional'",
                 s ? s : node_kind(n));
    return AS_CAL_NONE;
}

/* ------------------------------------------------------------ official files */

/* Record one day of kind DAY_OFF or DAY_WORK given at node n.  Returns 0, or
 * -1 after reporting a conflict. */
static int mark_day(day_marks *m, as_date t, yaml_node_t *n, int kind)
{
    char buf[11];
    as_loc loc = as_ydoc_loc(m->y, n);
    int i = (int)(t - jan1(m->year));
    if (m->kind[i] == kind) {
        if (kind == DAY_WORK)
            as_diags_add(m->d, loc, "make-up working day '%s' is listed twice (first at line %d)",
                         as_date_format(t, buf), m->line[i]);
        else
            as_diags_add(m->d, loc, "day off '%s' is listed twice (first at line %d)",
                         as_date_format(t, buf), m->line[i]);
        return -1;
    }
    if (m->kind[i] != DAY_PLAIN) {
        as_diags_add(m->d, loc, "'%s' is both a day off and a make-up working day",
                     as_date_format(t, buf));
        return -1;
    }
    if (kind == DAY_WORK && !is_weekend(t)) {
        as_diags_add(m->d, loc, "make-up working day '%s' is a %s, not a Saturday or Sunday",
                     as_date_format(t, buf), weekday_name(t));
        return -1;
    }
    m->kind[i] = (unsigned char)kind;
    m->line[i] = loc.line;
    return 0;
}

/* True if t lies in the file's year; otherwise reports it (when the year is
 * known) and returns false. */
static bool in_year(day_marks *m, as_date t, yaml_node_t *n, int kind)
{
    char buf[11];
    if (m->year == 0)
        return false;
    if (as_date_year(t) == m->year)
        return true;
    if (kind == DAY_WORK)
        as_diags_add(m->d, as_ydoc_loc(m->y, n),
                     "make-up working day '%s' is outside calendar year %d", as_date_format(t, buf),
                     m->year);
    else
        as_diags_add(m->d, as_ydoc_loc(m->y, n), "day off '%s' is outside calendar year %d",
                     as_date_format(t, buf), m->year);
    return false;
}

/* The days off from..to of one holiday: at most one problem per range. */
static void mark_range(day_marks *m, yaml_node_t *e)
{
    as_date from, to;
    if (get_date(m->y, e, "from", "holiday", true, &from, m->d) != 0)
        return;
    yaml_node_t *to_node = as_ydoc_get(m->y, e, "to");
    if (!to_node)
        to = from;
    else if (to_date(m->y, to_node, "to", &to, m->d) != 0)
        return;
    char b1[11], b2[11];
    if (to < from || to - from >= MAX_RANGE) {
        as_diags_add(m->d, as_ydoc_loc(m->y, to_node),
                     to < from ? "'to' (%s) is before 'from' (%s)"
                               : "'to' (%s) is 31 or more days after 'from' (%s)",
                     as_date_format(to, b1), as_date_format(from, b2));
        return;
    }
    yaml_node_t *from_node = as_ydoc_get(m->y, e, "from");
    bool from_ok = in_year(m, from, from_node, DAY_OFF);
    bool to_ok = to_node ? in_year(m, to, to_node, DAY_OFF) : from_ok;
    if (!from_ok && !to_ok)
        return;
    for (as_date t = from; t <= to; t++)
        if (as_date_year(t) == m->year && mark_day(m, t, from_node, DAY_OFF) != 0)
            return;
}

static void mark_make_up(day_marks *m, yaml_node_t *e)
{
    yaml_node_t *list = as_ydoc_get(m->y, e, "make_up");
    if (!list || !as_ydoc_expect_seq(m->y, list, "make_up", m->d))
        return;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        yaml_node_t *n = as_ydoc_node(m->y, *it);
        as_date t;
        if (to_date(m->y, n, "make_up", &t, m->d) == 0 && in_year(m, t, n, DAY_WORK))
            mark_day(m, t, n, DAY_WORK);
    }
}

static void parse_holiday(day_marks *m, as_arena *a, yaml_node_t *e)
{
    static const char *const keys[] = {"name_zh", "name_en", "from", "to", "make_up", NULL};
    if (!as_ydoc_expect_map(m->y, e, "holiday", m->d))
        return;
    as_ydoc_check_keys(m->y, e, "holiday", keys, m->d);
    const char *name;
    as_ydoc_get_str(m->y, e, "name_zh", "holiday", true, a, &name, m->d);
    as_ydoc_get_str(m->y, e, "name_en", "holiday", true, a, &name, m->d);
    mark_range(m, e);
    mark_make_up(m, e);
}

static void parse_notice(as_ydoc *y, yaml_node_t *hdr, as_calendar_status st, as_arena *a,
                         as_calendar_source *src, as_diags *d)
{
    static const char *const keys[] = {"title", "number", "published", "source", NULL};
    yaml_node_t *n = as_ydoc_get(y, hdr, "notice");
    if (!n) {
        if (st == AS_CAL_OFFICIAL)
            as_diags_add(d, as_ydoc_loc(y, hdr),
                         "missing field 'notice' in calendar: an official year names the "
                         "State Council notice it comes from");
        return;
    }
    if (!as_ydoc_expect_map(y, n, "notice", d))
        return;
    as_ydoc_check_keys(y, n, "notice", keys, d);
    as_ydoc_get_str(y, n, "title", "notice", true, a, &src->title, d);
    const char *text = NULL;
    if (as_ydoc_get_str(y, n, "number", "notice", false, a, &text, d) == 0)
        src->number = text;
    as_date pub;
    char buf[11];
    if (get_date(y, n, "published", "notice", true, &pub, d) == 0)
        src->published = as_arena_strdup(a, as_date_format(pub, buf));
    as_ydoc_get_str(y, n, "source", "notice", false, a, &text, d);
}

static void parse_holidays(day_marks *m, as_arena *a, yaml_node_t *root)
{
    yaml_node_t *list = as_ydoc_get(m->y, root, "holidays");
    if (!list) {
        as_diags_add(m->d, as_ydoc_loc(m->y, root), "missing field 'holidays' in calendar file");
        return;
    }
    if (!as_ydoc_expect_seq(m->y, list, "holidays", m->d))
        return;
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++)
        parse_holiday(m, a, as_ydoc_node(m->y, *it));
}

static void parse_official(as_calendar *c, as_ydoc *y, yaml_node_t *root, yaml_node_t *hdr,
                           as_calendar_status st, as_diags *d)
{
    static const char *const root_keys[] = {"calendar", "holidays", NULL};
    static const char *const hdr_keys[] = {"year", "status", "notice", NULL};
    as_ydoc_check_keys(y, root, "calendar file", root_keys, d);
    as_ydoc_check_keys(y, hdr, "calendar", hdr_keys, d);
    size_t before = as_diags_count(d);
    day_marks *m = calloc(1, sizeof *m);
    cal_year *cy = as_arena_alloc(c->arena, sizeof *cy);
    if (!m || !cy) {
        as_diags_add(d, as_ydoc_loc(y, hdr), "out of memory");
        free(m);
        return;
    }
    m->y = y;
    m->d = d;
    if (get_year(y, hdr, "year", "calendar", &m->year, d) != 0)
        m->year = 0;
    parse_notice(y, hdr, st, c->arena, &cy->src, d);
    parse_holidays(m, c->arena, root);
    if (as_diags_count(d) == before && st == AS_CAL_OFFICIAL) {
        cy->src.year = m->year;
        cy->src.status = st;
        cy->src.file = y->file;
        cy->loc = as_ydoc_loc(y, hdr);
        memcpy(cy->kind, m->kind, sizeof cy->kind);
        cy->next = c->parsed;
        c->parsed = cy;
    }
    free(m);
}

/* ------------------------------------------------------------ provisional files */

/* "MM-DD" valid in every year (so not 02-29). */
static int parse_month_day(const char *s, int *month, int *day)
{
    if (!s || strlen(s) != 5 || s[2] != '-')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    *month = (s[0] - '0') * 10 + (s[1] - '0');
    *day = (s[3] - '0') * 10 + (s[4] - '0');
    return as_date_valid(2001, *month, *day) ? 0 : -1;
}

/* A key of 'dates' as a year; -1 if it is not one. */
static long key_year(const char *s)
{
    if (!s || strlen(s) != 4)
        return -1;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    return end == s + 4 && errno == 0 && v >= AS_CALENDAR_MIN_YEAR ? v : -1;
}

/* The date given for year in a 'dates' mapping, if any (already checked). */
static yaml_node_t *date_for(as_ydoc *y, yaml_node_t *dates, int year)
{
    for (yaml_node_pair_t *p = dates->data.mapping.pairs.start; p < dates->data.mapping.pairs.top;
         p++)
        if (key_year(as_ydoc_scalar(as_ydoc_node(y, p->key))) == year)
            return as_ydoc_node(y, p->value);
    return NULL;
}

static void check_date_pair(as_ydoc *y, yaml_node_pair_t *p, int from, int to, as_diags *d)
{
    yaml_node_t *kn = as_ydoc_node(y, p->key), *vn = as_ydoc_node(y, p->value);
    const char *k = as_ydoc_scalar(kn);
    long year = key_year(k);
    as_date t;
    char buf[11];
    if (year < 0) {
        as_diags_add(d, as_ydoc_loc(y, kn), "keys of 'dates' must be years, got '%s'",
                     k ? k : node_kind(kn));
        return;
    }
    if (from && (year < from || year > to)) {
        as_diags_add(d, as_ydoc_loc(y, kn), "date for %ld is outside years %d-%d", year, from, to);
        return;
    }
    if (to_date(y, vn, "dates", &t, d) == 0 && as_date_year(t) != year)
        as_diags_add(d, as_ydoc_loc(y, vn), "date for %ld must lie in %ld, got '%s'", year, year,
                     as_date_format(t, buf));
}

static void check_dates(as_ydoc *y, stat_rule *r, int from, int to, as_diags *d)
{
    if (!as_ydoc_expect_map(y, r->dates, "dates", d)) {
        r->dates = NULL;
        return;
    }
    yaml_node_pair_t *start = r->dates->data.mapping.pairs.start;
    for (yaml_node_pair_t *p = start; p < r->dates->data.mapping.pairs.top; p++) {
        check_date_pair(y, p, from, to, d);
        long year = key_year(as_ydoc_scalar(as_ydoc_node(y, p->key)));
        for (yaml_node_pair_t *q = start; q < p && year > 0; q++)
            if (key_year(as_ydoc_scalar(as_ydoc_node(y, q->key))) == year)
                as_diags_add(d, as_ydoc_loc(y, as_ydoc_node(y, p->key)), "date for %ld given twice",
                             year);
    }
    for (int year = from; from && year <= to; year++)
        if (!date_for(y, r->dates, year))
            as_diags_add(d, as_ydoc_loc(y, r->dates), "holiday '%s' has no date for %d", r->name,
                         year);
}

/* The anchor date of r in year: its fixed day or its date for that year. */
static as_date anchor(as_ydoc *y, const stat_rule *r, int year)
{
    if (r->month)
        return as_date_from_ymd(year, r->month, r->day);
    as_date t = 0;
    as_date_parse(as_ydoc_scalar(date_for(y, r->dates, year)), &t);
    return t;
}

static void check_reach(as_ydoc *y, const stat_rule *r, int from, int to, as_diags *d)
{
    for (int year = from; year <= to; year++) {
        as_date first = anchor(y, r, year) + r->offset;
        as_date last = first + r->days - 1;
        if (as_date_year(first) != year || as_date_year(last) != year)
            as_diags_add(d, as_ydoc_loc(y, r->node), "holiday '%s' in %d reaches outside the year",
                         r->name, year);
    }
}

static void parse_rule(as_ydoc *y, yaml_node_t *e, int from, int to, as_arena *a, stat_rule *r,
                       as_diags *d)
{
    static const char *const keys[] = {"name_zh", "name_en", "fixed", "dates",
                                       "offset",  "days",    NULL};
    size_t before = as_diags_count(d);
    const char *zh;
    as_ydoc_check_keys(y, e, "statutory holiday", keys, d);
    as_ydoc_get_str(y, e, "name_zh", "statutory holiday", true, a, &zh, d);
    if (as_ydoc_get_str(y, e, "name_en", "statutory holiday", true, a, &r->name, d) != 0)
        r->name = "?";
    r->node = e;
    get_bounded(y, e, "offset", "statutory holiday", -MAX_RANGE, MAX_RANGE, 0, &r->offset, d);
    get_bounded(y, e, "days", "statutory holiday", 1, MAX_RANGE, 1, &r->days, d);
    yaml_node_t *fixed = as_ydoc_get(y, e, "fixed");
    r->dates = as_ydoc_get(y, e, "dates");
    if (!fixed == !r->dates)
        as_diags_add(d, as_ydoc_loc(y, e), "holiday '%s' needs exactly one of 'fixed' and 'dates'",
                     r->name);
    else if (fixed && parse_month_day(as_ydoc_scalar(fixed), &r->month, &r->day) != 0)
        as_diags_add(d, as_ydoc_loc(y, fixed), "'fixed' must be a month and day MM-DD, got '%s'",
                     as_ydoc_scalar(fixed) ? as_ydoc_scalar(fixed) : node_kind(fixed));
    else if (r->dates)
        check_dates(y, r, from, to, d);
    if (from && as_diags_count(d) == before)
        check_reach(y, r, from, to, d);
}

/* Compensate each statutory holiday that falls on a weekend, or on a day that
 * is already a holiday, with the next weekday of the year not already off. */
static void compensate(unsigned char kind[366], const unsigned char count[366], int year)
{
    as_date start = jan1(year);
    int len = year_length(year);
    for (int i = 0; i < len; i++) {
        int owed = count[i] - (count[i] && !is_weekend(start + i) ? 1 : 0);
        for (int j = i + 1; owed > 0 && j < len; j++) {
            if (is_weekend(start + j) || kind[j] == DAY_OFF)
                continue;
            kind[j] = DAY_OFF;
            owed--;
        }
    }
}

static void estimate_year(as_ydoc *y, const stat_rule *rules, size_t n, int year, cal_year *cy)
{
    unsigned char count[366] = {0};
    as_date start = jan1(year);
    for (size_t k = 0; k < n; k++) {
        as_date first = anchor(y, &rules[k], year) + rules[k].offset;
        for (long i = 0; i < rules[k].days; i++)
            count[first + i - start]++;
    }
    for (int i = 0; i < 366; i++)
        cy->kind[i] = count[i] ? DAY_OFF : DAY_PLAIN;
    compensate(cy->kind, count, year);
}

static int parse_span(as_ydoc *y, yaml_node_t *hdr, int *from, int *to, as_diags *d)
{
    static const char *const keys[] = {"from", "to", NULL};
    yaml_node_t *n = as_ydoc_get(y, hdr, "years");
    if (!n) {
        as_diags_add(d, as_ydoc_loc(y, hdr), "missing field 'years' in calendar");
        return -1;
    }
    if (!as_ydoc_expect_map(y, n, "years", d))
        return -1;
    as_ydoc_check_keys(y, n, "years", keys, d);
    int rc_from = get_year(y, n, "from", "years", from, d);
    int rc_to = get_year(y, n, "to", "years", to, d);
    if (rc_from != 0 || rc_to != 0)
        return -1;
    if (*to < *from || *to - *from >= MAX_SPAN) {
        as_diags_add(d, as_ydoc_loc(y, as_ydoc_get(y, n, "to")),
                     *to < *from ? "'to' (%d) is before 'from' (%d)"
                                 : "'to' (%d) is 100 or more years after 'from' (%d)",
                     *to, *from);
        return -1;
    }
    return 0;
}

static void add_estimates(as_calendar *c, as_ydoc *y, yaml_node_t *hdr, const char *basis,
                          const stat_rule *rules, size_t n, int from, int to, as_diags *d)
{
    for (int year = from; year <= to; year++) {
        cal_year *cy = as_arena_alloc(c->arena, sizeof *cy);
        if (!cy) {
            as_diags_add(d, as_ydoc_loc(y, hdr), "out of memory");
            return;
        }
        cy->src.year = year;
        cy->src.status = AS_CAL_PROVISIONAL;
        cy->src.title = basis;
        cy->src.file = y->file;
        cy->loc = as_ydoc_loc(y, hdr);
        estimate_year(y, rules, n, year, cy);
        cy->next = c->parsed;
        c->parsed = cy;
    }
}

static void parse_rules(as_calendar *c, as_ydoc *y, yaml_node_t *root, yaml_node_t *hdr,
                        bool span_ok, int from, int to, const char *basis, bool add, as_diags *d)
{
    yaml_node_t *list = as_ydoc_get(y, root, "statutory_holidays");
    if (!list) {
        as_diags_add(d, as_ydoc_loc(y, root),
                     "missing field 'statutory_holidays' in calendar file");
        return;
    }
    if (!as_ydoc_expect_seq(y, list, "statutory_holidays", d))
        return;
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    stat_rule *rules = calloc(n ? n : 1, sizeof *rules);
    if (!rules) {
        as_diags_add(d, as_ydoc_loc(y, list), "out of memory");
        return;
    }
    size_t before = as_diags_count(d);
    for (size_t k = 0; k < n; k++) {
        yaml_node_t *e = as_ydoc_node(y, list->data.sequence.items.start[k]);
        if (as_ydoc_expect_map(y, e, "statutory holiday", d))
            parse_rule(y, e, span_ok ? from : 0, span_ok ? to : 0, c->arena, &rules[k], d);
    }
    if (add && span_ok && as_diags_count(d) == before)
        add_estimates(c, y, hdr, basis, rules, n, from, to, d);
    free(rules);
}

static void parse_provisional(as_calendar *c, as_ydoc *y, yaml_node_t *root, yaml_node_t *hdr,
                              as_calendar_status st, as_diags *d)
{
    static const char *const root_keys[] = {"calendar", "statutory_holidays", NULL};
    static const char *const hdr_keys[] = {"status", "years", "basis", "source", NULL};
    as_ydoc_check_keys(y, root, "calendar file", root_keys, d);
    as_ydoc_check_keys(y, hdr, "calendar", hdr_keys, d);
    size_t before = as_diags_count(d);
    int from = 0, to = 0;
    bool span_ok = parse_span(y, hdr, &from, &to, d) == 0;
    const char *basis = NULL, *source = NULL;
    as_ydoc_get_str(y, hdr, "basis", "calendar", true, c->arena, &basis, d);
    as_ydoc_get_str(y, hdr, "source", "calendar", false, c->arena, &source, d);
    bool add = st == AS_CAL_PROVISIONAL && as_diags_count(d) == before;
    parse_rules(c, y, root, hdr, span_ok, from, to, basis, add, d);
}

/* ------------------------------------------------------------ files and directories */

static void parse_root(as_calendar *c, as_ydoc *y, yaml_node_t *root, as_diags *d)
{
    if (!as_ydoc_expect_map(y, root, "calendar file", d))
        return;
    yaml_node_t *hdr = as_ydoc_get(y, root, AS_CALENDAR_KEY);
    if (!hdr) {
        as_diags_add(d, as_ydoc_loc(y, root), "missing field '%s' in calendar file",
                     AS_CALENDAR_KEY);
        return;
    }
    if (!as_ydoc_expect_map(y, hdr, AS_CALENDAR_KEY, d))
        return;
    as_calendar_status st = parse_status(y, hdr, d);
    bool rules = st == AS_CAL_PROVISIONAL ||
                 (st == AS_CAL_NONE && as_ydoc_get(y, root, "statutory_holidays"));
    if (rules)
        parse_provisional(c, y, root, hdr, st, d);
    else
        parse_official(c, y, root, hdr, st, d);
}

static int parse_file(as_calendar *c, const char *path, as_diags *d)
{
    as_ydoc y;
    size_t before = as_diags_count(d);
    if (as_ydoc_load(&y, path, c->arena, d) != 0)
        return -1;
    parse_root(c, &y, as_ydoc_root(&y), d);
    as_ydoc_release(&y);
    return as_diags_count(d) == before ? 0 : -1;
}

/* The *.yaml names in dir, sorted: 0, or -1 after reporting why not. */
static int list_calendar_files(const char *dir, char ***names, size_t *n, as_diags *d)
{
    if (as_ydoc_list(dir, MAX_FILES, names, n) == 0)
        return 0;
    if (errno == E2BIG)
        as_diags_add(d, as_loc_make(dir, 0, 0), "more than %d calendar files", MAX_FILES);
    else if (errno == ENOMEM)
        as_diags_add(d, as_loc_make(dir, 0, 0), "out of memory");
    else
        as_diags_add(d, as_loc_make(dir, 0, 0), "cannot open calendar directory: %s",
                     strerror(errno));
    return -1;
}

static int parse_dir(as_calendar *c, const char *dir, as_diags *d)
{
    size_t n = 0, before = as_diags_count(d);
    char **names = NULL;
    if (list_calendar_files(dir, &names, &n, d) == 0 && n == 0)
        as_diags_add(d, as_loc_make(dir, 0, 0), "no calendar files (*.yaml) in directory");
    size_t len = strlen(dir);
    const char *sep = len && dir[len - 1] == '/' ? "" : "/";
    for (size_t i = 0; names && i < n; i++) {
        char *path = as_arena_printf(c->arena, "%s%s%s", dir, sep, names[i]);
        if (path)
            parse_file(c, path, d);
        else
            as_diags_add(d, as_loc_make(dir, 0, 0), "out of memory");
    }
    as_ydoc_names_free(names, n);
    return as_diags_count(d) == before ? 0 : -1;
}

/* ------------------------------------------------------------ the year index */

static void place(as_calendar *c, cal_year *cy, as_diags *d)
{
    cal_year **slot = &c->years[cy->src.year - c->first_year];
    if (!*slot) {
        *slot = cy;
        return;
    }
    if ((*slot)->src.status != cy->src.status)
        return; /* an official year replaces the provisional estimate */
    as_loc first = (*slot)->loc;
    as_diags_add(d, cy->loc, "calendar year %d is given twice (also at %s:%d:%d)", cy->src.year,
                 first.file, first.line, first.col);
}

/* Reverse the parsed list into load order. */
static cal_year *in_load_order(cal_year *p)
{
    cal_year *out = NULL;
    while (p) {
        cal_year *next = p->next;
        p->next = out;
        out = p;
        p = next;
    }
    return out;
}

static int index_years(as_calendar *c, as_diags *d)
{
    c->parsed = in_load_order(c->parsed);
    int lo = AS_CALENDAR_MAX_YEAR, hi = AS_CALENDAR_MIN_YEAR;
    for (cal_year *p = c->parsed; p; p = p->next) {
        lo = p->src.year < lo ? p->src.year : lo;
        hi = p->src.year > hi ? p->src.year : hi;
    }
    if (!c->parsed)
        return 0;
    c->first_year = lo;
    c->n_years = hi - lo + 1;
    c->years = as_arena_alloc(c->arena, (size_t)c->n_years * sizeof *c->years);
    if (!c->years) {
        as_diags_add(d, as_loc_make(c->where, 0, 0), "out of memory");
        return -1;
    }
    size_t before = as_diags_count(d);
    for (cal_year *p = c->parsed; p; p = p->next)
        if (p->src.status == AS_CAL_OFFICIAL)
            place(c, p, d);
    for (cal_year *p = c->parsed; p; p = p->next)
        if (p->src.status == AS_CAL_PROVISIONAL)
            place(c, p, d);
    return as_diags_count(d) == before ? 0 : -1;
}

static as_calendar *calendar_new(const char *where, as_diags *d)
{
    as_arena *a = as_arena_new(ARENA_CAP);
    as_calendar *c = a ? as_arena_alloc(a, sizeof *c) : NULL;
    if (c && !(c->where = as_arena_strdup(a, where)))
        c = NULL;
    if (!c) {
        as_arena_free(a);
        as_diags_add(d, as_loc_make(where, 0, 0), "out of memory");
        return NULL;
    }
    c->arena = a;
    return c;
}

static int finish_load(as_calendar *c, int rc, as_calendar **out, as_diags *d)
{
    if (rc == 0)
        rc = index_years(c, d);
    if (rc != 0) {
        as_calendar_free(c);
        c = NULL;
    }
    *out = c;
    return rc;
}

int as_calendar_load(const char *dir, as_calendar **out, as_diags *d)
{
    *out = NULL;
    as_calendar *c = calendar_new(dir, d);
    return c ? finish_load(c, parse_dir(c, dir, d), out, d) : -1;
}

int as_calendar_load_file(const char *path, as_calendar **out, as_diags *d)
{
    *out = NULL;
    as_calendar *c = calendar_new(path, d);
    return c ? finish_load(c, parse_file(c, path, d), out, d) : -1;
}

int as_calendar_validate_file(const char *path, as_diags *d)
{
    as_calendar *c = NULL;
    int rc = as_calendar_load_file(path, &c, d);
    as_calendar_free(c);
    return rc;
}

void as_calendar_free(as_calendar *c)
{
    if (c)
        as_arena_free(c->arena);
}

/* ------------------------------------------------------------ queries and counting */

static const cal_year *year_of(const as_calendar *c, int year)
{
    if (!c || year < c->first_year || year >= c->first_year + c->n_years)
        return NULL;
    return c->years[year - c->first_year];
}

static bool working(const cal_year *cy, as_date t)
{
    int kind = cy->kind[t - jan1(cy->src.year)];
    return kind == DAY_WORK || (kind == DAY_PLAIN && !is_weekend(t));
}

as_calendar_status as_calendar_year_status(const as_calendar *c, int year)
{
    const cal_year *cy = year_of(c, year);
    return cy ? cy->src.status : AS_CAL_NONE;
}

int as_calendar_year_source(const as_calendar *c, int year, as_calendar_source *out)
{
    const cal_year *cy = year_of(c, year);
    memset(out, 0, sizeof *out);
    out->year = year;
    if (!cy)
        return -1;
    *out = cy->src;
    return 0;
}

int as_calendar_working_days_in_year(const as_calendar *c, int year)
{
    const cal_year *cy = year_of(c, year);
    if (!cy)
        return -1;
    int n = 0;
    as_date start = jan1(year), end = jan1(year + 1);
    for (as_date t = start; t < end; t++)
        n += working(cy, t);
    return n;
}

int as_calendar_is_working_day(const as_calendar *c, as_date day)
{
    const cal_year *cy = year_of(c, as_date_year(day));
    return cy ? working(cy, day) : -1;
}

/* The year's schedule if counting may use it; otherwise reports why not. */
static const cal_year *usable_year(const as_calendar *c, int year, const as_deadline *dl,
                                   bool allow_provisional, as_diags *d)
{
    const cal_year *cy = year_of(c, year);
    char buf[11];
    as_loc loc = as_loc_make(c->where, 0, 0);
    if (!cy)
        as_diags_add(d, loc,
                     "counting %d working days after %s reaches %d, which has neither an "
                     "official nor a provisional holiday schedule",
                     dl->days, as_date_format(dl->notified, buf), year);
    else if (cy->src.status == AS_CAL_PROVISIONAL && !allow_provisional)
        as_diags_add(d, loc,
                     "counting %d working days after %s reaches %d, whose holiday schedule is "
                     "not official yet (only a provisional estimate)",
                     dl->days, as_date_format(dl->notified, buf), year);
    else
        return cy;
    return NULL;
}

int as_calendar_deadline(const as_calendar *c, as_date notified, int days, bool allow_provisional,
                         as_deadline *out, as_diags *d)
{
    memset(out, 0, sizeof *out);
    out->notified = out->date = notified;
    out->days = days;
    if (days < 0) {
        as_diags_add(d, as_loc_make(c->where, 0, 0),
                     "the number of working days must be 0 or more, got %d", days);
        return -1;
    }
    const cal_year *cy = NULL;
    as_date t = notified;
    for (int counted = 0; counted < days;) {
        t++;
        int year = as_date_year(t);
        if (!cy || cy->src.year != year) {
            if (!(cy = usable_year(c, year, out, allow_provisional, d)))
                return -1;
            out->first_year = out->first_year ? out->first_year : year;
            out->last_year = year;
            out->provisional |= cy->src.status == AS_CAL_PROVISIONAL;
        }
        counted += working(cy, t);
    }
    out->date = t;
    return 0;
}

/* ------------------------------------------------------------ explanations */

typedef struct {
    char *s;    /* malloc'd text, NUL-terminated */
    size_t n;   /* bytes used, without the NUL */
    size_t cap; /* bytes allocated */
    bool bad;   /* out of memory or over MAX_TEXT: the result is NULL */
} textbuf;

__attribute__((format(printf, 2, 3))) static void put(textbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = b->bad ? -1 : vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t need = b->n + (size_t)(len < 0 ? 0 : len) + 1;
    if (len < 0 || need > MAX_TEXT) {
        b->bad = true;
        return;
    }
    char *p = as_grow(b->s, &b->cap, need, 1, 256, MAX_TEXT);
    if (!p) {
        b->bad = true;
        return;
    }
    b->s = p;
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    b->n += (size_t)len;
}

static char *take(textbuf *b)
{
    if (b->bad || !b->s) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

char *as_calendar_rule_text(const as_deadline *dl, as_calendar_lang lang)
{
    textbuf b = {0};
    char buf[11];
    as_date_format(dl->notified, buf);
    if (lang == AS_CAL_ZH)
        put(&b,
            "通知之日（%s）不计入，期限为其后第%d个工作日（《民法典》第二百零一条）；"
            "工作日为周一至周五（放假日除外）及调休上班的周末",
            buf, dl->days);
    else
        put(&b,
            "%d working day%s after notification on %s, the notification day not counted "
            "(Civil Code art. 201); working days are Monday to Friday except days off, plus "
            "weekend make-up working days",
            dl->days, dl->days == 1 ? "" : "s", buf);
    return take(&b);
}

static void put_source(textbuf *b, const as_calendar_source *s, as_calendar_lang lang)
{
    bool zh = lang == AS_CAL_ZH;
    if (s->status == AS_CAL_OFFICIAL) {
        put(b, zh ? "%d年 正式（%s" : "%d official (%s", s->year, s->title);
        if (s->number)
            put(b, zh ? "，%s" : ", %s", s->number);
        put(b, zh ? "，%s发布）" : ", published %s)", s->published);
    } else if (s->status == AS_CAL_PROVISIONAL) {
        put(b,
            zh ? "%d年 暂估（按%s的法定节假日推算，周末逢假日顺延补假，不含调休上班日）"
               : "%d provisional (estimated from the statutory holidays of %s, a holiday on a "
                 "weekend moved to the next weekday, no make-up working days)",
            s->year, s->title);
    } else {
        put(b, zh ? "%d年 无" : "%d none", s->year);
    }
}

char *as_calendar_years_text(const as_calendar *c, const as_deadline *dl, as_calendar_lang lang)
{
    textbuf b = {0};
    bool zh = lang == AS_CAL_ZH;
    put(&b, zh ? "日历：" : "calendar: ");
    if (dl->first_year == 0)
        put(&b, zh ? "未使用（0个工作日）" : "none used (0 working days)");
    for (int year = dl->first_year; year && year <= dl->last_year; year++) {
        as_calendar_source s;
        as_calendar_year_source(c, year, &s);
        if (year > dl->first_year)
            put(&b, zh ? "；" : "; ");
        put_source(&b, &s, lang);
    }
    return take(&b);
}

char *as_calendar_explain(const as_calendar *c, const as_deadline *dl, as_calendar_lang lang)
{
    char *rule = as_calendar_rule_text(dl, lang);
    char *years = as_calendar_years_text(c, dl, lang);
    textbuf b = {0};
    if (rule && years)
        put(&b, "%s\n%s", rule, years);
    else
        b.bad = true;
    free(rule);
    free(years);
    return take(&b);
}

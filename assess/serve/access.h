/* access: who may do what, decided in one place.  Every request the router
 * dispatches is first put to as_access_decide with the account (or nobody),
 * the action its route declares and what it acts on (a province, a stage,
 * whether the year's results are published); a handler runs only when the
 * answer is AS_ACCESS_ALLOW.  The rules are one table (access.c), read
 * top to bottom: the first row that matches role and action decides.
 *
 * A province account sees its own province's reported envelopes and, once
 * published, its own result; everything of another province is answered as
 * if it did not exist (404), so a clerk learns nothing of another's
 * delivery.  Departments see every envelope and deliver the verified stage.
 * The centre sees everything, reopens released envelopes, evaluates,
 * publishes and sets the notification date; it delivers nothing itself. */
#ifndef AS_SERVE_ACCESS_H
#define AS_SERVE_ACCESS_H

#include <stdbool.h>

/* Roles of accounts (AS_ROLE_NONE: no session). */
typedef enum {
    AS_ROLE_NONE = 0,       /* nobody logged in */
    AS_ROLE_PROVINCE = 1,   /* a province's clerk: one province */
    AS_ROLE_DEPARTMENT = 2, /* a verifying department (NDRC, NBS, MEE, NEA, ...) */
    AS_ROLE_CENTRE = 3      /* the centre: evaluates and publishes */
} as_role;

/* Stages of an envelope (AS_STAGE_NONE: the action is not about one). */
typedef enum {
    AS_STAGE_NONE = 0,
    AS_STAGE_REPORTED = 1, /* the province's own figures (submissions/) */
    AS_STAGE_VERIFIED = 2, /* the departments' verified figures (verified/) */
    AS_STAGE_FINDINGS = 3  /* the year's on-site verification findings (findings/), one
                              envelope for all provinces, under AS_NATIONAL_CODE */
} as_stage;

/* The code of the year's one findings envelope, which is no province's. */
#define AS_NATIONAL_CODE "000000"

/* What a route does. */
typedef enum {
    AS_ACT_PUBLIC = 0, /* login page, stylesheet, language switch: anyone */
    AS_ACT_SESSION,    /* home, who am I, log out: any account */
    AS_ACT_LIST,       /* list the envelopes (each filtered by AS_ACT_VIEW) */
    AS_ACT_VIEW,       /* an envelope: files, QA, receipts, history */
    AS_ACT_TEMPLATE,   /* download its workbook template */
    AS_ACT_UPLOAD,     /* upload a file into it */
    AS_ACT_RELEASE,    /* release its clean file into the data set */
    AS_ACT_REOPEN,     /* reopen it after a release */
    AS_ACT_STATUS,     /* the status matrix of every province and stage */
    AS_ACT_RESULTS,    /* results of a province (a province's own) once published */
    AS_ACT_NATIONAL,   /* results of every province: the national table and workbook */
    AS_ACT_EVALUATE,   /* evaluate the data set */
    AS_ACT_PUBLISH,    /* publish the results of a year */
    AS_ACT_NOTIFY,     /* set the notification date of a year */
    AS_ACT_COUNT       /* number of actions */
} as_action;

/* Who asks. */
typedef struct {
    long long account; /* accounts.id, 0 for nobody */
    const char *name;  /* account name, "" for nobody */
    as_role role;      /* AS_ROLE_NONE for nobody */
    char province[8];  /* a province account's GB/T 2260 code, else "" */
} as_principal;

/* What the action is on. */
typedef struct {
    const char *province; /* the province concerned (GB/T 2260 code), or NULL: all/none
                             (the router makes it a province account's own) */
    as_stage stage;       /* the envelope's stage, or AS_STAGE_NONE */
    bool published;       /* the year's results are published */
} as_access_target;

typedef enum {
    AS_ACCESS_ALLOW = 0,     /* go ahead */
    AS_ACCESS_LOGIN = 401,   /* no session: log in first */
    AS_ACCESS_FORBID = 403,  /* the account may see this, but not do that */
    AS_ACCESS_NOTFOUND = 404 /* not there for this account (another province's) */
} as_access;

/* The decision for who doing act on t.  Never fails. */
as_access as_access_decide(const as_principal *who, as_action act, const as_access_target *t);

/* "province", "department", "centre" (and "" for none); parse the same:
 * 0, or -1 for another word. */
const char *as_role_name(as_role r);
int as_role_parse(const char *s, as_role *out);

/* "reported", "verified", "findings"; parse the same: 0 or -1. */
const char *as_stage_name(as_stage s);
int as_stage_parse(const char *s, as_stage *out);

#endif

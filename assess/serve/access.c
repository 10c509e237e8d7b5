/* access: the one table of who may do what. */
#include "serve/access.h"

#include <string.h>

#include "base/strmap.h"

enum { STAGES_ANY = 0xF }; /* every stage, and none */
#define ON(s) (1u << (s))

/* Whether a row asks for published results. */
typedef enum { PUB_ANY = 0, PUB_YES, PUB_NO } published_rule;

typedef struct {
    as_role role;       /* whose row */
    as_action act;      /* the action */
    unsigned stages;    /* ON(stage) of the stages the row covers */
    published_rule pub; /* the year's results must be (not) published */
    as_access answer;   /* what it decides */
} rule;

/* Read top to bottom; the first row matching role, action, stage and
 * publication decides; no row: 403.  Before the table: a province account
 * asking about another province gets 404 whatever the action. */
static const rule table[] = {
    /* a province's clerk: its own reported envelopes; its result once published */
    {AS_ROLE_PROVINCE, AS_ACT_SESSION, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, AS_ACT_LIST, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, AS_ACT_VIEW, ON(AS_STAGE_REPORTED), PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, AS_ACT_VIEW, ON(AS_STAGE_VERIFIED) | ON(AS_STAGE_FINDINGS), PUB_ANY,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, AS_ACT_TEMPLATE, ON(AS_STAGE_REPORTED), PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, AS_ACT_TEMPLATE, ON(AS_STAGE_VERIFIED) | ON(AS_STAGE_FINDINGS), PUB_ANY,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, AS_ACT_UPLOAD, ON(AS_STAGE_REPORTED), PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, AS_ACT_UPLOAD, ON(AS_STAGE_VERIFIED) | ON(AS_STAGE_FINDINGS), PUB_ANY,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, AS_ACT_RELEASE, ON(AS_STAGE_REPORTED), PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, AS_ACT_RELEASE, ON(AS_STAGE_VERIFIED) | ON(AS_STAGE_FINDINGS), PUB_ANY,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, AS_ACT_REOPEN, ON(AS_STAGE_VERIFIED) | ON(AS_STAGE_FINDINGS), PUB_ANY,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, AS_ACT_RESULTS, STAGES_ANY, PUB_YES, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, AS_ACT_RESULTS, STAGES_ANY, PUB_NO, AS_ACCESS_NOTFOUND},
    /* a department: sees every envelope, delivers the verified figures and findings */
    {AS_ROLE_DEPARTMENT, AS_ACT_SESSION, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_LIST, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_VIEW, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_TEMPLATE, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_UPLOAD, ON(AS_STAGE_VERIFIED) | ON(AS_STAGE_FINDINGS), PUB_ANY,
     AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_RELEASE, ON(AS_STAGE_VERIFIED) | ON(AS_STAGE_FINDINGS), PUB_ANY,
     AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_STATUS, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_RESULTS, STAGES_ANY, PUB_YES, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_RESULTS, STAGES_ANY, PUB_NO, AS_ACCESS_NOTFOUND},
    {AS_ROLE_DEPARTMENT, AS_ACT_NATIONAL, STAGES_ANY, PUB_YES, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, AS_ACT_NATIONAL, STAGES_ANY, PUB_NO, AS_ACCESS_NOTFOUND},
    /* the centre: everything but delivering */
    {AS_ROLE_CENTRE, AS_ACT_SESSION, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_LIST, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_VIEW, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_TEMPLATE, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_REOPEN, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_STATUS, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_RESULTS, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_NATIONAL, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_EVALUATE, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_PUBLISH, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, AS_ACT_NOTIFY, STAGES_ANY, PUB_ANY, AS_ACCESS_ALLOW},
};

as_access as_access_decide(const as_principal *who, as_action act, const as_access_target *t)
{
    if (act == AS_ACT_PUBLIC)
        return AS_ACCESS_ALLOW;
    if (!who || who->role == AS_ROLE_NONE)
        return AS_ACCESS_LOGIN;
    if (who->role == AS_ROLE_PROVINCE && t->province && strcmp(t->province, who->province) != 0)
        return AS_ACCESS_NOTFOUND;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const rule *r = &table[i];
        if (r->role != who->role || r->act != act || !(r->stages & ON(t->stage)))
            continue;
        if ((r->pub == PUB_YES && !t->published) || (r->pub == PUB_NO && t->published))
            continue;
        return r->answer;
    }
    return AS_ACCESS_FORBID;
}

static const char *const role_names[] = {"", "province", "department", "centre"};
static const char *const stage_names[] = {"", "reported", "verified", "findings"};

const char *as_role_name(as_role r)
{
    return (unsigned)r < 4 ? role_names[r] : "";
}

int as_role_parse(const char *s, as_role *out)
{
    int i = as_name_index(role_names + 1, 3, s); /* "" names no role */
    if (i < 0)
        return -1;
    *out = (as_role)(i + 1);
    return 0;
}

const char *as_stage_name(as_stage s)
{
    return (unsigned)s < 4 ? stage_names[s] : "";
}

int as_stage_parse(const char *s, as_stage *out)
{
    int i = as_name_index(stage_names + 1, 3, s); /* "" names no stage */
    if (i < 0)
        return -1;
    *out = (as_stage)(i + 1);
    return 0;
}

/* test_access: the one table of who may do what: a province's clerk acts on
 * its own reported envelopes and sees its result only once published, and
 * never learns anything of another province (404); departments deliver the
 * verified figures and the findings and cannot publish; the centre reopens, evaluates and
 * publishes but delivers nothing; nobody without a session gets past 401. */
#include <criterion/criterion.h>
#include <string.h>

#include "serve/access.h"

typedef struct {
    as_role role;
    char own[8]; /* the account's province */
    as_action act;
    char target[8]; /* the province acted on, "" for none */
    as_stage stage;
    bool published;
    as_access exp;
} access_case;

static const access_case cases[] = {
    /* province: own reported envelope */
    {AS_ROLE_PROVINCE, "640000", AS_ACT_VIEW, "640000", AS_STAGE_REPORTED, false, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_TEMPLATE, "640000", AS_STAGE_REPORTED, false,
     AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_UPLOAD, "640000", AS_STAGE_REPORTED, false,
     AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_RELEASE, "640000", AS_STAGE_REPORTED, false,
     AS_ACCESS_ALLOW},
    /* province: cannot reopen its own, cannot touch the verified stage */
    {AS_ROLE_PROVINCE, "640000", AS_ACT_REOPEN, "640000", AS_STAGE_REPORTED, false,
     AS_ACCESS_FORBID},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_UPLOAD, "640000", AS_STAGE_VERIFIED, false,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_VIEW, "640000", AS_STAGE_VERIFIED, false,
     AS_ACCESS_NOTFOUND},
    /* province: another province's anything is not there */
    {AS_ROLE_PROVINCE, "140000", AS_ACT_VIEW, "640000", AS_STAGE_REPORTED, false,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, "140000", AS_ACT_TEMPLATE, "640000", AS_STAGE_REPORTED, false,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, "140000", AS_ACT_RELEASE, "640000", AS_STAGE_REPORTED, false,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, "140000", AS_ACT_RESULTS, "640000", AS_STAGE_NONE, true, AS_ACCESS_NOTFOUND},
    /* province: results only once published; never the centre's tools */
    {AS_ROLE_PROVINCE, "640000", AS_ACT_RESULTS, "", AS_STAGE_NONE, false, AS_ACCESS_NOTFOUND},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_RESULTS, "", AS_STAGE_NONE, true, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_STATUS, "", AS_STAGE_NONE, false, AS_ACCESS_FORBID},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_NATIONAL, "", AS_STAGE_NONE, true, AS_ACCESS_FORBID},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_EVALUATE, "", AS_STAGE_NONE, false, AS_ACCESS_FORBID},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_PUBLISH, "", AS_STAGE_NONE, false, AS_ACCESS_FORBID},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_NOTIFY, "", AS_STAGE_NONE, false, AS_ACCESS_FORBID},
    /* department: sees everything, delivers verified, publishes nothing */
    {AS_ROLE_DEPARTMENT, "", AS_ACT_VIEW, "640000", AS_STAGE_REPORTED, false, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_UPLOAD, "640000", AS_STAGE_VERIFIED, false, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_RELEASE, "640000", AS_STAGE_VERIFIED, false, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_UPLOAD, "640000", AS_STAGE_REPORTED, false, AS_ACCESS_FORBID},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_REOPEN, "640000", AS_STAGE_VERIFIED, false, AS_ACCESS_FORBID},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_PUBLISH, "", AS_STAGE_NONE, false, AS_ACCESS_FORBID},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_EVALUATE, "", AS_STAGE_NONE, false, AS_ACCESS_FORBID},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_STATUS, "", AS_STAGE_NONE, false, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_RESULTS, "", AS_STAGE_NONE, false, AS_ACCESS_NOTFOUND},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_RESULTS, "", AS_STAGE_NONE, true, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_NATIONAL, "", AS_STAGE_NONE, false, AS_ACCESS_NOTFOUND},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_NATIONAL, "", AS_STAGE_NONE, true, AS_ACCESS_ALLOW},
    /* the year's findings: the departments deliver them, no province sees them */
    {AS_ROLE_DEPARTMENT, "", AS_ACT_UPLOAD, "000000", AS_STAGE_FINDINGS, false, AS_ACCESS_ALLOW},
    {AS_ROLE_DEPARTMENT, "", AS_ACT_RELEASE, "000000", AS_STAGE_FINDINGS, false, AS_ACCESS_ALLOW},
    {AS_ROLE_PROVINCE, "640000", AS_ACT_VIEW, "000000", AS_STAGE_FINDINGS, false,
     AS_ACCESS_NOTFOUND},
    {AS_ROLE_CENTRE, "", AS_ACT_REOPEN, "000000", AS_STAGE_FINDINGS, false, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, "", AS_ACT_UPLOAD, "000000", AS_STAGE_FINDINGS, false, AS_ACCESS_FORBID},
    /* centre: reopens, evaluates, publishes; delivers nothing */
    {AS_ROLE_CENTRE, "", AS_ACT_REOPEN, "640000", AS_STAGE_REPORTED, false, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, "", AS_ACT_EVALUATE, "", AS_STAGE_NONE, false, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, "", AS_ACT_PUBLISH, "", AS_STAGE_NONE, false, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, "", AS_ACT_NOTIFY, "", AS_STAGE_NONE, false, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, "", AS_ACT_RESULTS, "", AS_STAGE_NONE, false, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, "", AS_ACT_NATIONAL, "", AS_STAGE_NONE, false, AS_ACCESS_ALLOW},
    {AS_ROLE_CENTRE, "", AS_ACT_UPLOAD, "640000", AS_STAGE_REPORTED, false, AS_ACCESS_FORBID},
    {AS_ROLE_CENTRE, "", AS_ACT_RELEASE, "640000", AS_STAGE_VERIFIED, false, AS_ACCESS_FORBID},
    /* nobody: only the public pages */
    {AS_ROLE_NONE, "", AS_ACT_PUBLIC, "", AS_STAGE_NONE, false, AS_ACCESS_ALLOW},
    {AS_ROLE_NONE, "", AS_ACT_SESSION, "", AS_STAGE_NONE, false, AS_ACCESS_LOGIN},
    {AS_ROLE_NONE, "", AS_ACT_VIEW, "640000", AS_STAGE_REPORTED, false, AS_ACCESS_LOGIN},
};

static as_access decide(const access_case *c)
{
    as_principal who = {c->role == AS_ROLE_NONE ? 0 : 1, "someone", c->role, ""};
    strcpy(who.province, c->own);
    as_access_target t = {c->target[0] ? c->target : NULL, c->stage, c->published};
    return as_access_decide(&who, c->act, &t);
}

Test(access, decides_each_case_of_the_table)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(decide(&cases[i]), cases[i].exp, "case %zu: role %d act %d: got %d, exp %d", i,
                     cases[i].role, cases[i].act, decide(&cases[i]), cases[i].exp);
}

Test(access, never_lets_a_province_act_on_another_province)
{
    for (int a = 0; a < AS_ACT_COUNT; a++)
        for (int s = AS_STAGE_NONE; s <= AS_STAGE_FINDINGS; s++)
            for (int pub = 0; pub < 2; pub++) {
                access_case c = {
                    AS_ROLE_PROVINCE, "140000", (as_action)a, "640000", (as_stage)s, pub, 0};
                as_access got = decide(&c);
                if (a == AS_ACT_PUBLIC)
                    cr_expect_eq(got, AS_ACCESS_ALLOW);
                else
                    cr_expect_eq(got, AS_ACCESS_NOTFOUND, "action %d stage %d: %d", a, s, got);
            }
}

Test(access, names_roles_and_stages_both_ways)
{
    as_role r;
    as_stage s;
    cr_expect_eq(as_role_parse("centre", &r), 0);
    cr_expect_eq(r, AS_ROLE_CENTRE);
    cr_expect_str_eq(as_role_name(AS_ROLE_DEPARTMENT), "department");
    cr_expect_eq(as_role_parse("admin", &r), -1);
    cr_expect_eq(as_role_parse("province", &r), 0);
    cr_expect_eq(r, AS_ROLE_PROVINCE);
    cr_expect_eq(as_role_parse("", &r), -1); /* the name of no role is none */
    cr_expect_eq(as_role_parse(NULL, &r), -1);
    cr_expect_eq(as_stage_parse("verified", &s), 0);
    cr_expect_eq(s, AS_STAGE_VERIFIED);
    cr_expect_eq(as_stage_parse("findings", &s), 0);
    cr_expect_eq(s, AS_STAGE_FINDINGS);
    cr_expect_eq(as_stage_parse("audit", &s), -1);
    cr_expect_eq(as_stage_parse("", &s), -1);
}

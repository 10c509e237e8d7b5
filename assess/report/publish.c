/* publish: a year's workbooks, then its JSON document, into one set. */
#include "report/publish.h"

#include "report/evaljson.h"

as_report_opts as_publish_report_opts(const as_annual *a, const as_annual_year *y,
                                      const as_publish_opts *o, const char *dir, as_output *out)
{
    return (as_report_opts){.out_dir = dir,
                            .lang = o->lang,
                            .calendar = a->calendar,
                            .rules_path = o->rules_path,
                            .data_dir = o->data_dir,
                            .calendar_dir = a->calendar ? a->o.calendar_dir : NULL,
                            .output = out,
                            .uncertainty = y ? y->mc : NULL,
                            .trajectories = y ? y->traj : NULL,
                            .written = o->written,
                            .written_ctx = o->written_ctx};
}

static int year_json(void *ctx, FILE *f)
{
    const as_annual_year *y = ctx;
    as_json j;
    as_json_analyses an = {y->mc, y->traj};
    as_json_init(&j, f, AS_EVALJSON_WRAP);
    as_evaljson_year(&j, y->ev, &an);
    return as_json_finish(&j);
}

int as_publish_year(const as_annual *a, const as_annual_year *y, const as_publish_opts *o,
                    as_output *out, as_diags *d)
{
    int rc = 0;
    if (o->dir) { /* first: it makes the folder, which the JSON may go into */
        as_report_opts ro = as_publish_report_opts(a, y, o, o->dir, out);
        rc |= as_report_write(y->ev, &ro, d);
    }
    if (o->json)
        rc |= as_output_write(out, o->json, year_json, (void *)y, d);
    return rc ? -1 : 0;
}

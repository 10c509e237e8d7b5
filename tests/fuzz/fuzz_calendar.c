/* fuzz_calendar: one calendar file, validated, loaded and, when it loads,
 * asked for working days and deadlines from the first day of each year it
 * holds, with the texts every report prints. */
#include <stdlib.h>

#include "engine/calendar.h"

#include "support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(const as_calendar *c)
{
    for (int y = AS_CALENDAR_MIN_YEAR; y <= AS_CALENDAR_MAX_YEAR; y++) {
        if (as_calendar_year_status(c, y) == AS_CAL_NONE)
            continue;
        as_calendar_working_days_in_year(c, y);
        as_diags d;
        as_deadline dl;
        as_diags_init(&d);
        if (as_calendar_deadline(c, as_date_from_ymd(y, 1, 1), 30, true, &dl, &d) == 0) {
            free(as_calendar_explain(c, &dl, AS_CAL_EN));
            free(as_calendar_explain(c, &dl, AS_CAL_ZH));
        }
        as_diags_release(&d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fz_path("calendar.yaml");
    fz_write(path, data, size);
    as_diags d;
    as_calendar *c = NULL;
    as_diags_init(&d);
    as_calendar_validate_file(path, &d);
    if (as_calendar_load_file(path, &c, &d) == 0) {
        use(c);
        as_calendar_free(c);
    }
    as_diags_release(&d);
    return 0;
}

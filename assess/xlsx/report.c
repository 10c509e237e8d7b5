/* report: workbook writing with libxlsxwriter. */
#include "xlsx/report.h"

#include <xlsxwriter.h>

const char *as_report_library_version(void)
{
    return LXW_VERSION;
}

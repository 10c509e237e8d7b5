/* province: the sheets of one province's workbook (overview, indicators,
 * verified figures, rectification notice, trail; or the error sheet).  The
 * file, its properties and the About sheet are report.c's. */
#ifndef AS_REPORT_PROVINCE_H
#define AS_REPORT_PROVINCE_H

#include "report/book.h"

/* Add the sheets of province result pr (one of b->ev's) to b, in order.
 * Errors are recorded in b. */
void as_report_province(as_report_book *b, const as_province_result *pr);

#endif

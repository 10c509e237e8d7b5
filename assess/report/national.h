/* national: the sheets of the national workbook (summary, matrix, values,
 * rectification, charts).  The file, its properties and the About sheet are
 * report.c's. */
#ifndef AS_REPORT_NATIONAL_H
#define AS_REPORT_NATIONAL_H

#include "report/book.h"

/* Add the national sheets of b->ev to b, in order.  Errors are recorded in b. */
void as_report_national(as_report_book *b);

#endif

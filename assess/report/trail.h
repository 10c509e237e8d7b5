/* trail: the calculation-trail sheet of a province workbook. */
#ifndef AS_REPORT_TRAIL_H
#define AS_REPORT_TRAIL_H

#include "report/book.h"

/* Add the "计算过程 Trail" sheet for pr: every indicator and check with its
 * formulas, every traced value and the decision.  Errors are recorded in b. */
void as_report_trail(as_report_book *b, const as_province_result *pr);

#endif

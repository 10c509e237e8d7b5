/* report: Excel workbooks of assessment results (national, per province).
 * The only module that includes xlsxwriter.h. */
#ifndef AS_XLSX_REPORT_H
#define AS_XLSX_REPORT_H

/* Version string of the libxlsxwriter this was built with. */
const char *as_report_library_version(void);

#endif

/* trajectory_sheets: the Trajectory sheet of the national workbook (every
 * province's projection of each plan check against its target, with a
 * chart) and of a province's workbook (the year-by-year path: observed,
 * required and projected with its interval, with a chart).  It shows the
 * analysis's numbers (analysis/trajectory.h); it projects nothing. */
#ifndef AS_REPORT_TRAJECTORY_SHEETS_H
#define AS_REPORT_TRAJECTORY_SHEETS_H

#include "report/book.h"

#define AS_REPORT_TRAJECTORY_SHEET "轨迹 Trajectory"

/* Add the national Trajectory sheet when b's options carry trajectories
 * and the rules mark a plan check.  Errors are recorded in b. */
void as_report_trajectory_national(as_report_book *b);

/* Add province pr's Trajectory sheet, likewise. */
void as_report_trajectory_province(as_report_book *b, const as_province_result *pr);

/* One line per plan check of pr for its Overview: the projection against the
 * target and whether it is at risk; "" when there is none. */
const char *as_report_trajectory_summary(as_report_book *b, const as_province_result *pr);

#endif

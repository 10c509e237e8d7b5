/* eval_part: what the two evaluations of a province share, one value at a
 * time with a trail (eval.c) and in blocks of lanes (eval_lanes.c), so the
 * rules of exemption, indicator status and counting are written once.
 * Only the engine's eval files include it. */
#ifndef AS_EVAL_PART_H
#define AS_EVAL_PART_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/eval.h"

enum { AS_EVAL_MAX_QUANTITY_DEPTH = 32 }; /* quantities read inside quantities, at most */

/* The rule exempting province p from ind, or NULL. */
const as_exemption *as_eval_exemption(const as_indicator *ind, size_t p);

/* An indicator's status from its checks': exempt wins, then any check
 * missed, then any without data. */
static inline as_status as_eval_indicator_status(bool exempt, bool missed, bool nodata)
{
    return exempt   ? AS_STATUS_EXEMPT
           : missed ? AS_STATUS_MISSED
           : nodata ? AS_STATUS_NO_DATA
                    : AS_STATUS_MET;
}

/* Whether an indicator of status s counts among the missed ones: missed,
 * or without data unless the rules count that as met. */
static inline bool as_eval_counts_missed(const as_indicator *ind, as_status s)
{
    return s == AS_STATUS_MISSED || (s == AS_STATUS_NO_DATA && !ind->no_data_counts_met);
}

#endif

// SPDX-License-Identifier: GPL-2.0
/* Instantiates hvt's tracepoints (trace.h): one translation unit does. */
#define CREATE_TRACE_POINTS
#include "trace.h"

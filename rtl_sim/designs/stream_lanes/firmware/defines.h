// hwverify test design stream_lanes: hand-written firmware in the layout of an hls4ml fork whose top takes
// arrays of scalar streams (not tool output).
#ifndef DEFINES_H_
#define DEFINES_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include <cstddef>

#define N_INPUT_1_1 3
#define N_LANES 2

typedef ap_fixed<16,6> input_t;
typedef ap_fixed<16,6> result_t;  // AP_TRN, AP_WRAP

#endif

// hwverify test design stream_stall: hand-written firmware in hls4ml's layout (not tool output).
#ifndef DEFINES_H_
#define DEFINES_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "nnet_utils/nnet_types.h"
#include <cstddef>

#define N_INPUT_1_1 4
#define N_INPUT_2_1 2

typedef nnet::array<ap_fixed<16,6>, 2> input_t;
typedef nnet::array<ap_fixed<16,6>, 2> result_t;  // AP_TRN, AP_WRAP

#endif

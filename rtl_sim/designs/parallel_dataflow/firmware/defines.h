// hwverify test design parallel_dataflow: hand-written firmware in the layout hls4ml writes (not tool output).
#ifndef DEFINES_H_
#define DEFINES_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include <cstddef>
#include <cstdio>

// hls-fpga-machine-learning insert numbers
#define N_INPUT_1_1 4
#define N_LAYER_2 3
#define N_LAYER_5 3

// hls-fpga-machine-learning insert layer-precision
typedef ap_fixed<16,6> input_t;
typedef ap_fixed<32,17> layer2_accum_t;  // 15 fractional bits: products of 10 + 5 fractional bits
typedef ap_fixed<16,6,AP_TRN,AP_SAT> layer2_t;
typedef ap_fixed<8,3> weight2_t;
typedef ap_fixed<32,17> bias2_t;
typedef ap_ufixed<12,4,AP_RND,AP_SAT> result_t;

#endif

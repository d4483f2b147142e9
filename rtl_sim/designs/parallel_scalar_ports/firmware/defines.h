// hwverify test design parallel_scalar_ports: hand-written firmware in the layout an old hls4ml (0.x)
// writes, with the project called emtfnet (not tool output).
#ifndef DEFINES_H_
#define DEFINES_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include <cstddef>
#include <cstdio>

// hls-fpga-machine-learning insert numbers
#define N_INPUT_1_1 6
#define N_LAYER_7 2

// hls-fpga-machine-learning insert layer-precision
typedef ap_fixed<14,5> input_t;
typedef ap_fixed<32,18> layer7_accum_t;  // 14 fractional bits: products of 9 + 5 fractional bits
typedef ap_fixed<6,1> weight7_t;
typedef ap_fixed<24,10> bias7_t;
typedef ap_fixed<16,6,AP_TRN,AP_SAT> result_t;

#endif

// hwverify test designs stream_vivado / stream_vitis: hand-written firmware in hls4ml's layout (not tool output).
#ifndef DEFINES_H_
#define DEFINES_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "nnet_utils/nnet_types.h"
#include <cstddef>
#include <cstdio>

// hls-fpga-machine-learning insert numbers
#define N_INPUT_1_1 3
#define N_INPUT_2_1 3
#define N_INPUT_3_1 2
#define OUT_HEIGHT_2 3
#define OUT_WIDTH_2 3
#define N_FILT_2 3
#define OUT_HEIGHT_4 3
#define OUT_WIDTH_4 3
#define N_FILT_4 2

// hls-fpga-machine-learning insert layer-precision
typedef nnet::array<ap_fixed<16,6>, 2> input_t;
typedef ap_fixed<32,17> conv_accum_t;  // 15 fractional bits: products of 10 + 5 fractional bits
typedef ap_fixed<8,3> weight_t;
typedef ap_fixed<32,17> bias_t;
typedef nnet::array<ap_fixed<16,6>, 3> layer2_t;  // AP_TRN, AP_WRAP
typedef nnet::array<ap_fixed<16,6>, 3> layer3_t;
typedef nnet::array<ap_fixed<16,6,AP_TRN,AP_SAT>, 2> result_t;

#endif

// hwverify test design parallel_dense: the Dense 4 -> 3 layer's weights and biases (hand-written).
#ifndef PARAMETERS_H_
#define PARAMETERS_H_

#include "defines.h"

// w2[j * N_INPUT_1_1 + i]: weight of input i for output j, ap_fixed<8,3> (codes / 32)
static const weight2_t w2[N_LAYER_2 * N_INPUT_1_1] = {
    1.15625, -0.625, 0.34375, 2.0,       // codes 37, -20, 11, 64
    -1.40625, 0.5625, 2.8125, -0.21875,  // codes -45, 18, 90, -7
    0.71875, 1.71875, -1.875, 0.96875,   // codes 23, 55, -60, 31
};

// b2[j]: 15 fractional bits (codes / 32768)
static const bias2_t b2[N_LAYER_2] = {1.220703125, -0.762939453125, 0.152587890625};  // 40000, -25000, 5000

#endif

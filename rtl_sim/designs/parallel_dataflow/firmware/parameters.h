// hwverify test design parallel_dataflow: the Dense 4 -> 3 layer's weights and biases (hand-written).
#ifndef PARAMETERS_H_
#define PARAMETERS_H_

#include "defines.h"

// w2[j * N_INPUT_1_1 + i]: weight of input i for output j, ap_fixed<8,3> (codes / 32)
static const weight2_t w2[N_LAYER_2 * N_INPUT_1_1] = {
    -1.625, 0.90625, 2.21875, -0.25,     // codes -52, 29, 71, -8
    0.4375, -2.0625, 1.03125, 1.46875,   // codes 14, -66, 33, 47
    2.96875, 0.375, -1.1875, -3.15625,   // codes 95, 12, -38, -101
};

// b2[j]: 15 fractional bits (codes / 32768): -12000, 30000, 7000
static const bias2_t b2[N_LAYER_2] = {-0.3662109375, 0.91552734375, 0.213623046875};

#endif

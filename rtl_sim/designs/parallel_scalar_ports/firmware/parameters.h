// hwverify test design parallel_scalar_ports: the Dense 6 -> 2 layer's weights and biases (hand-written).
#ifndef PARAMETERS_H_
#define PARAMETERS_H_

#include "defines.h"

// w7[j * N_INPUT_1_1 + i]: weight of input i for output j, ap_fixed<6,1> (codes / 32)
static const weight7_t w7[N_LAYER_7 * N_INPUT_1_1] = {
    0.40625, -0.84375, 0.1875, 0.96875, -0.5625, 0.28125,    // codes 13, -27, 6, 31, -18, 9
    -0.6875, 0.125, 0.90625, -0.34375, 0.78125, -0.96875,    // codes -22, 4, 29, -11, 25, -31
};

// b7[j]: 14 fractional bits (codes / 16384): 3000, -5000
static const bias7_t b7[N_LAYER_7] = {0.18310546875, -0.30517578125};

#endif

// hwverify test designs stream_vivado / stream_vitis: weights and biases of the two 1x1 convolutions.
#ifndef PARAMETERS_H_
#define PARAMETERS_H_

#include "defines.h"

// w2[j * N_INPUT_3_1 + c]: channel c -> filter j, ap_fixed<8,3> (codes / 32)
static const weight_t w2[N_FILT_2 * N_INPUT_3_1] = {
    1.25, -0.78125,      // codes 40, -25
    0.40625, 2.1875,     // codes 13, 70
    -2.8125, 0.15625,    // codes -90, 5
};
// b2[j]: 15 fractional bits (codes / 32768): 1000, -2000, 300
static const bias_t b2[N_FILT_2] = {0.030517578125, -0.06103515625, 0.0091552734375};

// w4[j * N_FILT_2 + c]
static const weight_t w4[N_FILT_4 * N_FILT_2] = {
    0.625, -1.03125, 1.46875,    // codes 20, -33, 47
    -0.375, 1.8125, 0.28125,     // codes -12, 58, 9
};
// b4[j]: -500, 2500
static const bias_t b4[N_FILT_4] = {-0.0152587890625, 0.0762939453125};

#endif

// hwverify test design parallel_resource: the Dense layer's configuration, weights and biases (hand-written).
#ifndef PARAMETERS_H_
#define PARAMETERS_H_

#include "defines.h"

#include "weights/w9.h"

// Resource strategy, reuse factor 4: one input element (and one ROM word of N_LAYER_9 weights) a cycle.
static const unsigned reuse_factor_9 = 4;

// b9[j]: 15 fractional bits (codes / 32768): 22000, -9000, 1500, -31000
static const bias9_t b9[N_LAYER_9] = {0.67138671875, -0.274658203125, 0.0457763671875, -0.946044921875};

#endif

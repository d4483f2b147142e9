// hwverify test design parallel_scalar_ports: hand-written firmware in the layout an old hls4ml writes.
#ifndef EMTFNET_H_
#define EMTFNET_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"

#include "defines.h"

// Prototype of top level function for C-synthesis
void emtfnet(
    input_t input1[N_INPUT_1_1],
    result_t layer7_out[N_LAYER_7],
    unsigned short &const_size_in_1,
    unsigned short &const_size_out_1
);

#endif

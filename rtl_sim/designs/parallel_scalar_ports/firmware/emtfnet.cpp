// hwverify test design parallel_scalar_ports: what emtfnet.v computes, in C++ (hand-written, not hls4ml's code).
//   layer7_out[j] = sat16(trn(b7[j] + sum_i input1[i] * w7[j][i]))   (Dense, ap_fixed<16,6,AP_TRN,AP_SAT>)
// Old hls4ml versions also report the array sizes through const_size_in_1 / const_size_out_1.
#include "emtfnet.h"
#include "parameters.h"

static void dense(input_t data[N_INPUT_1_1], result_t res[N_LAYER_7]) {
    for (int j = 0; j < N_LAYER_7; j++) {
        layer7_accum_t acc = b7[j];
        for (int i = 0; i < N_INPUT_1_1; i++) {
            acc += data[i] * w7[j * N_INPUT_1_1 + i];
        }
        res[j] = acc;  // truncates to 10 fractional bits, saturates to 16 bits
    }
}

void emtfnet(
    input_t input1[N_INPUT_1_1],
    result_t layer7_out[N_LAYER_7],
    unsigned short &const_size_in_1,
    unsigned short &const_size_out_1
) {
    #pragma HLS ARRAY_PARTITION variable=input1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer7_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=layer7_out
    #pragma HLS PIPELINE

    const_size_in_1 = N_INPUT_1_1;
    const_size_out_1 = N_LAYER_7;

    dense(input1, layer7_out);
}

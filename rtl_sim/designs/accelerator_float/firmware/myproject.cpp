// hwverify test design accelerator_float: what the inner myproject.v computes, in C++ (hand-written, not hls4ml's code).
//   layer2_out[j] = sat16(trn(b2[j] + sum_i fc1_input[i] * w2[j][i]))   (Dense, Latency strategy)
//   layer13_out[j] = relu(layer2_out[j])
#include "myproject.h"
#include "parameters.h"

static void dense(input_t data[N_INPUT_1_1], layer2_t res[N_LAYER_2]) {
    for (int j = 0; j < N_LAYER_2; j++) {
        #pragma HLS UNROLL
        layer2_accum_t acc = b2[j];
        for (int i = 0; i < N_INPUT_1_1; i++) {
            #pragma HLS UNROLL
            acc += data[i] * w2[j * N_INPUT_1_1 + i];
        }
        res[j] = acc;  // truncates to 10 fractional bits, saturates to 16 bits
    }
}

static void relu(layer2_t data[N_LAYER_2], result_t res[N_LAYER_13]) {
    for (int j = 0; j < N_LAYER_13; j++) {
        #pragma HLS UNROLL
        res[j] = data[j] > 0 ? result_t(data[j]) : result_t(0);
    }
}

void myproject(
    input_t fc1_input[N_INPUT_1_1],
    result_t layer13_out[N_LAYER_13]
) {
    #pragma HLS ARRAY_RESHAPE variable=fc1_input complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer13_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=fc1_input,layer13_out
    #pragma HLS PIPELINE

    layer2_t layer2_out[N_LAYER_2];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    dense(fc1_input, layer2_out);
    relu(layer2_out, layer13_out);
}

// hwverify test design parallel_dataflow: what the RTL computes, in C++ (hand-written, not hls4ml's code).
// io_parallel with a DATAFLOW region:
//   layer2_out[j] = sat16(trn(b2[j] + sum_i input_1[i] * w2[j][i]))      (Dense)
//   layer5_out[j] = relu(layer2_out[j]) as ap_ufixed<12,4,AP_RND,AP_SAT>
#include "myproject.h"
#include "parameters.h"

static void dense(input_t data[N_INPUT_1_1], layer2_t res[N_LAYER_2]) {
    for (int j = 0; j < N_LAYER_2; j++) {
        layer2_accum_t acc = b2[j];
        for (int i = 0; i < N_INPUT_1_1; i++) {
            acc += data[i] * w2[j * N_INPUT_1_1 + i];
        }
        res[j] = acc;
    }
}

static void relu(layer2_t data[N_LAYER_2], result_t res[N_LAYER_5]) {
    for (int j = 0; j < N_LAYER_5; j++) {
        res[j] = data[j] > 0 ? result_t(data[j]) : result_t(0);
    }
}

void myproject(
    input_t input_1[N_INPUT_1_1],
    result_t layer5_out[N_LAYER_5]
) {
    #pragma HLS ARRAY_RESHAPE variable=input_1 complete dim=0
    #pragma HLS ARRAY_PARTITION variable=layer5_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=input_1,layer5_out
    #pragma HLS DATAFLOW

    layer2_t layer2_out[N_LAYER_2];
    #pragma HLS ARRAY_PARTITION variable=layer2_out complete dim=0

    dense(input_1, layer2_out);
    relu(layer2_out, layer5_out);
}

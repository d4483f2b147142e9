// hwverify test design parallel_resource: what the RTL computes, in C++ (hand-written, not hls4ml's code).
// Dense 4 -> 4, Resource strategy with reuse factor 4 (II 4), linear activation:
//   layer9_out[j] = sat16(rnd(b9[j] + sum_i in_x[i] * w9[i][j]))   (ap_fixed<16,6,AP_RND,AP_SAT>)
// As hls4ml's C simulation does, the weights are read from weights/w9.txt (under WEIGHTS_DIR) on the
// first call; the initialiser in weights/w9.h is what synthesis uses.
#include "myproject.h"
#include "parameters.h"

#ifndef __SYNTHESIS__
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#ifndef WEIGHTS_DIR
#define WEIGHTS_DIR "weights"
#endif

// Comma-separated values, as hls4ml writes weights/*.txt.
template <class T, unsigned N> static void load_weights_from_txt(T *w, const char *name) {
    std::ifstream file((std::string(WEIGHTS_DIR) + "/" + name).c_str());
    if (!file.is_open()) {
        std::printf("ERROR: cannot open %s/%s\n", WEIGHTS_DIR, name);
        return;
    }
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    std::istringstream values(text);
    std::string token;
    for (unsigned i = 0; i < N && std::getline(values, token, ','); i++) {
        w[i] = std::atof(token.c_str());
    }
}
#endif

static void dense_resource(input_t data[N_INPUT_1_1], result_t res[N_LAYER_9]) {
    layer9_accum_t acc[N_LAYER_9];
    for (int j = 0; j < N_LAYER_9; j++) {
        acc[j] = b9[j];
    }
    for (unsigned ir = 0; ir < reuse_factor_9; ir++) {  // one input element per cycle
        for (int j = 0; j < N_LAYER_9; j++) {
            acc[j] += data[ir] * w9[ir * N_LAYER_9 + j];
        }
    }
    for (int j = 0; j < N_LAYER_9; j++) {
        res[j] = acc[j];  // rounds to 10 fractional bits, saturates to 16 bits
    }
}

void myproject(
    input_t in_x[N_INPUT_1_1],
    result_t layer9_out[N_LAYER_9]
) {
    #pragma HLS ARRAY_RESHAPE variable=in_x complete dim=0
    #pragma HLS ARRAY_RESHAPE variable=layer9_out complete dim=0
    #pragma HLS INTERFACE ap_vld port=in_x,layer9_out
    #pragma HLS PIPELINE II=4

#ifndef __SYNTHESIS__
    static bool loaded_weights = false;
    if (!loaded_weights) {
        load_weights_from_txt<weight9_t, 16>(w9, "w9.txt");
        loaded_weights = true;
    }
#endif

    dense_resource(in_x, layer9_out);
}

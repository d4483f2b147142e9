// hwverify test design stream_stall: hand-written firmware in hls4ml's layout (not tool output).
#include "myproject.h"

void myproject(
    hls::stream<input_t> &input_1,
    hls::stream<result_t> &layer2_out
) {
    #pragma HLS INTERFACE axis port=input_1,layer2_out
    const ap_fixed<16,6> bias[2] = {0.25, -0.0625};
    for (int i = 0; i < N_INPUT_1_1; i++) {
        #pragma HLS PIPELINE
        input_t in = input_1.read();
        result_t out;
        for (int c = 0; c < N_INPUT_2_1; c++) {
            out[c] = in[c] + bias[c];
        }
        layer2_out.write(out);
    }
}

// hwverify test design stream_lanes: hand-written firmware (not tool output).
#include "myproject.h"

void myproject(
    hls::stream<input_t> x[N_LANES],
    hls::stream<result_t> y[N_LANES]
) {
    #pragma HLS INTERFACE axis port=x,y
    for (int b = 0; b < N_INPUT_1_1; b++) {
        #pragma HLS PIPELINE
        input_t first = x[0].read();
        input_t second = x[1].read();
        y[0].write(result_t(first + second));
        y[1].write(result_t(first - second));
    }
}

// hwverify test designs stream_vivado / stream_vitis: what the RTL computes, in C++ (hand-written, not
// hls4ml's code). A 3x3 image with 2 channels, one nnet::array beat per pixel, row-major:
//   layer2_out = pointwise conv 2 -> 3 (ap_fixed<16,6>: truncated, wrapped)
//   layer3_out = relu(layer2_out)
//   layer4_out = pointwise conv 3 -> 2 (ap_fixed<16,6,AP_TRN,AP_SAT>)
#include "myproject.h"
#include "parameters.h"

static const unsigned N_PIXELS = N_INPUT_1_1 * N_INPUT_2_1;

template <class data_T, class res_T, unsigned N_IN, unsigned N_OUT>
static void pointwise_conv(hls::stream<data_T> &data, hls::stream<res_T> &res, const weight_t *w, const bias_t *b) {
    for (unsigned p = 0; p < N_PIXELS; p++) {
        data_T in = data.read();
        res_T out;
        for (unsigned j = 0; j < N_OUT; j++) {
            conv_accum_t acc = b[j];
            for (unsigned c = 0; c < N_IN; c++) {
                acc += in[c] * w[j * N_IN + c];
            }
            out[j] = acc;
        }
        res.write(out);
    }
}

static void relu(hls::stream<layer2_t> &data, hls::stream<layer3_t> &res) {
    for (unsigned p = 0; p < N_PIXELS; p++) {
        layer2_t in = data.read();
        layer3_t out;
        for (unsigned j = 0; j < N_FILT_2; j++) {
            out[j] = in[j] > 0 ? in[j] : layer3_t::value_type(0);
        }
        res.write(out);
    }
}

void myproject(
    hls::stream<input_t> &input_1,
    hls::stream<result_t> &layer4_out
) {
    #pragma HLS INTERFACE axis port=input_1,layer4_out
    #pragma HLS DATAFLOW

    hls::stream<layer2_t> layer2_out("layer2_out");
    #pragma HLS STREAM variable=layer2_out depth=9
    pointwise_conv<input_t, layer2_t, N_INPUT_3_1, N_FILT_2>(input_1, layer2_out, w2, b2);

    hls::stream<layer3_t> layer3_out("layer3_out");
    #pragma HLS STREAM variable=layer3_out depth=9
    relu(layer2_out, layer3_out);

    pointwise_conv<layer3_t, result_t, N_FILT_2, N_FILT_4>(layer3_out, layer4_out, w4, b4);
}

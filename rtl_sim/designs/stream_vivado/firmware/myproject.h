// hwverify test designs stream_vivado / stream_vitis: hand-written firmware in hls4ml's layout (not tool output).
#ifndef MYPROJECT_H_
#define MYPROJECT_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"

#include "defines.h"

// Prototype of top level function for C-synthesis
void myproject(
    hls::stream<input_t> &input_1,
    hls::stream<result_t> &layer4_out
);

#endif

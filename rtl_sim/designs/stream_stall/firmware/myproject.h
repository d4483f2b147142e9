// hwverify test design stream_stall: hand-written firmware in hls4ml's layout (not tool output).
#ifndef MYPROJECT_H_
#define MYPROJECT_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"

#include "defines.h"

void myproject(
    hls::stream<input_t> &input_1,
    hls::stream<result_t> &layer2_out
);

#endif

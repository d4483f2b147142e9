// hwverify test design stream_lanes: hand-written firmware (not tool output).
#ifndef MYPROJECT_H_
#define MYPROJECT_H_

#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"

#include "defines.h"

void myproject(
    hls::stream<input_t> x[N_LANES],
    hls::stream<result_t> y[N_LANES]
);

#endif

//Numpy array shape [4, 4]
//Min -3.75
//Max 3.96875
//Number of values 16

#ifndef W9_H_
#define W9_H_

// hwverify test design parallel_resource: the Dense layer's kernel, w9[i * N_LAYER_9 + j] = weight of input i
// for output j, ap_fixed<8,3>; hand-written in the layout hls4ml writes. The C simulation reloads it from
// w9.txt (as hls4ml's does), the RTL has it in the ROM myproject_w9 (myproject_w9_rom.dat).
static weight9_t w9[16] = {0.59375, -1.03125, 2.75, -0.15625, -2.40625, 0.25, 1.6875, 3.96875, 1.40625, -3.75, -0.53125, 2.1875, 3.1875, 1.90625, -1.4375, -3.0625};

#endif

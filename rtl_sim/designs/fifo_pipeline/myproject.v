// ==============================================================
// hwverify test design (fifo_pipeline): a three-process dataflow region in the structure of a
// Vivado HLS io_stream export, with a reconvergent skip path like hls4ml's clone + add:
//
//   input_1 -> clone_1 -+-> layer1_cpy1 (fifo_w16_d8_A, shiftreg) -> reverse_2 -> layer2_out (fifo_w16_d4_A) -+
//                       +-> layer1_cpy2 (fifo_w16_d16_A, RAM) ------------------------------------------------+-> add_3 -> layer3_out
//
// reverse_2 needs a whole frame before it writes, so layer1_cpy2 must hold a frame: shallower, and
// the region deadlocks. The scoreboard below counts each FIFO's words from its handshakes (writes
// accepted minus reads accepted), independently of the FIFOs' internal counters, and writes the
// maxima to fifo_pipeline_scoreboard.txt when the simulation ends. ap_ctrl_none. Not tool output.
// ==============================================================
`timescale 1 ns / 1 ps

module myproject (
    input  wire        ap_clk,
    input  wire        ap_rst_n,
    input  wire [15:0] input_1_V_data_0_V_TDATA,
    input  wire        input_1_V_data_0_V_TVALID,
    output wire        input_1_V_data_0_V_TREADY,
    output wire [15:0] layer3_out_V_data_0_V_TDATA,
    output wire        layer3_out_V_data_0_V_TVALID,
    input  wire        layer3_out_V_data_0_V_TREADY
);

reg ap_rst_n_inv;
always @(*) begin
    ap_rst_n_inv = ~ap_rst_n;
end

wire [15:0] layer1_cpy1_V_data_0_V_din, layer1_cpy1_V_data_0_V_dout;
wire layer1_cpy1_V_data_0_V_full_n, layer1_cpy1_V_data_0_V_write, layer1_cpy1_V_data_0_V_empty_n, layer1_cpy1_V_data_0_V_read;
wire [15:0] layer1_cpy2_V_data_0_V_din, layer1_cpy2_V_data_0_V_dout;
wire layer1_cpy2_V_data_0_V_full_n, layer1_cpy2_V_data_0_V_write, layer1_cpy2_V_data_0_V_empty_n, layer1_cpy2_V_data_0_V_read;
wire [15:0] layer2_out_V_data_0_V_din, layer2_out_V_data_0_V_dout;
wire layer2_out_V_data_0_V_full_n, layer2_out_V_data_0_V_write, layer2_out_V_data_0_V_empty_n, layer2_out_V_data_0_V_read;

clone_1 clone_1_U0 (
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .data_V_data_0_V_TDATA(input_1_V_data_0_V_TDATA),
    .data_V_data_0_V_TVALID(input_1_V_data_0_V_TVALID),
    .data_V_data_0_V_TREADY(input_1_V_data_0_V_TREADY),
    .res1_V_data_0_V_din(layer1_cpy1_V_data_0_V_din),
    .res1_V_data_0_V_full_n(layer1_cpy1_V_data_0_V_full_n),
    .res1_V_data_0_V_write(layer1_cpy1_V_data_0_V_write),
    .res2_V_data_0_V_din(layer1_cpy2_V_data_0_V_din),
    .res2_V_data_0_V_full_n(layer1_cpy2_V_data_0_V_full_n),
    .res2_V_data_0_V_write(layer1_cpy2_V_data_0_V_write)
);

reverse_2 reverse_2_U0 (
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .data_V_data_0_V_dout(layer1_cpy1_V_data_0_V_dout),
    .data_V_data_0_V_empty_n(layer1_cpy1_V_data_0_V_empty_n),
    .data_V_data_0_V_read(layer1_cpy1_V_data_0_V_read),
    .res_V_data_0_V_din(layer2_out_V_data_0_V_din),
    .res_V_data_0_V_full_n(layer2_out_V_data_0_V_full_n),
    .res_V_data_0_V_write(layer2_out_V_data_0_V_write)
);

add_3 add_3_U0 (
    .ap_clk(ap_clk),
    .ap_rst(ap_rst_n_inv),
    .data1_V_data_0_V_dout(layer2_out_V_data_0_V_dout),
    .data1_V_data_0_V_empty_n(layer2_out_V_data_0_V_empty_n),
    .data1_V_data_0_V_read(layer2_out_V_data_0_V_read),
    .data2_V_data_0_V_dout(layer1_cpy2_V_data_0_V_dout),
    .data2_V_data_0_V_empty_n(layer1_cpy2_V_data_0_V_empty_n),
    .data2_V_data_0_V_read(layer1_cpy2_V_data_0_V_read),
    .res_V_data_0_V_TDATA(layer3_out_V_data_0_V_TDATA),
    .res_V_data_0_V_TVALID(layer3_out_V_data_0_V_TVALID),
    .res_V_data_0_V_TREADY(layer3_out_V_data_0_V_TREADY)
);

fifo_w16_d8_A layer1_cpy1_V_data_0_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer1_cpy1_V_data_0_V_din),
    .if_full_n(layer1_cpy1_V_data_0_V_full_n),
    .if_write(layer1_cpy1_V_data_0_V_write),
    .if_dout(layer1_cpy1_V_data_0_V_dout),
    .if_empty_n(layer1_cpy1_V_data_0_V_empty_n),
    .if_read(layer1_cpy1_V_data_0_V_read)
);

fifo_w16_d16_A layer1_cpy2_V_data_0_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer1_cpy2_V_data_0_V_din),
    .if_full_n(layer1_cpy2_V_data_0_V_full_n),
    .if_write(layer1_cpy2_V_data_0_V_write),
    .if_dout(layer1_cpy2_V_data_0_V_dout),
    .if_empty_n(layer1_cpy2_V_data_0_V_empty_n),
    .if_read(layer1_cpy2_V_data_0_V_read)
);

fifo_w16_d4_A layer2_out_V_data_0_V_U(
    .clk(ap_clk),
    .reset(ap_rst_n_inv),
    .if_read_ce(1'b1),
    .if_write_ce(1'b1),
    .if_din(layer2_out_V_data_0_V_din),
    .if_full_n(layer2_out_V_data_0_V_full_n),
    .if_write(layer2_out_V_data_0_V_write),
    .if_dout(layer2_out_V_data_0_V_dout),
    .if_empty_n(layer2_out_V_data_0_V_empty_n),
    .if_read(layer2_out_V_data_0_V_read)
);

// ---- scoreboard: words held per FIFO, from accepted writes and reads only ----
reg [31:0] held_cpy1 = 0, held_cpy2 = 0, held_l2 = 0;
reg [31:0] max_cpy1 = 0, max_cpy2 = 0, max_l2 = 0;
wire [31:0] next_cpy1 = held_cpy1 + (layer1_cpy1_V_data_0_V_write & layer1_cpy1_V_data_0_V_full_n)
                                  - (layer1_cpy1_V_data_0_V_read & layer1_cpy1_V_data_0_V_empty_n);
wire [31:0] next_cpy2 = held_cpy2 + (layer1_cpy2_V_data_0_V_write & layer1_cpy2_V_data_0_V_full_n)
                                  - (layer1_cpy2_V_data_0_V_read & layer1_cpy2_V_data_0_V_empty_n);
wire [31:0] next_l2 = held_l2 + (layer2_out_V_data_0_V_write & layer2_out_V_data_0_V_full_n)
                              - (layer2_out_V_data_0_V_read & layer2_out_V_data_0_V_empty_n);
always @(posedge ap_clk) begin
    if (ap_rst_n_inv == 1'b1) begin
        held_cpy1 <= 0; held_cpy2 <= 0; held_l2 <= 0;
    end else begin
        held_cpy1 <= next_cpy1; held_cpy2 <= next_cpy2; held_l2 <= next_l2;
        if (next_cpy1 > max_cpy1) max_cpy1 <= next_cpy1;
        if (next_cpy2 > max_cpy2) max_cpy2 <= next_cpy2;
        if (next_l2 > max_l2) max_l2 <= next_l2;
    end
end

integer scoreboard_fd;
final begin
    scoreboard_fd = $fopen("fifo_pipeline_scoreboard.txt", "w");
    $fwrite(scoreboard_fd, "layer1_cpy1_V_data_0_V_U %0d\n", max_cpy1);
    $fwrite(scoreboard_fd, "layer1_cpy2_V_data_0_V_U %0d\n", max_cpy2);
    $fwrite(scoreboard_fd, "layer2_out_V_data_0_V_U %0d\n", max_l2);
    $fclose(scoreboard_fd);
end

endmodule

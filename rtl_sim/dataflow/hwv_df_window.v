// hwverify open dataflow flow: the control of one streaming layer (a "window stage").
//
// The stage reads one pixel (all channels) per handshake from its input FIFOs, row-major over an
// IN_H x IN_W frame, keeps the last (K_H - 1) * IN_W + K_W pixels, and fires when the newest pixel
// completes a K_H x K_W window at stride S_H x S_W. A fired window enters the stage's pipelined logic
// (LATENCY registers, all clock-enabled by ce); the result leaves on out_valid. As in HLS pipelines,
// the whole stage stalls (ce low) while a result waits for room in the output FIFOs.
//
// Schedule (hwverify.sources.openflow.schedule): after a read the stage waits READ_II - 1 cycles before the
// next, FIRE_CYCLES more after a read that fired a window, and FRAME_CYCLES more after the last pixel of a
// frame, as HLS schedules hls4ml's pixel loop (a pipeline at II = reuse factor, or an unpipelined loop whose
// fired iterations run the multiplications; the process restarts for each frame). READ_II = 1, FIRE_CYCLES =
// FRAME_CYCLES = 0: one pixel per clock. The wait counts only enabled cycles (ce).
//
// window: every held pixel, the newest (age 0, the one being read) in the least significant bits.
`timescale 1 ns / 1 ps

module hwv_df_window #(
    parameter IN_H = 1,
    parameter IN_W = 1,
    parameter K_H = 1,
    parameter K_W = 1,
    parameter S_H = 1,
    parameter S_W = 1,
    parameter PIX_BITS = 8,
    parameter LATENCY = 2,  // at least 2: the logic's input and output registers
    parameter READ_II = 1,  // cycles from one pixel read to the next, at least 1
    parameter FIRE_CYCLES = 0,  // extra cycles after a read that fires a window
    parameter FRAME_CYCLES = 0  // extra cycles after the last pixel of a frame
) (
    input  wire clk,
    input  wire rst,
    input  wire in_valid,
    input  wire [PIX_BITS-1:0] in_pixel,
    output wire in_read,
    input  wire out_ready,
    output wire [((K_H-1)*IN_W+K_W)*PIX_BITS-1:0] window,
    output wire fire,
    output wire ce,
    output wire out_valid
);
    localparam LEN = (K_H - 1) * IN_W + K_W;

    reg [LATENCY-1:0] valid_pipe;
    wire [31:0] row;  // position of the pixel being read
    wire [31:0] col;

    assign out_valid = valid_pipe[LATENCY-1];
    assign ce = ~(out_valid & ~out_ready);
    localparam WAIT_BITS = 32;
    reg [WAIT_BITS-1:0] wait_cycles;  // enabled cycles before the next read may happen
`ifdef FAULT_IGNORE_SCHEDULE
    // Fault for hwverify's own tests: the stage reads a pixel per clock whatever its schedule says.
    wire ready_to_read = 1'b1;
`else
    wire ready_to_read = (wait_cycles == 0);
`endif
    assign in_read = in_valid & ce & ready_to_read;

    wire window_complete = (row >= K_H - 1) && (col >= K_W - 1)
                        && ((row - (K_H - 1)) % S_H == 0) && ((col - (K_W - 1)) % S_W == 0);
    assign fire = in_read & window_complete;

    generate
        if (LEN > 1) begin : held
            reg [(LEN-1)*PIX_BITS-1:0] history;
`ifdef FAULT_STALE_NEWEST_PIXEL
            // Fault for hwverify's own tests: the newest tap sees the previous pixel (a line-buffer off-by-one).
            assign window = {history, history[PIX_BITS-1:0]};
`else
            assign window = {history, in_pixel};
`endif
            wire [(LEN-1)*PIX_BITS-1:0] shifted;
            if (LEN > 2) begin : longer
                assign shifted = {history[(LEN-2)*PIX_BITS-1:0], in_pixel};
            end else begin : one
                assign shifted = in_pixel;
            end
            always @(posedge clk) begin
                if (in_read)
                    history <= shifted;
            end
        end else begin : single
            assign window = in_pixel;
        end
    endgenerate

    hwv_df_raster #(.HEIGHT(IN_H), .WIDTH(IN_W)) position (.clk(clk), .rst(rst), .step(in_read), .row(row), .col(col));

    always @(posedge clk) begin
        if (rst)
            wait_cycles <= 0;
        else if (in_read)
            wait_cycles <= READ_II - 1 + (window_complete ? FIRE_CYCLES : 0)
                         + ((row == IN_H - 1 && col == IN_W - 1) ? FRAME_CYCLES : 0);
        else if (ce && wait_cycles != 0)
            wait_cycles <= wait_cycles - 1;
    end

    always @(posedge clk) begin
        if (rst)
            valid_pipe <= {LATENCY{1'b0}};
        else if (ce)
            valid_pipe <= {valid_pipe[LATENCY-2:0], fire};
    end
endmodule

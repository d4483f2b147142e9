// AXI-Stream shell around a free-running, fixed-latency pipeline (hwverify open flow).
//
// The pipeline (a da4ml core) has no clock enable: it takes `core_in` on every rising edge and
// presents the matching result on `core_out` exactly LATENCY edges later. The shell
//   * tracks which pipeline slots hold a real sample (valid) and its TLAST in shift registers,
//   * pushes each finished sample into an output FIFO of DEPTH entries (show-ahead),
//   * offers the FIFO head on N_STREAMS output streams (one per output array, slices of m_tdata
//     chosen by the top) with independent handshakes, popping it once every stream has taken it,
//   * admits a new sample only while fewer than DEPTH samples are admitted (pipeline + FIFO): a
//     credit count, so the FIFO can never overflow however long the output stalls, and s_tready
//     does not depend combinationally on m_tready.
// With m_tready held high, DEPTH >= LATENCY + 2 sustains one sample per cycle (II = 1); the
// latency from input handshake to output valid is LATENCY + 1 cycles.
//
// Reset is synchronous and active-low (ap_rst_n), as in Vitis HLS io_stream designs.
//
// Fault-injected variants for the checks' own tests (each must be caught):
//   HWV_SHELL_FAULT_IGNORE_READY  pops the FIFO whether or not the sink is ready (drops samples)
//   HWV_SHELL_FAULT_NO_CREDIT     always ready on the input (the FIFO overflows under backpressure)
//   HWV_SHELL_FAULT_DROP_LAST     never asserts TLAST on the output
//   HWV_SHELL_FAULT_EARLY_VALID   captures the pipeline output one cycle too early (wrong data)
`timescale 1 ns / 1 ps

module hwv_axis_shell #(
    parameter integer IN_WIDTH = 8,
    parameter integer OUT_WIDTH = 8,
    parameter integer LATENCY = 1,
    parameter integer DEPTH = LATENCY + 2,
    parameter integer N_STREAMS = 1
) (
    input  wire                 ap_clk,
    input  wire                 ap_rst_n,
    input  wire [IN_WIDTH-1:0]  s_tdata,
    input  wire                 s_tvalid,
    output wire                 s_tready,
    input  wire                 s_tlast,
    output wire [OUT_WIDTH-1:0] m_tdata,
    output wire [N_STREAMS-1:0] m_tvalid,
    input  wire [N_STREAMS-1:0] m_tready,
    output wire                 m_tlast,
    output wire [IN_WIDTH-1:0]  core_in,
    input  wire [OUT_WIDTH-1:0] core_out
);
    localparam integer ADDR_WIDTH = (DEPTH > 1) ? $clog2(DEPTH) : 1;
    localparam integer COUNT_WIDTH = $clog2(DEPTH + 1) + 1;
`ifdef HWV_SHELL_FAULT_EARLY_VALID
    localparam integer CAPTURE = (LATENCY > 1) ? LATENCY - 2 : 0;
`else
    localparam integer CAPTURE = LATENCY - 1;
`endif

    reg [LATENCY-1:0]     valid_pipe;
    reg [LATENCY-1:0]     last_pipe;
    reg [OUT_WIDTH:0]     fifo_mem [0:DEPTH-1];  // {last, data}
    reg [ADDR_WIDTH-1:0]  wr_ptr;
    reg [ADDR_WIDTH-1:0]  rd_ptr;
    reg [COUNT_WIDTH-1:0] fifo_count;
    reg [COUNT_WIDTH-1:0] admitted;               // samples admitted and not yet popped

    reg [N_STREAMS-1:0]   taken;                // streams that already took the FIFO head

    wire push = valid_pipe[CAPTURE];
    wire head_valid = (fifo_count != 0);
    wire [N_STREAMS-1:0] beat = m_tvalid & m_tready;
`ifdef HWV_SHELL_FAULT_IGNORE_READY
    wire pop = head_valid;
`else
    wire pop = head_valid && (&(taken | beat));
`endif
`ifdef HWV_SHELL_FAULT_NO_CREDIT
    assign s_tready = ap_rst_n;
`else
    assign s_tready = ap_rst_n && (admitted < DEPTH);
`endif
    wire accept = s_tvalid && s_tready;

    assign core_in = s_tdata;
    assign m_tvalid = {N_STREAMS{head_valid}} & ~taken;
    assign m_tdata = fifo_mem[rd_ptr][OUT_WIDTH-1:0];
`ifdef HWV_SHELL_FAULT_DROP_LAST
    assign m_tlast = 1'b0;
`else
    assign m_tlast = fifo_mem[rd_ptr][OUT_WIDTH];
`endif

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            valid_pipe <= {LATENCY{1'b0}};
            last_pipe <= {LATENCY{1'b0}};
        end else begin
            valid_pipe <= {valid_pipe, accept};
            last_pipe <= {last_pipe, s_tlast};
        end
    end

    always @(posedge ap_clk) begin
        if (!ap_rst_n) begin
            wr_ptr <= {ADDR_WIDTH{1'b0}};
            rd_ptr <= {ADDR_WIDTH{1'b0}};
            fifo_count <= {COUNT_WIDTH{1'b0}};
            admitted <= {COUNT_WIDTH{1'b0}};
            taken <= {N_STREAMS{1'b0}};
        end else begin
            taken <= pop ? {N_STREAMS{1'b0}} : (taken | beat);
            if (push) begin
                fifo_mem[wr_ptr] <= {last_pipe[CAPTURE], core_out};
                wr_ptr <= (wr_ptr == DEPTH - 1) ? {ADDR_WIDTH{1'b0}} : wr_ptr + 1'b1;
            end
            if (pop) begin
                rd_ptr <= (rd_ptr == DEPTH - 1) ? {ADDR_WIDTH{1'b0}} : rd_ptr + 1'b1;
            end
            fifo_count <= fifo_count + push - pop;
            admitted <= admitted + accept - pop;
        end
    end
endmodule

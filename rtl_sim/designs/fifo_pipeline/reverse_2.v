// ==============================================================
// hwverify test design (fifo_pipeline): a frame-buffered process. Reads a whole frame of N_ELEMS
// elements, computes for COMPUTE_CYCLES cycles, then writes relu(x) in reverse order, one element
// per cycle: it reads and writes in bursts, and needs the whole frame before it writes anything.
// Not tool output.
// ==============================================================
`timescale 1 ns / 1 ps

module reverse_2 #(parameter N_ELEMS = 8, COMPUTE_CYCLES = 4) (
    input  wire        ap_clk,
    input  wire        ap_rst,
    input  wire [15:0] data_V_data_0_V_dout,
    input  wire        data_V_data_0_V_empty_n,
    output wire        data_V_data_0_V_read,
    output wire [15:0] res_V_data_0_V_din,
    input  wire        res_V_data_0_V_full_n,
    output wire        res_V_data_0_V_write
);

localparam S_READ = 2'd0, S_COMPUTE = 2'd1, S_WRITE = 2'd2;
reg [1:0] state = S_READ;
reg [7:0] count = 0;
reg signed [15:0] frame [0:N_ELEMS-1];

initial begin
#0 state = S_READ;
#0 count = 0;
end

assign data_V_data_0_V_read = (state == S_READ) && data_V_data_0_V_empty_n;
assign res_V_data_0_V_write = (state == S_WRITE) && res_V_data_0_V_full_n;
assign res_V_data_0_V_din = frame[N_ELEMS - 1 - count];

always @(posedge ap_clk) begin
    if (ap_rst == 1'b1) begin
        state <= S_READ;
        count <= 0;
    end else begin
        case (state)
        S_READ: if (data_V_data_0_V_empty_n) begin
            frame[count] <= data_V_data_0_V_dout[15] ? 16'sd0 : data_V_data_0_V_dout;
            if (count == N_ELEMS - 1) begin
                count <= 0;
                state <= S_COMPUTE;
            end else
                count <= count + 1'b1;
        end
        S_COMPUTE: if (count == COMPUTE_CYCLES - 1) begin
            count <= 0;
            state <= S_WRITE;
        end else
            count <= count + 1'b1;
        default: if (res_V_data_0_V_full_n) begin
            if (count == N_ELEMS - 1) begin
                count <= 0;
                state <= S_READ;
            end else
                count <= count + 1'b1;
        end
        endcase
    end
end

endmodule

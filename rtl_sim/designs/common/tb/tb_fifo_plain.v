// Plain-Verilog testbench for one HLS-style FIFO module on its own (no cocotb). Compile with
//   -DFIFO=<module> -DWIDTH=<data bits> -DDEPTH=<DEPTH parameter> and one of
//   -DFILL_SHIFTREG   (Vivado shift-register: fill = mOutPtr + 1, modulo 2^(ADDR_WIDTH+1))
//   -DFILL_RAM        (Vivado RAM style: fill = (full_n ? usedw : DEPTH) + dout_valid)
//   -DFILL_VITIS      (Vitis: fill = if_num_data_valid, read inside the module)
//   -DFILL_COUNT      (Vitis shift-register start FIFO: fill = mOutPtr)
// Phase 1 writes with reads blocked and reports the capacity; phase 2 pushes and pops at random
// (+seed=, +cycles=) against a scoreboard. Every cycle the fill level read from the FIFO's internal
// registers is compared with the scoreboard's count. Writes "capacity <n>", "max_fill <n>",
// "words <n>" and one "error ..." line per discrepancy to +outputs=<file>.
`timescale 1 ns / 1 ps
module tb;
reg clk = 1'b0;
reg reset = 1'b1;
reg if_write = 1'b0, if_read = 1'b0;
reg [`WIDTH-1:0] if_din = 0;
wire [`WIDTH-1:0] if_dout;
wire if_full_n, if_empty_n;

`FIFO dut (
    .clk(clk), .reset(reset),
    .if_full_n(if_full_n), .if_write_ce(1'b1), .if_write(if_write), .if_din(if_din),
    .if_empty_n(if_empty_n), .if_read_ce(1'b1), .if_read(if_read), .if_dout(if_dout));

reg [`WIDTH-1:0] queue [0:4095];
integer head, tail, fd, seed, cycles, i, capacity, max_fill, words, fill;
reg [1023:0] out_path;

always #5 clk = ~clk;

function integer fill_level;
    input dummy;
    begin
`ifdef FILL_SHIFTREG
        fill_level = (dut.mOutPtr + 1) % (1 << (dut.ADDR_WIDTH + 1));
`elsif FILL_RAM
        fill_level = (dut.full_n ? dut.usedw : `DEPTH) + dut.dout_valid;
`elsif FILL_COUNT
        fill_level = dut.mOutPtr;
`else
        fill_level = dut.if_num_data_valid;
`endif
    end
endfunction

// Scoreboard: at each edge, account for what the FIFO accepted and delivered.
always @(posedge clk) if (!reset) begin
    if (if_read && if_empty_n) begin
        if (head == tail) $fwrite(fd, "error read while the scoreboard is empty\n");
        else if (if_dout !== queue[head % 4096]) $fwrite(fd, "error data %h, expected %h\n", if_dout, queue[head % 4096]);
        head = head + 1;
        words = words + 1;
    end
    if (if_write && if_full_n) begin queue[tail % 4096] = if_din; tail = tail + 1; end
end

// Fill levels are compared just after the edge, once the registers have settled.
always @(posedge clk) if (!reset) begin
    #2;
    fill = fill_level(0);
    if (fill != tail - head) $fwrite(fd, "error fill %0d, scoreboard holds %0d\n", fill, tail - head);
    if (fill > max_fill) max_fill = fill;
end

initial begin
    if (!$value$plusargs("outputs=%s", out_path)) $fatal(1, "missing +outputs=");
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("cycles=%d", cycles)) cycles = 400;
    fd = $fopen(out_path, "w");
    head = 0; tail = 0; max_fill = 0; words = 0; capacity = 0;
    repeat (3) @(posedge clk);
    #1 reset = 1'b0;
    // Phase 1: fill with reads blocked.
    for (i = 0; i < 4 * `DEPTH + 8; i = i + 1) begin
        #1; if_write = 1'b1; if_read = 1'b0; if_din = $random(seed);
        @(posedge clk);
        if (if_full_n) capacity = capacity + 1;
    end
    #1 if_write = 1'b0;
    repeat (3) @(posedge clk);
    $fwrite(fd, "capacity %0d\n", capacity);
    // Phase 2: random traffic.
    for (i = 0; i < cycles; i = i + 1) begin
        #1;
        if_write = ($unsigned($random(seed)) % 100) < 55;
        if_read = ($unsigned($random(seed)) % 100) < 50;
        if_din = $random(seed);
        @(posedge clk);
    end
    #1 if_write = 1'b0; if_read = 1'b1;
    repeat (4 * `DEPTH + 8) @(posedge clk);
    $fwrite(fd, "max_fill %0d\nwords %0d\nleft %0d\n", max_fill, words, tail - head);
    $fclose(fd);
    $finish;
end
endmodule

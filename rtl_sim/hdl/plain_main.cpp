// hwverify benchmark: a plain Verilator C++ harness (no cocotb, no VPI) for the bulk path's generated
// top (hwv_bulk_top). The HDL player and recorder stream the same input files through the same design;
// this main only toggles the clock until $finish and prints the wall time of that loop.
#include <chrono>
#include <cstdio>
#include <memory>

#include "Vhwv_bulk_top.h"
#include "verilated.h"

int main(int argc, char** argv) {
    auto context = std::make_unique<VerilatedContext>();
    context->commandArgs(argc, argv);
    auto top = std::make_unique<Vhwv_bulk_top>(context.get());
    const auto started = std::chrono::steady_clock::now();
    top->clk = 0;
    top->eval();
    while (!context->gotFinish()) {
        context->timeInc(5);  // half of the 10 ns period the cocotb paths use
        top->clk = !top->clk;
        top->eval();
    }
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    top->final();
    std::printf("hwv_wall_seconds %.6f\n", seconds.count());
    return 0;
}

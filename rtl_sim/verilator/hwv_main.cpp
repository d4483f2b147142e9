// hwverify's Verilator main for the bulk path: it hosts cocotb (through VPI), drives the toplevel's clock, and adds
// a free run.
//
// The toplevel (hwv_bulk_top) has one input, `clk`: this main toggles it every HALF_PERIOD (5 ns; the HDL clock of
// the Icarus toplevel hwv_bulk_clock has the same period), so the model needs no --timing scheduler.
// cocotb's own main gives VPI a turn at every time step (value-change, read-write and read-only callbacks), about
// 0.12 us a step: at two steps a clock cycle that alone caps a small design near a quarter of Verilator's speed.
// On the bulk path nothing on the Python side watches the design while it runs: the test waits for `done`. So
// once the top calls hwv_free_run_begin() (when its reset sequence ends), this main steps the model with no VPI
// callback until the top calls hwv_free_run_end() (when `done` rises), `$finish` runs, or cocotb's next timer is
// due; then it goes back to stepping with callbacks, and the value-change callback on `done` (its last seen value
// is from before the free run) wakes the test, which reads the results.
//
// Run-time options: --trace (a VCD in dump.vcd, or --trace-file NAME) when the model was built with --trace.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "Vtop.h"
#include "verilated.h"
#include "verilated_vpi.h"

#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

extern "C" void vlog_startup_routines_bootstrap(void);

namespace {

bool free_run_requested = false;  // set by the top's hwv_free_run_begin(), cleared by hwv_free_run_end()
constexpr uint64_t HALF_PERIOD = 5000;  // in the time precision, 1 ps (hwverify builds with --timescale 1ns/1ps)

struct Simulation {
    VerilatedContext* context;  // the thread's context, which VPI uses too
    std::unique_ptr<Vtop> top;
#if VM_TRACE
    std::unique_ptr<VerilatedVcdC> trace;
#endif

    uint64_t next_edge = HALF_PERIOD;  // the time of the next clock edge

    void dump() {
#if VM_TRACE
        if (trace) trace->dump(context->time());
#endif
    }

    // Move time to the next clock edge and toggle the clock (the caller evaluates).
    void clock_edge() {
        context->time(next_edge);
        top->clk = !top->clk;
        next_edge += HALF_PERIOD;
    }
};

// Value-change callbacks may write signals that trigger further callbacks: call them until none fires.
void settle_value_callbacks() {
    while (VerilatedVpi::callValueCbs()) {
    }
}

// One time step with VPI in the loop: evaluate until no callback asks for another evaluation, then the read-write
// and read-only regions.
void step_with_callbacks(Simulation& sim) {
    do {
        do {
            sim.top->eval_step();
            VerilatedVpi::clearEvalNeeded();
            VerilatedVpi::doInertialPuts();
            settle_value_callbacks();
        } while (VerilatedVpi::evalNeeded());
        VerilatedVpi::callCbs(cbReadWriteSynch);
        VerilatedVpi::doInertialPuts();
        settle_value_callbacks();
    } while (VerilatedVpi::evalNeeded());
    sim.top->eval_end_step();
    VerilatedVpi::callCbs(cbReadOnlySynch);
    sim.dump();
}

// Clock edges with no VPI callback, while the top asks for them and before cocotb's next timer (`deadline`).
void free_run(Simulation& sim, uint64_t deadline) {
    while (free_run_requested && !sim.context->gotFinish() && sim.next_edge < deadline) {
        sim.clock_edge();
        sim.top->eval_step();
        sim.top->eval_end_step();
        sim.dump();
    }
}

// Advance to the next clock edge or cocotb's next timer, whichever is first, and give VPI its turn there.
void advance(Simulation& sim) {
    const uint64_t deadline = VerilatedVpi::cbNextDeadline();
    if (deadline < sim.next_edge) {
        sim.context->time(deadline);
    } else {
        sim.clock_edge();
    }
    VerilatedVpi::callCbs(cbNextSimTime);
    settle_value_callbacks();
    VerilatedVpi::callTimedCbs();
    settle_value_callbacks();
}

void open_trace(Simulation& sim, int argc, char** argv) {
#if VM_TRACE
    const char* file = "dump.vcd";
    bool wanted = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--trace") == 0) wanted = true;
        if (std::strcmp(argv[i], "--trace-file") == 0 && i + 1 < argc) file = argv[++i];
    }
    if (!wanted) return;
    sim.context->traceEverOn(true);
    sim.trace = std::make_unique<VerilatedVcdC>();
    sim.top->trace(sim.trace.get(), 99);
    sim.trace->open(file);
#else
    (void)sim;
    (void)argc;
    (void)argv;
#endif
}

}  // namespace

// Time for models built the legacy way; the context's own time is used once it is non-zero.
double sc_time_stamp() { return 0; }

extern "C" void hwv_free_run_begin() { free_run_requested = true; }
extern "C" void hwv_free_run_end() { free_run_requested = false; }

int main(int argc, char** argv) {
    Simulation sim;
    sim.context = Verilated::threadContextp();
    sim.context->commandArgs(argc, argv);
    sim.context->fatalOnVpiError(false);  // cocotb probes names that may not exist
    sim.top = std::make_unique<Vtop>(sim.context, "");
    open_trace(sim, argc, argv);

    vlog_startup_routines_bootstrap();  // loads cocotb's VPI library, which starts Python
    VerilatedVpi::callCbs(cbStartOfSimulation);
    settle_value_callbacks();

    sim.top->clk = 0;
    step_with_callbacks(sim);  // time 0: initial blocks
    while (!sim.context->gotFinish()) {  // cocotb ends the run with $finish once its test is over
        if (free_run_requested) free_run(sim, VerilatedVpi::cbNextDeadline());
        if (sim.context->gotFinish()) break;
        advance(sim);
        step_with_callbacks(sim);
    }
    sim.top->final();
    VerilatedVpi::callCbs(cbEndOfSimulation);
#if VM_TRACE
    if (sim.trace) sim.trace->close();
#endif
    return sim.context->errorCount() > 0 ? 1 : 0;
}

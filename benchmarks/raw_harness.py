"""A raw Verilator C++ harness of a design: the practical speed limit hwverify's simulation paths are measured against.

The harness drives the DUT's own top-level ports from C++ (no HDL testbench, no cocotb, no VPI, no file
I/O per beat): all input beats are loaded into memory before the timed loop, outputs are kept in memory
and written once after it. Each channel runs the same valid/ready handshake the bulk path's player and
recorder run, with the same kind of seeded random pauses (an xorshift generator in C++), so the work
per cycle is comparable. The loop's wall time is what the benchmarks compare.

Used by ``benchmarks/bench_real_export.py`` and ``benchmarks/bench_sim_speed.py``; not part of the package.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hwverify.cache import Cache, content_hash, file_sha256  # noqa: E402
from hwverify.sim.runner import VERILATOR_WARNING_ARGS, copy_data_files, verilator_makeflags  # noqa: E402
from hwverify.sim.simulate import SimPlan  # noqa: E402
from hwverify.sim.spec import ChannelSpec  # noqa: E402
from hwverify.tools import ensure_verilator_on_path  # noqa: E402

#: Pause probabilities are given to the harness in 1/65536 units, as to the bulk path's LFSRs.
PAUSE_SCALE = 65536


@dataclass(frozen=True)
class RawRun:
    """One run of the raw harness: cycles, loop seconds, and the output beats per channel."""

    cycles: int
    seconds: float
    beats: list[list[int]]

    @property
    def cycles_per_second(self) -> float:
        """Simulated cycles per second of the timed loop."""
        return self.cycles / self.seconds if self.seconds > 0 else 0.0


def harness_cpp(plan: SimPlan) -> str:
    """The C++ main for ``plan``'s design (its top module compiled as ``Vtop``)."""
    inputs, outputs = plan.input_specs(1), plan.output_specs(1)
    interface = plan.interface
    reset = interface.clock_reset
    lines = [_PRELUDE, "static void drive_inputs(Vtop* t, Chan* in) {"]
    for i, channel in enumerate(inputs):
        lines += [f"    {{ const uint32_t* w = in[{i}].valid ? in[{i}].word() : ZERO;"]
        lines += [f"      {_assign(port, width, low)}" for port, width, low in _parts(channel)]
        lines += [f"      t->{v} = in[{i}].valid;" for v in channel.valid]
        if interface.style.value == "io_parallel" and i == 0:
            lines.append(f"      t->ap_start = in[{i}].valid;")
        lines += [f"      t->{channel.last} = in[{i}].valid && in[{i}].is_last();" if channel.last else "", "    }"]
    lines += ["}", "static void drive_ready(Vtop* t, Out* out) {"]
    lines += [f"    t->{c.ready} = out[{i}].ready;" for i, c in enumerate(outputs) if c.ready]
    lines += ["}", "static bool input_ready(Vtop* t, int i) {", "    switch (i) {"]
    for i, channel in enumerate(inputs):
        ready = "t->ap_ready" if interface.style.value == "io_parallel" else (f"t->{channel.ready}" if channel.ready else "1")
        lines.append(f"    case {i}: return {ready};")
    lines += ["    }", "    return true;", "}", "static bool output_valid(Vtop* t, int i) {", "    switch (i) {"]
    lines += [f"    case {i}: return t->{c.valid[0]};" for i, c in enumerate(outputs)]
    lines += ["    }", "    return false;", "}", "static uint32_t output_word(Vtop* t, int i, int w) {", "    switch (i) {"]
    lines += [f"    case {i}: return {_read(c.data, c.width)};" for i, c in enumerate(outputs)]
    lines += ["    }", "    return 0;", "}"]
    control = "t->ap_start = 1;" if interface.control != "ap_ctrl_none" and interface.style.value != "io_parallel" else ""
    chain = "t->ap_continue = 1;" if interface.control == "ap_ctrl_chain" else ""
    lines.append(_MAIN.format(n_in=len(inputs), n_out=len(outputs), clk=reset.clock, rst=reset.reset,
                              active=0 if reset.active_low else 1, control=control + chain,
                              widths_in=", ".join(str(c.width) for c in inputs),
                              widths_out=", ".join(str(c.width) for c in outputs),
                              has_ready=", ".join("1" if c.ready else "0" for c in outputs)))
    return "\n".join(line for line in lines if line != "")


def _parts(channel: ChannelSpec) -> list[tuple[str, int, int]]:
    parts, low = [], 0
    for port, width in channel.parts or ((channel.data, channel.width),):
        parts.append((port, width, low))
        low += width
    return parts


def _assign(port: str, width: int, low: int) -> str:
    """C++ that sets ``port`` (``width`` bits) from bits [low, low + width) of the 32-bit word array ``w``."""
    if width > 64:
        words = (width + 31) // 32
        return " ".join(f"t->{port}[{k}] = bits(w, {low + 32 * k}, {min(32, width - 32 * k)});" for k in range(words))
    return f"t->{port} = bits64(w, {low}, {width});"


def _read(port: str, width: int) -> str:
    """C++ giving 32-bit word ``w`` of an output port."""
    if width > 64:
        return f"(w < {(width + 31) // 32} ? (uint32_t)t->{port}[w] : 0u)"
    return f"(w == 0 ? (uint32_t)(uint64_t)t->{port} : (uint32_t)((uint64_t)t->{port} >> 32))"


_PRELUDE = r"""// Generated by benchmarks/raw_harness.py: a raw Verilator harness (data in memory, no file I/O per beat).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>
#include "Vtop.h"
#include "verilated.h"
static const uint32_t ZERO[64] = {0};
static uint32_t bits(const uint32_t* w, int low, int width) {
    uint64_t v = w[low / 32];
    if (low % 32 && low / 32 + 1 < 64) v |= (uint64_t)w[low / 32 + 1] << 32;
    v >>= low % 32;
    return width >= 32 ? (uint32_t)v : (uint32_t)(v & ((1ull << width) - 1));
}
static uint64_t bits64(const uint32_t* w, int low, int width) {
    uint64_t lo = bits(w, low, width < 32 ? width : 32);
    return width <= 32 ? lo : lo | ((uint64_t)bits(w, low + 32, width - 32) << 32);
}
struct Rng { uint64_t s; bool pause(uint32_t threshold) { s ^= s << 13; s ^= s >> 7; s ^= s << 17;
    return (uint32_t)(s & 0xffff) < threshold; } };
struct Chan {  // one input channel: its beats (32-bit words + TLAST) in memory
    std::vector<uint32_t> words; std::vector<uint8_t> last; long beats = 0, next = 0; int nwords = 1;
    bool valid = false; Rng rng;
    const uint32_t* word() const { return &words[(size_t)next * nwords]; }
    bool is_last() const { return last[next]; }
};
struct Out { std::vector<uint32_t> words; long expected = 0, count = 0; int nwords = 1; bool ready = false; Rng rng; };
"""

_MAIN = r"""
int main(int argc, char** argv) {{
    const int n_in = {n_in}, n_out = {n_out};
    const int widths_in[] = {{{widths_in}}}, widths_out[] = {{{widths_out}}}, has_ready[] = {{{has_ready}}};
    uint32_t pause_in = 0, pause_out = 0; uint64_t seed = 1; long watchdog = 100000;
    FILE* f = std::fopen(argv[1], "rb");  // per input channel: beats, then words and TLAST bytes
    std::sscanf(argv[2], "%u", &pause_in); std::sscanf(argv[3], "%u", &pause_out);
    std::sscanf(argv[4], "%lu", &seed); std::sscanf(argv[5], "%ld", &watchdog);
    std::vector<Chan> in(n_in); std::vector<Out> out(n_out);
    for (int i = 0; i < n_in; i++) {{
        in[i].nwords = (widths_in[i] + 31) / 32;
        if (std::fread(&in[i].beats, 8, 1, f) != 1) return 2;
        in[i].words.resize((size_t)in[i].beats * in[i].nwords); in[i].last.resize(in[i].beats);
        if (std::fread(in[i].words.data(), 4, in[i].words.size(), f) != in[i].words.size()) return 2;
        if (std::fread(in[i].last.data(), 1, in[i].last.size(), f) != in[i].last.size()) return 2;
        in[i].rng.s = seed * 7919 + i + 1;
    }}
    for (int i = 0; i < n_out; i++) {{
        out[i].nwords = (widths_out[i] + 31) / 32;
        if (std::fread(&out[i].expected, 8, 1, f) != 1) return 2;
        out[i].words.resize((size_t)(out[i].expected + 1024) * out[i].nwords);
        out[i].rng.s = seed * 7919 + 4099 + i;
    }}
    std::fclose(f);
    auto ctx = new VerilatedContext; ctx->commandArgs(argc, argv);
    auto t = new Vtop{{ctx}};
    t->{rst} = !{active}; t->{clk} = 0; t->eval();
    for (int k = 0; k < 8; k++) {{ t->{rst} = (k >= 2 && k < 7) ? {active} : !{active}; t->{clk} = 1; t->eval(); t->{clk} = 0; t->eval(); }}
    const auto started = std::chrono::steady_clock::now();
    long cycle = 0, idle = 0; bool done = false;
    {control}
    while (!done && idle < watchdog) {{
        for (int i = 0; i < n_in; i++)
            if (!in[i].valid && in[i].next < in[i].beats && !in[i].rng.pause(pause_in)) in[i].valid = true;
        for (int i = 0; i < n_out; i++) out[i].ready = !has_ready[i] || !out[i].rng.pause(pause_out);
        drive_inputs(t, in.data()); drive_ready(t, out.data());
        t->{clk} = 0; t->eval();
        bool fired = false;
        for (int i = 0; i < n_in; i++)
            if (in[i].valid && input_ready(t, i)) {{ in[i].next++; in[i].valid = false; fired = true; }}
        for (int i = 0; i < n_out; i++)
            if (out[i].ready && output_valid(t, i)) {{
                for (int w = 0; w < out[i].nwords && out[i].count < out[i].expected + 1024; w++)
                    out[i].words[(size_t)out[i].count * out[i].nwords + w] = output_word(t, i, w);
                out[i].count++; fired = true;
            }}
        t->{clk} = 1; t->eval(); cycle++;
        idle = fired ? 0 : idle + 1;
        done = true;
        for (int i = 0; i < n_out; i++) done = done && out[i].count >= out[i].expected;
    }}
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    std::printf("raw_cycles %ld\nraw_seconds %.6f\n", cycle, seconds.count());
    FILE* o = std::fopen(argv[6], "wb");
    for (int i = 0; i < n_out; i++) {{ std::fwrite(&out[i].count, 8, 1, o);
        std::fwrite(out[i].words.data(), 4, (size_t)std::min(out[i].count, out[i].expected + 1024) * out[i].nwords, o); }}
    std::fclose(o);
    t->final(); delete t; delete ctx;
    return idle >= watchdog ? 3 : 0;
}}
"""


def build_raw_harness(plan: SimPlan) -> Path:
    """Verilator-build the design with the generated main (cached by content); returns the executable."""
    text = harness_cpp(plan)
    design = plan.design
    key = content_hash("raw_harness/1", text, [(p.name, file_sha256(p)) for p in design.sources],
                       dict(design.defines))

    def build(directory: Path) -> None:
        (directory / "main.cpp").write_text(text)
        command = ["verilator", "--cc", "--exe", "--build", "-j", "2", "--no-timing", *VERILATOR_WARNING_ARGS,
                   "--top-module", design.top, "--prefix", "Vtop", "-Mdir", str(directory / "obj"), "-o", "Vraw",
                   *(f"-D{k}={v}" for k, v in design.defines.items()), str(directory / "main.cpp"),
                   *map(str, design.sources)]
        env = {**os.environ, "MAKEFLAGS": verilator_makeflags()}
        subprocess.run(command, check=True, env=env, capture_output=True, text=True)

    ensure_verilator_on_path()
    entry, _ = Cache("rtl_builds").get_or_build(key, build)
    return entry.path / "obj" / "Vraw"


def run_raw_harness(executable: Path, plan: SimPlan, codes: np.ndarray, work_dir: Path,
                    pause_in: float = 0.0, pause_out: float = 0.0, seed: int = 1,
                    watchdog: int = 100_000) -> RawRun:
    """Run ``codes`` through the raw harness in ``work_dir`` (its data files go there)."""
    n = codes.shape[0]
    copy_data_files(plan.design.data_files, work_dir)  # ROMs load by relative path
    beats, lasts = plan.input_beats(codes)
    blob = bytearray()
    for values, last, channel in zip(beats, lasts, plan.input_specs(n)):
        words = (channel.width + 31) // 32
        blob += np.int64(len(values)).tobytes()
        blob += np.array([(v >> (32 * k)) & 0xFFFFFFFF for v in values for k in range(words)], dtype=np.uint32).tobytes()
        blob += np.asarray(last, dtype=np.uint8).tobytes()
    for channel in plan.output_specs(n):
        blob += np.int64(channel.beats).tobytes()
    (work_dir / "raw_in.bin").write_bytes(bytes(blob))
    command = [str(executable), str(work_dir / "raw_in.bin"), str(int(pause_in * 65536)), str(int(pause_out * 65536)),
               str(seed), str(watchdog), str(work_dir / "raw_out.bin")]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=work_dir, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"raw harness failed ({done.returncode}, {time.perf_counter() - started:.1f} s): "
                           f"{done.stdout[-500:]}{done.stderr[-500:]}")
    cycles = int(re.search(r"raw_cycles (\d+)", done.stdout)[1])  # type: ignore[index]
    seconds = float(re.search(r"raw_seconds ([0-9.]+)", done.stdout)[1])  # type: ignore[index]
    return RawRun(cycles, seconds, _read_outputs(work_dir / "raw_out.bin", plan.output_specs(n)))


def _read_outputs(path: Path, channels: tuple[ChannelSpec, ...]) -> list[list[int]]:
    data, offset, out = path.read_bytes(), 0, []
    for channel in channels:
        count = int(np.frombuffer(data, dtype=np.int64, count=1, offset=offset)[0])
        offset += 8
        words = (channel.width + 31) // 32
        kept = min(count, channel.beats + 1024)
        raw = np.frombuffer(data, dtype=np.uint32, count=kept * words, offset=offset).reshape(kept, words)
        offset += kept * words * 4
        out.append([sum(int(w) << (32 * k) for k, w in enumerate(row)) for row in raw])
    return out

"""The AXI-Stream shell around a da4ml pipeline, driven by hwverify's shared simulation (bulk path) in Icarus.

Random input and output pauses must neither drop nor duplicate samples, TLAST must mark every sample's beat,
and the timing must be as built; each fault-injected shell variant must be caught by the checks every flow
runs (:func:`hwverify.flows.rtl_runs.checked_run`). About 15 s.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

from hwverify.errors import SimulationStalled
from hwverify.flows.rtl_runs import RtlRun, checked_run
from hwverify.progress import StepLog
from hwverify.sim.simulate import SimOptions
from hwverify.sources.openflow.pipeline import GeneratedRtl, generate_rtl
from hwverify.sources.openflow.shell import SHELL_FAULTS
from hwverify.sources.openflow.trace import TracedModel
from tests.openflow.designs import affine_model, random_codes, reference_codes

N = 400


@pytest.fixture(scope="module")
def one_stream():  # type: ignore[no-untyped-def]
    model = affine_model()
    return model, generate_rtl(model, top="affine_one", latency_cutoff=2.0)


@pytest.fixture(scope="module")
def two_streams():  # type: ignore[no-untyped-def]
    model = affine_model(two_outputs=True)
    return model, generate_rtl(model, top="affine_two", latency_cutoff=2.0)


def _run(model: TracedModel, rtl: GeneratedRtl, codes: np.ndarray, pauses: tuple[float, float] = (0.0, 0.0),
         seed: int = 3, simulator: str = "icarus", defines: dict[str, str] | None = None) -> RtlRun:
    """One run of the shell with the checks every flow runs: codes against the reference, framing."""
    expected = np.concatenate(reference_codes(model, codes), axis=1)
    options = SimOptions(simulator=simulator, input_backpressure=pauses[0], output_backpressure=pauses[1], seed=seed)
    return checked_run(rtl.to_rtl_design(defines), codes, expected, options, "shell", StepLog(stream=io.StringIO()))


def _problems(run: RtlRun) -> list[str]:
    """Everything wrong with one run (empty when the stream behaved)."""
    return [f"sample {m.sample} differs" for m in run.mismatches[:3]] + [v.describe() for v in run.framing[:3]]


def test_traced_logic_matches_numpy(one_stream) -> None:  # type: ignore[no-untyped-def]
    model, _ = one_stream
    codes = random_codes(2000)
    np.testing.assert_array_equal(model.predict_codes(codes)[0], reference_codes(model, codes)[0])


def test_full_throughput_and_latency_as_built(one_stream) -> None:  # type: ignore[no-untyped-def]
    model, rtl = one_stream
    codes = random_codes(N)
    run = _run(model, rtl, codes)
    assert _problems(run) == []
    assert set(run.sim.latency_cycles) == {rtl.shell_latency_cycles}
    assert set(run.sim.ii_cycles) == {1}
    assert rtl.shell_latency_cycles == rtl.pipeline_stages + 2


@pytest.mark.parametrize("pauses", [(0.0, 0.6), (0.4, 0.0), (0.3, 0.5)])
def test_random_pauses_lose_nothing(one_stream, pauses: tuple[float, float]) -> None:  # type: ignore[no-untyped-def]
    model, rtl = one_stream
    codes = random_codes(N, seed=1)
    run = _run(model, rtl, codes, pauses, seed=11)
    assert _problems(run) == []
    assert max(run.sim.ii_cycles) > 1  # the pauses really bit


def test_two_streams_with_independent_pauses(two_streams) -> None:  # type: ignore[no-untyped-def]
    model, rtl = two_streams
    codes = random_codes(N, seed=2)
    run = _run(model, rtl, codes, (0.2, 0.5), seed=5)
    assert _problems(run) == []
    first, second = run.sim.traces
    assert not np.array_equal(first.cycles, second.cycles)  # the handshakes really were independent


@pytest.mark.parametrize("fault", SHELL_FAULTS)
def test_fault_injected_shell_is_caught(one_stream, fault: str) -> None:  # type: ignore[no-untyped-def]
    model, rtl = one_stream
    codes = random_codes(N, seed=4)
    try:
        run = _run(model, rtl, codes, (0.2, 0.5), seed=9, defines={fault: ""})
    except SimulationStalled:
        return  # caught: the watchdog stopped a run that lost samples
    assert _problems(run) != []


def test_generated_top_follows_vitis_packed_convention(one_stream) -> None:  # type: ignore[no-untyped-def]
    _, rtl = one_stream
    text = (rtl.directory / "src" / f"{rtl.top}.v").read_text()
    for port in ("ap_clk", "ap_rst_n", "x_in_TDATA", "x_in_TVALID", "x_in_TREADY", "x_in_TLAST",
                 "y_out_TDATA", "y_out_TVALID", "y_out_TREADY", "y_out_TLAST"):
        assert port in text
    assert "[63:0] x_in_TDATA" in text and "[53:0] y_out_TDATA" in text


@pytest.mark.slow
def test_verilator_agrees(two_streams) -> None:  # type: ignore[no-untyped-def]
    """The same runs in Verilator: same protocol, same data. About 40 s."""
    model, rtl = two_streams
    codes = random_codes(2000, seed=6)
    assert _problems(_run(model, rtl, codes, (0.3, 0.4), seed=2, simulator="verilator")) == []

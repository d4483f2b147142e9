"""The AXI-Stream shell around a da4ml pipeline, driven by the plain-Verilog bench in Icarus.

Random input and output pauses must neither drop nor duplicate samples, TLAST must be carried,
and the timing must be as built; each fault-injected shell variant must be caught. About 15 s.
"""

from __future__ import annotations

import numpy as np
import pytest

from hwverify.sources.openflow.pipeline import generate_rtl
from hwverify.sources.openflow.testbench import SHELL_FAULTS, StreamOptions, StreamResult, simulate_stream
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


def _problems(result: StreamResult, expected: tuple[np.ndarray, ...]) -> list[str]:
    """Everything wrong with one run (empty when the stream behaved)."""
    found = []
    if result.timed_out:
        found.append("timed out")
    if result.extra_outputs:
        found.append("duplicated beats")
    for k, (got, want) in enumerate(zip(result.output_codes, expected)):
        if len(got) != len(want):
            found.append(f"stream {k}: {len(got)} of {len(want)} samples")
        elif not np.array_equal(got, want):
            found.append(f"stream {k}: wrong data")
        if not np.array_equal(result.output_last[k], result.expected_last[: len(result.output_last[k])]):
            found.append(f"stream {k}: wrong TLAST")
    return found


def test_traced_logic_matches_numpy(one_stream) -> None:  # type: ignore[no-untyped-def]
    model, _ = one_stream
    codes = random_codes(2000)
    np.testing.assert_array_equal(model.predict_codes(codes)[0], reference_codes(model, codes)[0])


def test_full_throughput_and_latency_as_built(one_stream) -> None:  # type: ignore[no-untyped-def]
    model, rtl = one_stream
    codes = random_codes(N)
    result = simulate_stream(rtl, codes, StreamOptions(seed=3))
    assert _problems(result, reference_codes(model, codes)) == []
    assert set(result.latency_cycles) == {rtl.shell_latency_cycles}
    assert set(result.ii_cycles) == {1}
    assert rtl.shell_latency_cycles == rtl.pipeline_stages + 2


@pytest.mark.parametrize("pauses", [(0, 60), (40, 0), (30, 50)])
def test_random_pauses_lose_nothing(one_stream, pauses: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    model, rtl = one_stream
    codes = random_codes(N, seed=1)
    result = simulate_stream(rtl, codes, StreamOptions(*pauses, seed=11))
    assert _problems(result, reference_codes(model, codes)) == []
    assert result.expected_last.any() and not result.expected_last.all()


def test_two_streams_with_independent_pauses(two_streams) -> None:  # type: ignore[no-untyped-def]
    model, rtl = two_streams
    codes = random_codes(N, seed=2)
    result = simulate_stream(rtl, codes, StreamOptions(20, 50, seed=5))
    assert _problems(result, reference_codes(model, codes)) == []
    assert not np.array_equal(result.output_cycles[0], result.output_cycles[1])  # the handshakes really were independent


@pytest.mark.parametrize("fault", SHELL_FAULTS)
def test_fault_injected_shell_is_caught(one_stream, fault: str) -> None:  # type: ignore[no-untyped-def]
    model, rtl = one_stream
    codes = random_codes(N, seed=4)
    result = simulate_stream(rtl, codes, StreamOptions(20, 50, seed=9, defines={fault: ""}))
    assert _problems(result, reference_codes(model, codes)) != []


def test_generated_top_follows_vitis_packed_convention(one_stream) -> None:  # type: ignore[no-untyped-def]
    _, rtl = one_stream
    text = (rtl.directory / "src" / f"{rtl.top}.v").read_text()
    for port in ("ap_clk", "ap_rst_n", "x_in_TDATA", "x_in_TVALID", "x_in_TREADY", "x_in_TLAST",
                 "y_out_TDATA", "y_out_TVALID", "y_out_TREADY", "y_out_TLAST"):
        assert port in text
    assert "[63:0] x_in_TDATA" in text and "[53:0] y_out_TDATA" in text


@pytest.mark.slow
def test_verilator_bench_agrees(two_streams) -> None:  # type: ignore[no-untyped-def]
    """The same bench built with Verilator (--binary --timing): same protocol, same data. About 40 s."""
    model, rtl = two_streams
    codes = random_codes(2000, seed=6)
    result = simulate_stream(rtl, codes, StreamOptions(30, 40, seed=2, simulator="verilator"))
    assert _problems(result, reference_codes(model, codes)) == []

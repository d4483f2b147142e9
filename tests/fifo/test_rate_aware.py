"""FIFO sizing at the input rate: a paced input (a sample every N cycles) and ``calibrate-fifos --input-interval``.

The rate_burst design (rtl_sim/designs/rate_burst/) takes its input a word a clock and drains it four times slower:
fed as fast as it accepts input, its FIFO absorbs the burst; fed at the rate it sustains, it holds a few words.
Icarus, a few seconds a run.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hwverify.cli import main
from hwverify.errors import ConfigError
from hwverify.fixed import FixedType
from hwverify.sim.simulate import SimOptions, simulate
from hwverify.sources.design import RtlDesign
from tests.fifo.pipeline import pipeline_inputs

DIRECTORY = Path(__file__).resolve().parents[2] / "rtl_sim" / "designs" / "rate_burst"


def rate_burst() -> RtlDesign:
    return RtlDesign.single(top="myproject", sources=tuple(sorted(DIRECTORY.glob("*.v"))), input_type=FixedType(16, 6),
                            output_type=FixedType(16, 6), n_inputs=8, n_outputs=8)


def test_a_paced_input_offers_a_sample_every_interval_and_the_watchdog_waits_it_out() -> None:
    x = pipeline_inputs(12, seed=3)
    paced = simulate(rate_burst(), x, SimOptions(simulator="icarus", input_interval=200, watchdog_cycles=50))
    assert np.array_equal(paced.output_codes, np.maximum(x, 0))
    starts = paced.times.first_input
    assert (starts >= np.arange(12) * 200).all() and (np.diff(starts[1:]) == 200).all()  # offered at s x 200
    assert paced.cycles >= 11 * 200
    fastest = simulate(rate_burst(), x, SimOptions(simulator="icarus"))
    assert (np.diff(fastest.times.first_input) < 200).all()


def test_a_paced_input_needs_the_bulk_path() -> None:
    with pytest.raises(ConfigError, match="input_interval"):
        SimOptions(path="cocotb", input_interval=10)


def test_rate_aware_depths_are_smaller_and_proven_at_the_sustained_rate(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fifo_depths.json"
    argv = ["calibrate-fifos", str(DIRECTORY), "--n-inputs", "8", "--n-outputs", "8", "--random", "40",
            "--simulator", "icarus", "--input-interval", "auto", "--compare-intervals", "64", "--out", str(out),
            "--html", str(tmp_path / "fifos.html")]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "sustained rate: a sample every 32 cycles" in text
    row = next(line for line in text.splitlines() if line.startswith("layer1_out (1)"))
    fastest, at_rate, slower = (int(cell.replace(",", "")) for cell in row.split()[2::2])
    assert fastest > 100, "fed as fast as it accepts input, the FIFO holds the burst"
    assert at_rate < fastest / 4 and slower <= at_rate
    written = json.loads(out.read_text())
    assert written["layer1_out"]["optimized"] == at_rate
    assert "proof run 2/2 at the proposed depths (backpressure 0.5, seed 2027, a sample every 32 cycles)" in text
    assert "RESULT: proposed FIFO depths pass" in text
    html = (tmp_path / "fifos.html").read_text()
    assert "Depth needed vs input interval" in html and 'data-name="layer1_out"' in html  # the plot of the table


@pytest.mark.parametrize(("extra", "message"), [
    (["--compare-intervals", "64"], "--compare-intervals compares with the rate of --input-interval"),
    (["--input-interval", "0"], "expected a number of cycles (at least 1) or 'auto'"),
    (["--input-interval", "auto", "--compare-intervals", "8,x"], "comma-separated numbers of cycles"),
])
def test_bad_rate_options_are_errors_naming_the_option(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       extra: list[str], message: str) -> None:
    argv = ["calibrate-fifos", str(DIRECTORY), "--n-inputs", "8", "--n-outputs", "8", "--random", "4",
            "--simulator", "icarus", "--out", str(tmp_path / "d.json"), *extra]
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "d.json").exists()


def test_several_stall_seeds_are_each_calibrated_and_proven_and_the_depth_is_their_worst_case(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["calibrate-fifos", str(DIRECTORY), "--n-inputs", "8", "--n-outputs", "8", "--random", "30",
            "--simulator", "icarus", "--seed", "5"]
    depths = {}
    for seeds in (1, 3):
        out = tmp_path / f"depths{seeds}.json"
        assert main([*base, "--backpressure-seeds", str(seeds), "--out", str(out)]) == 0
        text = capsys.readouterr().out
        assert f"calibration run {seeds + 1}/{seeds + 1}" in text and f"proof run {seeds + 1}/{seeds + 1}" in text
        assert all(f"seed {5 + k}" in text for k in range(seeds + 1))
        depths[seeds] = {name: entry["optimized"] for name, entry in json.loads(out.read_text()).items()}
    assert all(depths[3][name] >= depth for name, depth in depths[1].items())


def test_seeds_without_backpressure_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (--backpressure-seeds 0 is refused as the command line is read: tests/test_bad_inputs.py)
    out = tmp_path / "fifo_depths.json"
    assert main(["calibrate-fifos", str(DIRECTORY), "--n-inputs", "8", "--n-outputs", "8", "--random", "4",
                 "--simulator", "icarus", "--out", str(out), "--backpressure", "0", "--backpressure-seeds", "2"]) == 2
    assert "no effect" in capsys.readouterr().err and not out.exists()

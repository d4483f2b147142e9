"""Any path a user gives works, and none is ever run as a command: the cache directory, the project directory,
the RTL directory and every output file named with a space, a quote, ``$()``, ``;``, a backtick or non-ASCII
characters.

Tools that parse text (GNU make, yosys scripts, shell snippets, C string literals) would split, quote, expand or
execute such names; every name here that could run something would create ``PWNED`` in the working directory.
Icarus and small designs (about 40 s); the Verilator cases are marked slow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from hwverify.cli import main
from tests.openflow import designs as openflow_designs  # noqa: F401  (numba's cache: the run's, not a test's)
from tests.projects import assemble_project

#: One hostile name per kind of character a build tool might interpret.
HOSTILE = {
    "space": "a b",
    "quote": 'q"q \'',
    "subshell": "$(touch PWNED)",
    "semicolon": "s; touch PWNED; x",
    "backtick": "`touch PWNED`",
    "non_ascii": "ünï ✓",
}
#: Everything at once.
ALL = " ".join(HOSTILE.values())


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory of the test (where an injected ``touch PWNED`` would land); the cache setting is
    restored afterwards whatever ``--cache-dir`` sets."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(tmp_path / "default-cache"))
    return tmp_path


def assert_nothing_ran(base: Path) -> None:
    """No file that an injected command would have made."""
    assert not list(base.rglob("PWNED")) and not list(base.rglob("INJECTED"))


def hostile_project(base: Path, name: str, design: str) -> tuple[Path, Path]:
    """A project under a hostile directory name, with its RTL moved to another hostile directory."""
    root = assemble_project(design, base / f"prj {name}")
    rtl = base / f"rtl {name}"
    shutil.move(str(next(root.rglob("syn/verilog"))), str(rtl))
    return root, rtl


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_verify_with_hostile_cache_project_rtl_and_output_names(kind: str, base: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    name = HOSTILE[kind]
    root, rtl = hostile_project(base, name, "parallel_dense")
    html, results = base / f"out {name}.html", base / f"res {name}.json"
    rc = main(["verify", str(root), "--rtl-dir", str(rtl), "--simulator", "icarus", "--samples", "20",
               "--cache-dir", str(base / f"cache {name}"), "--html", str(html), "--results-json", str(results)])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "RESULT: RTL == firmware, bit-exact, framing correct" in out
    assert list((base / f"cache {name}").glob("rtl_builds/*/MANIFEST.json")), "built in the named cache"
    assert html.is_file() and results.is_file()
    report = base / f"report {name}" / f"r {name}.html"
    assert main(["report", str(results), "-o", str(report)]) == 0 and report.is_file()
    assert_nothing_ran(base)


def test_calibrate_fifos_with_hostile_names(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = assemble_project("stream_vitis", base / f"prj {ALL}")
    out, html = base / f"depths {ALL}.json", base / f"fifos {ALL}.html"
    rc = main(["calibrate-fifos", str(root), "--random", "6", "--simulator", "icarus", "--cache-dir",
               str(base / f"cache {ALL}"), "--out", str(out), "--html", str(html)])
    assert rc == 0, capsys.readouterr().out
    assert out.is_file() and html.is_file()
    assert_nothing_ran(base)


def test_calibrate_fifos_on_a_hostile_rtl_directory(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, rtl = hostile_project(base, ALL, "stream_vitis")
    rc = main(["calibrate-fifos", str(rtl), "--n-inputs", "18", "--n-outputs", "18", "--random", "4",
               "--simulator", "icarus", "--cache-dir", str(base / f"cache {ALL}"), "--out", str(base / f"d {ALL}")])
    assert rc == 0, capsys.readouterr().out
    assert_nothing_ran(base)


def test_a_cache_directory_name_is_never_read_as_a_yosys_command(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache named ``c; tcl p.tcl; x`` once ran ``p.tcl``: the source paths were joined into a ``-p`` script."""
    from hwverify.errors import ToolNotFound
    from hwverify.sources.openflow.pipeline import generate_rtl
    from hwverify.sources.openflow.resources import synthesize_counts
    from hwverify.tools import require_tool
    from tests.openflow.designs import affine_model

    try:
        require_tool("yosys", "this test", "")
    except ToolNotFound as error:
        pytest.skip(str(error))
    (base / "c").write_text("")  # an empty Verilog file, so that the injected script would run on
    (base / "p.tcl").write_text(f'set f [open "{base / "INJECTED"}" w]; puts $f ran; close $f\n')
    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(base / "c; tcl p.tcl; x"))
    counts = synthesize_counts(generate_rtl(affine_model(), top="affine_yosys", latency_cutoff=2.0), 300)
    assert counts.luts > 0 and counts.flip_flops > 0
    assert_nothing_ran(base)


@pytest.mark.parametrize("simulator", ["icarus", pytest.param("verilator", marks=pytest.mark.slow)])
def test_open_flow_bench_in_a_hostile_cache(simulator: str, base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hwverify.sim.simulate import SimOptions, simulate
    from hwverify.sources.openflow.pipeline import generate_rtl
    from tests.openflow.designs import affine_model, random_codes, reference_codes

    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(base / f"cache {ALL}"))
    model = affine_model()
    codes = random_codes(50)
    design = generate_rtl(model, top=f"affine_hostile_{simulator}", latency_cutoff=2.0).to_rtl_design()
    result = simulate(design, codes, SimOptions(simulator=simulator, input_backpressure=0.2, output_backpressure=0.2,
                                                seed=3))
    np.testing.assert_array_equal(result.output_codes, reference_codes(model, codes)[0])
    assert_nothing_ran(base)


@pytest.mark.slow
def test_verilator_builds_in_a_cache_whose_path_make_cannot_use(base: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """GNU make stops in any directory whose path has a space; the build runs in a path-safe directory instead."""
    root = assemble_project("stream_vivado", base / f"prj {ALL}")
    html = base / f"out {ALL}.html"
    rc = main(["verify", str(root), "--samples", "20", "--cache-dir", str(base / f"cache {ALL}"), "--html", str(html)])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "RTL (verilator, random backpressure): 0 of 26 samples differ; framing ok" in out and html.is_file()
    assert_nothing_ran(base)


def test_hls4ml_c_simulation_builds_in_a_hostile_cache(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """hls4ml's build_lib.sh wraps the weights directory in quotes as it is: a '"' in the path broke the build."""
    from hwverify.checks.exact import compare_keras_csim
    from hwverify.model.config import HlsConfig
    from hwverify.model.csim import compile_csim
    from tests.tiny_models import on_grid_inputs, tiny_qkeras_mlp

    monkeypatch.setenv("HWVERIFY_CACHE_DIR", str(base / f"cache {ALL}"))
    model = tiny_qkeras_mlp()
    compiled = compile_csim(model, HlsConfig())
    assert compare_keras_csim(model, compiled, on_grid_inputs(50)).ok
    assert_nothing_ran(base)

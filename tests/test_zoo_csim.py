"""Every zoo entry against its hls4ml C simulation: quantized variants bit for bit, float variants honestly."""

import pytest

from hwverify.checks.exact import assert_bit_exact, compare_keras_csim
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.model.inputs import verification_inputs

ENTRIES = ["iris_mlp", "jet_tagger", "digits_autoencoder", "digits_cnn", "svhn_cnn"]
MIN_SAMPLES = 1000


def _inputs(reference, compiled, n_random=MIN_SAMPLES):
    data = reference.data
    x = verification_inputs(data.x_test, compiled.input_shape, n_random, 7, compiled.input_type, data.x_train)
    assert len(x) >= MIN_SAMPLES
    return x


@pytest.mark.slow
@pytest.mark.parametrize("io_type", ["io_parallel", "io_stream"])
@pytest.mark.parametrize("name", ENTRIES)
def test_quantized_variant_is_bit_exact(name, io_type):
    from hwverify.model.zoo import load_reference_model

    reference = load_reference_model(name, "quantized")
    compiled = compile_csim(reference.model, HlsConfig(io_type=io_type))
    report = compare_keras_csim(reference.model, compiled, _inputs(reference, compiled), reference.logits_layers)
    assert_bit_exact(report)
    assert report.first_divergent_layer is None, report.describe()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["iris_mlp", "jet_tagger"])
def test_float_variant_agreement_is_reported_not_claimed(name):
    """A post-training-quantized float model is not bit-exact; the report says how far it is."""
    from hwverify.model.zoo import load_reference_model

    reference = load_reference_model(name, "float")
    compiled = compile_csim(reference.model, HlsConfig())
    report = compare_keras_csim(reference.model, compiled, _inputs(reference, compiled), exact=False)
    logits = report.compared[0]
    assert logits.n_differing_samples > 0  # fixed<16,6> arithmetic cannot reproduce float32 exactly
    assert report.outputs and report.outputs[0].n_samples == logits.n_samples
    print(report.describe())

"""Bit width vs accuracy: input validation, a real sweep of a tiny float MLP trained on Iris (two g++ compiles,
about 20 s cold, 5 s warm), and its plot in the HTML report carrying the measured points."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import numpy as np
import pytest

from hwverify.errors import ConfigError
from hwverify.flows.sweep import BitWidthSweep, check_bit_widths, parse_bit_widths, sweep_bit_widths
from hwverify.progress import StepLog
from hwverify.report import accuracy_sweep, load_results, render_html
from hwverify.report.results import DesignResult, Results

NARROW, WIDE, INTEGER_BITS = 5, 16, 4


def test_bit_widths_are_parsed_sorted_and_deduplicated():
    assert parse_bit_widths("12, 8,10,8") == (8, 10, 12)


@pytest.mark.parametrize(("text", "message"), [("6,x", "'x' in '6,x' is not a whole number"),
                                               ("", "'' in '' is not a whole number"),
                                               ("8,-2", "'-2'")])
def test_bad_bit_width_lists_name_the_bad_item(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_bit_widths(text)


def test_widths_must_leave_fractional_bits():
    with pytest.raises(ConfigError, match="width\\(s\\) 4, 6 leave no fractional bits with 6 integer bits"):
        check_bit_widths((4, 6, 8), 6)
    with pytest.raises(ConfigError, match="exceed 32 bits"):
        check_bit_widths((8, 40), 6)
    with pytest.raises(ConfigError, match="at least one total width"):
        check_bit_widths((), 6)
    check_bit_widths((7, 32), 6)


@pytest.fixture(scope="module")
def iris_model():
    """tiny_float_mlp trained on scikit-learn's Iris (bundled: nothing is downloaded) in about 3 s."""
    import tensorflow as tf

    from hwverify.model.zoo.dataset import iris_data
    from tests.tiny_models import tiny_float_mlp

    data = iris_data(0)
    model = tiny_float_mlp(seed=3)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy")
    model.fit(data.x_train, data.y_train, epochs=60, batch_size=32, verbose=0)
    return model, data


@pytest.fixture(scope="module")
def sweep(iris_model) -> BitWidthSweep:
    model, data = iris_model
    log = StepLog(stream=io.StringIO())
    result = sweep_bit_widths(model, data.x_test, data.y_test, (WIDE, NARROW), INTEGER_BITS, logits_layer="logits",
                              inputs_label="the Iris test set", log=log)
    assert [name for name, _, _ in log.timings] == [f"sweep: C-sim at ap_fixed<{w},{INTEGER_BITS}> (io_parallel)"
                                                    for w in (NARROW, WIDE)]
    return result


def test_accuracy_grows_with_the_width_and_reaches_keras(iris_model, sweep):
    model, data = iris_model
    keras = float(np.mean(np.argmax(model.predict(data.x_test, verbose=0), axis=1) == data.y_test))
    narrow, wide = sweep.points
    assert (narrow.total_bits, wide.total_bits) == (NARROW, WIDE)
    assert all(p.integer_bits == INTEGER_BITS and p.n_samples == len(data.x_test) for p in sweep.points)
    assert keras >= 0.9 and sweep.keras_accuracy == pytest.approx(keras)
    assert wide.argmax_agreement >= 0.95 and wide.accuracy == pytest.approx(keras, abs=0.05)
    assert narrow.accuracy < wide.accuracy - 0.1  # one fractional bit loses classes; a constant sweep fails here
    assert narrow.argmax_agreement < wide.argmax_agreement
    assert "ap_fixed<5,4>" in sweep.describe() and sweep.logits_layer == "logits"


def test_a_missing_logits_layer_is_a_clear_error(iris_model):
    model, data = iris_model
    with pytest.raises(ConfigError, match="no layer 'nope'.*fc1"):
        sweep_bit_widths(model, data.x_test, data.y_test, (8,), 4, logits_layer="nope")
    with pytest.raises(ConfigError, match="one label per sample"):
        sweep_bit_widths(model, data.x_test, data.y_test[:-1], (8,), 4)


class _Marks(HTMLParser):
    """Attributes of every start tag, and whether it was inside the bit-width chart."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, dict[str, str]]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.inside = dict(attrs).get("data-chart") == "bit-width-accuracy"
        elif self.inside:
            self.marks.append((tag, {k: v or "" for k, v in attrs}))


def test_report_plots_the_measured_points(sweep, tmp_path):
    design = DesignResult("tiny_mlp", accuracy_sweeps=(accuracy_sweep(sweep),))
    results = load_results(Results("sweep", "now", "pytest", (design,)).write(tmp_path / "sweep.json"))
    assert results.designs[0].accuracy_sweeps[0].points[1].accuracy == sweep.points[1].accuracy
    parser = _Marks()
    parser.feed(render_html(results))
    points = [attrs for tag, attrs in parser.marks if tag == "circle"]
    drawn = {(p["data-series"], int(p["data-x"])): float(p["data-y"]) for p in points}
    expected = {("C-sim accuracy", p.total_bits): p.accuracy for p in sweep.points}
    expected |= {("C-sim argmax agrees with Keras", p.total_bits): p.argmax_agreement for p in sweep.points}
    assert drawn.keys() == expected.keys()
    assert all(drawn[key] == pytest.approx(value, abs=1e-5) for key, value in expected.items())
    heights = {int(p["data-x"]): float(p["cy"]) for p in points if p["data-series"] == "C-sim accuracy"}
    assert heights[WIDE] < heights[NARROW]  # higher accuracy is drawn higher (smaller y)
    reference = [attrs for tag, attrs in parser.marks if tag == "line" and attrs.get("class") == "reference"]
    assert len(reference) == 1 and float(reference[0]["data-value"]) == pytest.approx(sweep.keras_accuracy, abs=1e-5)

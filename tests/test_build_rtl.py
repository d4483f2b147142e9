"""Your own model to verified RTL: ``hwverify build-rtl MODEL.h5 --out DIR`` then ``hwverify verify DIR``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hwverify.cli import main
from hwverify.flows.build_rtl import logits_model
from tests.tiny_models import on_grid_inputs, tiny_qkeras_mlp


@pytest.mark.parametrize(("io_type", "backend"), [("io_parallel", "Vivado"), ("io_stream", "Vitis")])
def test_own_model_to_verified_rtl(io_type: str, backend: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    tiny_qkeras_mlp(seed=5, softmax=True).save(tmp_path / "my_model.h5")
    out = tmp_path / "my_model_prj"
    assert main(["build-rtl", str(tmp_path / "my_model.h5"), "--out", str(out), "--io-type", io_type,
                 "--backend", backend]) == 0
    printed = capsys.readouterr().out
    assert "left out the final softmax" in printed and f"hwverify verify {out}" in printed
    assert (out / "myproject_prj" / "solution1" / "syn" / "verilog" / "myproject.v").is_file()
    html = tmp_path / "report.html"
    assert main(["verify", str(out), "--simulator", "icarus", "--samples", "300", "--html", str(html)]) == 0
    printed = capsys.readouterr().out
    assert "0 of 300 samples differ" in printed and "random backpressure" in printed and html.is_file()

    # The check can fail: one weight of the firmware changed by one LSB (the C simulation reads it at run time).
    weights = next((out / "firmware" / "weights").glob("w*.txt"))
    text = weights.read_text()
    first = re.search(r"-?[\d.]+", text)
    weights.write_text(text[: first.start()] + repr(float(first[0]) + 0.03125) + text[first.end():])
    assert main(["verify", str(out), "--simulator", "icarus", "--samples", "300"]) == 1
    assert "expected code" in capsys.readouterr().out


def test_a_dense_layers_own_softmax_is_set_to_linear_with_the_same_weights() -> None:
    import tensorflow as tf
    from qkeras import QDense, quantized_bits

    q = quantized_bits(6, 0, alpha=1)
    inputs = tf.keras.Input((4,))
    outputs = QDense(3, kernel_quantizer=q, bias_quantizer=q, activation="softmax", name="out")(inputs)
    model = tf.keras.Model(inputs, outputs)
    logits, notes = logits_model(model)
    assert notes == ["set the softmax of output layer out to linear: the open flow does not build it; firmware and "
                     "RTL end in the logits"]
    x = on_grid_inputs(8)
    expected = tf.nn.softmax(logits(x)).numpy()
    assert abs(expected - model(x).numpy()).max() < 1e-6  # the same layer, only the activation moved out


def test_a_model_without_a_final_softmax_is_kept_as_it_is() -> None:
    model = tiny_qkeras_mlp(softmax=False)
    kept, notes = logits_model(model)
    assert notes == [] and kept is model


def test_demo_with_a_model_file_runs_build_rtl_then_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    tiny_qkeras_mlp(seed=6, softmax=False).save(tmp_path / "mine.h5")
    assert main(["demo", "--model", "mine.h5", "--simulator", "icarus", "--samples", "50"]) == 0
    printed = capsys.readouterr().out
    assert "project: mine_prj" in printed and "0 of 50 samples differ" in printed
    assert (tmp_path / "mine_prj" / "firmware").is_dir()
    assert main(["demo", "--model", "iris_mlp", "--out", "x"]) == 2  # --out belongs to a model file
    assert "--out is for --model FILE" in capsys.readouterr().err


def test_a_zoo_model_name_with_a_non_empty_out_is_refused_before_any_training(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    assert main(["build-rtl", "jet_tagger", "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "is not an empty directory" in captured.err and "load the zoo model" not in captured.out
    assert (tmp_path / "mine.txt").read_text() == "keep me"
    assert main(["build-rtl", "no_such_model", "--out", str(tmp_path / "new")]) == 2
    assert "no zoo entry 'no_such_model'" in capsys.readouterr().err

"""Calibrated depths applied to a real hls4ml io_stream model end up in its HLS stream pragmas.

Runtime: about 5 s (imports TensorFlow, converts a 3-layer model, writes the project; no HLS tool).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hwverify.fifo.depths import apply_to_hls_model


@pytest.mark.slow
def test_depths_become_stream_pragmas_in_the_written_firmware(tmp_path: Path) -> None:
    hls4ml = pytest.importorskip("hls4ml")
    tf = pytest.importorskip("tensorflow")
    model = tf.keras.Sequential([tf.keras.layers.Input((4, 3)), tf.keras.layers.Conv1D(2, 1, name="conv"),
                                 tf.keras.layers.ReLU(name="relu"), tf.keras.layers.Conv1D(2, 1, name="conv2")])
    config = hls4ml.utils.config_from_keras_model(model, granularity="name")
    hls_model = hls4ml.converters.convert_from_keras_model(model, hls_config=config, io_type="io_stream",
                                                           output_dir=str(tmp_path / "prj"), backend="Vivado")
    assert apply_to_hls_model(hls_model, {"layer2_out": 3, "layer4_out": 7, "layer9_out": 5}) == ["layer9_out"]
    hls_model.write()
    firmware = (tmp_path / "prj" / "firmware" / "myproject.cpp").read_text()
    assert "#pragma HLS STREAM variable=layer2_out depth=3" in firmware
    assert "#pragma HLS STREAM variable=layer4_out depth=7" in firmware

"""Verification inputs for a project: file samples counted honestly, random samples covering the input range."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hwverify.errors import ConfigError
from hwverify.fixed import FixedType, FloatType
from hwverify.model.inputs import read_sample_file
from hwverify.sources.design import DataArray
from hwverify.sources.stimulus import make_stimulus

FIXED = FixedType(10, 3)
ARRAY = (DataArray(FIXED, 4, "input_1"),)


def test_file_samples_come_first_snapped_and_counted() -> None:
    values = np.array([[0.5, 0.25, 100.0, -0.3], [0.0, 0.0, 0.0, 0.0]])
    stimulus = make_stimulus(ARRAY, (None,), values, "tb.dat", 10, seed=1)
    assert stimulus.n == 12 and stimulus.from_file == 2 and stimulus.random == 10
    assert stimulus.codes[0, :2].tolist() == [64, 32]  # on the grid: exact
    assert stimulus.out_of_range == 1 and stimulus.off_grid == 1  # 100.0 is out of range, -0.3 off the grid
    assert "1 file value(s) off the input type's grid were rounded and 1 outside" in stimulus.describe()


def test_random_samples_cover_the_whole_code_range() -> None:
    stimulus = make_stimulus(ARRAY, (None,), None, None, 4000, seed=2)
    codes = stimulus.codes
    assert codes.min() < FIXED.code_min + 20 and codes.max() > FIXED.code_max - 20
    assert stimulus.distinct == 4000


def test_half_the_random_samples_stay_in_the_data_range_when_it_is_not_degenerate() -> None:
    data = np.array([[0.0, 0.5, 0.25, 0.125], [0.5, 1.0, 0.75, 0.5]])
    stimulus = make_stimulus(ARRAY, (None,), data, "tb.dat", 1000, seed=3)
    random = stimulus.codes[2:]
    inside = np.all((random >= 0) & (random <= 128), axis=1)
    assert 400 < inside.sum() < 700  # half inside by construction, a few of the full-range half by chance


def test_a_degenerate_file_does_not_narrow_the_random_samples() -> None:
    ones = np.ones((21, 4))
    stimulus = make_stimulus(ARRAY, (None,), ones, "tb.dat", 200, seed=4)
    assert stimulus.distinct == 201  # 21 identical rows count once
    assert stimulus.codes[21:].min() < -200  # not confined to the all-ones row


def test_float_ports_get_values_of_the_model_input_type() -> None:
    array = (DataArray(FloatType(32), 3, "in_r"),)
    stimulus = make_stimulus(array, (FixedType(16, 6),), None, None, 400, seed=5)
    values = FloatType(32).to_float(stimulus.codes)
    assert np.all(np.abs(values) <= 32.0)
    scaled = values * 1024
    assert 0 < np.mean(scaled != np.round(scaled)) < 0.5  # a quarter off the grid, to exercise the rounding


def test_wrong_column_count_and_non_finite_values_name_the_culprit() -> None:
    with pytest.raises(ConfigError, match="3 values per sample; the firmware's inputs take 4"):
        make_stimulus(ARRAY, (None,), np.zeros((2, 3)), "tb.dat", 0, seed=0)
    with pytest.raises(ConfigError, match="sample 1, element 2 is nan"):
        make_stimulus(ARRAY, (None,), np.array([[0, 0, 0, 0], [0, 0, np.nan, 0]]), "tb.dat", 0, seed=0)


def test_sample_files_ragged_or_text_are_refused(tmp_path: Path) -> None:
    ragged = tmp_path / "ragged.dat"
    ragged.write_text("1 2 3\n4 5\n")
    with pytest.raises(ConfigError, match="line 2: 2 values where the first row has 3"):
        read_sample_file(ragged)
    text = tmp_path / "text.dat"
    text.write_text("1 2 x\n")
    with pytest.raises(ConfigError, match="line 1: not a row of numbers"):
        read_sample_file(text)
    good = tmp_path / "good.npy"
    np.save(good, np.arange(6.0).reshape(2, 3))
    assert read_sample_file(good).shape == (2, 3)


def test_a_value_too_far_out_of_range_to_convert_is_named() -> None:
    with pytest.raises(ConfigError, match="sample 0, element 2 is 1e.300, too far outside"):
        make_stimulus(ARRAY, (None,), np.array([[0.0, 0.0, 1e300, 0.0]]), "tb.dat", 0, seed=0)

"""da4ml's own Verilator emulation of a generated core agrees with the traced logic (slow: one ~20 s build)."""

from __future__ import annotations

import numpy as np
import pytest

from hwverify.sources.openflow.emulator import build_emulator
from hwverify.sources.openflow.pipeline import generate_rtl
from tests.openflow.designs import affine_model, random_codes, reference_codes


@pytest.mark.slow
def test_emulator_matches_reference() -> None:
    model = affine_model(two_outputs=True)
    rtl = generate_rtl(model, top="affine_emu", latency_cutoff=2.0)
    emulator = build_emulator(rtl)
    codes = random_codes(3000, seed=8)
    for got, want in zip(emulator.predict_codes(codes), reference_codes(model, codes)):
        np.testing.assert_array_equal(got, want)

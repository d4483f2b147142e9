"""The fifo_pipeline test design (rtl_sim/designs/fifo_pipeline/): sources, numpy reference, known facts."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hwverify.fixed import FixedType
from hwverify.sources.design import RtlDesign

DIRECTORY = Path(__file__).resolve().parents[2] / "rtl_sim" / "designs" / "fifo_pipeline"
SOURCES = ("myproject.v", "clone_1.v", "reverse_2.v", "add_3.v", "fifo_w16_d8_A.v", "fifo_w16_d16_A.v",
           "fifo_w16_d4_A.v")
FRAME = 8
#: The skip FIFO must hold a whole frame: reverse_2 writes nothing before it has read one.
SKIP_FIFO = "layer1_cpy2_V_data_0_V_U"
SCOREBOARD_FILE = "fifo_pipeline_scoreboard.txt"
FIXED_16_6 = FixedType(16, 6)


def pipeline_design() -> RtlDesign:
    """The design as an :class:`RtlDesign`: one sample is one frame of 8 ap_fixed<16,6> codes."""
    return RtlDesign.single(top="myproject", sources=tuple(DIRECTORY / name for name in SOURCES), input_type=FIXED_16_6,
                     output_type=FIXED_16_6, n_inputs=FRAME, n_outputs=FRAME)


def pipeline_reference(x: np.ndarray) -> np.ndarray:
    """Per frame: ``out[i] = sat16(relu(x[7 - i]) + x[i])``."""
    x = np.asarray(x, dtype=np.int64).reshape(-1, FRAME)
    return np.clip(np.maximum(x[:, ::-1], 0) + x, -(1 << 15), (1 << 15) - 1)


def pipeline_inputs(n: int, seed: int = 0) -> np.ndarray:
    """``n`` frames of seeded random codes over the whole 16-bit range (so the sum saturates sometimes)."""
    return np.random.default_rng(seed).integers(-(1 << 15), 1 << 15, size=(n, FRAME), dtype=np.int64)


def read_scoreboard(work_dir: Path) -> dict[str, int]:
    """The maxima the design's own handshake scoreboard wrote (instance name -> words)."""
    lines = (Path(work_dir) / SCOREBOARD_FILE).read_text().split("\n")
    return {name: int(value) for name, value in (line.split() for line in lines if line.strip())}

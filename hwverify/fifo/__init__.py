"""FIFO depth monitoring and calibration for io_stream designs, with deadlock diagnosis.

find the FIFOs (:mod:`discovery`) -> monitor their fill in HDL (:mod:`monitor`) -> calibrate with deep
FIFOs, propose, prove by re-simulation (:mod:`calibration`) -> write ``fifo_depths.json`` / hls4ml
pragmas (:mod:`depths`); :mod:`diagnosis` explains deadlocks, :mod:`check` is the pytest-facing check.
"""

from hwverify.checks.fifo import DepthViolation, check_fifo_depths
from hwverify.fifo.calibration import (
    Calibration,
    CalibrationSettings,
    DepthProof,
    Occupancy,
    Stimulus,
    calibrate_fifos,
    measure_fifo_occupancy,
    propose_fifo_depths,
    prove_fifo_depths,
    shrink_fifo_depths,
    storage_saving,
)
from hwverify.fifo.depths import (
    VariableDepth,
    apply_to_hls_model,
    fifo_depths_for,
    hls4ml_snippet,
    read_fifo_depths,
    variable_depths,
    write_fifo_depths,
)
from hwverify.fifo.diagnosis import Diagnosis, FifoDeadlock, diagnose_deadlock
from hwverify.fifo.monitor import instrument, resize_fifos
from hwverify.sim.fifos import FifoInstance, FifoStyle, find_fifo_instances, variable_of

__all__ = [
    "Calibration",
    "CalibrationSettings",
    "DepthProof",
    "DepthViolation",
    "Diagnosis",
    "FifoDeadlock",
    "FifoInstance",
    "FifoStyle",
    "Occupancy",
    "Stimulus",
    "VariableDepth",
    "apply_to_hls_model",
    "calibrate_fifos",
    "check_fifo_depths",
    "diagnose_deadlock",
    "fifo_depths_for",
    "find_fifo_instances",
    "hls4ml_snippet",
    "instrument",
    "measure_fifo_occupancy",
    "propose_fifo_depths",
    "prove_fifo_depths",
    "read_fifo_depths",
    "resize_fifos",
    "shrink_fifo_depths",
    "storage_saving",
    "variable_depths",
    "variable_of",
    "write_fifo_depths",
]

"""Orchestration: the sequences of steps behind ``hwverify verify``, ``demo``, ``calibrate-fifos`` and the sweeps."""

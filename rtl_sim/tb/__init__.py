"""Simulator-side code: the generic cocotb entry module and one adapter per HLS interface style.

Only code under ``rtl_sim/`` imports cocotb; the host talks to it through the spec and result
files of :mod:`hwverify.sim.spec`.
"""

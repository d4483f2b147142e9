"""Simulation: build a design with Icarus or Verilator (``runner``), drive it sample by sample (``bulk``: one
compiled testbench; or cocotb through ``rtl_sim.tb``), and return what the ports did (``simulate.SimResult``).

Everything here is about running RTL; judging the run is ``hwverify.checks``.
"""

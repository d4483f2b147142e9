"""Judging a simulation: bit-exact outputs, stream framing, latency and II bounds, FIFO depths."""

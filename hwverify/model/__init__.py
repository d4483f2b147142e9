"""The reference side: hls4ml configuration, inputs, C simulation, the firmware's own top function and the model zoo."""

"""Where RTL comes from and what it looks like: an exported HLS project, a vendor run, or the open flow; its Verilog
ports and the interface they form; csynth reports; float IP models."""

// hwverify bulk path: the DPI-C functions of rtl_sim/verilator/hwv_bulk_io.cpp and hwv_main.cpp, for Verilator
// builds (Icarus has no DPI: the helpers' file branch). Included inside each module that calls them.
`ifdef VERILATOR
    import "DPI-C" function int hwv_stream_open(input string name, input int bits);
    import "DPI-C" function int hwv_stream_word(input int handle, input int beat, input int word);
    import "DPI-C" function int hwv_log_open(input string name, input int expected_words);
    import "DPI-C" function void hwv_log_put(input int handle, input int word);
    import "DPI-C" function int hwv_logs_write();
    import "DPI-C" function void hwv_free_run_begin();  // rtl_sim/verilator/hwv_main.cpp
    import "DPI-C" function void hwv_free_run_end();
`endif

"""The simulator side of hwverify: cocotb test modules (``tb/``) and the Verilog they drive (``hdl/``, ``shell/``,
``dataflow/``). ``designs/`` holds hwverify's own test designs and is not installed.

Host code finds the HDL through :data:`RTL_SIM_DIR`; the simulator imports ``rtl_sim.tb`` by module name.
"""

from pathlib import Path

RTL_SIM_DIR = Path(__file__).resolve().parent

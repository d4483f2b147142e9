"""Root conftest: pytest's own pytester plugin for testing hwverify's plugin, and quiet TensorFlow logs."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

pytest_plugins = ["pytester"]

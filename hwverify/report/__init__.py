"""Results files and the self-contained HTML report (``hwverify report``).

The record types live in :mod:`hwverify.report.results`; this package exports the entry points.
"""

from hwverify.report.convert import (
    accuracy_sweep,
    from_calibration,
    from_demo,
    from_test_run,
    from_verification,
    latency_run,
    load_results,
)
from hwverify.report.html import render_html, write_html
from hwverify.report.results import FORMAT, Results

__all__ = [
    "FORMAT", "Results", "accuracy_sweep", "from_calibration", "from_demo", "from_test_run", "from_verification",
    "latency_run", "load_results", "render_html", "write_html",
]

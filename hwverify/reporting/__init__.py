"""Results files and the self-contained HTML report (``hwverify report``)."""

from hwverify.reporting.convert import (
    accuracy_sweep,
    from_calibration,
    from_demo,
    from_run_report,
    from_verification,
    latency_run,
    load_results,
)
from hwverify.reporting.page import render_html, write_html
from hwverify.reporting.results import (
    FORMAT,
    AccuracyPoint,
    AccuracySweep,
    Check,
    Comparison,
    DesignResult,
    FifoFill,
    FifoSeries,
    Figure,
    LatencyRun,
    LayerCount,
    MismatchRow,
    Results,
    TestOutcome,
)

__all__ = [
    "FORMAT", "AccuracyPoint", "AccuracySweep", "Check", "Comparison", "DesignResult", "FifoFill", "FifoSeries",
    "Figure", "LatencyRun", "LayerCount", "MismatchRow", "Results", "TestOutcome", "accuracy_sweep",
    "from_calibration", "from_demo", "from_run_report", "from_verification", "latency_run", "load_results",
    "render_html", "write_html",
]

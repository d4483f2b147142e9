"""Results files and the self-contained HTML report (``hwverify report``)."""

from hwverify.report.convert import (
    accuracy_sweep,
    from_calibration,
    from_demo,
    from_run_report,
    from_verification,
    latency_run,
    load_results,
)
from hwverify.report.html import render_html, write_html
from hwverify.report.results import (
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

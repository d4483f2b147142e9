"""Typed errors for user-facing failures.

Every error names the thing at fault and what to do about it. A missing tool is a
:class:`ToolNotFound`, which the pytest plugin turns into a skip with its reason.
"""

from __future__ import annotations


class HwverifyError(Exception):
    """Base class of every error hwverify raises on bad input or a failed tool."""


class ToolNotFound(HwverifyError):
    """An external program (compiler, simulator, HLS tool) is not installed."""

    def __init__(self, tool: str, needed_for: str, hint: str) -> None:
        self.tool = tool
        self.needed_for = needed_for
        self.hint = hint
        super().__init__(f"{tool} was not found on PATH; it is needed for {needed_for}. {hint}")


class ToolFailed(HwverifyError):
    """An external program ran but failed; the message carries the tail of its log."""

    def __init__(self, tool: str, returncode: int, log_tail: str, log_path: str | None = None) -> None:
        self.tool = tool
        self.returncode = returncode
        self.log_path = log_path
        where = f" (full log: {log_path})" if log_path else ""
        super().__init__(f"{tool} failed with exit status {returncode}{where}:\n{log_tail}")


class UnsupportedLayer(HwverifyError):
    """A model layer that the requested flow cannot convert."""

    def __init__(self, layer_name: str, layer_class: str, flow: str, hint: str) -> None:
        self.layer_name = layer_name
        self.layer_class = layer_class
        super().__init__(f"layer '{layer_name}' ({layer_class}) is not supported by {flow}. {hint}")


class ShapeMismatch(HwverifyError):
    """Input data whose shape does not fit the model's input."""


class NotQuantized(HwverifyError):
    """Bit-exact agreement was demanded of a model that has no quantizers."""


class ConfigError(HwverifyError):
    """A configuration value that is out of range or inconsistent."""


class InterfaceNotRecognised(HwverifyError):
    """RTL whose top-level ports match none of the known HLS interface styles."""


class UnknownModel(HwverifyError):
    """A zoo entry or variant name that does not exist."""


class SimulationStalled(HwverifyError):
    """An RTL simulation made no forward progress (no handshake on any channel) for too long.

    ``report`` is a :class:`hwverify.sim.spec.StallReport`: stalled handshakes and FIFO fill levels.
    """

    def __init__(self, design: str, report: object, message: str) -> None:
        self.design = design
        self.report = report
        super().__init__(f"simulation of '{design}' stalled: {message}")


class SynthesisReportError(HwverifyError):
    """A synthesis report that is missing, unreadable, or lacks a field hwverify needs."""


#: The exit-code contract of every ``hwverify`` command (docs/checks.md): 0 verified, 1 a check failed, 2 bad input
#: or a missing tool, 3 a bug in hwverify (an unexpected exception).
EXIT_OK, EXIT_FAILED, EXIT_ERROR, EXIT_BUG = 0, 1, 2, 3


def exit_code(error: HwverifyError) -> int:
    """The exit code for an error: a design that stalls or deadlocks failed a check (1); anything else is bad
    input, a missing tool or a failed tool (2)."""
    return EXIT_FAILED if isinstance(error, SimulationStalled) else EXIT_ERROR

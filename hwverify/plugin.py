"""The pytest plugin: options, markers and fixtures for verifying hls4ml firmware from a test.

The hooks only translate between pytest and plain hwverify objects; the work is done by
:mod:`hwverify.model.csim`, :mod:`hwverify.checks.exact`, the zoo, :mod:`hwverify.sources.vendor`, :mod:`hwverify.checks.bounds`,
:mod:`hwverify.report.baseline` and :mod:`hwverify.report.run_report`. A missing tool (:class:`ToolNotFound`) raised
anywhere in a test or its fixtures, or a ``vendor``-marked test without Vivado/Vitis HLS, becomes a skip
with the tool's reason, counted in the terminal summary. Design bounds declared in ``pyproject.toml`` or
``hwverify.yaml`` become one pytest item each; figures recorded with ``hwverify_record`` become JUnit
properties, the JSON report (``--hwverify-report-json``) and baselines (``--hwverify-baseline-save`` /
``--hwverify-baseline-compare``). See docs/ci.md.

A user's test::

    @pytest.fixture
    def reference_model():
        return load_keras_model("my_model.h5")   # from hwverify.model.keras_file

    @pytest.mark.hwverify_config(io_type="io_stream")
    def test_firmware_is_bit_exact(bit_exact_report):
        assert_bit_exact(bit_exact_report)
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hwverify.checks import bounds as bounds_module
from hwverify.checks.adequacy import DEFAULT_ADEQUACY, AdequacyCheck
from hwverify.checks.exact import compare_keras_csim
from hwverify.checks.fifo import assert_fifo_depths
from hwverify.errors import ConfigError, ToolNotFound
from hwverify.fifo.calibration import CalibrationSettings, Stimulus, calibrate_fifos
from hwverify.flows.build_rtl import BuiltProject, build_rtl_project
from hwverify.flows.verify_project import ProjectVerification, VerifyOptions, verify_project
from hwverify.model.config import HlsConfig
from hwverify.model.csim import compile_csim
from hwverify.model.directed_inputs import directed_inputs
from hwverify.model.inputs import verification_inputs as make_inputs
from hwverify.model.keras_file import is_model_file, load_keras_model
from hwverify.options import config_value, option_values, options_for
from hwverify.progress import StepLog, set_verbose
from hwverify.report import baseline
from hwverify.report import run_report as ci_report
from hwverify.report.convert import from_test_run
from hwverify.sources.vendor import export_rtl, require_vendor_tool

MARKERS = {
    "vendor": "vendor(backend=None): needs Vivado/Vitis HLS (vivado_hls, vitis_hls or vitis-run); skipped without",
    "slow": "slow: end-to-end tests that train, convert, synthesise or simulate large designs",
    "hwverify_bound": "a declarative design bound collected from pyproject.toml or hwverify.yaml",
    "hwverify_model": "hwverify_model(name, variant='quantized'): the zoo model behind the reference_model fixture",
    "hwverify_config": "hwverify_config(**fields): HlsConfig fields for the hls_config fixture",
    "hwverify_inputs": "hwverify_inputs(n_random=..., seed=..., adequacy=..., directed=...): how many random on-grid "
                       "inputs to add ('auto' with adequacy: as many as reach it), the stimulus adequacy to require, "
                       "and how many inputs chosen by the C-sim trace to add to verification_inputs",
    "hwverify_fifo": "hwverify_fifo(max_ratio=4.0, deep_depth=1024, backpressure=0.5): FIFO depth check settings",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    """Declare the shared options under one group."""
    group = parser.getgroup("hwverify", "hwverify (hls4ml firmware verification)")
    for option in options_for("pytest"):
        group.addoption(option.pytest_flag, **option.argparse_kwargs())


def pytest_configure(config: pytest.Config) -> None:
    """Register markers, point the cache at --hwverify-cache-dir when given, and show the tools' command lines
    with ``-v``."""
    set_verbose(config.option.verbose > 0)
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    try:
        _options_from_pyproject(config)
    except ConfigError as error:
        raise pytest.UsageError(str(error)) from None
    cache_dir = config.getoption("hwverify_cache_dir", None)
    if cache_dir:
        os.environ["HWVERIFY_CACHE_DIR"] = str(Path(cache_dir).resolve())
    if not hasattr(config, "workerinput"):  # under xdist, workers only forward their reports
        config.pluginmanager.register(RunOutputs(config), "hwverify-run-outputs")
    shard = config.getoption("hwverify_shard", None)
    if shard is not None:
        try:
            config.pluginmanager.register(ShardSelection(*parse_shard(shard)), "hwverify-shard")
        except ConfigError as error:
            raise pytest.UsageError(str(error)) from None


def parse_shard(text: str) -> tuple[int, int]:
    """``--hwverify-shard I/N`` as (I, N), 1 <= I <= N; ConfigError otherwise."""
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise ConfigError(f"--hwverify-shard must be I/N with 1 <= I <= N (e.g. 2/4), got {text!r}")
    return int(index), int(count)


class ShardSelection:
    """Keeps shard ``index`` of ``count`` of the tests, dealt round-robin in collection order after -k/-m; the
    bounds stay in every shard (each checks the figures its shard measured and skips the others)."""

    def __init__(self, index: int, count: int) -> None:
        self.index, self.count = index, count

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """Deselect the other shards' tests."""
        tests = [item for item in items if not isinstance(item, BoundItem)]
        mine = {id(item) for position, item in enumerate(tests) if position % self.count == self.index - 1}
        kept = [item for item in items if isinstance(item, BoundItem) or id(item) in mine]
        deselected = [item for item in items if not isinstance(item, BoundItem) and id(item) not in mine]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def _options_from_pyproject(config: pytest.Config) -> None:
    """``[tool.hwverify]`` in the rootdir's pyproject.toml sets the options the command line leaves at their default
    (``samples = 5000``, ``simulator = "icarus"``); an unknown key or a value of the wrong type is an error."""
    pyproject = config.rootpath / "pyproject.toml"
    table = bounds_module.hwverify_table(pyproject) if pyproject.is_file() else None
    if not table:
        return
    where = f"{pyproject}: [tool.hwverify]"
    bounds_module.require_known_keys(table, bounds_module.CONFIG_KEYS, where, "key")
    for option in (o for o in options_for("pytest") if o.in_config):
        key = next((k for k in (option.name, option.name.replace("-", "_")) if k in table), None)
        if key is not None and getattr(config.option, option.dest, option.default) == option.default:
            setattr(config.option, option.dest, config_value(option, table[key], where))


class RunOutputs:
    """Per-run plugin of the controller process: gathers reports, then writes the CI outputs."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.collector = ci_report.RunCollector()
        self.lines: list[str] = []
        self.baseline_lines: tuple[str, ...] = ()  # the baseline comparison, for the results file

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Gather outcomes and figures (xdist sends every worker's reports here)."""
        reason = report.longrepr[2] if report.skipped and isinstance(report.longrepr, tuple) else None
        if reason and reason.startswith("Skipped: "):
            reason = reason[len("Skipped: "):]
        self.collector.add(report.nodeid, report.when, report.outcome, report.duration, reason,
                           report.user_properties, _failure_message(report) if report.failed else None)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Save/compare the baseline and write the JSON report."""

        compare = self.config.getoption("hwverify_baseline_compare", None)
        save = self.config.getoption("hwverify_baseline_save", None)
        report_path = self.config.getoption("hwverify_report_json", None)
        if not (compare or save or report_path):
            return
        toolchain = baseline.current_toolchain()
        metrics = self.collector.metrics_by_design()
        if compare:
            check = baseline.check_against_baseline(Path(compare), metrics, toolchain)
            self.lines.extend(check.lines())
            self.baseline_lines = tuple(check.lines())
            if check.failed and session.exitstatus == 0:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if save:
            baseline.save_baseline(Path(save), metrics, toolchain)
            self.lines.append(f"saved the metrics of {len(metrics)} design(s) to {save}")
        if report_path:
            from_test_run(self.collector, dict(toolchain.versions), self.baseline_lines).write(Path(report_path))
            self.lines.append(f"JSON report written to {report_path}")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Missing-tool skips, bounds checked, the baseline table."""
        lines = ci_report.summary_lines(self.collector) + self.lines
        if lines:
            terminalreporter.section("hwverify")
            for line in lines:
                terminalreporter.write_line(line)


def _failure_message(report: pytest.TestReport) -> str:
    """Why a test phase failed, in a line or a few: pytest's crash message (``AssertionError: ...``)."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message)[:2000]
    lines = report.longreprtext.strip().splitlines()
    return lines[-1][:2000] if lines else "failed"


def _skip_missing_tool(config: pytest.Config, error: ToolNotFound) -> None:
    """Skip with the tool's reason, or fail with it under ``--hwverify-strict-tools``."""
    if config.getoption("hwverify_strict_tools", False):
        pytest.fail(f"missing tool (--hwverify-strict-tools): {error}", pytrace=False)
    pytest.skip(f"missing tool: {error}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    """Fixtures that need a missing tool skip the test, as do tests marked ``vendor`` without a vendor tool."""
    try:
        marker = item.get_closest_marker("vendor")
        if marker is not None:

            require_vendor_tool(marker.args[0] if marker.args else marker.kwargs.get("backend"))
        return (yield)
    except ToolNotFound as error:
        _skip_missing_tool(item.config, error)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test body that needs a missing tool is skipped."""
    try:
        return (yield)
    except ToolNotFound as error:
        _skip_missing_tool(item.config, error)


def _marker_kwargs(request: pytest.FixtureRequest, name: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    marker = request.node.get_closest_marker(name)
    return (marker.args, dict(marker.kwargs)) if marker else ((), {})


@pytest.fixture
def hwverify_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The shared hwverify options of this run, keyed by name."""
    return option_values(request.config.option)


@pytest.fixture
def reference_model(request: pytest.FixtureRequest, hwverify_options: dict[str, Any]) -> Any:
    """A trained zoo model (:class:`hwverify.model.zoo.ReferenceModel`), or the Keras model file that
    ``--hwverify-model``/the ``hwverify_model`` marker names (``my_model.h5``); override it to build your own."""
    from hwverify.model.zoo import load_reference_model  # deferred: the zoo imports scikit-learn

    args, kwargs = _marker_kwargs(request, "hwverify_model")
    name = args[0] if args else kwargs.get("name", hwverify_options["model"])
    if is_model_file(name):
        return load_keras_model(Path(request.config.rootpath, name))
    variant = kwargs.get("variant", args[1] if len(args) > 1 else hwverify_options["variant"])
    return load_reference_model(name, variant)


@pytest.fixture
def hls_config(request: pytest.FixtureRequest) -> HlsConfig:
    """The typed hls4ml configuration, from the ``hwverify_config`` marker's fields."""
    _, kwargs = _marker_kwargs(request, "hwverify_config")
    return HlsConfig(**kwargs)


@pytest.fixture
def keras_model(reference_model: Any) -> Any:
    """The Keras model inside ``reference_model`` (which may itself be a plain Keras model)."""
    return getattr(reference_model, "model", reference_model)


@pytest.fixture
def hls_model(keras_model: Any, hls_config: HlsConfig) -> Any:
    """The converted model with its C simulation compiled (cached by content hash)."""

    return compile_csim(keras_model, hls_config)


#: Candidates the ``directed`` inputs are chosen from: this many training samples and as many random ones.
DIRECTED_POOL = 2000


@pytest.fixture
def verification_inputs(
    request: pytest.FixtureRequest, reference_model: Any, hls_model: Any, hwverify_options: dict[str, Any]
) -> np.ndarray:
    """The model's test set (when it has one) plus seeded random inputs on the input type's grid, plus
    ``hwverify_inputs(directed=N)`` samples chosen from the training data and random samples by the C-sim trace
    (:mod:`hwverify.model.directed_inputs`: values near each layer's zero and saturation boundaries)."""

    _, kwargs = _marker_kwargs(request, "hwverify_inputs")
    data = getattr(reference_model, "data", None)
    seed = kwargs.get("seed", hwverify_options["seed"])
    inputs = make_inputs(
        x_test=getattr(data, "x_test", None),
        shape=hls_model.input_shape,
        n_random=kwargs.get("n_random", hwverify_options["samples"]),
        seed=seed,
        fixed_type=hls_model.input_type,
        x_range=getattr(data, "x_train", None),
    )
    directed = int(kwargs.get("directed", 0))
    if directed <= 0:
        return inputs
    train = getattr(data, "x_train", None)
    pool = make_inputs(x_test=None if train is None else train[:DIRECTED_POOL], shape=hls_model.input_shape,
                       n_random=DIRECTED_POOL, seed=seed + 1, fixed_type=hls_model.input_type, x_range=train)
    return np.concatenate([inputs, directed_inputs(hls_model, hls_model.input_type.quantize(pool), directed)])


@pytest.fixture
def bit_exact_report(request: pytest.FixtureRequest, reference_model: Any, keras_model: Any, hls_model: Any,
                     verification_inputs: np.ndarray) -> Any:
    """Keras against C simulation on ``verification_inputs`` (:class:`hwverify.checks.exact.ExactnessReport`); the
    samples compared and those that differ are recorded as the test's figures (JUnit properties, results file)."""

    logits = getattr(reference_model, "logits_layers", None)
    report = compare_keras_csim(keras_model, hls_model, verification_inputs, logits_layers=logits)
    differing = {mismatch.sample for layer in report.compared for mismatch in layer.mismatches}
    measured = bounds_module.Measurements(design_name(keras_model), samples=report.n_samples,
                                          mismatched_samples=len(differing), source="Keras vs C simulation")
    request.node.user_properties.extend(ci_report.metric_properties(measured))
    return report


def design_name(keras_model: Any) -> str:
    """The name a model's figures are recorded under: its Keras name, made safe for a property name."""
    return _safe_name(str(getattr(keras_model, "name", "") or "model"))


def _safe_name(text: str) -> str:
    """``text`` as a design name the recorded properties accept (letters, digits, '_', '-', '.')."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", text) or "design"


@pytest.fixture
def open_flow_rtl(keras_model: Any, hls_config: HlsConfig, tmp_path: Path) -> BuiltProject:
    """The model's RTL built with the open flow (da4ml, no vendor tool) into an hls4ml project directory, as
    ``hwverify build-rtl`` writes it (:class:`hwverify.flows.build_rtl.BuiltProject`; conversion and RTL cached)."""
    return build_rtl_project(keras_model, hls_config, tmp_path / "open_flow_prj", StepLog(stream=io.StringIO()))


@pytest.fixture
def rtl_verification(request: pytest.FixtureRequest, keras_model: Any, open_flow_rtl: BuiltProject,
                     hwverify_options: dict[str, Any]) -> ProjectVerification:
    """``hwverify verify`` on :func:`open_flow_rtl`: the firmware against its RTL, without and with random
    backpressure and one sample at a time (:class:`hwverify.flows.verify_project.ProjectVerification`). Random
    samples: the ``hwverify_inputs(n_random=...)`` marker, else ``--hwverify-samples``; the figures are recorded.
    ``hwverify_inputs(adequacy=0.95)`` (or a test that uses :func:`stimulus_adequacy`, target 0.95 by default)
    also measures stimulus adequacy; with ``n_random="auto"`` the sample count is chosen for it."""
    _, kwargs = _marker_kwargs(request, "hwverify_inputs")
    adequacy = kwargs.get("adequacy", DEFAULT_ADEQUACY if "stimulus_adequacy" in request.fixturenames else None)
    samples = kwargs.get("n_random", hwverify_options["samples"])
    options = VerifyOptions(samples=None if samples == "auto" else samples,
                            seed=kwargs.get("seed", hwverify_options["seed"]), simulator=hwverify_options["simulator"],
                            jobs=hwverify_options["jobs"], adequacy=adequacy)
    result = verify_project(open_flow_rtl.root, options, log=StepLog(stream=io.StringIO()))
    request.node.user_properties.extend(ci_report.metric_properties(result.measurements(design_name(keras_model))))
    return result


@pytest.fixture
def stimulus_adequacy(rtl_verification: ProjectVerification) -> AdequacyCheck:
    """The adequacy of :func:`rtl_verification`'s samples (:class:`hwverify.checks.adequacy.AdequacyCheck`): the
    fraction of single faults in the reference (one weight or bias +-1 LSB) they detect, per layer, the curve
    against samples; recorded as the ``adequacy`` figure (bound ``adequacy_min``). Target: the
    ``hwverify_inputs(adequacy=...)`` marker, else 0.95."""
    if rtl_verification.adequacy is None:
        raise ConfigError("stimulus_adequacy: rtl_verification measured no adequacy; remove adequacy=None from the "
                          "hwverify_inputs marker")
    return rtl_verification.adequacy


@pytest.fixture
def vendor_export(keras_model: Any, hls_config: HlsConfig) -> Any:
    """The model's RTL exported by Vivado/Vitis HLS (:class:`hwverify.sources.vendor.VendorExport`), cached;
    skipped when no vendor tool is installed."""

    return export_rtl(keras_model, hls_config)


@pytest.fixture
def hwverify_record(request: pytest.FixtureRequest) -> Callable[[bounds_module.Measurements], None]:
    """``hwverify_record(measurements)``: attach a design's figures to this test's report (JUnit properties,
    the JSON report, baselines)."""

    def record(measured: bounds_module.Measurements) -> None:
        request.node.user_properties.extend(ci_report.metric_properties(measured))

    return record


class BoundsFile(pytest.File):
    """A file of declarative design bounds; each bound of each design is one :class:`BoundItem`."""

    def collect(self) -> Iterator[BoundItem]:
        """One item per enforced bound."""
        for design in bounds_module.load_design_bounds(self.path):
            for name in design.bounds.enforced():
                yield BoundItem.from_parent(self, name=f"{design.name}::{name}", design=design, bound=name)


class BoundViolated(Exception):
    """A design does not meet one of its configured bounds."""


class BoundItem(pytest.Item):
    """One configured bound of one design, checked against the design's measured figures."""

    def __init__(self, *, design: bounds_module.DesignBounds, bound: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.design = design
        self.bound = bound
        self.add_marker("hwverify_bound")

    def runtest(self) -> None:
        """Check the bound; skip when the design's figures do not exist (yet)."""
        bounds = self.design.bounds
        limit = bounds.describe(self.bound)
        measured = self.design.load_measurements()
        if measured is None:
            self.user_properties.extend(self._properties(limit, ""))
            pytest.skip(self.design.missing_sources())
        self.user_properties.extend(ci_report.metric_properties(measured))
        self.user_properties.extend(self._properties(limit, bounds_module.measured_value(self.bound, bounds,
                                                                                         measured)))
        try:
            violations = bounds_module.check_bound(self.bound, bounds, measured)
        except bounds_module.MeasurementMissing as error:
            pytest.skip(f"not measured: {error}")
        if violations:
            where = f"(design {self.design.name}, from {self.design.config_file.name})"
            raise BoundViolated("\n".join(f"{v.message} {where}" for v in violations))

    def _properties(self, limit: str, measured: str) -> list[tuple[str, Any]]:
        return ci_report.bound_properties(self.design.name, self.bound, limit, measured,
                                          str(self.design.config_file))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        """The violation's message alone; a config error's message without a traceback."""
        if isinstance(excinfo.value, (BoundViolated, ConfigError)):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where the bound is configured."""
        return self.path, 0, f"bound {self.bound} of design {self.design.name}"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """``hwverify.yaml`` files next to the tests hold design bounds."""
    if file_path.name in ("hwverify.yaml", "hwverify.yml"):
        return BoundsFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Add the bounds of ``--hwverify-bounds`` and of the rootdir's ``pyproject.toml`` (before -k/-m select), and
    report them as collected, so that pytest's "collected N items" and --lf's selection count them."""
    try:
        for path in _bounds_files(config):
            node = BoundsFile.from_parent(session, path=path)
            bound_items = list(node.collect())
            config.hook.pytest_collectreport(report=pytest.CollectReport(node.nodeid, "passed", None, bound_items))
            items.extend(bound_items)
    except ConfigError as error:
        raise pytest.UsageError(str(error)) from None


def _bounds_files(config: pytest.Config) -> list[Path]:
    """The explicit bounds file, and the rootdir's ``pyproject.toml`` when it has a ``[tool.hwverify]`` table
    (parsed, so inline tables and dotted keys count, and a misspelt key inside is an error, not ignored)."""
    explicit = config.getoption("hwverify_bounds", None)
    files = [Path(explicit).resolve()] if explicit else []
    pyproject = config.rootpath / "pyproject.toml"
    if pyproject.is_file() and pyproject not in files and _runs_whole_project(config) \
            and bounds_module.hwverify_table(pyproject) is not None:
        files.append(pyproject)
    return files


def _runs_whole_project(config: pytest.Config) -> bool:
    """True unless the command line named specific tests (then pyproject's bounds are not added)."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        return True
    return any(Path(arg.split("::")[0]).resolve() == config.rootpath for arg in config.args)


@pytest.fixture
def fifo_depth_check(request: pytest.FixtureRequest, hwverify_options: dict[str, Any]) -> Callable[..., Any]:
    """``fifo_depth_check(design, input_codes)``: calibrate the design's FIFOs and assert that none is undersized
    and none is more than ``max_ratio`` times deeper than it needs (marker ``hwverify_fifo``); returns the
    :class:`hwverify.fifo.Calibration`."""

    _, kwargs = _marker_kwargs(request, "hwverify_fifo")
    seed = hwverify_options["seed"]
    settings = CalibrationSettings(
        deep_depth=kwargs.get("deep_depth", 1024),
        stimuli=(Stimulus(0.0, seed), Stimulus(kwargs.get("backpressure", 0.5), seed + 1)),
        simulator=hwverify_options["simulator"],
    )

    def check(design: Any, input_codes: np.ndarray) -> Any:
        calibration = calibrate_fifos(design, input_codes, settings)
        fifos = tuple(bounds_module.FifoMeasure(f.name, f.depth, calibration.max_fill.get(f.name))
                      for f in calibration.fifos)
        measured = bounds_module.Measurements(_safe_name(design.top), fifos=fifos, source="FIFO calibration")
        request.node.user_properties.extend(ci_report.metric_properties(measured))
        assert_fifo_depths(calibration.fifos, calibration.max_fill, kwargs.get("max_ratio", 4.0))
        return calibration

    return check

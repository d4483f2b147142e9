"""An hls4ml io_stream model as a chain of streaming stages, each rebuilt as da4ml logic on one window.

hls4ml's io_stream firmware is a dataflow pipeline: every layer is a process that reads its input
stream one pixel (all channels of one position) per beat, row-major, and writes its output stream the
same way. Every such layer is a *window stage*: it keeps the last pixels it read and, whenever a full
window has arrived, computes one output pixel from it:

- Conv1D/Conv2D: the kernel window, at the layer's stride (hls4ml pads in a ZeroPadding layer before it);
- SeparableConv1D/2D, which hls4ml splits into a DepthwiseConv (each channel its own kernel) and a
  PointwiseConv (a 1x1 convolution): two stages;
- MaxPooling1D/2D: the pool window, at the pool stride;
- GlobalMaxPooling1D/2D: the whole frame, one output pixel per frame;
- Activation (ReLU, linear), BatchNormalization: a 1x1 window (one pixel in, one out);
- Dense: the whole frame (hls4ml's dense reads ``n_in / pixel size`` beats), one output per frame;
- ZeroPadding1D/2D (which hls4ml inserts before a 'same' convolution): no logic, it writes its input
  framed by zero pixels.

Flatten/Reshape make no stage and no stream: the next Dense reads the previous stream whole, as in
hls4ml (its reshape has no FIFO). A softmax/sigmoid at the output is left out, as in the parallel
open flow: the stream carries the logits. Each stage's arithmetic uses the layer's own hls4ml types,
so the stage is bit-exact with hls4ml's C simulation of that layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hwverify.errors import UnsupportedLayer
from hwverify.fixed import FixedType
from hwverify.sources.openflow.cast import cast_array, fixed_kif
from hwverify.sources.openflow.trace import (
    _accumulate,
    _attr_type,
    _build_activation,
    _build_batchnorm,
    _build_dense,
    _is_table_activation,
    _output_layers,
    _weight_values,
    result_type,
)

__all__ = ["Frame", "StreamStage", "StagePlan", "plan_stages", "trace_stage"]

DATAFLOW_FLOW = "the open dataflow flow (hwverify.sources.openflow.dataflow, io_stream)"
DATAFLOW_HINT = (
    "The open dataflow flow rebuilds chains of Conv1D/Conv2D, SeparableConv, ZeroPadding, MaxPooling, GlobalMaxPooling, "
    "ReLU/linear "
    "Activation, BatchNormalization, Flatten and Dense; use the parallel open flow (hwverify.sources.openflow."
    "run_open_flow) or the HLS export flow for this model."
)

_ELEMENTWISE = ("Activation", "BatchNormalization")
_WHOLE_FRAME = ("Dense", "GlobalPooling1D", "GlobalPooling2D")  # one output pixel per frame
_CONVOLUTIONS = tuple(f"{prefix}Conv{d}D" for prefix in ("", "Depthwise", "Pointwise") for d in (1, 2))
_SKIPPED = ("Reshape",)


@dataclass(frozen=True)
class Frame:
    """The shape of one stream's sample: ``height x width`` pixels of ``channels`` elements, row-major."""

    height: int
    width: int
    channels: int

    @property
    def pixels(self) -> int:
        """Beats per sample."""
        return self.height * self.width

    @property
    def elements(self) -> int:
        """Elements per sample."""
        return self.pixels * self.channels

    @classmethod
    def of_shape(cls, shape: tuple[int, ...]) -> Frame:
        """The frame of an hls4ml array: (n,) is one pixel, (w, c) a row, (h, w, c) an image."""
        if len(shape) == 1:
            return cls(1, 1, shape[0])
        if len(shape) == 2:
            return cls(1, shape[0], shape[1])
        if len(shape) == 3:
            return cls(shape[0], shape[1], shape[2])
        raise ValueError(f"array shape {shape} has no stream frame")


@dataclass(frozen=True)
class StreamStage:
    """One layer as a stage between two streams.

    It reads ``input_variable`` (``input_frame``, elements of ``input_type``) and writes
    ``output_variable`` (``output_frame``, ``output_type``). A window stage fires once per ``window`` of
    pixels at ``stride``, window taps in kernel order (row, column, channel); a zero-padding stage
    (``is_padding``) writes its input framed by ``padding`` rows and columns of zero pixels.
    """

    layer: str
    kind: str
    input_variable: str
    output_variable: str
    input_frame: Frame
    output_frame: Frame
    window: tuple[int, int]
    stride: tuple[int, int]
    input_type: FixedType
    output_type: FixedType
    padding: tuple[int, int, int, int] = (0, 0, 0, 0)  # (top, bottom, left, right), zero-padding stages only

    @property
    def is_padding(self) -> bool:
        """True for a zero-padding stage: no logic, it emits its input framed by zero pixels."""
        return self.kind.startswith("ZeroPadding")

    @property
    def window_elements(self) -> int:
        """Elements the stage's logic reads per output pixel."""
        return self.window[0] * self.window[1] * self.input_frame.channels

    @property
    def history_pixels(self) -> int:
        """Pixels the stage must hold to see a whole window: ``(K_h - 1) * W + K_w``."""
        return (self.window[0] - 1) * self.input_frame.width + self.window[1]

    def tap_age(self, row: int, column: int) -> int:
        """How many pixels before the newest one the window tap ``(row, column)`` arrived."""
        return (self.window[0] - 1 - row) * self.input_frame.width + (self.window[1] - 1 - column)


@dataclass(frozen=True)
class StagePlan:
    """A model's stages in stream order, its input stream, and the layers left out."""

    input_variable: str
    input_layer: str
    input_frame: Frame
    input_type: FixedType
    stages: tuple[StreamStage, ...]
    omitted_layers: tuple[str, ...]

    @property
    def output_stage(self) -> StreamStage:
        """The stage whose stream is the design's output."""
        return self.stages[-1]


def _unsupported(layer: Any, why: str) -> UnsupportedLayer:
    return UnsupportedLayer(layer.name, layer.class_name, DATAFLOW_FLOW, f"{why}. {DATAFLOW_HINT}")


def _shape(layer: Any) -> tuple[int, ...]:
    return tuple(int(s) for s in layer.get_output_variable().shape)


def _window_of(layer: Any, spatial: int) -> tuple[tuple[int, int], tuple[int, int], str]:
    """(window, stride, what) of a conv or pooling layer; 'valid' (unpadded) only."""
    pads = [int(layer.get_attr(p, 0) or 0) for p in ("pad_top", "pad_bottom", "pad_left", "pad_right")]
    if any(pads):
        raise _unsupported(layer, "padded ('same') windows are not streamed; use padding='valid'")
    kind = "filt" if layer.class_name in _CONVOLUTIONS else "pool"
    width = int(layer.get_attr(f"{kind}_width"))
    height = int(layer.get_attr(f"{kind}_height")) if spatial == 2 else 1
    stride = (int(layer.get_attr("stride_height")) if spatial == 2 else 1, int(layer.get_attr("stride_width")))
    return (height, width), stride, kind


def _stage_geometry(layer: Any, frame: Frame) -> tuple[tuple[int, int], tuple[int, int]]:
    """The window and stride with which ``layer`` reads a stream of ``frame``."""
    kind = layer.class_name
    if kind in _ELEMENTWISE:
        return (1, 1), (1, 1)
    if kind == "Dense":
        n_in = int(layer.get_attr("n_in"))
        if n_in != frame.elements:
            raise _unsupported(layer, f"its {n_in} inputs do not match the {frame.elements} elements of its input "
                                      "stream")
        return (frame.height, frame.width), (frame.height, frame.width)
    if kind.startswith("GlobalPooling"):
        if str(layer.get_attr("pool_op", "Max")).lower() != "max":
            raise _unsupported(layer, "only global max pooling is rebuilt")
        return (frame.height, frame.width), (frame.height, frame.width)
    if kind in _CONVOLUTIONS + ("Pooling1D", "Pooling2D"):
        if str(layer.get_attr("data_format", "channels_last")) != "channels_last":
            raise _unsupported(layer, "only channels_last is supported")
        spatial = 2 if kind.endswith("2D") else 1
        if kind.startswith("Pooling") and str(layer.get_attr("pool_op", "Max")).lower() != "max":
            raise _unsupported(layer, "only max pooling is rebuilt")
        window, stride, _ = _window_of(layer, spatial)
        return window, stride
    if kind.startswith("ZeroPadding"):
        return (1, 1), (1, 1)
    if kind == "Clone":
        raise _unsupported(layer, "the stream branches here (hls4ml's Clone); only chains of layers are streamed")
    raise _unsupported(layer, "this layer is not streamed")


def _padding_of(layer: Any, frame: Frame, element_type: FixedType) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of a zero-padding layer, checked against its output shape."""
    pads = tuple(int(layer.get_attr(p, 0) or 0) for p in ("pad_top", "pad_bottom", "pad_left", "pad_right"))
    expected = Frame.of_shape(_shape(layer))
    grown = (frame.height + pads[0] + pads[1], frame.width + pads[2] + pads[3])
    if grown != (expected.height, expected.width) or expected.channels != frame.channels:
        raise _unsupported(layer, f"its output frame {expected} does not follow from padding {pads} of {frame}")
    if result_type(layer) != element_type:
        raise _unsupported(layer, "zero padding that changes the element type is not streamed")
    return pads  # type: ignore[return-value]


def _output_frame(layer: Any, frame: Frame, window: tuple[int, int], stride: tuple[int, int]) -> Frame:
    expected = Frame.of_shape(_shape(layer))
    rows = (frame.height - window[0]) // stride[0] + 1
    columns = (frame.width - window[1]) // stride[1] + 1
    if layer.class_name in _WHOLE_FRAME:
        rows = columns = 1
    if (rows, columns) != (expected.height, expected.width):
        raise _unsupported(layer, f"its output frame {expected} does not follow from its window on {frame}")
    return expected


def plan_stages(model: Any) -> StagePlan:
    """The streaming stages of an hls4ml ``ModelGraph`` (a single chain of layers, one input, one output)."""
    layers = list(model.get_layers())
    by_output = {name: layer for layer in layers for name in layer.outputs}
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        raise UnsupportedLayer(model.config.get_project_name(), "ModelGraph", DATAFLOW_FLOW,
                               f"only single-input, single-output models are streamed. {DATAFLOW_HINT}")
    _, omitted = _output_layers(model, by_output)
    source = layers[0]
    if source.class_name != "Input":
        raise _unsupported(source, "the first layer must be the model input")
    variable, frame, dtype = source.get_output_variable().name, Frame.of_shape(_shape(source)), result_type(source)
    stages: list[StreamStage] = []
    for layer in layers[1:]:
        if layer in omitted:
            continue
        if len(layer.inputs) != 1:
            raise _unsupported(layer, "layers with several inputs are not streamed")
        if layer.class_name in _SKIPPED:
            continue  # a flatten: the next Dense reads the stream whole
        window, stride = _stage_geometry(layer, frame)
        padding = _padding_of(layer, frame, dtype) if layer.class_name.startswith("ZeroPadding") else (0, 0, 0, 0)
        out_frame = Frame.of_shape(_shape(layer)) if any(padding) else _output_frame(layer, frame, window, stride)
        stage = StreamStage(layer.name, layer.class_name, variable, layer.get_output_variable().name, frame, out_frame,
                            window, stride, dtype, result_type(layer), padding)
        stages.append(stage)
        variable, frame, dtype = stage.output_variable, out_frame, stage.output_type
    if not stages:
        raise _unsupported(source, "the model has no layer to stream")
    return StagePlan(source.get_output_variable().name, source.name, Frame.of_shape(_shape(source)),
                     result_type(source), tuple(stages), tuple(layer.name for layer in omitted))


def trace_stage(model: Any, stage: StreamStage) -> Any:
    """da4ml ``CombLogic`` of one stage: window elements (taps in kernel order) in, one output pixel out."""
    from da4ml.trace import FixedVariableArrayInput, comb_trace

    layer = model.graph[stage.layer]
    k, i, f = fixed_kif(stage.input_type)
    window = FixedVariableArrayInput((stage.window_elements,)).quantize(k, i, f)
    pixel = _stage_logic(layer, stage, window)
    return comb_trace(window._vars, pixel.ravel()._vars)


def _stage_logic(layer: Any, stage: StreamStage, window: Any) -> Any:
    kind = stage.kind
    if kind == "Dense":
        return _build_dense(layer, [window], None)
    if kind == "Activation":
        if _is_table_activation(layer):
            raise _unsupported(layer, "lookup-table activations are only left out at the model output")
        return _build_activation(layer, [window], None)
    if kind == "BatchNormalization":
        return _build_batchnorm(layer, [window], None)
    if kind.startswith("DepthwiseConv"):
        return _depthwise_pixel(layer, stage, window)
    if kind in _CONVOLUTIONS:
        return _conv_pixel(layer, stage, window)
    return _pool_pixel(layer, stage, window)


def _conv_pixel(layer: Any, stage: StreamStage, window: Any) -> Any:
    n_filt = int(layer.get_attr("n_filt"))
    matrix = _weight_values(layer, "weight").reshape(-1, n_filt)
    bias = _weight_values(layer, "bias") if "bias" in layer.weights else np.zeros(n_filt)
    summed = _accumulate(window, matrix, bias, _attr_type(layer, "accum_t"), f"layer '{layer.name}'")
    return cast_array(summed, stage.output_type, f"layer '{layer.name}' result")


def _depthwise_pixel(layer: Any, stage: StreamStage, window: Any) -> Any:
    """Each channel's own kernel over the window: a convolution whose matrix is zero between channels."""
    channels = stage.input_frame.channels
    if int(layer.get_attr("n_filt", channels)) != channels:
        raise _unsupported(layer, "a depth multiplier above 1 is not streamed")
    kernel = _weight_values(layer, "weight").reshape(-1, channels)  # (taps, channels)
    matrix = np.zeros((kernel.shape[0] * channels, channels))
    for tap in range(kernel.shape[0]):
        matrix[tap * channels + np.arange(channels), np.arange(channels)] = kernel[tap]
    bias = _weight_values(layer, "bias") if "bias" in layer.weights else np.zeros(channels)
    summed = _accumulate(window, matrix, bias, _attr_type(layer, "accum_t"), f"layer '{layer.name}'")
    return cast_array(summed, stage.output_type, f"layer '{layer.name}' result")


def _pool_pixel(layer: Any, stage: StreamStage, window: Any) -> Any:
    from da4ml.trace import FixedVariableArray

    taps = window._vars.reshape(-1, stage.input_frame.channels)
    pooled = np.amax(FixedVariableArray(taps, window.solver_options), axis=0)
    return cast_array(pooled, stage.output_type, f"layer '{layer.name}' result")

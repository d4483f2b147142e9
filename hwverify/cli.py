"""The ``hwverify`` command."""

from __future__ import annotations

import argparse
import os
import sys

from hwverify.errors import HwverifyError
from hwverify.options import OPTIONS, option_values

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="hwverify",
        description="Verify hls4ml firmware against its Keras model in open simulators.",
        epilog="Exit codes: 0 verified, 1 a check failed, 2 bad input or a missing tool.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo",
        help="train a zoo model, convert it with hls4ml, build RTL with the open flow, prove Keras = C-sim = RTL",
        description="End-to-end demo: train (cached), convert with hls4ml, compile the C simulation, build RTL with "
        "da4ml in an AXI-Stream shell, simulate it with random backpressure, and check every sample bit for bit. "
        "Example: hwverify demo --model iris_mlp --variant quantized",
    )
    for option in OPTIONS:
        demo.add_argument(option.cli_flag, **option.argparse_kwargs())
    demo.add_argument(
        "--csim-only", action="store_true", help="stop after Keras vs C-sim (skip the open RTL flow and simulation)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = build_parser().parse_args(argv)
    values = option_values(args)
    if values["cache-dir"]:
        os.environ["HWVERIFY_CACHE_DIR"] = os.path.abspath(values["cache-dir"])
    try:
        if args.command == "demo":
            from hwverify.demo import run_demo

            result = run_demo(
                values["model"], values["variant"], n_random=values["samples"], seed=values["seed"], rtl=not args.csim_only
            )
            return EXIT_OK if result.ok else EXIT_FAILED
    except HwverifyError as error:
        print(f"hwverify: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())

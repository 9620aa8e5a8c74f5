"""``eed-score report DIR -o report.html``: one self-contained HTML page of a results directory."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..report.html import ReportError, load_results, write_report
from ..report.svg import DEFAULT_COLLAPSE_DEPTH
from .console import logging_to_stderr
from .exits import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, PROG, error

__all__ = ["report_main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} report",
        description="Turn a results directory (eed-score --output DIR) into one self-contained "
        "HTML file: per model the figures with confidence intervals, coverage, per-tag rows and "
        "the score distribution; the models compared with a paired bootstrap test; and every "
        "item, filterable and sortable, with both answers, the reason and the tree diff. The "
        "file loads nothing from the network.",
    )
    parser.add_argument("directory", metavar="DIR", help="a results directory eed-score wrote")
    parser.add_argument(
        "-o", "--output", default="report.html", metavar="FILE", help="(default: %(default)s)"
    )
    parser.add_argument(
        "--no-diffs",
        action="store_true",
        help="draw no tree diffs (they re-run every pair whose trees were compared)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes for the tree diffs (default: all cores; 0: in this process)",
    )
    parser.add_argument(
        "--collapse-depth",
        type=int,
        default=DEFAULT_COLLAPSE_DEPTH,
        metavar="D",
        help="draw an unchanged subtree deeper than D as one box (default: %(default)s)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no notes on stderr")
    return parser


def report_main(argv: Sequence[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.workers is not None and args.workers < 0:
        return error("--workers must be 0 or more", EXIT_USAGE)
    with logging_to_stderr(args.quiet):
        try:
            inputs = load_results(args.directory)
        except ReportError as exc:
            return error(str(exc), EXIT_INPUT)
        try:
            size = write_report(
                inputs,
                args.output,
                diffs=not args.no_diffs,
                workers=args.workers,
                collapse_depth=args.collapse_depth,
            )
        except KeyboardInterrupt:
            print(f"{PROG}: interrupted; {args.output} not written", file=sys.stderr)
            return EXIT_INTERRUPTED
        except OSError as exc:
            return error(f"{args.output}: cannot write: {exc.strerror or exc}", EXIT_OUTPUT)
    if not args.quiet:
        print(
            f"{PROG}: wrote {args.output} ({len(inputs.records)} items, {size / 1e6:.2f} MB)",
            file=sys.stderr,
        )
    return EXIT_OK

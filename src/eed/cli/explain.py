"""``eed-score explain GT PRED``: the readings, trees and edit script behind one score."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ..config import ANSWER_TYPES, PROFILES
from ..explain import Explanation, explain
from ..report.svg import DEFAULT_COLLAPSE_DEPTH, diff_svg
from .exits import EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, PROG, error

__all__ = ["explain_main"]


def explain_main(argv: Sequence[str]) -> int:
    """``eed-score explain GT PRED``: the readings, trees and edit script behind one score."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} explain",
        description="Show why a prediction scored what it did: each side's preprocessed LaTeX and "
        "SymPy form, both expression trees, the edit script with the cost of each step, and the "
        "distance, size, score and signature.",
    )
    parser.add_argument("gt", metavar="GT", help="ground-truth LaTeX ('-' reads it from stdin)")
    parser.add_argument("pred", metavar="PRED", help="predicted LaTeX ('-' reads it from stdin)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="default")
    parser.add_argument(
        "--answer-type",
        choices=ANSWER_TYPES,
        default=None,
        help="how to compare the answers, as for scoring (default: detected)",
    )
    parser.add_argument("-f", "--format", choices=["text", "json"], default="text")
    parser.add_argument(
        "--svg",
        metavar="FILE",
        default=None,
        help="also draw both expression trees side by side, with the edit script marked, "
        "into FILE (an SVG image)",
    )
    parser.add_argument(
        "--collapse-depth",
        type=int,
        default=DEFAULT_COLLAPSE_DEPTH,
        metavar="D",
        help="in --svg, draw an unchanged subtree deeper than D as one box with its node count "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--no-extract", action="store_true", help="do not extract the final answer from PRED"
    )
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.gt == "-" and args.pred == "-":
        return error("only one of GT and PRED can come from stdin", EXIT_USAGE)
    gt = sys.stdin.read().strip() if args.gt == "-" else args.gt
    pred = sys.stdin.read().strip() if args.pred == "-" else args.pred

    result = explain(
        gt, pred, profile=args.profile, answer_type=args.answer_type, extract=not args.no_extract
    )
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result.to_text() + "\n")
    if args.svg is not None:
        return _write_svg(result, args.svg, args.collapse_depth)
    return EXIT_OK


def _write_svg(result: Explanation, path: str, collapse_depth: int) -> int:
    if result.gt_tree is None or result.pred_tree is None:
        # Equivalent, unreadable or not a tree comparison: there is no tree diff to draw.
        print(
            f"{PROG}: note: no tree diff to draw ({result.result.status.value}: "
            f"{result.result.reason}); {path} not written",
            file=sys.stderr,
        )
        return EXIT_OK
    r = result.result
    caption = f"score {r.score:.4g}, distance {r.distance:g}, GT size {r.gt_size:g}"
    svg = diff_svg(
        result.gt_tree,
        result.pred_tree,
        result.edit_script,
        collapse_depth=collapse_depth,
        caption=caption if r.distance is not None and r.gt_size is not None else None,
    )
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(svg)
    except OSError as exc:
        return error(f"{path}: cannot write the SVG: {exc.strerror or exc}", EXIT_OUTPUT)
    print(f"{PROG}: wrote {path}", file=sys.stderr)
    return EXIT_OK

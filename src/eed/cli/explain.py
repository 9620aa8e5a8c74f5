"""``eed-score explain GT PRED``: the readings, trees and edit script behind one score."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ..config import ANSWER_TYPES, PROFILES
from .exits import EXIT_OK, EXIT_USAGE, PROG, error

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
    from ..explain import explain

    result = explain(
        gt, pred, profile=args.profile, answer_type=args.answer_type, extract=not args.no_extract
    )
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result.to_text() + "\n")
    return EXIT_OK

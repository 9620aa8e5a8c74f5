"""The scoring command's inputs: the files read in their formats, and the pairs to score."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import IO

from ..io import (
    STDIN,
    LoadedFile,
    Pair,
    pair_up,
    parse_source,
    read_source,
    reference_problems,
)
from ..report import Problem

__all__ = ["load_inputs"]


def _stdin_bytes() -> IO[bytes] | None:
    stdin = sys.stdin
    return None if stdin is None else stdin.buffer


FIRST_FILE = "ground truths (GT_FILE) or pairs with 'gt' and 'pred'"
PAIRS_FILE = "pairs with 'gt' and 'pred'"
PRED_FILE = "predictions ('pred' or 'model_answer'), one per problem"


def load_inputs(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[list[Pair], list[Problem]]:
    """The pairs to score, and the problems every model is measured on."""
    files: list[str] = args.files
    if not files:
        parser.error(
            "give GT_FILE and PRED_FILE(s), GT_FILE with predictions on stdin, or a pairs file"
        )
    if files.count(STDIN) > 1:
        parser.error("standard input ('-') can be read only once")
    forced = args.input_format
    gt_format = args.gt_format or ("auto" if forced == "answers" else forced)
    pred_format = "auto" if forced == "phybench" else forced
    stdin = _stdin_bytes()

    first_text = read_source(files[0], stdin)
    first = parse_source(first_text, files[0], gt_format, expect=FIRST_FILE)
    is_reference = args.gt_format is not None or forced == "phybench" or not first.holds_predictions
    reference: LoadedFile | None
    if is_reference:
        reference = first
        pred_paths = files[1:]
        if not pred_paths:
            if files[0] == STDIN or stdin is None or sys.stdin.isatty():
                parser.error("no predictions: give PRED_FILE after GT_FILE, or pipe them on stdin")
            pred_paths = [STDIN]
        predictions = [
            parse_source(read_source(p, stdin), p, pred_format, expect=PRED_FILE)
            for p in pred_paths
        ]
    else:
        reference = None
        if gt_format != pred_format:  # read it again as what it turned out to be
            first = parse_source(first_text, files[0], pred_format, expect=FIRST_FILE)
        predictions = [first] + [
            parse_source(read_source(p, stdin), p, pred_format, expect=PAIRS_FILE)
            for p in files[1:]
        ]
    pairs = pair_up(reference, predictions)
    if args.limit is not None:
        pairs = pairs[: args.limit]
    return pairs, _problems(reference if args.limit is None else None, pairs)


def _problems(reference: LoadedFile | None, pairs: Sequence[Pair]) -> list[Problem]:
    """GT_FILE's problems; without one (or with --limit), every id the pairs name.

    A problem's tag is the ground truth's, else the first one a prediction gives.
    """
    tags: dict[str, str | None] = {}
    if reference is not None:
        tags.update(reference_problems(reference))
    for pair in pairs:
        key = str(pair.id)
        if tags.get(key) is None:
            tags[key] = pair.tag
    return [Problem(k, t) for k, t in tags.items()]

"""The public entry points, composing the pure pipeline with the process layer."""

from __future__ import annotations

from .config import Config, get_config
from .result import Result
from .scoring import check_inputs, score_pair

__all__ = ["score"]


def score(gt: str, pred: str, *, profile: str | Config = "default") -> Result:
    """Score a prediction against a ground truth, both LaTeX strings.

    The ground truth comes first, as in the official ``EED(answer, test)``. Never raises on bad
    LaTeX: the Result's ``status`` and ``reason`` say what happened. Raises TypeError when either
    argument is not a str, and ValueError for an unknown profile name.
    """
    check_inputs(gt, pred)
    config = get_config(profile)
    return score_pair(gt, pred, config)

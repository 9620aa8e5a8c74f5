"""The public entry points, composing the pure pipeline with the process layer."""

from __future__ import annotations

from .batch import iter_scores, score_many, single_call_engine
from .config import Config, configured
from .result import Result

__all__ = ["score", "score_many"]  # score_many is defined in the batch layer


def score(
    gt: str,
    pred: str,
    *,
    profile: str | Config = "default",
    timeout: float | None = None,
    answer_type: str | None = None,
    extract: bool | None = None,
) -> Result:
    """Score a prediction against a ground truth, both LaTeX strings.

    The ground truth comes first, as in the official ``EED(answer, test)``. Never raises on bad
    LaTeX or bad input: the Result's ``status`` and ``reason`` say what happened (a non-str
    argument gives ``invalid_input``, as in a batch). Raises ValueError for an unknown profile
    name.

    The expensive stages run in a shared pool of worker processes, killed and replaced when they
    overrun, so a call returns within its budgets from any thread. ``timeout`` (seconds) bounds
    the whole pair's wall time on top of the profile's stage budgets.

    ``answer_type`` overrides how the answers are compared (``"expression"``, ``"equation"``,
    ``"tuple"``, ``"set"``, ``"interval"``, ``"number"``); by default it is detected from the
    ground truth. It is part of the signature.

    ``extract``: the prediction is a model's whole output, and its final answer is taken from it
    first (the last ``\\boxed{...}``, else the last math segment; see `eed.extract`). None
    keeps the profile's choice: on in ``default``, off in ``phybench`` (the official scorer
    takes the answer as given). It is part of the signature.
    """
    config = configured(profile, answer_type=answer_type, extract=extract)
    for _, result in iter_scores(
        [gt], [pred], profile=config, timeout=timeout, engine=single_call_engine()
    ):
        return result
    raise AssertionError("unreachable: one pair gives one result")

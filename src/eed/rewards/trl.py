"""EED as a reward for TRL (its ``reward_funcs`` interface).

>>> reward = EEDReward(profile="default", shape="scaled")
>>> reward(completions=[r"so \\boxed{x+1}"], solution=["x+1"])
[1.0]

The reward is a picklable class holding only settings: the scoring runs in the process-wide
worker pool (`eed.batch.default_engine`), so a trainer's batches reuse warm workers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from ..batch import default_engine, score_many
from ..config import Config, configured
from ..extract import message_text
from ..result import Result
from .shapes import Shape, check_shape, gold_failed, reward_value, trl_columns

__all__ = ["EEDReward"]

logger = logging.getLogger(__name__)


class EEDReward:
    """A reward function for GRPO-style trainers.

    - ``shape="eed"``: the EED score, 0 to 100.
    - ``shape="scaled"``: the EED score mapped to [0, 1].
    - ``shape="binary"``: 1 for an equivalent answer, else 0.

    Call it as TRL does: ``reward(prompts=..., completions=..., solution=..., **kwargs)``.
    Completions may be strings or chat transcripts (lists of ``{"role", "content"}``); the final
    answer is extracted as `eed-score` does. Returns None for an item whose gold answer cannot be
    parsed, so that the trainer skips it.
    """

    def __init__(
        self,
        profile: str | Config = "default",
        shape: Shape = "eed",
        timeout: float | None = None,
        *,
        workers: int | None = None,
        extract: bool = True,
        solution_key: str = "solution",
    ) -> None:
        shape = check_shape(shape)
        # Completions are whole outputs: the scorer takes their final answer (unless told not to).
        self.config = configured(profile, extract=extract)
        self.shape: Shape = shape
        self.timeout = timeout
        self.workers = workers
        self.extract = extract
        self.solution_key = solution_key
        self.__name__ = f"eed_{shape}"

    def __repr__(self) -> str:
        return (
            f"EEDReward(profile={self.config.profile!r}, shape={self.shape!r}, "
            f"timeout={self.timeout!r})"
        )

    def __call__(
        self,
        prompts: Sequence[Any] | None = None,
        completions: Sequence[str | Sequence[Mapping[str, Any]]] | None = None,
        solution: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> list[float | None]:
        completions, solution = trl_columns(
            "EEDReward", completions, solution, kwargs, self.solution_key
        )
        preds = [self._answer(c) for c in completions]
        results = score_many(
            list(solution),
            preds,
            profile=self.config,
            timeout=self.timeout,
            engine=default_engine(self.workers),
        )
        return [self._reward(r) for r in results]

    def _answer(self, completion: str | Sequence[Mapping[str, Any]]) -> str:
        # A chat transcript is read through its last assistant message; the scorer's config
        # says whether the final answer is then extracted from it.
        if isinstance(completion, str):
            return completion
        return message_text(completion) if completion else ""

    def _reward(self, r: Result) -> float | None:
        # Gold answers that cannot be scored: the trainer should skip the item, not learn from
        # a 0.
        if gold_failed(r):
            return None
        return reward_value(r, self.shape)

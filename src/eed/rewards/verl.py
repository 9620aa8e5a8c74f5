"""EED as a verl reward: the function verl's ``custom_reward_function`` loads.

verl (volcengine/verl) loads ``custom_reward_function.path`` (a file, or ``pkg://module``) and
takes the object named by ``custom_reward_function.name`` (``compute_score`` by default), see
``verl/trainer/ppo/reward.py`` (``get_custom_reward_fn``) and ``verl/utils/import_utils.py``
(``load_module``). Its reward managers call it with keywords, one item at a time
(``verl/workers/reward_manager/naive.py``):
``compute_score(data_source=, solution_str=, ground_truth=, extra_info=)``, plus any
``custom_reward_function.reward_kwargs``; newer reward loops may add keywords of their own
(``reward_router_address``, ...), which are accepted and ignored here. The ``batch`` reward
manager calls ``compute_score(data_sources=, solution_strs=, ground_truths=, extra_infos=)``
with lists instead (``verl/workers/reward_manager/batch.py``): that is `compute_score_batch`.

verl takes either a float or a dict whose ``"score"`` is the reward; every other key of the
dict is collected per item into ``reward_extra_info`` and logged, so every call here returns
the same numeric keys. verl writes the reward into a tensor: it cannot skip an item, so an
item whose gold answer cannot be parsed gets 0.0 with ``gold_ok`` 0.0, where `EEDReward` gives
None for TRL to skip it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from ..batch import default_engine, score_many
from ..config import Config, configured
from ..result import Result, Status
from .remote import score_remote
from .shapes import Shape, check_shape, gold_failed, reward_value

__all__ = ["compute_score", "compute_score_batch"]

logger = logging.getLogger(__name__)

Reward = dict[str, float]


def compute_score(
    data_source: Any = None,
    solution_str: Any = "",
    ground_truth: Any = "",
    extra_info: Mapping[str, Any] | None = None,
    *,
    profile: str | Config = "default",
    shape: str = "eed",
    timeout: float | None = None,
    workers: int | None = None,
    server_url: str | None = None,
    **kwargs: Any,
) -> Reward:
    """Score one verl rollout: ``solution_str`` is the decoded response, whose final answer is
    extracted, and ``ground_truth`` the gold LaTeX answer.

    Returns ``{"score": reward, "eed": 0..100, "equivalent": 0|1, "gold_ok": 0|1}``; the reward
    has the ``shape`` of `eed.rewards.EEDReward` (``eed``, ``scaled`` or ``binary``). Set the
    keyword arguments through ``custom_reward_function.reward_kwargs``. With ``server_url``,
    the pairs are scored by that `eed serve` server (with its profile; the token comes from
    $EED_SERVE_TOKEN) instead of on this machine's worker pool.
    """
    return compute_score_batch(
        [data_source],
        [solution_str],
        [ground_truth],
        [extra_info],
        profile=profile,
        shape=shape,
        timeout=timeout,
        workers=workers,
        server_url=server_url,
    )[0]


def compute_score_batch(
    data_sources: Sequence[Any] | None = None,
    solution_strs: Sequence[Any] = (),
    ground_truths: Sequence[Any] = (),
    extra_infos: Sequence[Mapping[str, Any] | None] | None = None,
    *,
    profile: str | Config = "default",
    shape: str = "eed",
    timeout: float | None = None,
    workers: int | None = None,
    server_url: str | None = None,
    **kwargs: Any,
) -> list[Reward]:
    """`compute_score` for verl's ``batch`` reward manager: one dict per item, in order, the
    whole batch scored at once on the shared worker pool."""
    checked = check_shape(shape)
    if len(solution_strs) != len(ground_truths):
        raise ValueError(f"{len(solution_strs)} solutions but {len(ground_truths)} ground truths")
    golds = [_gold_text(g) for g in ground_truths]
    if server_url:
        results = score_remote(server_url, golds, list(solution_strs))
    else:
        results = score_many(
            golds,
            list(solution_strs),
            profile=configured(profile, extract=True),
            timeout=timeout,
            engine=default_engine(workers),
        )
    return [_reward(r, gold is None, checked) for r, gold in zip(results, golds, strict=True)]


def _gold_text(gold: Any) -> str | None:
    """The gold answer as LaTeX; a plain number counts (datasets often store one), anything
    else is no gold answer."""
    if isinstance(gold, str):
        return gold
    if isinstance(gold, (int, float)) and not isinstance(gold, bool):
        return str(gold)
    return None


def _reward(r: Result, no_gold: bool, shape: Shape) -> Reward:
    if no_gold or gold_failed(r):
        logger.warning("gold answer cannot be scored (%s): reward 0.0", r.reason or r.status)
        return {"score": 0.0, "eed": 0.0, "equivalent": 0.0, "gold_ok": 0.0}
    return {
        "score": reward_value(r, shape),
        "eed": r.score,
        "equivalent": 1.0 if r.status is Status.EQUIVALENT else 0.0,
        "gold_ok": 1.0,
    }

"""eed.rewards.verl follows verl's custom reward function interface; verl itself is not needed.

verl's reward managers call ``compute_score(data_source=, solution_str=, ground_truth=,
extra_info=, **reward_kwargs)`` per item (and, for the ``batch`` manager, the plural names with
lists), take a float or a dict's ``"score"``, and collect every other key of the dict per item.
"""

from __future__ import annotations

import importlib
import inspect
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from eed.rewards import EEDReward
from eed.rewards.verl import compute_score

GOLD = [r"\frac{1}{2} m v^2", r"2 m g + 4\frac{mv_0^2}{l}", r"\frac{1}{"]
RESPONSES = [
    r"The kinetic energy is \boxed{\frac{m v^2}{2}}.",
    r"So the tension is $2 m g+2\frac{mv_0^2}{l}$",
    r"\boxed{x}",
]
KEYS = {"score", "eed", "equivalent", "gold_ok"}


def load_like_verl(fn_name: str) -> Any:
    """Load the function as verl does for ``pkg://eed.rewards.verl``: import the module, take
    the attribute named by ``custom_reward_function.name``."""
    module = importlib.import_module("eed.rewards.verl")
    return getattr(module, fn_name)


@pytest.mark.parametrize("shape", ["eed", "scaled", "binary"])
def test_same_rewards_as_eedreward(shape: str) -> None:
    fn = load_like_verl("compute_score")
    got = [
        fn(
            data_source="phybench",
            solution_str=r,
            ground_truth=g,
            extra_info={"num_turns": None, "rollout_reward_scores": {}},
            shape=shape,
            profile="phybench",
        )
        for r, g in zip(RESPONSES, GOLD, strict=True)
    ]
    want = EEDReward(profile="phybench", shape=shape)(completions=RESPONSES, solution=GOLD)
    for out, expected in zip(got, want, strict=True):
        assert set(out) == KEYS  # the same keys for every item, as verl collects them
        if expected is None:
            # verl cannot skip an item: 0 and flagged, where TRL is given None.
            assert out["score"] == 0.0 and out["gold_ok"] == 0.0
        else:
            assert out["score"] == pytest.approx(expected) and out["gold_ok"] == 1.0
    assert got[0]["equivalent"] == 1.0 and got[1]["equivalent"] == 0.0
    assert got[1]["eed"] == pytest.approx(46.6667, abs=1e-3)


def test_batch_manager_interface_matches_the_single_one() -> None:
    fn = load_like_verl("compute_score_batch")
    batch = fn(
        data_sources=["a"] * 3,
        solution_strs=RESPONSES,
        ground_truths=GOLD,
        extra_infos=[{}] * 3,
        shape="scaled",
    )
    single = [
        compute_score("a", r, g, {}, shape="scaled") for r, g in zip(RESPONSES, GOLD, strict=True)
    ]
    assert batch == single


def test_signature_takes_verls_keywords_and_extra_ones() -> None:
    params = inspect.signature(compute_score).parameters
    for name in ("data_source", "solution_str", "ground_truth", "extra_info"):
        assert name in params
    assert any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    # Newer reward loops pass keywords of their own; they are ignored.
    out = compute_score(
        data_source="x",
        solution_str=r"\boxed{2}",
        ground_truth="2",
        extra_info=None,
        reward_router_address=None,
        reward_model_tokenizer=None,
    )
    assert out["score"] == 100.0


def test_numeric_and_missing_gold_answers() -> None:
    assert compute_score("x", r"\boxed{3}", 3)["score"] == 100.0
    out = compute_score("x", r"\boxed{3}", None)
    assert out == {"score": 0.0, "eed": 0.0, "equivalent": 0.0, "gold_ok": 0.0}


def test_a_bad_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="shape"):
        compute_score("x", "1", "1", shape="percent")


def test_from_threads_as_verls_reward_loop_calls_it() -> None:
    # verl's reward loop runs a synchronous compute_score in its event loop's executor.
    with ThreadPoolExecutor(4) as pool:
        outs = list(pool.map(lambda r: compute_score("x", r, GOLD[0]), [RESPONSES[0]] * 8))
    assert all(o["score"] == 100.0 for o in outs)

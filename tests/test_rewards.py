"""EEDReward follows TRL's reward_funcs call interface; TRL itself is not needed."""

from __future__ import annotations

import asyncio
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from eed.rewards import EEDReward

GOLD = [r"\frac{1}{2} m v^2", r"2 m g + 4\frac{mv_0^2}{l}", r"\frac{1}{"]
COMPLETIONS = [
    r"The kinetic energy is \boxed{\frac{m v^2}{2}}.",
    r"So the tension is $2 m g+2\frac{mv_0^2}{l}$",
    r"\boxed{x}",
]


def test_shapes() -> None:
    eed_scores = EEDReward(profile="phybench", shape="eed")(completions=COMPLETIONS, solution=GOLD)
    scaled = EEDReward(profile="phybench", shape="scaled")(completions=COMPLETIONS, solution=GOLD)
    binary = EEDReward(profile="phybench", shape="binary")(completions=COMPLETIONS, solution=GOLD)
    assert eed_scores[0] == 100.0 and binary[0] == 1.0 and scaled[0] == 1.0
    assert eed_scores[1] == pytest.approx(46.6667, abs=1e-3)
    assert scaled[1] == pytest.approx(eed_scores[1] / 100)
    assert binary[1] == 0.0
    # The gold answer cannot be parsed: the trainer should skip the item.
    assert eed_scores[2] is None and scaled[2] is None and binary[2] is None


def test_chat_completions() -> None:
    chats = [
        [
            {"role": "user", "content": "What is it?"},
            {"role": "assistant", "content": r"\boxed{m v^2/2}"},
        ],
    ]
    assert EEDReward(shape="binary")(prompts=["q"], completions=chats, solution=[GOLD[0]]) == [1.0]


def test_solution_from_kwargs_column() -> None:
    reward = EEDReward(shape="binary", solution_key="answer")
    assert reward(completions=["x+1"], answer=["1+x"]) == [1.0]


def test_name_and_pickle() -> None:
    reward = EEDReward(shape="scaled", timeout=5.0)
    assert reward.__name__ == "eed_scaled"
    back = pickle.loads(pickle.dumps(reward))
    assert back(completions=["x"], solution=["x"]) == [1.0]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        EEDReward(shape="log")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        EEDReward()(completions=["x", "y"], solution=["x"])
    with pytest.raises(TypeError):
        EEDReward()(completions=["x"])


def test_off_the_main_thread_and_under_asyncio() -> None:
    reward = EEDReward(profile="phybench", shape="eed")
    expected = reward(completions=COMPLETIONS, solution=GOLD)
    with ThreadPoolExecutor(2) as ex:
        futures = [ex.submit(reward, completions=COMPLETIONS, solution=GOLD) for _ in range(2)]
        assert [f.result() for f in futures] == [expected, expected]

    async def main() -> list[float | None]:
        return await asyncio.to_thread(reward, completions=COMPLETIONS, solution=GOLD)

    assert asyncio.run(main()) == expected

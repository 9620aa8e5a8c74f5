"""score_many: same results as scoring one pair at a time, whatever the workers or order."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

import eed
from eed import Status

CFG = eed.get_config("phybench")

GTS = [
    r"2 m g + 4\frac{mv_0^2}{l}",
    r"\frac{a^2-b^2}{a-b}",
    r"\sqrt{\frac{2 g h}{1 + \frac{I}{m r^2}}}",
    "x + y + z",
    r"\frac{1}{",
    "a b c",
    r"\frac{m v^2}{R} \sin\theta",
]
PREDS = [
    r"2 m g+2\frac{mv_0^2}{l}",
    "a+b",
    r"\sqrt{\frac{2 g h}{1 + \frac{I}{2 m r^2}}}",
    r"\frac{1}{",
    "x",
    "a b c",
    r"\frac{m v^2}{R} \cos\theta",
]


@pytest.fixture(scope="module")
def serial() -> list[eed.Result]:
    return [eed.score(g, p, profile=CFG) for g, p in zip(GTS, PREDS, strict=False)]


def test_in_process_equals_single_calls(serial: list[eed.Result]) -> None:
    assert eed.score_many(GTS, PREDS, profile=CFG, workers=0) == serial


def test_two_workers_shuffled_equals_single_calls(serial: list[eed.Result]) -> None:
    order = list(range(len(GTS)))
    random.Random(3).shuffle(order)
    got = eed.score_many([GTS[i] for i in order], [PREDS[i] for i in order], profile=CFG, workers=2)
    assert [got[order.index(i)] for i in range(len(GTS))] == serial


def test_duplicates_and_repeated_gts() -> None:
    gts = ["x+y"] * 4
    preds = ["x-y", "x-y", "y+x", "x"]
    got = eed.score_many(gts, preds, profile=CFG, workers=0)
    assert got[0] == got[1]
    assert got[2].status is Status.EQUIVALENT


def test_bad_items_never_stop_the_batch() -> None:
    got = eed.score_many([None, "x+1", b"x", "x+y"], ["x", 3, "x", ""], profile=CFG, workers=0)  # type: ignore[list-item]
    assert [r.status for r in got] == [
        Status.INVALID_INPUT,
        Status.INVALID_INPUT,
        Status.INVALID_INPUT,
        Status.EMPTY,
    ]
    assert all(r.reason for r in got)


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match="length"):
        eed.score_many(["a"], [])


def test_iter_scores_yields_every_index_once() -> None:
    seen = sorted(i for i, _ in eed.iter_scores(GTS, PREDS, profile=CFG, workers=2))
    assert seen == list(range(len(GTS)))


def test_any_executor() -> None:
    with ThreadPoolExecutor(2) as ex:
        got = eed.score_many(GTS[:4], PREDS[:4], profile=CFG, executor=ex)
    assert got == eed.score_many(GTS[:4], PREDS[:4], profile=CFG, workers=0)


def test_screening_does_not_change_results() -> None:
    off = CFG.replace(screening=False, profile="phybench")
    assert eed.score_many(GTS, PREDS, profile=CFG, workers=0) == eed.score_many(
        GTS, PREDS, profile=off, workers=0
    )

"""score_many: same results as scoring one pair at a time, whatever the workers or order."""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import eed
from eed import Status
from eed.batch import (
    ExecutorEngine,
    InlineEngine,
    ProcessEngine,
    TaskTimes,
    choose_engine,
    preparation_order,
    prepare_task,
)

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


# Streaming --------------------------------------------------------------------------------------


def test_preparation_order_finishes_pairs_early() -> None:
    pairs = [("g1", "a"), ("g2", "b"), ("g2", "c"), ("g2", "shared"), ("g1", "shared")]
    # g2 serves the most pairs; each ground truth comes before its predictions, and the
    # prediction shared by two pairs before the others of its group.
    assert preparation_order(pairs) == ["g2", "shared", "b", "c", "g1", "a"]
    # A ground truth shared by three pairs that are long to prepare waits behind a short pair.
    long_gt = "x+" * 300 + "y"
    slow = [(long_gt, long_gt + f"+{i}") for i in range(3)]
    assert preparation_order([*slow, ("a", "b")])[:3] == ["a", "b", long_gt]
    # Shared, it is paid once: three short pairs on one ground truth go before two lone ones.
    shared = [("q", "r1"), ("q", "r2"), ("q", "r3")]
    assert preparation_order([("s1", "t1"), ("s2", "t2"), *shared])[:4] == ["q", "r1", "r2", "r3"]


class CountingEngine:
    """Runs tasks in this process one at a time and records the sides it was asked for."""

    capacity = 1
    enforces_walls = False

    def __init__(self) -> None:
        self.inner = InlineEngine()
        self.prepared: list[str] = []

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...], wall: float) -> Any:
        if fn is prepare_task:
            self.prepared.append(args[0])
        return self.inner.submit(fn, args, wall)

    def close(self) -> None:
        pass


def test_a_pair_is_decided_as_soon_as_its_sides_are_ready() -> None:
    gts = [f"x^{{{i}}} + {j}" for i in range(2, 5) for j in range(3)]
    preds = [f"{j + 2} x^{{{i}}}" for i in range(2, 5) for j in range(3)]
    engine = CountingEngine()
    seen: list[int] = []
    for _, result in eed.iter_scores(gts, preds, profile=CFG, engine=engine):
        seen.append(len(engine.prepared))
        assert result.status is Status.SCORED
    # The first result needed only its own two sides, not all 18.
    assert seen[0] == 2 and engine.prepared[:2] == [gts[0], preds[0]]
    assert seen == [2 * (k + 1) for k in range(len(gts))]


class SlowEngine:
    """Each task finishes after a delay, on a timer thread."""

    capacity = 2
    enforces_walls = True

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.timers: list[threading.Timer] = []

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...], wall: float) -> Any:
        fut: cf.Future[Any] = cf.Future()
        timer = threading.Timer(self.delay, lambda: fut.set_result(fn(*args)))
        self.timers.append(timer)
        timer.start()
        return fut

    def close(self) -> None:
        for t in self.timers:
            t.join(10)


def test_progress_is_reported_while_pairs_run() -> None:
    ticks: list[tuple[float, int]] = []
    engine = SlowEngine(1.2)
    results = list(
        eed.iter_scores(
            ["x + 1"],
            ["x + 2"],
            profile=CFG,
            engine=engine,
            on_wait=lambda running: ticks.append((time.monotonic(), running)),
        )
    )
    engine.close()
    assert len(results) == 1
    times = [t for t, _ in ticks]
    assert len(times) >= 4 and max(b - a for a, b in itertools.pairwise(times)) < 1.0
    assert ticks[0][1] == 1  # both sides in flight: the pair is running


def test_a_timeout_with_no_worker_processes_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot be enforced in this process"):
        eed.score_many(["x"], ["y"], workers=0, timeout=5.0)


# Engines and task times -------------------------------------------------------------------------


def test_one_place_chooses_the_engine() -> None:
    with ThreadPoolExecutor(3) as ex:
        on_executor = choose_engine(executor=ex, workers=0)
        assert isinstance(on_executor, ExecutorEngine) and on_executor.capacity == 3
        assert choose_engine(executor=ex, capacity=7).capacity == 7
    assert isinstance(choose_engine(workers=0), InlineEngine)
    pool = choose_engine(workers=2)
    assert isinstance(pool, ProcessEngine) and pool.capacity == 2
    pool.close()  # never started: nothing to stop


def test_task_times_are_known_when_a_pair_is_yielded(tmp_path: Any) -> None:
    gts, preds = ["x^2 + 1", "x^2 + 1", "y"], ["x^2 + 2", "1 + x^2", "y"]
    timings = TaskTimes()
    seen: dict[int, float] = {}
    cache = tmp_path / "c.sqlite"
    for i, _ in eed.iter_scores(gts, preds, profile=CFG, workers=0, timings=timings, cache=cache):
        seen[i] = timings.seconds(gts[i], preds[i])
    # Identical answers are decided by a guard, before any task.
    assert set(timings.side_seconds) == {"x^2 + 1", "x^2 + 2", "1 + x^2"}
    assert seen[2] == 0.0 and seen[0] > 0 and seen[1] > 0
    expected = timings.side_seconds["x^2 + 1"] + timings.side_seconds["1 + x^2"]
    assert seen[1] == expected + timings.pair_seconds.get(("x^2 + 1", "1 + x^2"), 0.0)
    # What the cache serves costs nothing.
    again = TaskTimes()
    for i, _ in eed.iter_scores(gts, preds, profile=CFG, workers=0, timings=again, cache=cache):
        assert again.seconds(gts[i], preds[i]) == 0.0

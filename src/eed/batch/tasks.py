"""The tasks a batch sends to its workers, their hard walls, and how long each one computed.

Tasks are top-level functions, so that they pickle by reference to any engine's workers.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import pickle
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from ..budget import AlarmBudget
from ..config import Config
from ..errors import BudgetExceeded
from ..result import Result
from ..scoring import Side, decide, prepare
from .engines import Engine
from .worker import in_worker

__all__ = [
    "KILL_SLACK",
    "ROUND_TRIP_SECONDS",
    "TaskTimes",
    "decide_task",
    "decide_wall",
    "prepare_task",
    "prepare_wall",
    "submit_timed",
    "timed",
]

logger = logging.getLogger("eed.workers")  # the name these messages have always had

T = TypeVar("T")

# Slack on top of the stage budgets before a worker is killed: the alarm budgets should fire
# first and give the official fallback; the kill is for work that cannot be interrupted.
KILL_SLACK = 2.0
# Sending a prepared side back takes milliseconds; more means it rebuilds something huge.
ROUND_TRIP_SECONDS = 2.0


def prepare_wall(config: Config) -> float:
    rounds = config.dialect.canonical_rounds
    return (
        config.parse_timeout
        + rounds * (config.simplify_timeout + config.screening_timeout)
        + ROUND_TRIP_SECONDS
        + KILL_SLACK
    )


def decide_wall(config: Config) -> float:
    return 2 * config.simplify_timeout + config.equals_timeout + KILL_SLACK


def prepare_task(latex: str, config: Config) -> Side:
    """Worker entry: read and canonicalise one answer."""
    budget = _worker_budget()
    side = prepare(latex, config, budget)
    try:
        budget.run("pickle", ROUND_TRIP_SECONDS, _pickle_round_trip, side)
    except BudgetExceeded:
        return Side(
            latex,
            error=f"its SymPy form takes over {ROUND_TRIP_SECONDS:g} s to pass between processes",
            error_kind="timeout",
            timed_out=True,
        )
    except Exception as exc:
        logger.info("result cannot cross processes: %s: %s", type(exc).__name__, exc)
        return Side(
            latex,
            error="its SymPy form cannot be passed between processes",
            error_kind="simplify",
        )
    return side


def decide_task(gt: Side, pred: Side, config: Config) -> Result:
    """Worker entry: decide one pair from its prepared sides."""
    return decide(gt, pred, config, _worker_budget())


def _worker_budget() -> AlarmBudget:
    # In a pool worker, a stage stuck in C code is ended by the kernel soon after its own
    # budget, not at the task's wall; anywhere else (a caller's process) only the alarm applies.
    return AlarmBudget(kill_after=KILL_SLACK if in_worker() else None)


def _round_trips(value: object) -> bool:
    """Whether a result survives pickling both ways."""
    try:
        _pickle_round_trip(value)
    except Exception as exc:
        logger.info("result cannot cross processes: %s: %s", type(exc).__name__, exc)
        return False
    return True


def _pickle_round_trip(value: object) -> None:
    """Some SymPy objects pickle but fail to rebuild (an unevaluated Union of tuples); sent as
    they are, they would break the pool for every task in flight. Others take very long to
    rebuild (an unevaluated power tower is evaluated on loading), which would hang the parent.
    Workers check both before sending a side."""
    pickle.loads(pickle.dumps(value))


# Timing ----------------------------------------------------------------------------------------


def timed(fn: Callable[..., T], args: tuple[Any, ...]) -> tuple[T, float]:
    """Worker entry: run a task and measure its compute time where it runs."""
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def submit_timed(
    engine: Engine,
    fn: Callable[..., T],
    args: tuple[Any, ...],
    wall: float,
    record: Callable[[float], None],
) -> cf.Future[T]:
    """Submit a task to ``engine`` and ``record`` its compute time before its future resolves.

    A task that failed is charged the time from its submission, up to its wall.
    """
    outer: cf.Future[T] = cf.Future()
    started = time.perf_counter()
    inner: cf.Future[tuple[T, float]] = engine.submit(timed, (fn, args), wall)

    def done(f: cf.Future[tuple[T, float]]) -> None:
        try:
            value, seconds = f.result()
        except BaseException as exc:
            record(min(time.perf_counter() - started, wall))
            outer.set_exception(exc)
        else:
            record(seconds)
            outer.set_result(value)

    inner.add_done_callback(done)
    return outer


class TaskTimes:
    """The compute time of each task of a batch, by the side or the pair it worked on.

    A pair's `seconds` is the time of preparing its two sides plus its equivalence check: the
    work it needed, wherever and whenever that ran (0 for what the cache served, and for what
    was decided without a task).
    """

    def __init__(self) -> None:
        self.side_seconds: dict[str, float] = {}
        self.pair_seconds: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def record_side(self, latex: str, seconds: float) -> None:
        with self._lock:
            self.side_seconds[latex] = seconds

    def record_pair(self, gt: str, pred: str, seconds: float) -> None:
        with self._lock:
            self.pair_seconds[(gt, pred)] = seconds

    def seconds(self, gt: str, pred: str) -> float:
        with self._lock:
            sides = self.side_seconds.get(gt, 0.0) + (
                self.side_seconds.get(pred, 0.0) if pred != gt else 0.0
            )
            return sides + self.pair_seconds.get((gt, pred), 0.0)

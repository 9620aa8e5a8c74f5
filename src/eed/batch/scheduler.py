"""Many pairs at once: each distinct answer is prepared once, pairs stream back as they finish.

The flow for a batch:

1. The checks before parsing (`eed.scoring.screen`: input types, raw-string guards) run in
   this process. Pair results found in the persistent cache are returned at once. Identical
   (gt, pred) pairs are computed once.
2. Each distinct string still needed is prepared (parsed, canonicalised, screened) once, in a
   worker, or taken from the cache, in `preparation_order`: each ground truth followed by its
   predictions, the groups that cost least per pair first, so that pairs finish from the start.
3. As soon as both sides of a pair are ready, it is decided. Pairs that need SymPy's equivalence
   steps go to a worker, ahead of the sides still to prepare; pairs that screening shows to
   differ, or that failed, are decided here, since only the (compiled) tree distance remains.

Only as many tasks as the engine has workers are in flight, so that a ready pair never waits in
the engine's queue behind answers submitted before it.

Every task has a hard wall, so a pair can never hang the batch, and any failure becomes that
pair's Result.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import logging
import os
import queue
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..budget import Unbounded
from ..config import Config, configured
from ..result import Result, Status
from ..scoring import Side, decide, needs_equivalence_check, screen
from .cache import Cache
from .engines import Engine, Outcome, choose_engine, outcome_of
from .tasks import TaskTimes, decide_task, decide_wall, prepare_task, prepare_wall, submit_timed

__all__ = ["iter_scores", "preparation_order", "score_many"]

logger = logging.getLogger("eed.batch")  # the name these warnings have always had

WAIT_TICK = 0.25
NO_TIMEOUT_IN_PROCESS = (
    "a timeout cannot be enforced in this process (workers=0): C-level work such as a huge "
    "integer power ignores every signal. Use one or more worker processes, or no timeout"
)

NO_TIMEOUT_ENGINE = "this engine runs tasks in this process; only the stage budgets apply"

_FAILED_SIDE_KIND = {"timeout": "timeout", "crash": "crash", "memory": "crash", "error": "crash"}


def _side_from_failure(latex: str, out: Outcome[Side]) -> Side:
    kind = _FAILED_SIDE_KIND[out.failure or "error"]
    detail = f"preparing it failed: {out.detail}"
    return Side(latex, error=detail, error_kind=kind, timed_out=out.failure == "timeout")


Pair = tuple[str, str]


def preparation_order(pairs: Sequence[Pair]) -> list[str]:
    """The distinct sides of ``pairs`` in the order to prepare them, so that pairs finish early.

    A pair is decided as soon as both of its sides are ready, so each ground truth is followed
    by its predictions (those shared by more pairs first). Ground truths go in order of the work
    each of their pairs costs: the length of the group's LaTeX (the best estimate of its
    preparation time before preparing it) over its number of pairs. A ground truth shared by
    many pairs is paid for once, so it comes early unless its group is long to prepare: results
    then stream from the first seconds instead of after every answer is prepared.
    """
    uses: Counter[str] = Counter()
    groups: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        uses.update(set(pair))
        groups[pair[0]].append(pair)

    def work_per_pair(gt: str) -> float:
        # A prediction shared with other groups is charged to each of them in part.
        preds = {pred: 1.0 / uses[pred] for _, pred in groups[gt] if pred != gt}
        work = len(gt) + sum(len(pred) * share for pred, share in preds.items())
        return work / len(groups[gt])

    order: dict[str, None] = {}
    for gt in sorted(groups, key=work_per_pair):  # stable: ties keep input order
        order.setdefault(gt)
        for _, pred in sorted(groups[gt], key=lambda p: (-uses[p[1]], len(p[1]))):
            order.setdefault(pred)
    return list(order)


class _Run:
    """The state of one batch: which sides are ready, which pairs wait on them, what runs."""

    def __init__(
        self,
        config: Config,
        engine: Engine,
        cache: Cache | None,
        timeout: float | None,
        indices: dict[Pair, list[int]],
        on_wait: Callable[[int], None] | None,
        timings: TaskTimes | None = None,
    ) -> None:
        self.config = config
        self.engine = engine
        self.cache = cache
        self.timeout = timeout
        self.indices = indices
        self.on_wait = on_wait
        self.timings = timings
        # Tasks beyond the engine's capacity would wait in its queue in submission order; kept
        # here instead, a pair whose sides are ready overtakes the sides still to prepare.
        self.capacity = max(1, int(getattr(engine, "capacity", 1) or 1))
        self.sides: dict[str, Side] = {}  # ready sides only
        self.preparing: set[str] = set()
        self.order: deque[str] = deque(preparation_order(list(indices)))
        self.ready_pairs: deque[Pair] = deque()  # sides ready, waiting for a worker to decide
        self.deciding: set[Pair] = set()
        self.waiting: dict[str, list[Pair]] = defaultdict(list)
        # How many undecided pairs still need each side: a side is dropped after its last pair,
        # so memory stays flat however long the batch.
        self.uses: dict[str, int] = defaultdict(int)
        for pair in indices:
            for latex in set(pair):
                self.uses[latex] += 1
                self.waiting[latex].append(pair)
        self.futures: dict[cf.Future[Any], tuple[str, Any]] = {}
        # Finished futures arrive here from their done-callbacks: O(1) per completion, where
        # cf.wait over thousands of futures would cost O(n) on every wake-up.
        self.done: queue.SimpleQueue[cf.Future[Any]] = queue.SimpleQueue()

    def submit_side(self, latex: str) -> None:
        self.preparing.add(latex)
        wall = self.wall(prepare_wall(self.config))
        args = (latex, self.config)
        if self.timings is None:
            fut = self.engine.submit(prepare_task, args, wall)
        else:
            record = functools.partial(self.timings.record_side, latex)
            fut = submit_timed(self.engine, prepare_task, args, wall, record)
        self.track(fut, "side", latex)

    def submit_decision(self, pair: Pair) -> None:
        gt, pred = self.sides[pair[0]], self.sides[pair[1]]
        wall = self.wall(decide_wall(self.config), spent=max(gt.seconds, pred.seconds))
        self.deciding.add(pair)
        args = (gt, pred, self.config)
        if self.timings is None:
            fut = self.engine.submit(decide_task, args, wall)
        else:
            record = functools.partial(self.timings.record_pair, *pair)
            fut = submit_timed(self.engine, decide_task, args, wall, record)
        self.track(fut, "pair", pair)

    def track(self, fut: cf.Future[Any], kind: str, key: Any) -> None:
        self.futures[fut] = (kind, key)
        fut.add_done_callback(self.done.put)

    def next_done(self) -> cf.Future[Any]:
        while True:
            try:
                # A timeout keeps the main thread responsive to signals (Ctrl-C) and the
                # progress report moving while nothing finishes.
                return self.done.get(timeout=WAIT_TICK)
            except queue.Empty:
                if self.on_wait is not None:
                    self.on_wait(self.running())

    def running(self) -> int:
        """Pairs with work in flight: their equivalence check, or a side whose partner is ready
        or being prepared too."""
        busy = set(self.deciding)
        for latex in self.preparing:
            for pair in self.waiting.get(latex, ()):
                other = pair[1] if pair[0] == latex else pair[0]
                if other in self.sides or other in self.preparing:
                    busy.add(pair)
        return sum(len(self.indices.get(p, ())) for p in busy)

    def wall(self, base: float, spent: float = 0.0) -> float:
        if self.timeout is None:
            return base
        return min(base, self.timeout - spent)

    def fill(self) -> Iterator[tuple[int, Result]]:
        """Start tasks up to the engine's capacity: pairs ready to decide first, then sides in
        preparation order. Sides from the cache and pairs decided here finish at once."""
        while len(self.futures) < self.capacity:
            if self.ready_pairs:
                self.submit_decision(self.ready_pairs.popleft())
                continue
            if not self.order:
                return
            latex = self.order.popleft()
            if latex in self.sides or latex in self.preparing or not self.uses.get(latex):
                continue
            cached = self.cache.get_side(latex, self.config) if self.cache is not None else None
            if cached is not None:
                yield from self.side_ready(latex, cached)
                continue
            self.submit_side(latex)

    def side_ready(self, latex: str, side: Side) -> Iterator[tuple[int, Result]]:
        self.sides[latex] = side
        self.preparing.discard(latex)
        for pair in self.waiting.pop(latex, []):
            if pair[0] in self.sides and pair[1] in self.sides:
                yield from self.start_pair(pair)

    def start_pair(self, pair: Pair) -> Iterator[tuple[int, Result]]:
        gt, pred = self.sides[pair[0]], self.sides[pair[1]]
        if not needs_equivalence_check(gt, pred, self.config):
            yield from self.finish(pair, _decide_here(gt, pred, self.config))
            return
        wall = self.wall(decide_wall(self.config), spent=max(gt.seconds, pred.seconds))
        if wall <= 0:
            why = f"the pair's {self.timeout:g} s timeout was spent preparing its sides"
            yield from self.finish(pair, _decide_here(gt, pred, self.config, why))
            return
        self.ready_pairs.append(pair)

    def finish(self, pair: Pair, result: Result) -> Iterator[tuple[int, Result]]:
        self.deciding.discard(pair)
        if self.cache is not None:
            self.cache.put_result(pair[0], pair[1], result, self.config)
        for latex in set(pair):
            self.uses[latex] -= 1
            if self.uses[latex] == 0:
                self.sides.pop(latex, None)
        for i in self.indices.pop(pair):
            yield i, result


def _decide_here(gt: Side, pred: Side, config: Config, why: str | None = None) -> Result:
    return decide(gt, pred, config, Unbounded(), skip_equivalence=why)


def iter_scores(
    gts: Sequence[Any],
    preds: Sequence[Any],
    *,
    profile: str | Config = "default",
    workers: int | None = None,
    timeout: float | None = None,
    cache: str | os.PathLike[str] | Cache | None = None,
    executor: cf.Executor | None = None,
    engine: Engine | None = None,
    answer_type: str | None = None,
    extract: bool | None = None,
    on_wait: Callable[[int], None] | None = None,
    timings: TaskTimes | None = None,
) -> Iterator[tuple[int, Result]]:
    """Yield ``(index, Result)`` for every pair, in the order they finish.

    ``on_wait(running)`` is called at least every quarter second while the batch waits on its
    workers, with the number of pairs being worked on (for a progress display). ``timings``
    records the compute time of every task, by the side or pair it worked on; it holds a pair's
    times by the time the pair is yielded. See `score_many` for the other arguments.
    """
    config = configured(profile, answer_type=answer_type, extract=extract)
    if len(gts) != len(preds):
        raise ValueError(f"gts and preds differ in length ({len(gts)} vs {len(preds)})")
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be positive")
    if timeout is not None and engine is None and executor is None and workers == 0:
        raise ValueError(NO_TIMEOUT_IN_PROCESS)
    if timeout is not None and engine is not None and not getattr(engine, "enforces_walls", True):
        # A caller that cannot start processes (a daemonic one): say so, and go on with the
        # stage budgets alone.
        logger.warning("the %g s timeout is not enforced here: %s", timeout, NO_TIMEOUT_ENGINE)
    store = Cache(cache) if isinstance(cache, (str, os.PathLike)) else cache
    own_engine = engine is None
    if engine is None:
        engine = choose_engine(workers=workers, executor=executor, pairs=len(gts))
    try:
        yield from _run(gts, preds, config, engine, store, timeout, on_wait, timings)
    finally:
        if own_engine:
            engine.close()
        if store is not None and store is not cache:
            store.close()


def _run(
    gts: Sequence[Any],
    preds: Sequence[Any],
    config: Config,
    engine: Engine,
    cache: Cache | None,
    timeout: float | None,
    on_wait: Callable[[int], None] | None = None,
    timings: TaskTimes | None = None,
) -> Iterator[tuple[int, Result]]:
    indices: dict[Pair, list[int]] = defaultdict(list)
    for i, (gt, pred) in enumerate(zip(gts, preds, strict=False)):
        # The checks before parsing, as on every path; from here on, the answer that is read.
        text, early = screen(gt, pred, config)
        if early is None and cache is not None:
            early = cache.get_result(gt, text, config)
        if early is not None:
            yield i, early
        else:
            indices[(gt, text)].append(i)
    if not indices:
        return

    run = _Run(config, engine, cache, timeout, indices, on_wait, timings)
    yield from run.fill()
    while run.futures:
        fut = run.next_done()
        kind, key = run.futures.pop(fut)
        if kind == "side":
            out: Outcome[Side] = outcome_of(fut)
            side = out.value if out.value is not None else _side_from_failure(key, out)
            if cache is not None:
                cache.put_side(side, config)
            yield from run.side_ready(key, side)
        else:
            yield from _finish_decision(key, outcome_of(fut), run)
        yield from run.fill()


def _finish_decision(pair: Pair, out: Outcome[Result], run: _Run) -> Iterator[tuple[int, Result]]:
    config = run.config
    finish = run.finish
    if out.failure is None:
        assert out.value is not None
        yield from finish(pair, out.value)
        return
    gt, pred = run.sides[pair[0]], run.sides[pair[1]]
    if out.failure == "timeout":
        # The official rule when equivalence runs out of time: "not equal", then the distance.
        yield from finish(
            pair, _decide_here(gt, pred, config, f"the equivalence check was {out.detail}")
        )
        return
    yield from finish(
        pair,
        Result(
            score=0.0,
            status=Status.ERROR,
            reason=f"the equivalence check failed: {out.detail}",
            signature=config.signature(),
        ),
    )


def score_many(
    gts: Sequence[Any],
    preds: Sequence[Any],
    *,
    profile: str | Config = "default",
    workers: int | None = None,
    timeout: float | None = None,
    cache: str | os.PathLike[str] | Cache | None = None,
    executor: cf.Executor | None = None,
    engine: Engine | None = None,
    progress: bool = False,
    answer_type: str | None = None,
    extract: bool | None = None,
) -> list[Result]:
    """Score ``preds[i]`` against ``gts[i]`` for every i; results come back in input order.

    - ``workers``: worker processes; None uses every core, 0 scores in this process (no hard
      time limits, only the in-process budgets). A small batch starts fewer workers than
      asked, as many as it keeps busy (`eed.batch.engines.pool_size`).
    - ``timeout``: seconds; bounds each pair's work, on top of the profile's stage budgets.
      It needs worker processes: with ``workers=0`` it raises ValueError, since C-level work in
      this process cannot be interrupted.
    - ``cache``: a path (or `eed.Cache`) for a persistent SQLite cache of canonical forms
      and results.
    - ``executor``: any concurrent.futures.Executor to run the tasks on instead (Dask, say).
    - ``engine``: an `eed.batch` engine to reuse across calls (the caller closes it).
    - ``progress``: a tqdm progress bar on stderr.
    - ``answer_type``: how to compare the answers, as in `eed.score`.
    - ``extract``: whether each prediction is a model's whole output to take the final answer
      from, as in `eed.score`.

    Bad items never stop the batch: each gets its own Result with a status and a reason.
    """
    results: list[Result | None] = [None] * len(gts)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(gts), unit="pair", mininterval=0.5, delay=1.0)

    def on_wait(running: int) -> None:
        # Called several times a second while workers are busy, so the bar never looks stuck.
        if bar is not None:
            bar.set_postfix_str(f"{running} running")

    started = time.perf_counter()
    try:
        for i, r in iter_scores(
            gts,
            preds,
            profile=profile,
            workers=workers,
            timeout=timeout,
            cache=cache,
            executor=executor,
            engine=engine,
            answer_type=answer_type,
            extract=extract,
            on_wait=on_wait,
        ):
            results[i] = r
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    logger.debug("scored %d pairs in %.2fs", len(gts), time.perf_counter() - started)
    assert all(r is not None for r in results)
    return results  # type: ignore[return-value]

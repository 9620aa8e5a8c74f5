"""Many pairs at once: each distinct answer is prepared once, pairs stream back as they finish.

The flow for a batch:

1. The raw-string guards run in this process. Pair results found in the persistent cache are
   returned at once. Identical (gt, pred) pairs are computed once.
2. Each distinct string still needed is prepared (parsed, canonicalised, screened) once, in a
   worker, or taken from the cache.
3. As soon as both sides of a pair are ready, it is decided. Pairs that need SymPy's equivalence
   steps go to a worker; pairs that screening shows to differ, or that failed, are decided here,
   since only the (compiled) tree distance remains.

Every task has a hard wall, so a pair can never hang the batch, and any failure becomes that
pair's Result.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
import queue
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from .budget import Unbounded
from .cache import Cache
from .config import Config, get_config, with_answer_type
from .result import Result, Status
from .scoring import Side, decide, guards, needs_equivalence_check
from .workers import (
    Engine,
    ExecutorEngine,
    InlineEngine,
    Outcome,
    ProcessEngine,
    decide_task,
    decide_wall,
    outcome_of,
    prepare_task,
    prepare_wall,
)

__all__ = ["iter_scores", "score_many"]

logger = logging.getLogger(__name__)

_FAILED_SIDE_KIND = {"timeout": "timeout", "crash": "crash", "memory": "crash", "error": "crash"}


def _invalid(value: object, who: str, config: Config) -> Result | None:
    if isinstance(value, str):
        return None
    kind = "None" if value is None else type(value).__name__
    return Result(
        score=0.0,
        status=Status.INVALID_INPUT,
        reason=f"the {who} is {kind}, not a str",
        signature=config.signature(),
    )


def _side_from_failure(latex: str, out: Outcome[Side]) -> Side:
    kind = _FAILED_SIDE_KIND[out.failure or "error"]
    detail = f"preparing it failed: {out.detail}"
    return Side(latex, error=detail, error_kind=kind, timed_out=out.failure == "timeout")


class _Run:
    """The state of one batch: which sides are ready and which pairs wait on them."""

    def __init__(self, config: Config, engine: Engine, cache: Cache | None, timeout: float | None):
        self.config = config
        self.engine = engine
        self.cache = cache
        self.timeout = timeout
        self.sides: dict[str, Side] = {}  # ready sides only
        self.pending: set[str] = set()
        self.waiting: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.futures: dict[cf.Future[Any], tuple[str, Any]] = {}
        # Finished futures arrive here from their done-callbacks: O(1) per completion, where
        # cf.wait over thousands of futures would cost O(n) on every wake-up.
        self.done: queue.SimpleQueue[cf.Future[Any]] = queue.SimpleQueue()

    def track(self, fut: cf.Future[Any], kind: str, key: Any) -> None:
        self.futures[fut] = (kind, key)
        fut.add_done_callback(self.done.put)

    def next_done(self) -> cf.Future[Any]:
        while True:
            try:
                # A timeout keeps the main thread responsive to signals (Ctrl-C).
                return self.done.get(timeout=0.25)
            except queue.Empty:
                continue

    def wall(self, base: float, spent: float = 0.0) -> float:
        if self.timeout is None:
            return base
        return min(base, self.timeout - spent)

    def request_side(self, latex: str) -> None:
        if latex in self.sides or latex in self.pending:
            return
        if self.cache is not None:
            cached = self.cache.get_side(latex, self.config)
            if cached is not None:
                self.sides[latex] = cached
                return
        self.pending.add(latex)
        wall = self.wall(prepare_wall(self.config))
        fut = self.engine.submit(prepare_task, (latex, self.config), wall)
        self.track(fut, "side", latex)

    def is_ready(self, pair: tuple[str, str]) -> bool:
        return pair[0] in self.sides and pair[1] in self.sides


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
) -> Iterator[tuple[int, Result]]:
    """Yield ``(index, Result)`` for every pair, in the order they finish.

    See `score_many` for the arguments.
    """
    config = with_answer_type(get_config(profile), answer_type)
    if len(gts) != len(preds):
        raise ValueError(f"gts and preds differ in length ({len(gts)} vs {len(preds)})")
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be positive")
    store = Cache(cache) if isinstance(cache, (str, os.PathLike)) else cache
    own_engine = engine is None
    if engine is None:
        if executor is not None:
            engine = ExecutorEngine(executor)
        elif workers == 0:
            engine = InlineEngine()
        else:
            engine = ProcessEngine(workers)
    try:
        yield from _run(gts, preds, config, engine, store, timeout)
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
) -> Iterator[tuple[int, Result]]:
    indices: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (gt, pred) in enumerate(zip(gts, preds, strict=False)):
        early = _invalid(gt, "ground truth", config) or _invalid(pred, "prediction", config)
        if early is None:
            early = guards(gt, pred, config)
        if early is None and cache is not None:
            early = cache.get_result(gt, pred, config)
        if early is not None:
            yield i, early
        else:
            indices[(gt, pred)].append(i)
    if not indices:
        return

    run = _Run(config, engine, cache, timeout)
    # How many undecided pairs still need each side: a side is dropped after its last pair, so
    # memory stays flat however long the batch.
    uses: dict[str, int] = defaultdict(int)
    for pair in indices:
        for latex in set(pair):
            uses[latex] += 1
            run.waiting[latex].append(pair)
            run.request_side(latex)
    started: set[tuple[str, str]] = set()

    def finish(pair: tuple[str, str], result: Result) -> Iterator[tuple[int, Result]]:
        if cache is not None:
            cache.put_result(pair[0], pair[1], result, config)
        for latex in set(pair):
            uses[latex] -= 1
            if uses[latex] == 0:
                run.sides.pop(latex, None)
        for i in indices.pop(pair):
            yield i, result

    def start_pair(pair: tuple[str, str]) -> Iterator[tuple[int, Result]]:
        started.add(pair)
        gt, pred = run.sides[pair[0]], run.sides[pair[1]]
        if not needs_equivalence_check(gt, pred, config):
            yield from finish(pair, _decide_here(gt, pred, config))
            return
        wall = run.wall(decide_wall(config), spent=max(gt.seconds, pred.seconds))
        if wall <= 0:
            why = f"the pair's {timeout:g} s timeout was spent preparing its sides"
            yield from finish(pair, _decide_here(gt, pred, config, why))
            return
        fut = engine.submit(decide_task, (gt, pred, config), wall)
        run.track(fut, "pair", pair)

    for pair in [p for p in indices if run.is_ready(p)]:
        yield from start_pair(pair)

    while run.futures:
        fut = run.next_done()
        kind, key = run.futures.pop(fut)
        if kind == "side":
            out: Outcome[Side] = outcome_of(fut)
            side = out.value if out.value is not None else _side_from_failure(key, out)
            run.sides[key] = side
            run.pending.discard(key)
            if cache is not None:
                cache.put_side(side, config)
            for pair in run.waiting.pop(key, []):
                if pair not in started and run.is_ready(pair):
                    yield from start_pair(pair)
        else:
            yield from _finish_decision(key, outcome_of(fut), run, finish)


def _finish_decision(
    pair: tuple[str, str],
    out: Outcome[Result],
    run: _Run,
    finish: Any,
) -> Iterator[tuple[int, Result]]:
    config = run.config
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
) -> list[Result]:
    """Score ``preds[i]`` against ``gts[i]`` for every i; results come back in input order.

    - ``workers``: worker processes; None uses every core, 0 scores in this process (no hard
      time limits, only the in-process budgets).
    - ``timeout``: seconds; bounds each pair's work, on top of the profile's stage budgets.
    - ``cache``: a path (or `eed.cache.Cache`) for a persistent SQLite cache of canonical forms
      and results.
    - ``executor``: any concurrent.futures.Executor to run the tasks on instead (Dask, say).
    - ``engine``: an `eed.workers` engine to reuse across calls (the caller closes it).
    - ``progress``: a tqdm progress bar on stderr.
    - ``answer_type``: how to compare the answers, as in `eed.score`.

    Bad items never stop the batch: each gets its own Result with a status and a reason.
    """
    results: list[Result | None] = [None] * len(gts)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(gts), unit="pair", mininterval=0.5, delay=1.0)
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

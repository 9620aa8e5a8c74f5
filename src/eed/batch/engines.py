"""The process layer: run pipeline stages in worker processes that are killed when they overrun.

In-process budgets (SIGALRM, `eed.budget`) give the official fallbacks for slow SymPy calls. They
cannot stop C-level work such as a huge integer power, and they do not work off the main thread or
on Windows. Here every task also has a hard wall: pebble kills the worker and starts a new one.
A worker that dies (segfault, out-of-memory kill) becomes a failed Outcome, never an exception.

In a worker, each stage also has a CPU cap a little above its budget, which the kernel enforces
even in C code (see `eed.budget.AlarmBudget`), and every worker dies with its parent process,
however the parent dies, so no orphan keeps computing or holding the output files
(`eed.batch.worker`).
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from .warmup import warm_up
from .worker import init_worker, noop

__all__ = [
    "Engine",
    "ExecutorEngine",
    "InlineEngine",
    "Outcome",
    "ProcessEngine",
    "choose_engine",
    "default_engine",
    "forks_workers",
    "outcome_of",
    "pool_size",
    "shutdown",
    "single_call_engine",
    "start_method",
]

logger = logging.getLogger("eed.workers")  # the name these messages have always had

T = TypeVar("T")
Failure = Literal["timeout", "crash", "memory", "error"]

DEFAULT_MEMORY_MB = 4096
CLOSE_WAIT = 10.0
BROKEN_POOL_GRACE = 1.0


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A task's value, or why there is none."""

    value: T | None = None
    failure: Failure | None = None
    detail: str = ""


class Engine(Protocol):
    """Runs tasks; ``wall`` is a hard limit in seconds where the engine can enforce one."""

    def submit(self, fn: Callable[..., T], args: tuple[Any, ...], wall: float) -> cf.Future[T]: ...

    def close(self) -> None: ...


class InlineEngine:
    """Runs each task at once in this process: no isolation, alarm budgets only."""

    capacity = 1
    enforces_walls = False  # C-level work in this process cannot be interrupted

    def submit(self, fn: Callable[..., T], args: tuple[Any, ...], wall: float) -> cf.Future[T]:
        fut: cf.Future[T] = cf.Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:
            fut.set_exception(exc)
        return fut

    def close(self) -> None:
        pass


class TaskFailed(Exception):
    """A task that failed on a remote worker, carried back as an exception."""

    def __init__(self, failure: str, detail: str) -> None:
        super().__init__(failure, detail)
        self.failure = failure
        self.detail = detail


def run_bounded(fn: Callable[..., T], args: tuple[Any, ...], wall: float) -> T:
    """Run a task on a remote executor's worker, with a hard wall where the worker allows it.

    A worker process that may start children (Dask workers with
    ``distributed.worker.daemon: False``) runs the task in its own killable pool; a daemonic one
    runs it inline, bounded only by the in-process budgets.
    """
    if multiprocessing.current_process().daemon:
        return fn(*args)
    out = outcome_of(default_engine().submit(fn, args, wall))
    if out.value is None:
        raise TaskFailed(out.failure or "error", out.detail)
    return out.value


class ExecutorEngine:
    """Runs tasks on any concurrent.futures.Executor (a Dask client's executor, say).

    Each task is wrapped by `run_bounded`, so it keeps its hard wall wherever the executor's
    workers may start processes.
    """

    # Tasks kept in flight on an executor whose size is unknown (a Dask cluster, say).
    DEFAULT_CAPACITY = 64
    enforces_walls = True  # through run_bounded, where the executor's workers may fork

    def __init__(self, executor: cf.Executor, capacity: int | None = None) -> None:
        self.executor = executor
        size = getattr(executor, "_max_workers", None)
        self.capacity = capacity or (size if isinstance(size, int) else self.DEFAULT_CAPACITY)

    def submit(self, fn: Callable[..., T], args: tuple[Any, ...], wall: float) -> cf.Future[T]:
        return self.executor.submit(run_bounded, fn, args, wall)

    def close(self) -> None:
        pass


def forks_workers(start_method: str) -> bool:
    """Whether workers started by ``start_method`` are copies of this process, and so inherit
    its warm-up. Spawned and forkserver workers start from a fresh interpreter: each warms up
    in its initializer instead."""
    return start_method == "fork"


def start_method() -> str:
    """How this process would start workers now, without fixing the choice as a side effect
    (the platform's default comes first in `multiprocessing.get_all_start_methods`)."""
    chosen = multiprocessing.get_start_method(allow_none=True)
    return chosen or multiprocessing.get_all_start_methods()[0]


# The fewest pairs worth starting one more worker for. A worker forked from a warm parent costs
# about as much to start as a few short pairs cost to score; one that starts from a fresh
# interpreter imports SymPy and warms up, about 3.5 s, the time of some 60 short pairs
# (measured on a 2-core machine; see docs/performance.md).
PAIRS_PER_FORKED_WORKER = 4
PAIRS_PER_FRESH_WORKER = 64


def pool_size(workers: int | None, pairs: int | None = None, method: str | None = None) -> int:
    """How many workers a new pool for a batch of ``pairs`` pairs gets: ``workers`` (None:
    every core), but no more than the batch keeps busy, so that a small batch (a reward call's
    handful of pairs) does not pay for starting workers it would barely use."""
    n = max(1, workers or os.cpu_count() or 1)
    if pairs is None:
        return n
    per = (
        PAIRS_PER_FORKED_WORKER
        if forks_workers(method or start_method())
        else PAIRS_PER_FRESH_WORKER
    )
    return max(1, min(n, -(-pairs // per)))


class ProcessEngine:
    """A pool of killable worker processes (pebble), started on first use."""

    enforces_walls = True

    def __init__(
        self, workers: int | None = None, memory_mb: int | None = DEFAULT_MEMORY_MB
    ) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.memory_mb = memory_mb
        self._pool: Any = None
        self._lock = threading.Lock()
        self._pending: dict[int, set[cf.Future[Any]]] = {}  # per pool, tasks not yet done
        self._keepers: dict[int, threading.Event] = {}  # per pool, stops its forking thread

    @property
    def capacity(self) -> int:
        """How many tasks run at once."""
        return self.workers

    def _get_pool(self) -> Any:
        with self._lock:
            if self._pool is not None and not self._pool.active:
                # A broken pool (pebble gives up on it after, say, a result it cannot read)
                # takes no more tasks: start afresh.
                logger.warning("worker pool broke; starting a new one")
                broken, self._pool = self._pool, None
                self._fail_pending(broken)
                broken.stop()
                self._release(broken)
            if self._pool is None:
                self._pool = self._start_pool()
                self._pending[id(self._pool)] = set()
            return self._pool

    def _start_pool(self) -> Any:
        """A new pool whose first workers are forked by a thread that lives as long as the pool.

        Linux sends the parent-death signal when the *thread* that forked a worker ends, so
        forking from a caller's short-lived thread (``asyncio.to_thread``, say) would kill the
        workers with it. pebble forks replacements from its own manager thread, which lives as
        long as the pool.
        """
        from pebble import ProcessPool

        context = multiprocessing.get_context()
        forks = forks_workers(context.get_start_method())
        if forks:
            # Paid once here, it is inherited by every worker and every replacement of one.
            warm_up()
        pool = ProcessPool(
            max_workers=self.workers,
            initializer=init_worker,
            initargs=(self.memory_mb, os.getpid(), not forks),
            context=context,
        )
        started = threading.Event()
        stop = threading.Event()

        def keep() -> None:
            pool.schedule(noop)  # pebble starts its workers on the first task
            started.set()
            stop.wait()

        keeper = threading.Thread(target=keep, name="eed-pool-keeper", daemon=True)
        keeper.start()
        started.wait()
        self._keepers[id(pool)] = stop
        return pool

    def _release(self, pool: Any) -> None:
        stop = self._keepers.pop(id(pool), None)
        if stop is not None:
            stop.set()

    def submit(self, fn: Callable[..., T], args: tuple[Any, ...], wall: float) -> cf.Future[T]:
        pool = self._get_pool()
        fut: cf.Future[T] = pool.schedule(fn, args=args, timeout=max(wall, 0.01))
        pending = self._pending.setdefault(id(pool), set())
        pending.add(fut)
        fut.add_done_callback(lambda f: self._settle(pool, f))
        return fut

    def _settle(self, pool: Any, fut: cf.Future[Any]) -> None:
        """A task ended. If it ended because the pool broke, the pool's queued tasks would wait
        forever: they fail now instead."""
        self._pending.get(id(pool), set()).discard(fut)
        if fut.cancelled() or not isinstance(fut.exception(), BrokenProcessPool):
            return
        # pebble is failing the tasks it had started, on this very thread; the ones it had not
        # started are failed a moment later, once it is done.
        timer = threading.Timer(BROKEN_POOL_GRACE, self._fail_pending, (pool,))
        timer.daemon = True
        timer.start()

    def _fail_pending(self, pool: Any) -> None:
        for other in list(self._pending.pop(id(pool), set())):
            if not other.done():
                with contextlib.suppress(cf.InvalidStateError):
                    other.set_exception(BrokenProcessPool("the worker pool broke"))

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        pool.stop()
        self._release(pool)
        # Joining can stall if a worker is wedged; never let closing hang the caller.
        joiner = threading.Thread(target=pool.join, daemon=True)
        joiner.start()
        joiner.join(CLOSE_WAIT)
        if joiner.is_alive():
            logger.warning("worker pool did not stop in %gs; killing its processes", CLOSE_WAIT)
            for child in multiprocessing.active_children():
                child.kill()
            joiner.join(CLOSE_WAIT)

    def __enter__(self) -> ProcessEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def outcome_of(fut: cf.Future[T]) -> Outcome[T]:
    """Wait for a future and classify how it ended."""
    from pebble import ProcessExpired

    try:
        return Outcome(fut.result())
    except cf.TimeoutError:
        return Outcome(failure="timeout", detail="killed after its wall-time limit")
    except ProcessExpired as exc:
        code = exc.exitcode
        if hasattr(signal, "SIGPROF") and code == -signal.SIGPROF:
            return Outcome(
                failure="timeout",
                detail="killed when a stage ran past its budget in code no alarm can interrupt",
            )
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return Outcome(failure="crash", detail=f"worker process died ({how})")
    except MemoryError:
        return Outcome(failure="memory", detail="ran out of memory")
    except TaskFailed as exc:
        kind = exc.failure if exc.failure in ("timeout", "crash", "memory") else "error"
        return Outcome(failure=kind, detail=exc.detail)  # type: ignore[arg-type]
    except cf.CancelledError:
        return Outcome(failure="error", detail="task was cancelled")
    except Exception as exc:
        return Outcome(failure="error", detail=f"{type(exc).__name__}: {exc}")


def choose_engine(
    *,
    workers: int | None = None,
    executor: cf.Executor | None = None,
    capacity: int | None = None,
    pairs: int | None = None,
) -> Engine:
    """The engine for a batch, which its caller closes: the tasks go to ``executor`` when there
    is one (with ``capacity`` tasks in flight, else the executor's size), run in this process
    when ``workers`` is 0, and otherwise in a new pool of up to ``workers`` processes (None:
    every core), sized by `pool_size` to the batch's ``pairs`` when that is known.

    A small batch still runs in a worker process, never in this one: every pair keeps its hard
    wall, which only a process that can be killed gives."""
    if executor is not None:
        return ExecutorEngine(executor, capacity=capacity)
    if workers == 0:
        return InlineEngine()
    return ProcessEngine(pool_size(workers, pairs))


def single_call_engine() -> Engine:
    """The engine for one-off calls: the shared pool, or in-process inside a daemonic process,
    which may not start children."""
    if multiprocessing.current_process().daemon:
        return InlineEngine()
    return default_engine()


_shared_lock = threading.Lock()
_shared: dict[int, ProcessEngine] = {}


def default_engine(workers: int | None = None) -> ProcessEngine:
    """The process-wide engine that `eed.score` uses, started lazily and stopped at exit."""
    n = max(1, workers or os.cpu_count() or 1)
    with _shared_lock:
        engine = _shared.get(n)
        if engine is None:
            engine = _shared[n] = ProcessEngine(n)
        return engine


@atexit.register
def shutdown() -> None:
    """Stop the shared worker pools that `eed.score` started; the next call starts them again."""
    with _shared_lock:
        engines = list(_shared.values())
        _shared.clear()
    for e in engines:
        e.close()

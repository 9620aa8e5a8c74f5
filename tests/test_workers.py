"""Hard walls, crashes, threads and leaks: the process layer never hangs and never leaks."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import ctypes
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

import eed
from eed import Status
from eed.batch import ProcessEngine, outcome_of, prepare_task

CFG = eed.get_config("default")
BUDGET = 3.0

PATHOLOGICAL = {
    "power tower": r"5^{5^{5^{5^5}}}",
    "huge factorial": r"10^{10^{10}}!",
    "nested fraction": "".join(r"\frac{1}{1+" for _ in range(50)) + "x" + "}" * 50,
    "5000-term sum": "+".join(f"x_{{{i}}}" for i in range(5000)),
    "100 kB string": "x+" * 50000 + "x",
    "deep braces": "{" * 5000 + "x" + "}" * 5000,
}


def children() -> set[int]:
    me = str(os.getpid())
    out = set()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me and fields[0] != "Z":
            out.add(int(pid))
    return out


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_inputs_hit_a_hard_wall(name: str) -> None:
    latex = PATHOLOGICAL[name]
    start = time.monotonic()
    # As ground truth (no length guard applies) and as prediction.
    results = eed.score_many(
        [latex, "x + 1"], ["x + 1", latex], profile=CFG, workers=2, timeout=BUDGET
    )
    elapsed = time.monotonic() - start
    assert elapsed < BUDGET + 2 + 1.5  # budget + 2 s, plus pool start-up
    for r in results:
        assert r.reason
        assert r.score in (0.0,) or r.status in (Status.SCORED, Status.EQUIVALENT)
        assert (r.score == 100.0) == (r.status is Status.EQUIVALENT)


def test_single_call_timeout_bounds_the_pair() -> None:
    start = time.monotonic()
    r = eed.score(r"5^{5^{5^{5^5}}}", "x", timeout=2.0)
    assert time.monotonic() - start < 2.0 + 2
    assert r.status is Status.TIMEOUT and r.timed_out
    assert "wall-time" in (r.reason or "")


def test_no_stray_processes_or_threads_after_timeouts() -> None:
    eed.shutdown()  # the shared pool of eed.score is long-lived by design; start from none
    before_children = children()
    before_threads = threading.active_count()
    eed.score_many(
        [PATHOLOGICAL["power tower"]] * 2 + ["x"], ["x", "y", "x+1"], workers=2, timeout=1.0
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (
        children() - before_children or threading.active_count() > before_threads
    ):
        time.sleep(0.1)
    assert children() - before_children == set()
    assert threading.active_count() <= before_threads


def test_result_does_not_depend_on_what_ran_before() -> None:
    pair = (r"\frac{m v^2}{2} + m g h", r"\frac{m v^2}{2} - m g h")
    engine = ProcessEngine(1)
    try:
        fresh = list(eed.iter_scores([pair[0]], [pair[1]], engine=engine))
        list(eed.iter_scores([PATHOLOGICAL["power tower"]], ["x"], engine=engine, timeout=1.0))
        after = list(eed.iter_scores([pair[0]], [pair[1]], engine=engine))
    finally:
        engine.close()
    assert fresh == after


def _segfault(*_: Any) -> None:
    ctypes.string_at(0)


def _exit_hard(*_: Any) -> None:
    os._exit(9)


@pytest.mark.parametrize("fn", [_segfault, _exit_hard])
def test_worker_death_is_an_outcome(fn: Callable[..., Any]) -> None:
    with ProcessEngine(1) as engine:
        out = outcome_of(engine.submit(fn, (), 10.0))
        assert out.failure == "crash" and "died" in out.detail
        # The pool replaces the worker and goes on.
        side = outcome_of(engine.submit(prepare_task, ("x+1", CFG), 30.0))
        assert side.failure is None


class CrashingEngine(ProcessEngine):
    """Crashes the worker for one input, to test that a batch survives it."""

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...], wall: float) -> cf.Future[Any]:
        if fn is prepare_task and args[0] == "CRASH":
            return super().submit(_segfault, args, wall)
        return super().submit(fn, args, wall)


def _refuse_to_load() -> None:
    raise TypeError("cannot rebuild this object")


class _Unloadable:
    """Pickles in the worker, fails to unpickle in the parent (as some SymPy objects do)."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_refuse_to_load, ())


def _unloadable(*_: Any) -> _Unloadable:
    return _Unloadable()


def _slow_ok(seconds: float) -> str:
    time.sleep(seconds)
    return "ok"


def test_a_broken_pool_fails_its_tasks_and_is_replaced() -> None:
    with ProcessEngine(2) as engine:
        futures = [engine.submit(_slow_ok, (0.5,), 30.0) for _ in range(6)]
        bad = engine.submit(_unloadable, (), 30.0)
        futures += [engine.submit(_slow_ok, (0.1,), 30.0) for _ in range(6)]
        _, pending = cf.wait([bad, *futures], timeout=60)
        assert not pending, "tasks of a broken pool must not wait forever"
        assert outcome_of(bad).failure == "error"
        for f in futures:  # each either ran or failed with a reason: none hangs
            out = outcome_of(f)
            assert out.value == "ok" or out.failure == "error"
        # The next task runs on a fresh pool.
        assert outcome_of(engine.submit(_slow_ok, (0.0,), 30.0)).value == "ok"


def test_crash_becomes_an_error_result_and_the_batch_goes_on() -> None:
    engine = CrashingEngine(2)
    try:
        got = dict(eed.iter_scores(["CRASH + x", "x+y"], ["CRASH", "x-y"], engine=engine))
    finally:
        engine.close()
    assert got[0].status is Status.ERROR and "died" in (got[0].reason or "")
    assert got[1].status is Status.SCORED


def test_memory_blowup_is_reported_not_fatal() -> None:
    r = eed.score(r"10^{10^{10}}!", "x", timeout=5.0)
    assert r.status in (Status.ERROR, Status.TIMEOUT)
    assert r.reason


def test_from_threads_and_asyncio() -> None:
    pairs = [("a+b", "a-b"), ("x^2", "x^2"), (r"\frac{1}{2} m v^2", r"m v^2")]
    expected = [eed.score(g, p) for g, p in pairs]
    with cf.ThreadPoolExecutor(3) as ex:
        assert list(ex.map(lambda gp: eed.score(*gp), pairs)) == expected

    async def main() -> list[eed.Result]:
        return list(await asyncio.gather(*(asyncio.to_thread(eed.score, g, p) for g, p in pairs)))

    assert asyncio.run(main()) == expected


@pytest.mark.parametrize("bad", [None, b"x", 1.5])
def test_non_str_input_is_invalid_not_an_exception(bad: object) -> None:
    r = eed.score(bad, "x")  # type: ignore[arg-type]
    assert r.status is Status.INVALID_INPUT and r.score == 0.0


@pytest.mark.parametrize(
    ("gt", "pred", "status"),
    [
        ("x", "", Status.EMPTY),
        ("x", " \t\n", Status.EMPTY),
        ("x+y", "x\x00y", Status.PRED_PARSE_ERROR),
    ],
)
def test_clear_status_for_degenerate_strings(gt: str, pred: str, status: Status) -> None:
    r = eed.score(gt, pred)
    assert r.status is status and r.reason


def test_prepared_sides_that_cannot_cross_processes_are_failures() -> None:
    from eed.batch.tasks import _round_trips

    assert not _round_trips(_Unloadable())
    # An unevaluated union of tuples pickles but cannot be rebuilt; the pair still gets a result.
    r = eed.score(r"(2, 12) \cup (12, 102)", r"(2,12) \cup (12,102)")
    assert r.status in (Status.EQUIVALENT, Status.ERROR, Status.UNSUPPORTED)


def _worker_pid() -> int:
    return os.getpid()


def test_workers_forked_for_a_short_lived_thread_outlive_it() -> None:
    # Linux's parent-death signal follows the thread that forked a worker: a pool first used
    # from a thread that then ends (asyncio.to_thread, say) must keep its workers.
    with ProcessEngine(1) as engine:
        first: list[int] = []
        caller = threading.Thread(
            target=lambda: first.append(outcome_of(engine.submit(_worker_pid, (), 30)).value or 0)
        )
        caller.start()
        caller.join(60)
        time.sleep(0.5)  # time for a signal to arrive, were one sent
        again = outcome_of(engine.submit(_worker_pid, (), 30))
        assert again.failure is None and again.value == first[0] != 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_workers_ask_to_die_with_their_parent() -> None:
    from eed.batch.worker import die_with_parent

    with ProcessEngine(1) as engine:
        out = outcome_of(engine.submit(die_with_parent, (os.getpid(),), 30))
    assert out.value == "pdeathsig"


def test_a_stage_stuck_in_c_code_ends_soon_after_its_budget() -> None:
    # simplify meets a huge integer power, which no alarm interrupts: the CPU cap ends the
    # worker about 2 s after the stage's budget, long before the side's wall.
    from eed.batch import prepare_wall

    start = time.monotonic()
    r = eed.score(r"5^{5^{5^{5^5}}}", "x", profile=CFG)
    took = time.monotonic() - start
    assert r.status is Status.TIMEOUT and r.timed_out
    assert "wall-time limit" not in (r.reason or ""), r.reason
    assert took < CFG.parse_timeout + CFG.simplify_timeout + 8 < prepare_wall(CFG)


def _sum_under_budget() -> int:
    from eed.budget import AlarmBudget

    # sum() over a range loops in C without checking for signals, so the alarm cannot fire;
    # it needs no memory, so only the CPU cap can end it.
    return AlarmBudget(kill_after=0.5).run("sum", 0.5, sum, range(10**12))


def test_the_cpu_cap_ends_a_worker_stuck_in_c_code() -> None:
    with ProcessEngine(1) as engine:
        start = time.monotonic()
        out = outcome_of(engine.submit(_sum_under_budget, (), 60))
        took = time.monotonic() - start
    assert out.failure == "timeout" and "no alarm can interrupt" in out.detail
    assert took < 10

"""In-process time budgets for the pure pipeline.

The pure pipeline never starts processes. It asks a `Budget` to run each expensive call. The
`AlarmBudget` interrupts Python-level work with SIGALRM, which works on the main thread of a
POSIX process (so inside our worker processes too). Where it cannot work (other threads,
Windows) it runs the call unbounded and says so in the log; the process layer (`eed.batch`)
is what bounds work in every thread and on every OS.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from .errors import BudgetExceeded

__all__ = ["AlarmBudget", "Budget", "Unbounded"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Budget(Protocol):
    def run(self, stage: str, seconds: float, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)``; raise BudgetExceeded if it takes longer than ``seconds``."""
        ...


class Unbounded:
    """Runs every call to completion."""

    def run(self, stage: str, seconds: float, fn: Callable[..., T], *args: Any) -> T:
        return fn(*args)


def _alarm_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class AlarmBudget:
    """Interrupts overrunning Python code with SIGALRM (main thread, POSIX only).

    ``kill_after`` (seconds) is for worker processes only. A Python signal handler runs only
    between bytecodes, so a stage stuck in C code (a huge integer power inside ``simplify``)
    never sees its alarm. With ``kill_after`` set, a CPU-time timer whose signal (SIGPROF) keeps
    its default action is armed for the stage's budget plus that slack: the kernel then ends the
    whole process, wherever it is, and the process layer reports a timeout. Never set it in a
    process whose death would take anything else with it.
    """

    def __init__(self, kill_after: float | None = None) -> None:
        self.kill_after = kill_after

    def run(self, stage: str, seconds: float, fn: Callable[..., T], *args: Any) -> T:
        if seconds <= 0 or not _alarm_usable():
            if seconds > 0:
                logger.debug("no in-process budget for %s off the main thread", stage)
            return fn(*args)

        def on_alarm(signum: int, frame: Any) -> None:
            raise BudgetExceeded(stage, seconds)

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        outer = self._arm_cpu_kill(seconds)
        try:
            return fn(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if outer is not None:
                signal.setitimer(signal.ITIMER_PROF, *outer)

    def _arm_cpu_kill(self, seconds: float) -> tuple[float, float] | None:
        if self.kill_after is None or not hasattr(signal, "SIGPROF"):
            return None
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
        # The previous setting is restored afterwards (0 when none was armed).
        return signal.setitimer(signal.ITIMER_PROF, seconds + self.kill_after)

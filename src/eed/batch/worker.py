"""The life of one pool worker process: it ignores Ctrl-C, caps its memory, and dies with its
parent however the parent dies, so no orphan keeps computing or holding the output files.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import time

from .warmup import warm_up

__all__ = ["die_with_parent", "in_worker", "init_worker", "noop"]

logger = logging.getLogger("eed.workers")  # the name these messages have always had

_in_worker = False


def in_worker() -> bool:
    """Whether this process is a pool worker (started by `init_worker`)."""
    return _in_worker


def noop() -> None:
    """A task that starts a pool's workers."""


def init_worker(megabytes: int | None, parent: int | None = None, warm: bool = False) -> None:
    """A pool worker's initializer; ``warm``: pay the one-time costs of scoring here, for a
    worker that did not inherit them from a warm parent (see `eed.batch.warmup`)."""
    global _in_worker
    _in_worker = True
    # Ctrl-C is the parent's to handle: it stops the pool. A worker dying of it mid-task would
    # only turn into a spurious crash result.
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        die_with_parent(parent)
    _limit_memory(megabytes)
    if warm:
        warm_up()


# From <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1
WATCHDOG_INTERVAL = 0.5


def die_with_parent(parent: int) -> str:
    """Make this process end when ``parent`` does, however it ends (``kill -9`` included).

    An orphaned worker would go on burning a CPU on its task and keep the output files open.
    Linux delivers SIGKILL on the parent's death (``PR_SET_PDEATHSIG``); elsewhere a watchdog
    thread notices the reparenting. Returns the mechanism used, for tests and logs.
    """
    if _set_pdeathsig():
        # The parent may have died before the request took effect: then no signal will come.
        if os.getppid() != parent:
            os._exit(1)
        return "pdeathsig"
    watchdog = threading.Thread(
        target=_watch_parent, args=(parent,), name="eed-parent-watchdog", daemon=True
    )
    watchdog.start()
    return "watchdog"


def _set_pdeathsig() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError) as exc:
        logger.debug("no parent-death signal: %s", exc)
        return False


def _watch_parent(parent: int) -> None:
    # POSIX reparents an orphan, so its parent id changes. The check needs the GIL: a task stuck
    # in C code holds it, and such a worker ends only when that call returns.
    while os.getppid() == parent:
        time.sleep(WATCHDOG_INTERVAL)
    os._exit(1)


def _limit_memory(megabytes: int | None) -> None:
    if not megabytes:
        return
    try:
        import resource

        cap = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError) as exc:  # not on every OS
        logger.debug("cannot cap worker memory: %s", exc)

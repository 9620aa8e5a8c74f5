"""Running the reward server: uvicorn, the worker pool, and a clean stop.

On SIGTERM (or Ctrl-C) uvicorn stops accepting connections and waits up to ``grace`` seconds for
the requests in flight; then the worker pool is closed, so the process exits with no worker left.
If the server is killed outright (SIGKILL), its workers get SIGKILL from the kernel as their
parent dies (`eed.batch.worker.die_with_parent`).
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

from ..batch import ProcessEngine
from .app import build_app
from .options import ServeOptions

__all__ = ["StoppableEngine", "serve"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

# uvicorn's own cap on connections and tasks, far above the application's backpressure: the
# application answers 503 with Retry-After first; this only bounds a flood of idle connections.
CONNECTION_FACTOR = 4
CONNECTION_MARGIN = 64


class StoppableEngine:
    """A worker pool that, once closed, fails new tasks instead of starting a new pool: a
    request still running after the grace period must not bring workers back."""

    enforces_walls = True

    def __init__(self, workers: int | None) -> None:
        self.inner = ProcessEngine(workers)
        self._lock = threading.Lock()
        self.closed = False

    @property
    def capacity(self) -> int:
        return self.inner.capacity

    def submit(self, fn: Callable[..., T], args: tuple[Any, ...], wall: float) -> cf.Future[T]:
        with self._lock:
            if not self.closed:
                return self.inner.submit(fn, args, wall)
        fut: cf.Future[T] = cf.Future()
        fut.set_exception(RuntimeError("the server is shutting down"))
        return fut

    def close(self) -> None:
        with self._lock:
            self.closed = True
        self.inner.close()


def serve(options: ServeOptions) -> int:
    """Serve until SIGTERM or SIGINT; returns the exit code (0 after a clean stop).

    Raises OSError when the address cannot be bound."""
    import uvicorn

    engine = StoppableEngine(options.workers)
    app = build_app(options, engine)
    config = uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        log_level=options.log_level,
        access_log=options.log_level == "debug",
        timeout_graceful_shutdown=options.grace,
        limit_concurrency=CONNECTION_FACTOR * (options.concurrency + options.queue)
        + CONNECTION_MARGIN,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    stops: list[int] = []

    def note(sig: int, frame: FrameType | None) -> None:
        stops.append(sig)

    # uvicorn raises the signal that stopped it again once it is done, under the handler that
    # was there before it: this one, so that the pool is closed below instead of the process
    # dying at once.
    previous = {sig: signal.signal(sig, note) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.run()
    except SystemExit:
        # uvicorn exits when it cannot bind the address (after logging why).
        if server.started:
            raise
    finally:
        engine.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not server.started:
        raise OSError(f"cannot serve on {options.host}:{options.port}; see the log above")
    logger.info(
        "stopped (%s); worker pool closed",
        ", ".join(signal.Signals(s).name for s in stops) or "no signal",
    )
    return 0

"""Ctrl-C while a run is scoring."""

from __future__ import annotations

import signal
import threading
from typing import Any

__all__ = ["InterruptFlag"]


class InterruptFlag:
    """Records Ctrl-C (and still raises KeyboardInterrupt) while a run is scoring."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._previous: Any = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)

    def _on_sigint(self, signum: int, frame: Any) -> None:
        self._event.set()
        raise KeyboardInterrupt

    def is_set(self) -> bool:
        return self._event.is_set()

    def restore(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

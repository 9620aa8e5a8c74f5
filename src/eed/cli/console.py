"""What the command says on stderr: the library's warnings and its own notes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .exits import PROG

__all__ = ["logging_to_stderr", "note"]


class _LowerLevelFormatter(logging.Formatter):
    """``warning:`` rather than ``WARNING:``, like argparse's ``error:``."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.levelname = record.levelname.lower()
        return super().format(record)


@contextmanager
def logging_to_stderr(quiet: bool) -> Iterator[None]:
    """Show the library's warnings as ``eed-score: warning: ...`` for the length of a run."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LowerLevelFormatter(f"{PROG}: %(levelname)s: %(message)s"))
    handler.setLevel(logging.ERROR if quiet else logging.WARNING)
    root = logging.getLogger("eed")
    root.addHandler(handler)
    old_level = root.level
    if root.level == logging.NOTSET or root.level > handler.level:
        root.setLevel(handler.level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def note(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(f"{PROG}: {message}", file=sys.stderr)

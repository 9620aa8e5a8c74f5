"""What eed-score exits with, and how it reports an error."""

from __future__ import annotations

import sys

__all__ = [
    "EXIT_CODES",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_SCHEDULER",
    "EXIT_SIGNATURE",
    "EXIT_USAGE",
    "PROG",
    "Fail",
    "error",
]

PROG = "eed-score"

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_SIGNATURE = 4
EXIT_OUTPUT = 5
EXIT_SCHEDULER = 6
EXIT_INTERRUPTED = 130

EXIT_CODES = {
    EXIT_OK: "success (unparseable answers are results with a status, not errors)",
    EXIT_USAGE: "usage error: bad options or arguments (--plot without matplotlib, --timeout "
    "with --workers 0, --scheduler without Dask too)",
    EXIT_INPUT: "an input file is missing, unreadable or malformed (named with its line)",
    EXIT_SIGNATURE: "--output DIR holds results scored with another signature or on other inputs",
    EXIT_OUTPUT: "--output DIR, the summary or the plot cannot be written (or another run has DIR)",
    EXIT_SCHEDULER: "the Dask scheduler given by --scheduler cannot be reached",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); every result finished so far is saved",
}


class Fail(Exception):
    """An error to print as ``eed-score: error: ...`` and exit with ``code``."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def error(message: str, code: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code

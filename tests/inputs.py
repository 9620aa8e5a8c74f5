"""Reading one input file as the CLI does, for the tests of the input layer."""

from __future__ import annotations

from typing import IO

from eed.io import parse_source
from eed.io.records import LoadedFile
from eed.io.source import read_source


def load_file(path: str, fmt: str = "auto", stdin: IO[bytes] | None = None) -> LoadedFile:
    """One input file (``-`` for stdin) read and checked in the given or detected format."""
    return parse_source(read_source(path, stdin), path, fmt)

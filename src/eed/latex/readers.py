"""The reader of each dialect: its preprocessing and its parse, in one registry.

A dialect (`eed.config.Dialect`) says what a reading does; its reader here does it. Adding a
dialect is one Dialect object and one entry in ``READERS``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

import sympy

from ..config import OFFICIAL, PHYSICS, Config, Dialect
from ..errors import ParseError, describe
from . import legacy, physics
from .convert import to_sympy

__all__ = ["READERS", "Reader", "reader_of"]

logger = logging.getLogger(__name__)


class Reader(Protocol):
    def preprocess(self, latex: str, config: Config) -> str:
        """The text latex2sympy is given."""
        ...

    def parse(self, latex: str, config: Config) -> Any:
        """The SymPy reading of a non-empty answer; raises ParseError."""
        ...


@dataclass(frozen=True)
class OfficialReader:
    """The official string rewrites, then one latex2sympy call."""

    def preprocess(self, latex: str, config: Config) -> str:
        return legacy.preprocess(latex)

    def parse(self, latex: str, config: Config) -> Any:
        try:
            text = self.preprocess(latex, config)
        except Exception as exc:  # the official rewrites can fail too; that is a parse failure
            raise ParseError(latex, f"preprocessing failed: {describe(exc)}") from exc
        if not text.strip():
            raise ParseError(latex, "nothing left to parse after preprocessing")
        expr = to_sympy(latex, text, config.fast_reader)
        if expr is None:
            raise ParseError(latex, "parser returned nothing")
        logger.debug("parsed %r as %r via %r", latex, expr, text)
        return expr


@dataclass(frozen=True)
class PhysicsReader:
    """The physics rules on tokens; a ``\\pm`` answer has one reading per sign."""

    def preprocess(self, latex: str, config: Config) -> str:
        # The readings of a \pm answer are joined with " ; ", under the profile's switches.
        return " ; ".join(r.text for r in physics.rewrite(latex, config))

    def parse(self, latex: str, config: Config) -> Any:
        try:
            readings = physics.parse(latex, config)
        except RecursionError as exc:
            raise ParseError(latex, "expression nested too deeply to parse") from exc
        # A \pm answer has one reading per sign: its value is the set of them.
        return readings[0] if len(readings) == 1 else sympy.FiniteSet(*readings)


READERS: Mapping[Dialect, Reader] = MappingProxyType(
    {OFFICIAL: OfficialReader(), PHYSICS: PhysicsReader()}
)


def reader_of(config: Config) -> Reader:
    """The reader of the config's dialect."""
    return READERS[config.dialect]

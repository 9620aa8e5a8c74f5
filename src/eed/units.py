"""Units of numeric answers, read with pint.

The physics dialect strips a unit written after a number (``5.3\\times10^{-11}\\,\\text{m}``)
and keeps its text. When both answers are numbers with units, the prediction is converted to the
ground truth's unit before the numeric tiers compare them, so ``0.529\\,\\text{Å}`` matches
``5.3\\times10^{-11}\\,\\text{m}``. Units of different dimensions (metres against seconds) mean
the number is not the quantity asked for.

pint parses with its own grammar; no string is ever evaluated as Python.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from .latex.physics import is_counted_noun

__all__ = ["Conversion", "convert", "in_kelvin", "is_unit", "pint_text", "same_unit"]

logger = logging.getLogger(__name__)

# LaTeX and unicode spellings pint does not read, in the order they are replaced.
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    (r"\\(?:text|mathrm|textrm|rm|mbox|operatorname|mathit|textit|unit)\b", " "),
    (r"\^\s*\{?\s*\\circ\s*\}?\s*\{?\s*C\b\s*\}?", " degC "),
    (r"\^\s*\{?\s*\\circ\s*\}?\s*\{?\s*F\b\s*\}?", " degF "),
    (r"°\s*C\b", " degC "),
    (r"°\s*F\b", " degF "),
    (r"\^\s*\{?\s*\\circ\s*\}?", " degree "),
    (r"°", " degree "),
    (r"\\AA\b|\\mathring\s*\{?\s*A\s*\}?|Å", " angstrom "),
    (r"\\Omega\b|Ω", " ohm "),
    (r"\\mu\b|μ", "µ"),
    (r"\\%|%", " percent "),
    (r"\\\$", " dollar "),
    (r"\\(?:cdot|times)\b|·|×", " * "),
    (r"\\[,;:! ]|~", " "),
)
# Symbols pint reads as another unit than a physicist means.
_ALIASES = {
    "Gs": "gauss",
    "AU": "astronomical_unit",
    "au": "astronomical_unit",
    "unit": "item",  # pint would read a micro-nit
    "units": "item",
}
_WORD = re.compile(r"[A-Za-zµ_]+")


def pint_text(unit_latex: str) -> str | None:
    """The unit as text pint can read, or None when it is not plainly a unit."""
    text = unit_latex
    for pattern, repl in _REPLACEMENTS:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"\^\s*\{([^{}]*)\}", r"^(\1)", text)
    text = text.replace("{", " ").replace("}", " ")
    text = re.sub(r"µ\s+", "µ", text)  # \mu\text{m} is one unit, micrometres
    if "\\" in text:
        return None  # a command left over: not a unit we know how to read
    text = _WORD.sub(lambda m: _ALIASES.get(m.group(0), m.group(0)), text)
    text = " ".join(text.split())
    if text.startswith("per "):
        text = "1 / " + text[4:]  # "per second" is 1/s
    return text or None


F = TypeVar("F", bound=Callable[..., Any])

# One lock for all use of the registry. lru_cache does not stop two threads from building it at
# once, and a unit from one registry cannot be compared with a unit from another (pint raises);
# pint's own caches are not made for threads either. A process scoring several batches at once
# (the reward server's threads) goes through here.
_LOCK = threading.RLock()


def _locked(fn: F) -> F:
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return fn(*args, **kwargs)

    return run  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint  # imported on first use: building the registry takes about half a second

    registry: Any = pint.UnitRegistry()
    # Money and counted things, which pint does not know: each currency is a dimension of its
    # own (dollars are not euros), and cents are hundredths of a dollar.
    for definition in _DEFINITIONS:
        registry.define(definition)
    return registry


_DEFINITIONS = (
    "dollar = [currency_usd] = USD = dollars",
    "cent = 0.01 dollar = cents",
    "euro = [currency_eur] = EUR = euros",
    "yuan = [currency_cny] = CNY = RMB",
    "yen = [currency_jpy] = JPY",
    "item = [count] = items = piece = pieces = person = persons = people",
)


@lru_cache(maxsize=1024)
def _units(unit_latex: str) -> Any | None:
    text = pint_text(unit_latex)
    if text is None:
        return None
    try:
        quantity = _registry().parse_expression(text)
    except Exception as exc:  # pint raises many types for text it cannot read
        if is_counted_noun(text):
            # Things counted (``6\\text{ ways}``): a count, whatever is counted, so no length
            # or price.
            return _registry().item
        logger.debug("unit %r not read: %s", unit_latex, exc)
        return None
    units = getattr(quantity, "units", None)
    if units is None or getattr(quantity, "magnitude", None) != 1:
        return None  # a bare number or a scaled unit ("2 m"): not a plain unit
    return units


def _counted(unit_latex: str) -> str | None:
    """The thing a counted noun counts (``apple`` for ``\\text{apples}``), or None."""
    text = pint_text(unit_latex)
    if text is None or not is_counted_noun(text):
        return None
    try:
        _registry().parse_expression(text)
    except Exception:
        return text.lower().removesuffix("s")
    return None  # a unit pint knows (``items``, ``ergs``)


@_locked
def same_unit(a: str, b: str) -> bool:
    """Whether two unit texts name the very same unit (``N`` and ``\\mathrm{N}``)."""
    ua, ub = _units(a), _units(b)
    return ua is not None and ua == ub


class Conversion:
    """The outcome of converting a value between two units."""

    __slots__ = ("reason", "value")

    def __init__(self, value: float | None, reason: str) -> None:
        self.value = value  # None when the units are of different dimensions
        self.reason = reason


@_locked
def is_unit(unit_latex: str) -> bool:
    """Whether the text is plainly a unit that pint reads (``m/s``, ``\\text{kg}``)."""
    return bool(unit_latex.strip()) and _units(unit_latex) is not None


@_locked
def convert(value: float, from_unit: str, to_unit: str) -> Conversion | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``.

    None when either unit cannot be read (the numbers are then compared as they are); a
    Conversion with ``value=None`` when the units are of different dimensions.
    """
    source, target = _units(from_unit), _units(to_unit)
    if source is None or target is None:
        return None
    things = _counted(from_unit), _counted(to_unit)
    if None not in things and things[0] != things[1]:
        # Two different things counted: 6 apples are not 6 oranges.
        return Conversion(None, f"{things[0]}s and {things[1]}s are different things counted")
    registry = _registry()
    try:
        converted = registry.Quantity(value, source).to(target).magnitude
    except Exception as exc:  # DimensionalityError, or offset units in a product
        if source.dimensionality != target.dimensionality:
            return Conversion(None, f"units {source:~} and {target:~} measure different things")
        logger.debug("cannot convert %s to %s: %s", source, target, exc)
        return None
    value = float(converted)
    if not math.isfinite(value):
        return None
    return Conversion(value, f"converted from {source:~} to {target:~}")


@_locked
def in_kelvin(value: float, unit_latex: str) -> float | None:
    """A temperature in kelvin (from K, °C, °F, °R), or None when ``unit_latex`` is not a
    temperature unit."""
    unit = _units(unit_latex)
    if unit is None:
        return None
    registry = _registry()
    kelvin = registry.kelvin
    if unit.dimensionality != registry.Quantity(1, kelvin).dimensionality:
        return None
    try:
        converted = float(registry.Quantity(value, unit).to(kelvin).magnitude)
    except Exception:  # a temperature unit inside a product: not a plain temperature
        return None
    return converted if math.isfinite(converted) else None

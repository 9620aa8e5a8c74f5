"""How precisely a number is written: ``5.001`` claims 5.001 ± 0.0005, ``3 \\times 10^8`` claims
3e8 ± 0.5e8, ``5`` and ``1/3`` are exact.

The numeric tiers compare numbers by relative error; the top tier (100) also asks that the two
numbers agree within the precision the less precise one is written with. ``3.14`` is ``\\pi``
written to two decimals, but ``5.001`` is not ``5``, nor ``3.15`` ``3.14159``: each states
digits the other contradicts.
"""

from __future__ import annotations

import re

__all__ = ["agree_as_written", "written_halfwidth"]

# A decimal literal, optionally times a power of ten (``5.3 \times 10^{-11}``, ``2.1e5``).
_LITERAL = re.compile(
    r"(?<![\d.])(\d+(?:\.(\d+))?)(?![\d.])"
    r"(?:\s*(?:\\times|\\cdot|\*|×)\s*10\s*\^\s*\{?\s*([-+−]?\s*\d+)\s*\}?"
    r"|[eE]([-+]?\d+)(?![\d.]))?"
)


def written_halfwidth(latex: str, value: float) -> float:
    """Half the last written digit of the one literal in ``latex`` whose value is ``value``;
    0 (exact) for an integer without a power of ten, or when no single literal has that
    value (a fraction, a computed or symbolic number)."""
    found: list[float] = []
    for m in _LITERAL.finditer(latex.replace("{,}", "").replace("\\,", "")):
        mantissa, decimals = float(m.group(1)), m.group(2)
        power = m.group(3) or m.group(4)
        exponent = int(power.replace("−", "-").replace(" ", "")) if power else 0
        literal = mantissa * 10.0**exponent
        if abs(abs(value) - literal) > 1e-9 * max(abs(value), 1e-300):
            continue
        if decimals is None and power is None:
            found.append(0.0)  # an integer is exact
        else:
            places = len(decimals) if decimals else 0
            found.append(0.5 * 10.0 ** (exponent - places))
    return found[0] if len(found) == 1 else 0.0


def agree_as_written(g: float, p: float, g_half: float, p_half: float) -> bool:
    """Whether the two numbers agree within the precision of the less precise one."""
    tolerance = max(g_half, p_half) * (1 + 1e-9) + 1e-12 * max(abs(g), abs(p))
    return abs(g - p) <= tolerance

"""The elements of an answer: each top-level element split at the relations of its last chain,
with the unit each side had. The answer's structure is read from these (``eed.answers``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tokens import Token, depths, detokenize, is_comma, split_top_level, strip_spaces
from .pipeline import clean
from .structure import chain_sides, choose_index, last_chain
from .units import unit_start
from .words import EQUALITY_RELATIONS, is_relation

__all__ = ["Element", "elements"]


def _as_text(tok: Token) -> str:
    # The only symbol the cleaning rules make is a verbal answer; as text it reads back the same.
    return "\\text{" + tok.text.strip('"') + "}"


@dataclass(frozen=True)
class Element:
    """One top-level element of an answer, split at the relations of its last chain.

    ``sides`` are the texts of the chain's sides without their units, ``units`` the unit text
    each side had after its number (or None), and ``chosen`` the index of the side that is the
    answer (``choose_index``): ``v = 2\\sqrt{gh} \\approx 14\\,\\mathrm{m/s}`` has sides ``v``,
    ``2\\sqrt{gh}`` and ``14`` (unit ``\\mathrm{m/s}``), and the second is chosen.
    """

    sides: tuple[str, ...]
    units: tuple[str | None, ...]
    chosen: int
    equalities: bool = True  # every relation of the chain says "equal" (=, \\approx, \\sim...)
    relations: tuple[str, ...] = ()  # the chain's relations, in order, as written

    @property
    def proportional(self) -> bool | None:
        """Whether the chosen side is only said to be proportional to the one before it
        (``E \\propto m c^2``); None when the relation says either (``\\sim``: of the order
        of, or scaling as)."""
        if not 0 < self.chosen <= len(self.relations):
            return False
        relation = self.relations[self.chosen - 1]
        return None if relation in LOOSE else relation in PROPTO

    @property
    def only_proportional(self) -> bool:
        """Whether the element is ``name \\propto value`` and nothing more."""
        return len(self.relations) == 1 and self.proportional is True


# The relations that say a value is proportional to another.
PROPTO = frozenset({"\\propto"})
# The relations that say a value is of the order of another, or scales as it.
LOOSE = frozenset({"\\sim"})


def _says_equal(tok: Token) -> bool:
    return tok.text in EQUALITY_RELATIONS


def elements(latex: str) -> list[Element]:
    """The top-level elements of an answer with their relation chains and units."""
    tokens = clean(latex, drop_units=False)  # units kept: each side's unit is reported
    out: list[Element] = []
    for part in split_top_level(tokens, is_comma):
        part = strip_spaces(part)
        if not part:
            continue
        values: list[list[Token]] = []
        units: list[str | None] = []
        for side in chain_sides(part):
            start = unit_start(side, 0, len(side))
            values.append(strip_spaces(side[:start]))
            unit = detokenize(strip_spaces(side[start:])).strip()
            units.append(unit or None)
        chain = last_chain(part)
        levels = depths(chain)
        relations = [t for t, d in zip(chain, levels, strict=True) if d == 0 and is_relation(t)]
        out.append(
            Element(
                tuple(detokenize(v, _as_text) for v in values),
                tuple(units),
                choose_index(values),
                all(_says_equal(t) for t in relations),
                tuple(t.text for t in relations),
            )
        )
    return out

"""The rule registry: every rewrite rule with its name, its order and its switch.

A rule is a small pure function from a token list to a token list. Its registry entry says
where it runs (``order``: rules run from the lowest order up, and each relies on the ones
before it: units are removed before relations are split, relations before symbols are
named...), whether it only cleans the text (``cleans``: the cleaning rules are what
``elements`` reads), and whether a switch turns it on or off (``switch``).

A switch is named like the ``Config`` field that sets it (``e_as_charge``); a switched rule is
called with the switch's value as its second argument. ``switches`` builds the values of every
registered switch from a config, so no caller passes a switch by hand.

Adding a rule is one function in the module of its family and one line in ``REGISTRY`` below
(see ``docs/contributing.md``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ...config import Config
from ..tokens import Token
from .calls import backslashes, functions
from .names import e_charge, fonts, symbols
from .structure import delimiters, relations, separators
from .text import text_units, unicode
from .units import degrees, juxtaposed_numbers, numbers, percent_words, repeating_decimals
from .vectors import vector_products
from .wrapping import sizing, spacing, wrappers

__all__ = ["REGISTRY", "Registry", "Rule", "RuleSpec", "SwitchedRule", "Switches", "switches"]

logger = logging.getLogger(__name__)

Rule = Callable[[list[Token]], list[Token]]
# A rule with a switch gets the switch's value: ``e_charge(tokens, False)`` changes nothing.
SwitchedRule = Callable[[list[Token], bool], list[Token]]
# The value of every registered switch, by name.
Switches = Mapping[str, bool]


@dataclass(frozen=True)
class RuleSpec:
    """One registered rule."""

    name: str
    order: int  # rules run from the lowest order up; leave gaps so a rule can go in between
    rule: Callable[..., list[Token]]  # a Rule, or a SwitchedRule when ``switch`` is set
    cleans: bool = False  # only cleans the text: ``elements`` reads the text these rules leave
    switch: str | None = None  # the switch passed to the rule (a Config field of that name)
    default: bool = True  # the switch's value when the config has no such field

    def apply(self, tokens: list[Token], values: Switches) -> list[Token]:
        if self.switch is None:
            return self.rule(tokens)
        return self.rule(tokens, values[self.switch])


class Registry:
    """The rules in order. Entries can be added and removed (a plugin, a test's toy rule)."""

    def __init__(self, specs: Iterable[RuleSpec] = ()) -> None:
        self._specs: tuple[RuleSpec, ...] = ()
        for spec in specs:
            self.add(spec)

    def add(self, spec: RuleSpec) -> RuleSpec:
        """Register a rule; its name and order must be new, and a cleaning rule cannot run
        after a rule that is not one (``elements`` runs the cleaning rules alone)."""
        if any(s.name == spec.name for s in self._specs):
            raise ValueError(f"a rule named {spec.name!r} is already registered")
        if any(s.order == spec.order for s in self._specs):
            raise ValueError(f"order {spec.order} is taken ({spec.name!r})")
        specs = tuple(sorted((*self._specs, spec), key=lambda s: s.order))
        cleaning = [s.cleans for s in specs]
        if cleaning != sorted(cleaning, reverse=True):
            raise ValueError(f"cleaning rule {spec.name!r} would run after a reading rule")
        self._specs = specs
        logger.debug("registered rule %r at order %d", spec.name, spec.order)
        return spec

    def remove(self, name: str) -> RuleSpec:
        """Unregister the rule called ``name`` and return its entry."""
        spec = self[name]
        self._specs = tuple(s for s in self._specs if s.name != name)
        return spec

    def __getitem__(self, name: str) -> RuleSpec:
        for spec in self._specs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def __iter__(self) -> Iterator[RuleSpec]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self._specs)

    def run(
        self, tokens: list[Token], values: Switches, *, cleaning_only: bool = False
    ) -> list[Token]:
        """Apply the rules in order (only the cleaning ones when ``cleaning_only``)."""
        for spec in self._specs:
            if cleaning_only and not spec.cleans:
                break  # the cleaning rules come first
            tokens = spec.apply(tokens, values)
        return tokens

    def switches(self, settings: Config | Switches | None = None, **overrides: bool) -> Switches:
        """The value of every switch of the registered rules, from ``settings``: a config (its
        field of the same name, else the rule's default) or switch values; ``overrides`` win.
        An unknown switch name is an error."""
        declared = {s.switch: s.default for s in self._specs if s.switch is not None}
        given = dict(settings) if isinstance(settings, Mapping) else {}
        given.update(overrides)
        unknown = set(given) - set(declared)
        if unknown:
            raise TypeError(f"unknown rule switch(es): {', '.join(sorted(unknown))}")
        values = {
            name: bool(getattr(settings, name, default))
            if isinstance(settings, Config)
            else default
            for name, default in declared.items()
        }
        values.update(given)
        return MappingProxyType(values)


REGISTRY = Registry(
    (
        RuleSpec("wrappers", 10, wrappers, cleans=True),
        RuleSpec("unicode", 20, unicode, cleans=True),
        RuleSpec("backslashes", 30, backslashes, cleans=True),
        RuleSpec("numbers", 40, numbers, cleans=True),
        RuleSpec("repeating_decimals", 45, repeating_decimals, cleans=True),
        RuleSpec("spacing", 50, spacing, cleans=True),
        RuleSpec("juxtaposed_numbers", 55, juxtaposed_numbers, cleans=True),
        RuleSpec("sizing", 60, sizing, cleans=True),
        RuleSpec("percent_words", 65, percent_words, cleans=True),
        # ``elements`` turns the switch off to read each element's unit.
        RuleSpec("text_units", 70, text_units, cleans=True, switch="drop_units"),
        RuleSpec("separators", 80, separators, cleans=True),
        RuleSpec("relations", 90, relations),
        RuleSpec("functions", 100, functions),
        # Before ``fonts``, which drops the ``\\mathbf`` that marks a vector.
        RuleSpec("vector_products", 105, vector_products),
        RuleSpec("fonts", 110, fonts),
        RuleSpec("delimiters", 120, delimiters),
        RuleSpec("degrees", 130, degrees),
        RuleSpec("symbols", 140, symbols),
        RuleSpec("e_charge", 150, e_charge, switch="e_as_charge"),
    )
)


def switches(settings: Config | Switches | None = None, **overrides: bool) -> Switches:
    """``REGISTRY.switches``: the values a config (or given values) sets the rules' switches to."""
    return REGISTRY.switches(settings, **overrides)

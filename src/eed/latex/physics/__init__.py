"""The physics dialect: LaTeX answers read the way a physicist writes them.

The answer is tokenized (see ``eed.latex.tokens``) and passed through the rules of the
registry (``registry.REGISTRY``), each a small pure function from a token list to a token
list, in their declared order; a ``\\pm`` answer then gives one reading per sign. The modules,
from the bottom layer up:

- ``words``: the word tables the rules share;
- the families of rules, each module documenting its rules: ``wrapping`` (delimiters of the
  answer, spacing, sizing), ``text`` (unicode, prose, labels, verbal answers), ``units``
  (numbers, units, degrees), ``structure`` (elements, relation chains, grouping brackets),
  ``calls`` (commands and functions), ``vectors`` (cross and inner products), ``names``
  (fonts, symbols, ``e``), ``branches`` (``\\pm``);
- ``registry``: every rule with its name, order and switch, and the switch values a config
  gives;
- ``pipeline``: ``rewrite``, the rules in order and the text latex2sympy is given;
- ``elements``: the elements of an answer with their relation chains and units;
- ``fixes`` and ``parsing``: ``parse``, latex2sympy's reading of each element and the fixes
  made after it.

Switches come from one place: pass a ``Config`` (or switch values) to ``rewrite`` or ``parse``.
"""

from __future__ import annotations

from ..convert import UNREADABLE
from .branches import MAX_BRANCHES, pm_branches
from .calls import backslashes, functions
from .elements import Element, elements
from .names import e_charge, fonts, symbols
from .parsing import parse
from .pipeline import Reading, clean, rewrite
from .registry import REGISTRY, Registry, Rule, RuleSpec, SwitchedRule, Switches, switches
from .structure import choose_index, choose_side, delimiters, relations, separators
from .text import (
    ConditionMath,
    condition_math,
    negates_condition,
    sets_condition,
    text_units,
    unicode,
    writes_relation,
)
from .units import degrees, marked_number, numbers, percent_words
from .vectors import is_vector_product, vector_products
from .words import EQUALITY_RELATIONS, MEMBERSHIP, is_counted_noun, is_unit_text
from .wrapping import sizing, spacing, wrappers

__all__ = [
    "EQUALITY_RELATIONS",
    "MAX_BRANCHES",
    "MEMBERSHIP",
    "REGISTRY",
    "UNREADABLE",
    "ConditionMath",
    "Element",
    "Reading",
    "Registry",
    "Rule",
    "RuleSpec",
    "SwitchedRule",
    "Switches",
    "backslashes",
    "choose_index",
    "choose_side",
    "clean",
    "condition_math",
    "degrees",
    "delimiters",
    "e_charge",
    "elements",
    "fonts",
    "functions",
    "is_counted_noun",
    "is_unit_text",
    "is_vector_product",
    "marked_number",
    "negates_condition",
    "numbers",
    "parse",
    "percent_words",
    "pm_branches",
    "relations",
    "rewrite",
    "separators",
    "sets_condition",
    "sizing",
    "spacing",
    "switches",
    "symbols",
    "text_units",
    "unicode",
    "vector_products",
    "wrappers",
    "writes_relation",
]

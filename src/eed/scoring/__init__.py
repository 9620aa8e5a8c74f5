"""Stages 3 to 6 for one pair, in-process: prepare each answer, then decide.

The modules, from the bottom up: ``outcomes`` (the Results deciders build), ``side`` (the
prepared answer), ``guards`` (checks on the raw strings), ``context``, ``expressions`` (two
single expressions), ``matching``, ``relations`` (stated relations), ``compound`` (answers of
several elements), ``decide`` (which comparison the forms call for), ``pair`` (the orchestrator
that `eed.score`, the batch engine and `explain` share). Nothing here raises on bad input:
every failure becomes a Result with a status and a reason.
"""

from __future__ import annotations

from .decide import decide, needs_equivalence_check
from .guards import answer_text, guards, screen
from .outcomes import score_from_distance
from .pair import PairRun, needs_prediction, run_pair, score_pair
from .side import Side, flat_tree, prepare

__all__ = [
    "PairRun",
    "Side",
    "answer_text",
    "decide",
    "flat_tree",
    "guards",
    "needs_equivalence_check",
    "needs_prediction",
    "prepare",
    "run_pair",
    "score_from_distance",
    "score_pair",
    "screen",
]

"""The Config: one frozen object that carries every knob, and the signature derived from it.

Every field declares, in its metadata, what it does to a score:

- ``signature``: a function of the Config giving the field's part of the signature ("" when
  it says nothing, as for a switch that is off);
- ``part_of``: the field is named by another field's part (the three budgets are one part);
- ``neutral``: why the field cannot change a score.

A field with none of these is an error (`tests/test_config.py` checks them all), so a new knob
cannot be left out of the signature by accident.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from typing import Any, Literal

from .dialects import Dialect, dialect_named

__all__ = [
    "ANSWER_TYPES",
    "NODE_KINDS",
    "Config",
    "NodeCosts",
    "versions",
]

NodeKind = Literal["number", "symbol", "operator", "function"]
NODE_KINDS: tuple[NodeKind, ...] = ("number", "symbol", "operator", "function")

AnswerType = Literal[
    "auto", "expression", "equation", "tuple", "list", "set", "interval", "matrix", "number"
]
ANSWER_TYPES: tuple[str, ...] = (
    "auto",
    "expression",
    "equation",
    "tuple",
    "list",
    "set",
    "interval",
    "matrix",
    "number",
)


# Switches that change how fast a score is made, never the score: the profile keeps its name.
_SPEED_ONLY = frozenset({"screening", "fast_reader"})


def _num(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class NodeCosts:
    """A cost for each node kind of an expression tree."""

    number: float = 1.0
    symbol: float = 1.0
    operator: float = 1.0
    function: float = 1.0

    def of(self, kind: str) -> float:
        return float(getattr(self, kind))

    def short(self) -> str:
        vals = [self.number, self.symbol, self.operator, self.function]
        if len(set(vals)) == 1:
            return _num(vals[0])
        return ",".join(_num(v) for v in vals)


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """Versions of eed and of the libraries that shape trees."""
    out: dict[str, str] = {}
    for name in ("eed", "sympy", "latex2sympy2_extended", "pint"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "unknown"
    return out


Render = Callable[["Config"], str]


def _signed(render: Render) -> dict[str, Any]:
    return {"signature": render}


def _part_of(name: str) -> dict[str, Any]:
    return {"part_of": name}


def _neutral(why: str) -> dict[str, Any]:
    return {"neutral": why}


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _tiers(c: Config) -> str:
    if not c.numeric_tiers:
        return "num:off"
    return "num:" + ",".join(f"{_num(t)}={_num(v)}" for t, v in c.numeric_tiers)


def _switch(name: str, render: Render) -> Render:
    """A part shown only where the config's dialect reads the switch."""
    return lambda c: render(c) if name in c.dialect.switches else ""


@dataclass(frozen=True)
class Config:
    """Every setting of the scorer.

    Tree-distance costs follow the official EED: per-kind insert/delete/update costs, a
    `change_type_cost` for relabelling across kinds, and a discounted price for inserting or
    deleting a whole subtree: ``min(s, discount_slope * (s - bar_size) + bar_size)``.

    The field order is the signature's order.
    """

    profile: str = field(default="custom", metadata=_signed(lambda c: f"profile:{c.profile}"))
    # How LaTeX is read before latex2sympy sees it (a name is accepted and looked up).
    dialect: Dialect = field(
        default=dialect_named("phybench"), metadata=_signed(lambda c: f"dialect:{c.dialect}")
    )
    # Tree edit costs.
    insert_cost: NodeCosts = field(
        default_factory=NodeCosts, metadata=_signed(lambda c: f"ins:{c.insert_cost.short()}")
    )
    delete_cost: NodeCosts = field(
        default_factory=NodeCosts, metadata=_signed(lambda c: f"del:{c.delete_cost.short()}")
    )
    update_cost: NodeCosts = field(
        default_factory=NodeCosts, metadata=_signed(lambda c: f"upd:{c.update_cost.short()}")
    )
    change_type_cost: float = field(
        default=1.0, metadata=_signed(lambda c: f"chg:{_num(c.change_type_cost)}")
    )
    bar_size: float = field(default=5.0, metadata=_signed(lambda c: f"bar:{_num(c.bar_size)}"))
    discount_slope: float = field(
        default=0.6, metadata=_signed(lambda c: f"disc:{_num(c.discount_slope)}")
    )
    # Score mapping: max(0, initial_score - scoring_slope * d / gt_size).
    initial_score: float = field(
        default=60.0, metadata=_signed(lambda c: f"init:{_num(c.initial_score)}")
    )
    scoring_slope: float = field(
        default=100.0, metadata=_signed(lambda c: f"slope:{_num(c.scoring_slope)}")
    )
    # The official guard: a prediction longer than this many times the GT scores 0 unread.
    length_guard: float | None = field(
        default=3.0,
        metadata=_signed(
            lambda c: "guard:" + ("off" if c.length_guard is None else _num(c.length_guard) + "x")
        ),
    )
    # The official guards on \int and \sum in the raw strings.
    reject_int_sum: bool = field(
        default=True,
        metadata=_signed(lambda c: "intsum:" + ("reject" if c.reject_int_sum else "parse")),
    )
    # The prediction is a model's whole output: its final answer is extracted first (the last
    # \boxed{...}, else the last math segment; see `eed.extract`). The official scorer takes
    # the answer as given.
    extract: bool = field(
        default=False, metadata=_signed(lambda c: f"extract:{'on' if c.extract else 'off'}")
    )
    # The official equivalence check undoes posify before simplifying the difference.
    equivalence_under_posify: bool = field(
        default=False, metadata=_signed(lambda c: f"eqpos:{_yes(c.equivalence_under_posify)}")
    )
    # physics dialect: a bare `e` is the elementary charge unless it is plainly an exponential.
    e_as_charge: bool = field(
        default=True,
        metadata=_signed(_switch("e_as_charge", lambda c: f"echarge:{_yes(c.e_as_charge)}")),
    )
    # How to compare answers: detected from the ground truth ("auto") or given.
    answer_type: AnswerType = field(
        default="auto", metadata=_signed(lambda c: f"type:{c.answer_type}")
    )
    # Accept as equivalent two answers that agree to 20 digits at every screening point, when
    # SymPy cannot prove it (a probabilistic identity test).
    numeric_equivalence: bool = field(
        default=False,
        metadata=_signed(
            lambda c: f"numeq:{c.screening_points}pts" if c.numeric_equivalence else ""
        ),
    )
    # Numeric answers: (relative error, score) tiers, tightest first; None compares trees only.
    numeric_tiers: tuple[tuple[float, float], ...] | None = field(
        default=None, metadata=_signed(_tiers)
    )
    # Numbers with units: convert the prediction to the ground truth's unit (with pint), and
    # give no credit for a number whose unit measures something else.
    units: bool = field(
        default=False,
        metadata=_signed(lambda c: f"units:pint-{versions()['pint']}" if c.units else ""),
    )
    # The official scorer gives up on an answer whose simplify raises; the default profile keeps
    # the unsimplified form, as on a timeout (SymPy has rare internal errors).
    keep_unsimplified_on_error: bool = field(
        default=False,
        metadata=_signed(lambda c: "simperr:keep" if c.keep_unsimplified_on_error else ""),
    )
    # Budgets in seconds. The official scorer keeps the unsimplified form when simplify runs out
    # and answers "not equal" when equals runs out; we apply the same rules.
    parse_timeout: float = field(
        default=10.0,
        metadata=_signed(
            lambda c: (
                f"budget:{_num(c.parse_timeout)}/{_num(c.simplify_timeout)}"
                f"/{_num(c.equals_timeout)}s"
            )
        ),
    )
    simplify_timeout: float = field(default=30.0, metadata=_part_of("parse_timeout"))
    equals_timeout: float = field(default=10.0, metadata=_part_of("parse_timeout"))
    # Numeric screening skips expensive equivalence steps for pairs that plainly differ.
    screening: bool = field(
        default=True,
        metadata=_neutral("proven score-neutral by the fidelity tests: it only skips work"),
    )
    screening_points: int = field(default=4, metadata=_part_of("numeric_equivalence"))
    screening_seed: int = field(
        default=20250421,
        metadata=_neutral(
            "the points are random, but an identity that holds holds at every point, and one "
            "that fails is told apart at almost every point"
        ),
    )
    screening_timeout: float = field(
        default=2.0, metadata=_neutral("a budget for work that only skips work")
    )
    # The fast LaTeX reader (eed.latex.fast) reads the common subset itself; off, every text goes
    # to latex2sympy, for anyone who wants to compare.
    fast_reader: bool = field(
        default=True,
        metadata=_neutral(
            "it returns exactly latex2sympy's reading or declines (proved by the oracle tests)"
        ),
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "dialect", dialect_named(self.dialect))
        if self.answer_type not in ANSWER_TYPES:
            raise ValueError(f"answer_type must be one of {', '.join(ANSWER_TYPES)}")
        if self.numeric_tiers is not None:
            bounds = [t for t, _ in self.numeric_tiers]
            if bounds != sorted(bounds) or any(t < 0 for t in bounds):
                raise ValueError(
                    "numeric_tiers must be (relative error, score) pairs, tightest first"
                )

    def replace(self, **changes: object) -> Config:
        """A copy with some fields changed; the profile name becomes ``custom`` unless given."""
        if "profile" not in changes and any(k not in _SPEED_ONLY for k in changes):
            changes["profile"] = "custom"
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def signature(self) -> str:
        """A ``key:value|...`` string naming everything that can change a score."""
        v = versions()
        parts = [f"eed:{v['eed']}"]
        for f in dataclasses.fields(self):
            render = f.metadata.get("signature")
            if render is not None:
                parts.append(render(self))
        parts += [f"sympy:{v['sympy']}", f"l2s:{v['latex2sympy2_extended']}"]
        return "|".join(p for p in parts if p)

"""One frozen Config carries every knob; profiles are named Configs.

`Config.signature()` names every setting that can change a score, plus the versions of the
libraries whose behaviour shapes the trees, in the spirit of sacreBLEU's signatures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from types import MappingProxyType
from typing import Literal

__all__ = ["PROFILES", "Config", "NodeCosts", "get_config", "versions", "with_answer_type"]

NodeKind = Literal["number", "symbol", "operator", "function"]
NODE_KINDS: tuple[NodeKind, ...] = ("number", "symbol", "operator", "function")

# How LaTeX is read before latex2sympy sees it.
Dialect = Literal["phybench", "physics"]
AnswerType = Literal["auto", "expression", "equation", "tuple", "set", "interval", "number"]
ANSWER_TYPES: tuple[str, ...] = (
    "auto",
    "expression",
    "equation",
    "tuple",
    "set",
    "interval",
    "number",
)


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


def _num(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class Config:
    """Every setting of the scorer.

    Tree-distance costs follow the official EED: per-kind insert/delete/update costs, a
    `change_type_cost` for relabelling across kinds, and a discounted price for inserting or
    deleting a whole subtree: ``min(s, discount_slope * (s - bar_size) + bar_size)``.
    """

    profile: str = "custom"
    # Tree edit costs.
    insert_cost: NodeCosts = field(default_factory=NodeCosts)
    delete_cost: NodeCosts = field(default_factory=NodeCosts)
    update_cost: NodeCosts = field(default_factory=NodeCosts)
    change_type_cost: float = 1.0
    bar_size: float = 5.0
    discount_slope: float = 0.6
    # Score mapping: max(0, initial_score - scoring_slope * d / gt_size).
    initial_score: float = 60.0
    scoring_slope: float = 100.0
    # Budgets in seconds. The official scorer keeps the unsimplified form when simplify runs out
    # and answers "not equal" when equals runs out; we apply the same rules.
    parse_timeout: float = 10.0
    simplify_timeout: float = 30.0
    equals_timeout: float = 10.0
    # The official scorer gives up on an answer whose simplify raises; the default profile keeps
    # the unsimplified form, as on a timeout (SymPy has rare internal errors).
    keep_unsimplified_on_error: bool = False
    # Parser options.
    dialect: Dialect = "phybench"
    # physics dialect: a bare `e` is the elementary charge unless it is plainly an exponential.
    e_as_charge: bool = True
    # How to compare answers: detected from the ground truth ("auto") or given.
    answer_type: AnswerType = "auto"
    # Numeric answers: (relative error, score) tiers, tightest first; None compares trees only.
    numeric_tiers: tuple[tuple[float, float], ...] | None = None
    # Numbers with units: convert the prediction to the ground truth's unit (with pint), and
    # give no credit for a number whose unit measures something else.
    units: bool = False
    # The official guard: a prediction longer than this many times the GT scores 0 unread.
    length_guard: float | None = 3.0
    # The official guards on \int and \sum in the raw strings.
    reject_int_sum: bool = True
    # The official equivalence check undoes posify before simplifying the difference.
    equivalence_under_posify: bool = False
    # Accept as equivalent two answers that agree to 20 digits at every screening point, when
    # SymPy cannot prove it (a probabilistic identity test).
    numeric_equivalence: bool = False
    # Numeric screening skips expensive equivalence steps for pairs that plainly differ.
    # It is proven score-neutral by the fidelity test, so it is not part of the signature.
    screening: bool = True
    screening_points: int = 4
    screening_seed: int = 20250421
    screening_timeout: float = 2.0

    def __post_init__(self) -> None:
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
        if "profile" not in changes and any(k != "screening" for k in changes):
            changes["profile"] = "custom"
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def signature(self) -> str:
        """A ``key:value|...`` string naming everything that can change a score."""
        v = versions()
        parts = [
            f"eed:{v['eed']}",
            f"profile:{self.profile}",
            f"dialect:{self.dialect}",
            f"ins:{self.insert_cost.short()}",
            f"del:{self.delete_cost.short()}",
            f"upd:{self.update_cost.short()}",
            f"chg:{_num(self.change_type_cost)}",
            f"bar:{_num(self.bar_size)}",
            f"disc:{_num(self.discount_slope)}",
            f"init:{_num(self.initial_score)}",
            f"slope:{_num(self.scoring_slope)}",
            f"guard:{'off' if self.length_guard is None else _num(self.length_guard) + 'x'}",
            f"intsum:{'reject' if self.reject_int_sum else 'parse'}",
            f"eqpos:{'yes' if self.equivalence_under_posify else 'no'}",
            f"echarge:{'yes' if self.e_as_charge else 'no'}" if self.dialect == "physics" else "",
            f"type:{self.answer_type}",
            f"numeq:{self.screening_points}pts" if self.numeric_equivalence else "",
            "num:"
            + (
                "off"
                if not self.numeric_tiers
                else ",".join(f"{_num(t)}={_num(v)}" for t, v in self.numeric_tiers)
            ),
            f"units:pint-{v['pint']}" if self.units else "",
            "simperr:keep" if self.keep_unsimplified_on_error else "",
            f"budget:{_num(self.parse_timeout)}/{_num(self.simplify_timeout)}"
            f"/{_num(self.equals_timeout)}s",
            f"sympy:{v['sympy']}",
            f"l2s:{v['latex2sympy2_extended']}",
        ]
        return "|".join(p for p in parts if p)


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


PHYBENCH = Config(profile="phybench")

# The default profile reads answers as a physicist writes them (see docs/profiles.md).
# Its simplify and equals budgets are what a user waits for one answer, not the official
# 30 and 10 s: with those, one pathological side could hold a worker for over a minute. A budget
# that fires keeps the official fallback (the unsimplified form; "not equal") and marks the pair
# timed_out. Parsing keeps its 10 s: it has no fallback, and long answers need several seconds
# on a loaded machine.
DEFAULT = Config(
    profile="default",
    simplify_timeout=10.0,
    equals_timeout=5.0,
    dialect="physics",
    length_guard=None,
    reject_int_sum=False,
    equivalence_under_posify=True,
    numeric_equivalence=True,
    screening_points=6,
    numeric_tiers=((0.005, 100.0), (0.02, 50.0), (0.05, 25.0), (0.1, 10.0)),
    units=True,
    keep_unsimplified_on_error=True,
)

PROFILES: Mapping[str, Config] = MappingProxyType({"phybench": PHYBENCH, "default": DEFAULT})


def with_answer_type(config: Config, answer_type: str | None) -> Config:
    """The config with its answer type overridden (None keeps it); the profile name stays."""
    if answer_type is None or answer_type == config.answer_type:
        return config
    return config.replace(answer_type=answer_type, profile=config.profile)


def get_config(profile: str | Config) -> Config:
    """Resolve a profile name or pass a Config through."""
    if isinstance(profile, Config):
        return profile
    if not isinstance(profile, str):
        raise TypeError(f"profile must be a str or eed.Config, not {type(profile).__name__}")
    try:
        return PROFILES[profile]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown profile {profile!r}; known profiles: {known}") from None

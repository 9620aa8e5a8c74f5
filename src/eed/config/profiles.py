"""Profiles: named Configs, and how a caller's choice becomes one."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .dialects import OFFICIAL, PHYSICS
from .settings import Config

__all__ = ["DEFAULT", "PHYBENCH", "PROFILES", "configured", "get_config"]

# The official scorer, number for number.
PHYBENCH = Config(profile="phybench", dialect=OFFICIAL)

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
    dialect=PHYSICS,
    length_guard=None,
    reject_int_sum=False,
    extract=True,
    equivalence_under_posify=True,
    numeric_equivalence=True,
    screening_points=6,
    numeric_tiers=((0.005, 100.0), (0.02, 50.0), (0.05, 25.0), (0.1, 10.0)),
    units=True,
    keep_unsimplified_on_error=True,
)

PROFILES: Mapping[str, Config] = MappingProxyType({"phybench": PHYBENCH, "default": DEFAULT})


def configured(
    profile: str | Config, *, answer_type: str | None = None, extract: bool | None = None
) -> Config:
    """The profile's config with a caller's per-call choices (None keeps the profile's); the
    profile name stays, and the signature names the choices."""
    config = get_config(profile)
    changes: dict[str, object] = {}
    if answer_type is not None and answer_type != config.answer_type:
        changes["answer_type"] = answer_type
    if extract is not None and extract != config.extract:
        changes["extract"] = extract
    return config.replace(**changes, profile=config.profile) if changes else config


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

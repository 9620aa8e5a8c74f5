"""Layer 0: the settings of the scorer.

``settings`` holds the one frozen `Config` and its signature, derived from field metadata;
``dialects`` the ways of reading answers; ``profiles`` the named Configs.
"""

from __future__ import annotations

from .dialects import DIALECTS, OFFICIAL, PHYSICS, Dialect, dialect_named
from .profiles import DEFAULT, PHYBENCH, PROFILES, configured, get_config
from .settings import ANSWER_TYPES, NODE_KINDS, Config, NodeCosts, versions

__all__ = [
    "ANSWER_TYPES",
    "DEFAULT",
    "DIALECTS",
    "NODE_KINDS",
    "OFFICIAL",
    "PHYBENCH",
    "PHYSICS",
    "PROFILES",
    "Config",
    "Dialect",
    "NodeCosts",
    "configured",
    "dialect_named",
    "get_config",
    "versions",
]

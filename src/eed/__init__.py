"""eed: PHYBench's Expression Edit Distance, as a library.

>>> import eed
>>> r = eed.score(r"2 m g + 4\\frac{mv_0^2}{l}", r"2 m g+2\\frac{mv_0^2}{l}", profile="phybench")
>>> round(r.score, 2), r.distance, r.gt_size
(46.67, 2.0, 15.0)
"""

from __future__ import annotations

from .api import score
from .batch import Cache, iter_scores, score_many, shutdown
from .config import PROFILES, Config, NodeCosts, get_config
from .distance import EditOp, tree_distance, tree_edit_script
from .errors import BudgetExceeded, EEDError, ParseError, SimplifyError, UnsupportedError
from .latex import parse_latex, preprocess
from .result import Result, Status
from .tree import Node, draw, to_tree, tree_size
from .version import __version__

__all__ = [
    "PROFILES",
    "BudgetExceeded",
    "Cache",
    "Config",
    "EEDError",
    "EditOp",
    "Node",
    "NodeCosts",
    "ParseError",
    "Result",
    "SimplifyError",
    "Status",
    "UnsupportedError",
    "__version__",
    "draw",
    "get_config",
    "iter_scores",
    "parse_latex",
    "preprocess",
    "score",
    "score_many",
    "shutdown",
    "to_tree",
    "tree_distance",
    "tree_edit_script",
    "tree_size",
]

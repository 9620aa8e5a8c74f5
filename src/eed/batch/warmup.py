"""Paying a process's one-time costs of scoring once, before its workers are forked.

A fresh process pays, on its first pairs, for work that is then kept for its lifetime: SymPy's
lazy imports (``simplify`` loads ``sympy.physics.units`` on first use), the ANTLR parser's
prediction tables (latex2sympy2_extended fills them as it meets new constructs), and our own
tables. The first short pair in a fresh process takes several times as long as in a warm one
(measured by benchmarks/run.py, see docs/performance.md).

`warm_up` pays for most of it by scoring a fixed set of small pairs under each built-in profile.
Where workers are forked (Linux), the pool calls it in the parent before starting them, so every
worker, and every replacement of a killed worker, starts warm. Where they are not (spawn on macOS
and Windows, forkserver), each worker calls it in its initializer instead.

Warming up never changes a result. Everything it leaves behind is a pure function's memo: the
parser's prediction tables only remember which alternative a prefix leads to. SymPy's
expression cache, the one memo whose contents reach into the expressions we build, is cleared
after warming, so that it holds nothing from the warm-up pairs.
"""

from __future__ import annotations

import logging
import threading
import time

from sympy.core.cache import clear_cache

from ..budget import Unbounded
from ..config import PROFILES
from ..scoring import run_pair

__all__ = ["WARM_PAIRS", "is_warm", "warm_up"]

logger = logging.getLogger("eed.workers")  # the name these messages have always had

# Small answers that between them meet the constructs short answers use most: fractions, roots,
# powers, subscripts, Greek letters, functions, equations, boxed answers and tuples. Each pair
# differs a little, so that both the equivalence steps and the tree distance run. Numbers with
# units are left out: pint's unit registry takes about a second to build and only answers with
# units need it, so a worker builds it on its first unit; integrals too, since SymPy takes a
# second over even a small one, every time.
WARM_PAIRS: tuple[tuple[str, str], ...] = (
    (r"v = \sqrt{2 g h}", r"\sqrt{2gh}"),
    (r"$$\frac{m v_0^2}{2 R}$$", r"\boxed{\dfrac{m v_{0}^{2}}{3 R}}"),
    (r"T = 2\pi \sqrt{\frac{L}{g}}", r"2 \pi \left(\frac{L}{g}\right)^{1/2}"),
    (r"E = \frac{q^2}{4 \pi \varepsilon_0 r} e^{-\alpha t}", r"\frac{q^{2}}{4\pi\epsilon_{0} r^2}"),
    (r"\omega = \omega_0 \cos\theta", r"\omega_{0} \sin(\theta)"),
    (r"\left( \frac{1}{2}, -3 \right)", r"(0.5, 3)"),
)

_lock = threading.Lock()
_warm = False


def is_warm() -> bool:
    """Whether this process has warmed up (forked workers inherit the answer)."""
    return _warm


def warm_up() -> float:
    """Pay this process's one-time costs of scoring; the seconds it took (0.0 once warm).

    Idempotent and thread-safe: the first call does the work, later calls return at once.
    The warm-up pairs are fixed and small, so they run without budgets; a pair that fails is
    logged and skipped, since warming is an optimisation and must never stop a batch.
    """
    global _warm
    if _warm:
        return 0.0
    with _lock:
        if _warm:
            return 0.0
        start = time.perf_counter()
        for config in PROFILES.values():
            for gt, pred in WARM_PAIRS:
                try:
                    run_pair(gt, pred, config, Unbounded())
                except Exception as exc:  # any failure only means less warmth
                    logger.debug("warm-up pair %r failed: %s: %s", gt, type(exc).__name__, exc)
        clear_cache()  # keep no expression of the warm-up pairs
        _warm = True
        seconds = time.perf_counter() - start
        logger.debug("warmed up in %.2fs", seconds)
        return seconds

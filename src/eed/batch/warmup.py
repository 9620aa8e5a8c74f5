"""Paying a process's one-time costs of scoring once, before its workers are forked.

A fresh process pays, on its first pairs, for work that is then kept for its lifetime: SymPy's
lazy imports (``simplify`` loads ``sympy.physics.units`` on first use), the ANTLR parser's
prediction tables (latex2sympy2_extended fills them as it meets new constructs), and our own
tables (pint's unit registry). Measured on a 2-core machine, the first short pair in a fresh
process takes about 1 s where a warm process takes about 0.03 s.

`warm_up` pays for all of it by scoring a fixed set of small pairs under each built-in profile.
Where workers are forked (Linux), the pool calls it in the parent before starting them, so every
worker, and every replacement of a killed worker, starts warm. Where they are not (spawn on macOS
and Windows, forkserver), each worker calls it in its initializer instead.

Warming up never changes a result. Everything it leaves behind is a pure function's memo: the
parser's prediction tables only remember which alternative a prefix leads to, and the unit
table is read-only. SymPy's expression cache, the one memo whose contents reach into the
expressions we build, is cleared after warming, so that it holds nothing from the warm-up pairs.
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

# Small answers that between them meet the constructs short answers use: fractions, roots,
# powers, subscripts, Greek letters, functions, equations, numbers with units, scientific
# notation, boxed answers, tuples, degrees and text. (Integrals are left out: SymPy takes
# a second over even a small one, every time.) Each pair differs in a small way, so that both the
# equivalence steps and the tree distance run.
WARM_PAIRS: tuple[tuple[str, str], ...] = (
    (r"v = \sqrt{2 g h}", r"\sqrt{2gh}"),
    (r"$$\frac{m v_0^2}{2 R}$$", r"\boxed{\dfrac{m v_{0}^{2}}{3 R}}"),
    (r"T = 2\pi \sqrt{\frac{L}{g}}", r"2 \pi \left(\frac{L}{g}\right)^{1/2}"),
    (r"E = \frac{q^2}{4 \pi \varepsilon_0 r} e^{-\alpha t}", r"\frac{q^{2}}{4\pi\epsilon_{0} r^2}"),
    (r"\omega = \omega_0 \cos\theta", r"\omega_{0} \sin(\theta)"),
    (r"x(t) = A \ln\left(\frac{t}{\tau}\right)", r"A \log(t/\tau) \cdot \hbar"),
    (r"3.0 \times 10^{8} \mathrm{~m/s}", r"3 \times 10^8 \text{ m s}^{-1}"),
    (r"2.5 \, \text{kg}", r"2500 \mathrm{g}"),
    (r"\left( \frac{1}{2}, -3 \right)", r"(0.5, 3)"),
    (r"F \geq \mu m g", r"F > \mu mg"),
    (r"\vec{B} = \frac{\mu_0 I}{2 \pi d} \hat{z}", r"\frac{\mu_0 I}{2 d}"),
    (r"\text{the rod rotates clockwise}", r"clockwise"),
    (r"45^\circ", r"\frac{\pi}{4}"),
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

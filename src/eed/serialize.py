"""Safe, exact JSON forms of canonical SymPy expressions, for the persistent cache.

No pickle and no eval: a stored expression is rebuilt from a whitelist of node types, so a
foreign or tampered cache file can at worst fail to load. An expression that does not rebuild to
exactly the same structure is never stored.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import AppliedUndef

__all__ = ["dump_expr", "load_expr"]

_CONSTANTS = {
    type(c).__name__: c
    for c in (
        sympy.pi,
        sympy.E,
        sympy.I,
        sympy.oo,
        -sympy.oo,
        sympy.zoo,
        sympy.nan,
        sympy.EulerGamma,
        sympy.GoldenRatio,
        sympy.Catalan,
        sympy.S.Zero,
        sympy.S.One,
        sympy.S.NegativeOne,
        sympy.S.Half,
    )
}
_OPERATORS = {"Add": sympy.Add, "Mul": sympy.Mul, "Pow": sympy.Pow}


def _known_function(name: str) -> Any:
    f = getattr(sympy, name, None)
    if (
        isinstance(f, type)
        and issubclass(f, sympy.Function)
        and f.__module__.startswith("sympy.functions")
    ):
        return f
    return None


class NotSerializable(ValueError):
    pass


def _dump(e: Any) -> Any:
    name = type(e).__name__
    if name in _CONSTANTS and e == _CONSTANTS[name]:
        return {"c": name}
    if isinstance(e, sympy.Integer):
        return {"i": str(int(e))}
    if isinstance(e, sympy.Rational):
        return {"q": [str(e.p), str(e.q)]}
    if isinstance(e, sympy.Float):
        sign, man, exp, bc = e._mpf_
        return {"f": [sign, str(man), exp, bc, e._prec]}
    if isinstance(e, sympy.Dummy):
        raise NotSerializable("dummy symbols are not stored")
    if isinstance(e, sympy.Symbol):
        return {"s": e.name, "a": sorted(e._assumptions_orig.items())}
    if name in _OPERATORS and type(e) is _OPERATORS[name]:
        return {"o": name, "a": [_dump(a) for a in e.args]}
    if isinstance(e, AppliedUndef):
        return {"u": e.func.__name__, "a": [_dump(a) for a in e.args]}
    if isinstance(e, sympy.Function) and _known_function(name) is type(e):
        return {"fn": name, "a": [_dump(a) for a in e.args]}
    raise NotSerializable(f"{name} is not stored")


def _load(d: Any) -> Any:
    if not isinstance(d, dict):
        raise ValueError("malformed expression record")
    if "c" in d:
        return _CONSTANTS[d["c"]]
    if "i" in d:
        return sympy.Integer(int(d["i"]))
    if "q" in d:
        p, q = d["q"]
        return sympy.Rational(int(p), int(q))
    if "f" in d:
        sign, man, exp, bc, prec = d["f"]
        return sympy.Float._new((int(sign), int(man), int(exp), int(bc)), int(prec))
    if "s" in d:
        assumptions = {str(k): bool(v) for k, v in d.get("a", [])}
        return sympy.Symbol(str(d["s"]), **assumptions)
    args = [_load(a) for a in d["a"]]
    if "o" in d:
        return _OPERATORS[d["o"]](*args, evaluate=False)
    if "u" in d:
        return sympy.Function(str(d["u"]))(*args)
    if "fn" in d:
        f = _known_function(str(d["fn"]))
        if f is None:
            raise ValueError(f"unknown function {d['fn']!r}")
        return f(*args, evaluate=False)
    raise ValueError("malformed expression record")


def dump_expr(expr: Any) -> Any | None:
    """A JSON-able form of ``expr``, or None when it cannot be stored exactly."""
    try:
        data = _dump(expr)
        rebuilt = _load(data)
    except (NotSerializable, RecursionError, ValueError, TypeError, KeyError):
        return None
    if rebuilt != expr or sympy.srepr(rebuilt) != sympy.srepr(expr):
        return None
    return data


def load_expr(data: Any) -> Any:
    """Rebuild an expression stored by `dump_expr`; raises ValueError on a bad record."""
    try:
        return _load(data)
    except (KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ValueError(f"malformed expression record: {exc}") from exc

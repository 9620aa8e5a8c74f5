"""Safe, exact JSON forms of canonical SymPy expressions, for the persistent cache.

No pickle and no eval: a stored expression is rebuilt from a whitelist of node types, so a
foreign or tampered cache file can at worst fail to load. An expression that does not rebuild to
exactly the same structure is never stored.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

__all__ = ["NotSerializable", "dump_expr", "dump_value", "load_expr", "load_value"]

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
    if isinstance(e, sympy.Derivative):
        counts = [[_dump(v), _dump(n)] for v, n in e.variable_count]
        return {"d": _dump(e.expr), "v": counts}
    if isinstance(e, sympy.Tuple):
        return {"t": [_dump(a) for a in e.args]}
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
    if "d" in d:
        counts = [(_load(v), _load(n)) for v, n in d["v"]]
        return sympy.Derivative(_load(d["d"]), *counts, evaluate=False)
    if "t" in d:
        return sympy.Tuple(*(_load(a) for a in d["t"]))
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


# Generic values: the cache stores whole dataclasses (a prepared answer and what it holds)
# field by field, as their types say, so that a field added later is stored with the rest.


def dump_value(value: Any, classes: dict[str, type]) -> Any:
    """A JSON form of ``value``: None, bool, int, float, str, complex, tuples, SymPy
    expressions and instances of the dataclasses in ``classes``. Fields whose metadata says
    ``derived`` are stored only as a mark that they were set (they are rebuilt on loading).
    Raises NotSerializable for anything else."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return {"fl": repr(value)}  # repr keeps every bit, nan and inf included
    if isinstance(value, complex):
        return {"cx": [repr(value.real), repr(value.imag)]}
    if isinstance(value, tuple):
        return {"tp": [dump_value(v, classes) for v in value]}
    if isinstance(value, sympy.Basic):
        data = dump_expr(value)
        if data is None:
            raise NotSerializable(f"{type(value).__name__} expression is not stored")
        return {"ex": data}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and classes.get(name) is type(value):
        fields = {
            f.name: (
                getattr(value, f.name) is not None
                if f.metadata.get("derived")
                else dump_value(getattr(value, f.name), classes)
            )
            for f in dataclasses.fields(value)
        }
        return {"dc": name, "f": fields}
    raise NotSerializable(f"{name} is not stored")


def load_value(data: Any, classes: dict[str, type], derive: Any) -> Any:
    """Rebuild a value stored by `dump_value`. ``derive(obj, field_name)`` rebuilds a derived
    field that was set. Raises ValueError on a malformed or foreign record."""
    if data is None or isinstance(data, (bool, int, str)):
        return data
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise ValueError("malformed value record")
    if "fl" in data:
        return float(data["fl"])
    if "cx" in data:
        re_, im = data["cx"]
        return complex(float(re_), float(im))
    if "tp" in data:
        return tuple(load_value(v, classes, derive) for v in data["tp"])
    if "ex" in data:
        return load_expr(data["ex"])
    if "dc" in data:
        cls = classes.get(str(data["dc"]))
        if cls is None:
            raise ValueError(f"unknown record type {data['dc']!r}")
        stored = data["f"]
        fields = dataclasses.fields(cls)
        if set(stored) != {f.name for f in fields}:
            raise ValueError(f"{cls.__name__} record with other fields than the type's")
        values = {
            f.name: None
            if f.metadata.get("derived")
            else load_value(stored[f.name], classes, derive)
            for f in fields
        }
        obj = cls(**values)
        for f in fields:
            if f.metadata.get("derived") and stored[f.name]:
                obj = dataclasses.replace(obj, **{f.name: derive(obj, f.name)})
        return obj
    raise ValueError("malformed value record")

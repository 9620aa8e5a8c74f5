from __future__ import annotations

import pytest
import sympy

from eed.serialize import dump_expr, load_expr

x, y = sympy.symbols("x y")
f = sympy.Function("f")

CASES = [
    x + 2 * y,
    sympy.Rational(3, 7) * x ** sympy.Rational(1, 2),
    sympy.Float("1.2345678901234567890", 30) * x,
    sympy.sin(x) + sympy.exp(-x / y),
    sympy.pi * sympy.E * sympy.I,
    sympy.oo + x,
    f(x, y) * 2,
    sympy.Symbol("m", positive=True) ** 2,
    sympy.log(x) - sympy.asin(y),
    sympy.Integer(10) ** 40 * x,
]


@pytest.mark.parametrize("expr", CASES, ids=str)
def test_round_trip_is_exact(expr: sympy.Basic) -> None:
    data = dump_expr(expr)
    assert data is not None
    back = load_expr(data)
    assert back == expr
    assert sympy.srepr(back) == sympy.srepr(expr)


@pytest.mark.parametrize("expr", [sympy.Eq(x, 1), sympy.FiniteSet(1, 2), sympy.Dummy("d") + 1])
def test_unstorable_gives_none(expr: sympy.Basic) -> None:
    assert dump_expr(expr) is None


@pytest.mark.parametrize(
    "bad",
    [
        {"fn": "__import__", "a": []},
        {"fn": "eval", "a": []},
        {"zz": 1},
        [1, 2],
        {"o": "Add"},
        {"c": "os"},
    ],
)
def test_malicious_or_malformed_records_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError):
        load_expr(bad)

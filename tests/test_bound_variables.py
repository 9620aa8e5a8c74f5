"""A function's variables are bound: renaming them changes nothing, and nothing else."""

from __future__ import annotations

import pytest

import eed

SAME = [
    ("g(t) = t^2 + 1", "g(s) = s^2 + 1"),
    ("f(x, y) = x - y", "f(a, b) = a - b"),
    (r"v(t) = v_0 + a t", r"v(\tau) = v_0 + a \tau"),
]

# A variable renamed must not capture a parameter, and positions matter.
DIFFERENT = [
    ("g(t) = t^2 + 1", "g(s) = t^2 + 1"),  # a constant function of s
    ("f(x, y) = x - y", "f(a, b) = b - a"),
    ("f(x, y) = x - y", "f(y, x) = x - y"),  # the same letters, swapped places
    ("g(t) = t^2 + 1", "h(s) = s^2 + 1"),  # another function
    ("g(t) = a t", "g(a) = a t"),  # the parameter a becomes the variable
    ("g(t) = t^2 + 1", "g(s, u) = s^2 + 1"),
]


@pytest.mark.parametrize(("gt", "pred"), SAME)
def test_renamed_variables_are_the_same_function(gt: str, pred: str) -> None:
    for a, b in ((gt, pred), (pred, gt)):
        r = eed.score(a, b)
        assert r.score == 100.0, r.reason


@pytest.mark.parametrize(("gt", "pred"), DIFFERENT)
def test_other_functions_are_not(gt: str, pred: str) -> None:
    for a, b in ((gt, pred), (pred, gt)):
        assert eed.score(a, b).score < 100.0

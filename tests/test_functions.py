"""Functions in answers: a definition's variables are bound, and a known function is no name."""

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


# A known function applied to something is not a name a model may choose: sin x = 3/5 does not
# state cos x = 3/5. A bare value still answers what the function's value is.
@pytest.mark.parametrize(
    ("gt", "pred", "equal"),
    [
        (r"\sin(x)=\frac{42}{59}", r"\cos(x)=\frac{42}{59}", False),
        (r"\sin\theta = 3/5", r"\cos\theta = 3/5", False),
        (r"\ln T = 2", r"\log_{10} T = 2", False),
        (r"\sin\theta = 3/5", "3/5", True),
        (r"\sin\theta = 3/5", r"\sin\theta = 0.6", True),
    ],
)
def test_a_known_function_is_not_a_renamed_quantity(gt: str, pred: str, equal: bool) -> None:
    assert (eed.score(gt, pred).score == 100.0) is equal

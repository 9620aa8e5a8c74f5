"""False 100s an adversarial review found in the new readings, each now below 100."""

from __future__ import annotations

import pytest

import eed

NEVER_100 = [
    # A prediction's own percent or degree mark is read, whatever the ground truth's mark.
    (r"50\%", r"5000\%"),
    (r"1\%", r"100\%"),
    (r"20\%", r"2000\%"),
    (r"0.5\%", r"50\%"),
    (r"30^\circ", "30'"),
    (r"30^\circ", "30''"),
    (r"30^\circ", r"30\text{ degrees Fahrenheit}"),
    # A relation with nothing on its left is a bound, not the value.
    ("3", "> 3"),
    ("3", "< 3"),
    ("3", r"\le 3"),
    ("3", r"\neq 3"),
    ("3", r"\gg 3"),
    ("3", r"\propto 3"),
    ("3", r"\boxed{\neq 3}"),
    ("3", r"\boxed{> 3}"),
    # A scale word keeps its number's scale.
    ("5", r"5\text{ thousand dollars}"),
    ("3", r"3\text{ million}"),
    # Prose with no math is read whole, not by its last number.
    ("3", "The answer is 5, not 3."),
    ("3", "The answer is not 3."),
    ("3", "The answer is 3 thousand"),
    ("3", "The answer is negative 3."),
]


@pytest.mark.parametrize(("gt", "pred"), NEVER_100)
def test_never_100(gt: str, pred: str) -> None:
    r = eed.score(gt, pred)
    assert r.score < 100.0, r.reason


@pytest.mark.parametrize(
    ("gt", "pred"),
    [(r"1.3\%", "0.013"), (r"45^\circ", "45"), (r"45^\circ", r"45\text{ degrees}"), ("3", "= 3")],
)
def test_what_stays_equal(gt: str, pred: str) -> None:
    assert eed.score(gt, pred).score == 100.0

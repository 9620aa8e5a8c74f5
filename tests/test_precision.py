"""The top numeric tier needs the numbers to agree as written."""

from __future__ import annotations

import pytest

import eed
from eed.scoring.precision import agree_as_written, written_halfwidth


@pytest.mark.parametrize(
    ("latex", "value", "half"),
    [
        ("5.001", 5.001, 0.0005),
        ("5", 5.0, 0.0),
        (r"3 \times 10^8", 3e8, 0.5e8),
        (r"5.3\times10^{-11}\,\text{m}", 5.3e-11, 0.05e-11),
        ("2.1e5", 2.1e5, 5000.0),
        (r"\frac{1}{3}", 1 / 3, 0.0),  # no literal has the value: exact
        ("x = 2.50", 2.5, 0.005),
        ("2.5 + 2.5", 2.5, 0.0),  # two literals with the value: which was meant is unknown
    ],
)
def test_written_halfwidth(latex: str, value: float, half: float) -> None:
    assert written_halfwidth(latex, value) == pytest.approx(half, rel=1e-12, abs=0.0)


def test_agreement_is_symmetric() -> None:
    for g, p, gh, ph in [(9.8, 9.81, 0.05, 0.005), (5.0, 5.001, 0.0, 0.0005)]:
        assert agree_as_written(g, p, gh, ph) == agree_as_written(p, g, ph, gh)


@pytest.mark.parametrize(
    ("gt", "pred"),
    [
        (r"\pi", "3.14"),
        ("9.8", "9.81"),
        ("9.81", "9.8"),
        (r"2.998\times10^8", r"3\times 10^8"),
        (r"\frac{1}{3}", "0.3333"),
        (r"\sqrt{2}", "1.41"),
    ],
)
def test_rounded_values_score_100(gt: str, pred: str) -> None:
    for a, b in ((gt, pred), (pred, gt)):
        assert eed.score(a, b).score == 100.0


@pytest.mark.parametrize(
    ("gt", "pred"),
    [
        ("5", "5.001"),
        ("3.14159", "3.15"),
        ("901.0", "902"),
        (r"\frac{1}{3}", "0.3334"),
        (r"\sqrt{2}", "1.42"),
        ("300", "299.9"),
    ],
)
def test_contradicting_digits_do_not(gt: str, pred: str) -> None:
    for a, b in ((gt, pred), (pred, gt)):
        r = eed.score(a, b)
        assert 0.0 < r.score < 100.0, r.reason
        assert "digits written disagree" in r.reason

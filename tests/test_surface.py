"""The typography guard: answers that differ only in typography score 100 without parsing,
and nothing else is made equal by it."""

from __future__ import annotations

import pytest

import eed
from corpus import load_pairs
from eed.config import PROFILES
from eed.latex.surface import surface_key
from eed.scoring import Side, guards, prepare

DEFAULT = PROFILES["default"]

RETYPED = [
    ("x^2", "$x^2$"),
    ("x^2", "$$x^2$$"),
    ("x^2", "\\[x^2\\]"),
    ("x^2", "\\(x^2\\)"),
    ("x^2", "\\boxed{x^2}"),
    ("x^2", "  \\boxed{ x^2 }  "),
    ("\\frac{a}{b}", "\\dfrac{a}{b}"),
    ("\\frac{a}{b}", "\\tfrac{a}{b}"),
    ("v = \\frac{1}{2}", "$\\boxed{v = \\dfrac{1}{2}}$"),
]

# Each pair differs in something a reading may see: none may pass the guard.
NOT_RETYPED = [
    ("1 000", "1000"),
    ("(4,117,9)", "(4, 117, 9)"),
    ("\\alpha b", "\\alphab"),
    ("x\ny", "x y"),
    ("$a$ and $b$", "a$ and $b"),
    ("\\boxed{a} + b", "a + b"),
    ("\\boxed{a}\\boxed{b}", "a}\\boxed{b"),
    ("\\boxed{a}", "\\boxed a"),
    ("\\frac{1}{2}x", "\\frac{1}{2x}"),
    ("\\cfrac{a}{b}", "\\frac{a}{b}"),
    ("\\text{m s}", "\\text{ms}"),
    ("a+b", "a + b"),
    ("$x$", "$$x$"),
]


@pytest.mark.parametrize(("gt", "pred"), RETYPED)
def test_retyped_answers_share_a_key_and_score_100(gt: str, pred: str) -> None:
    assert surface_key(gt) == surface_key(pred)
    r = eed.score(gt, pred)
    assert r.score == 100.0
    assert r.status is eed.Status.EQUIVALENT


@pytest.mark.parametrize(("gt", "pred"), NOT_RETYPED)
def test_other_differences_do_not_pass_the_guard(gt: str, pred: str) -> None:
    assert surface_key(gt) != surface_key(pred)
    assert guards(gt, pred, DEFAULT) is None


def test_the_official_profile_keeps_its_own_guards() -> None:
    # The official scorer parses \\boxed answers; only identical strings skip it there.
    assert guards("x^2", "$x^2$", PROFILES["phybench"]) is None


def _reading(side: Side) -> tuple[object, ...]:
    return (
        side.error_kind,
        side.expr,
        side.kind,
        side.name,
        side.unit,
        side.prose,
        side.brackets,
        tuple(p.expr for p in side.parts),
        tuple(c.expr for c in side.conjuncts),
        side.ops,
        side.condition is None,
        side.option,
    )


def _short_answers(limit: int) -> list[str]:
    seen: dict[str, None] = {}
    for name in ("phybench", "physics"):
        for p in load_pairs(name):
            for text in (p["gt"], p["pred"]):
                if isinstance(text, str) and 0 < len(text) <= 60:
                    seen.setdefault(text)
    return sorted(seen, key=lambda t: (len(t), t))[::7][:limit]


@pytest.mark.parametrize(
    "wrap",
    [
        lambda t: f"$ {t} $",
        lambda t: "\\boxed{" + t + "}",
        lambda t: t.replace("\\frac", "\\dfrac"),
    ],
    ids=["dollars", "boxed", "dfrac"],
)
def test_the_pipeline_reads_retyped_answers_alike(wrap: object) -> None:
    """What the guard calls the same answer, the full reading reads the same way."""
    checked = 0
    for text in _short_answers(40):
        other = wrap(text)  # type: ignore[operator]
        if surface_key(other) != surface_key(text):
            continue  # the wrap changed more than typography (a ``$`` inside, say)
        assert _reading(prepare(text, DEFAULT)) == _reading(prepare(other, DEFAULT)), text
        checked += 1
    assert checked >= 30

"""explain: every intermediate form, in-process (the CLI tests run it in a worker)."""

from __future__ import annotations

import eed
from eed import PROFILES, Status
from eed.explain import explain, explain_task

D = PROFILES["default"]


def test_explanation_shows_the_forms_read() -> None:
    e = explain_task(r"E = m c^2 (1 + x) = 145\,\text{MeV}", r"145\,\text{MeV}", D)
    assert e.result.status is Status.EQUIVALENT
    assert (
        e.gt.form is not None and "defines E" in e.gt.form and "other chain sides 145" in e.gt.form
    )
    assert e.pred.form is not None and "unit \\text{MeV}" in e.pred.form
    assert "form:" in e.to_text()


def test_edit_script_only_for_tree_distances() -> None:
    e = explain_task(r"a + b + c", r"a + b - c", D)
    assert e.result.method == "distance" and e.edit_script
    # Decided by letters, with a prediction that has no expression: no script, no crash.
    e = explain_task("(b)", r"\text{(a) a sentence with } \frac{\int}{}", D)
    assert e.result.method in ("option", None) and not e.edit_script
    e = explain_task(r"5\,\text{m}", r"5\,\text{s}", D)
    assert e.result.method == "units" and not e.edit_script


def test_explain_takes_the_answer_type_and_shows_the_score_given() -> None:
    gt, pred = "(1, 2)", "(2, 1)"
    as_set = explain(gt, pred, answer_type="set")
    assert as_set.result.score == eed.score(gt, pred, answer_type="set").score == 100.0
    assert explain(gt, pred).result.score == eed.score(gt, pred).score < 100.0

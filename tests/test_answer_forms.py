"""The registry of answer forms: every answer type and every kind the reader produces has a
form, and each form's flags say how its answers compare."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from eed import PROFILES
from eed.answers import FORMS, AnswerKind, Form, forced_form, form_of, read_answer
from eed.config import ANSWER_TYPES, configured

D = PROFILES["default"]

# One input of each form the physics dialect reads, and the kind it is read as.
READ_KINDS = {
    "(1, 2)": "tuple",
    "1, 2": "list",
    r"\begin{pmatrix}1 & 2\end{pmatrix}": "matrix",
    r"\{1, 2\}": "set",
    r"a \pm b": "set",
    "[0, 1)": "interval",
    "x = 3": "expression",
    "3": "expression",
    r"\frac{m v^2}{2}": "expression",
}


def test_every_answer_type_but_auto_is_a_form() -> None:
    assert set(FORMS) == set(ANSWER_TYPES) - {"auto"}
    for name, form in FORMS.items():
        assert form.name == name


def test_every_answer_kind_is_a_form() -> None:
    assert set(typing.get_args(AnswerKind)) <= set(FORMS)


@pytest.mark.parametrize(("latex", "kind"), READ_KINDS.items())
def test_every_kind_read_is_a_form(latex: str, kind: str) -> None:
    answer = read_answer(latex, D)
    assert answer.kind == kind
    assert form_of(answer.kind).name == kind


def test_phybench_reads_expressions() -> None:
    assert form_of(read_answer("(1, 2)", PROFILES["phybench"]).kind) == FORMS["expression"]


def test_flags() -> None:
    ordered = {name for name, form in FORMS.items() if form.ordered}
    assert {"tuple", "interval"} <= ordered and "set" not in ordered
    assert {name for name, form in FORMS.items() if form.relation} == {"equation"}
    compound = {name for name, form in FORMS.items() if form.compound}
    assert compound == {"tuple", "list", "set", "interval", "matrix"}
    assert {name for name, form in FORMS.items() if form.loose_order} == {"list"}
    assert {name for name, form in FORMS.items() if form.shaped} == {"matrix"}
    assert {name for name, form in FORMS.items() if form.numeric} == {"number"}


@pytest.mark.parametrize("answer_type", ANSWER_TYPES)
def test_forced_form(answer_type: str) -> None:
    config = configured(D, answer_type=answer_type)
    form = forced_form(config)
    if answer_type == "auto":
        assert form is None
    else:
        assert form is FORMS[answer_type]
    # The scorer's numeric tiers apply exactly when no form is forced or it is numeric.
    assert (form is None or form.numeric) == (config.answer_type in ("auto", "number"))
    # Parts are matched, not compared in order, exactly when the forced form is a set or a
    # bare list.
    assert (form is not None and not form.ordered) == (config.answer_type in ("set", "list"))


def test_forms_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        FORMS["tuple"].ordered = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        FORMS["tuple"] = Form("tuple", True, False, False, True)  # type: ignore[index]


def test_unknown_form() -> None:
    with pytest.raises(KeyError):
        form_of("tensor")


def test_brackets_and_names() -> None:
    assert [n for n, f in FORMS.items() if f.brackets_matter] == ["interval"]
    assert sorted(n for n, f in FORMS.items() if not f.named_parts) == [
        "interval",
        "list",
        "matrix",
        "set",
    ]

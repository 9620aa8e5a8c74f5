"""The registry of answer forms: what each form means to the comparison of two answers.

The form names are the values of ``Config.answer_type`` besides ``auto`` (a form forced on
both answers) and the values of ``Answer.kind`` (the form an answer is read as).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..config import Config
from .answer import Answer
from .intervals import read_interval
from .matrices import read_matrix
from .spelled import read_spelled_number, read_spelled_set

# Reads an answer written in one form, or None when it is not written so.
FormReader = Callable[[str, Config], Answer | None]

__all__ = ["FORMS", "Form", "FormReader", "forced_form", "form_of", "special_readers"]


@dataclass(frozen=True)
class Form:
    """An answer form and how its answers compare."""

    name: str
    # Parts compared in order (tuple, interval); a set's parts are matched. A form of one part
    # is trivially in order.
    ordered: bool
    # The relation itself is compared, not only a value (an equation).
    relation: bool
    # Numbers within a relative tolerance score by the config's numeric tiers: they apply
    # when `forced_form` is None or numeric (a forced expression compares trees only).
    numeric: bool
    # The answer has parts (tuple, list, set, interval, matrix).
    compound: bool
    # The brackets are part of the value: ``(0, 9)`` is not ``[0, 9)`` (an interval).
    brackets_matter: bool = False
    # Parts that define names (``E_z = ..., B_z = ...``) may be paired by name; a set's or an
    # interval's parts are values, not named quantities.
    named_parts: bool = True
    # The parts have no order of their own, but against an answer that states one (a tuple, a
    # vector, a matrix) they keep the order they are written in: a bare list, ``3, -2``.
    loose_order: bool = False
    # The parts are laid out in rows and columns (a matrix): the shapes must match, a tuple in
    # parentheses counting as a column vector.
    shaped: bool = False
    # A reader for answers written in this form, tried (in registry order) before the general
    # reading of expressions, tuples and sets. None: the general reading finds the form.
    reader: FormReader | None = None


_ALL = (
    Form("expression", ordered=True, relation=False, numeric=False, compound=False),
    Form(
        "number",
        ordered=True,
        relation=False,
        numeric=True,
        compound=False,
        reader=read_spelled_number,
    ),
    Form("equation", ordered=True, relation=True, numeric=False, compound=False),
    Form("tuple", ordered=True, relation=False, numeric=False, compound=True),
    Form(
        "list",
        ordered=False,
        relation=False,
        numeric=False,
        compound=True,
        named_parts=False,
        loose_order=True,
    ),
    Form(
        "set",
        ordered=False,
        relation=False,
        numeric=False,
        compound=True,
        named_parts=False,
        reader=read_spelled_set,
    ),
    # Before the interval: ``(\begin{pmatrix}..\end{pmatrix})`` is a matrix.
    Form(
        "matrix",
        ordered=True,
        relation=False,
        numeric=False,
        compound=True,
        named_parts=False,
        shaped=True,
        reader=read_matrix,
    ),
    Form(
        "interval",
        ordered=True,
        relation=False,
        numeric=False,
        compound=True,
        brackets_matter=True,
        named_parts=False,
        reader=read_interval,
    ),
)
FORMS: Mapping[str, Form] = MappingProxyType({form.name: form for form in _ALL})


def form_of(kind: str) -> Form:
    """The form named ``kind`` (an ``Answer.kind`` or a forced answer type). Raises KeyError."""
    return FORMS[kind]


def forced_form(config: Config) -> Form | None:
    """The form the config forces on both answers, or None when it is detected (``auto``)."""
    return None if config.answer_type == "auto" else FORMS[config.answer_type]


def special_readers() -> tuple[FormReader, ...]:
    """The readers of the forms that have one, in registry order."""
    return tuple(form.reader for form in FORMS.values() if form.reader is not None)

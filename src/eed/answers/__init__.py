"""Answer forms: what kind of answer a LaTeX string is, and its parts as SymPy expressions.

The ``phybench`` dialect knows one form, a single expression. The ``physics`` dialect reads:

- ``expression``: one expression (a relation's chosen side, see `eed.latex.physics`);
- ``tuple``: top-level elements in order, ``(a, b)``, ``a; b``, ``x = 1 \\quad y = 2``;
- ``set``: ``\\pm``/``\\mp`` branches (``a \\pm b`` is the set ``{a + b, a - b}``);
- ``interval``: two elements between brackets of which at least one is square, ``[a, b)``.

An answer written as an equation also keeps ``lhs - rhs``, so that an equation whose both sides
matter (``x^2 + y^2 = R^2``) can be compared as one (see `eed.scoring`). Its left side counts as
a *name* when it is a symbol or a function of symbols (``v``, ``v_0``, ``T(t)``): then only the
right side is the answer.

Each element also keeps what the scorer needs to read it as a physicist would:

- ``names``: the name its equation defines (``B_z`` in ``B_z = q\\beta\\gamma y/\\chi``), so that
  a prediction listing several quantities is compared quantity by quantity;
- ``units``: the unit written after its number (``\\text{MeV}``), for unit conversion;
- ``alternatives`` (single expressions): the other sides of an equality chain, which state the
  same value (``145`` in ``E = m c^2 (1 + x) = 145\\,\\text{MeV}``).

Modules, each importing only the public names of the others:

- ``answer``: the `Answer` and `Statement` types and the limits `MAX_PARTS`, `MAX_ALTERNATIVES`;
- ``reading``: `read_answer`, an answer's form and its parts;
- ``relations``: what one element states (a name, an equation, a relation), what counts as a
  name, and the conditions an answer holds under (``\\quad (r > R)``, ``cases`` rows);
- ``sides``: one side of a relation read as one expression;
- ``brackets``: the outer brackets as written; ``intervals``: ``[a, b)``;
- ``realsets``: `read_real_set`, an answer as a subset of the reals (`RealSet`);
- ``words``: `prose`, the claims an answer makes in words; `text_of` and `plain_words`, the
  words of a text answer;
- ``options``: `Option` and `option`, multiple choice;
- ``names``: names that could not be read, kept as their text (`unread_name`);
- ``forms``: the registry of forms (`Form`, `FORMS`) and what each means to a comparison.
"""

from .answer import (
    MAX_ALTERNATIVES,
    MAX_PARTS,
    Answer,
    AnswerKind,
    RealSet,
    RelationOp,
    Statement,
)
from .forms import FORMS, Form, forced_form, form_of
from .names import UNREAD_NAME_PREFIX, unread_name
from .options import Option, option
from .reading import read_answer
from .words import normalised, plain_words, prose, text_of

__all__ = [
    "FORMS",
    "MAX_ALTERNATIVES",
    "MAX_PARTS",
    "UNREAD_NAME_PREFIX",
    "Answer",
    "AnswerKind",
    "Form",
    "Option",
    "RealSet",
    "RelationOp",
    "Statement",
    "forced_form",
    "form_of",
    "normalised",
    "option",
    "plain_words",
    "prose",
    "read_answer",
    "text_of",
    "unread_name",
]

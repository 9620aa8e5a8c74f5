"""Lists, tuples, sets, vectors and matrices in the default profile (issue 14).

Each rule that makes two answers equal is tested beside the answers it must keep apart: a 100
is a promise.
"""

from __future__ import annotations

import pytest

import eed
from eed import PROFILES, Status
from eed.answers import read_answer

D = PROFILES["default"]

P22 = r"\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}"
COL = r"\begin{pmatrix}1 \\ 2\end{pmatrix}"
ROW = r"\begin{pmatrix}1 & 2\end{pmatrix}"
SWAP = r"\begin{pmatrix}0 & 1 \\ 1 & 0\end{pmatrix}"


def score(gt: str, pred: str) -> eed.Result:
    return eed.score(gt, pred, profile="default")


MUST_BE_100 = [
    # A variable said to be one of listed values is the set of them.
    (r"x \in \{1, 2\}", r"\{2, 1\}"),
    (r"\{1, 2\}", r"x \in \left\{ 1, 2 \right\}"),
    # One vector arrow in two widths.
    (r"\overrightarrow{AB}", r"\vec{AB}"),
    # A bare list of solutions has no order.
    ("3,-2", "-2, 3"),
    ("3, -2", "-2,3"),
    (r"2 + \sqrt{3}, 2 - \sqrt{3}", r"2 - \sqrt{3}, 2 + \sqrt{3}"),
    ("(0, 0), (4, -2)", "(4, -2), (0, 0)"),
    # A bare list against a point keeps its written order.
    ("(3, -2)", "3, -2"),
    ("3, -2", "(3, -2)"),
    # A set named twice is the same set: when the ground truth lists every value once, a
    # value the prediction repeats is counted once.
    (r"\{1, 2\}", r"\{1, 2, 2\}"),
    ("1, 2", "2, 1, 1"),
    (r"\{2 \pm \sqrt{3}, 0\}", r"\{0, 2 + \sqrt{3}, 2 - \sqrt{3}, 0\}"),
    ("(1, 2), (3, 4)", "(3, 4), (1, 2), (3, 4)"),
    ("1, 1, 2", "2, 1, 1"),
    # Commas in brackets separate elements; a bare 1,000 is a thousand.
    ("(4,117,9)", "(4, 117, 9)"),
    ("1,000", "1000"),
    ("(1,000)", "(1, 0)"),
    # "and" and "or" between values separate a list, in text or with spaces around them.
    (r"12\text{ and }13", "13, 12"),
    ("12 and 13", "13, 12"),
    (r"1 \text{ or } 2", "2, 1"),
    ("19, 46, and 82", "82, 46, 19"),
    ("(11,7)or(7,11)", r"\boxed{(7,11),\ (11,7)}"),
    ("(2,1),(1,2),(-1,-20)", r"solutions: \[ \boxed{(1, 2)}, \boxed{(2, 1)}, \boxed{(-1, -20)} \]"),
    # A name on the first value names them all: x = 2, 3 lists two values of x.
    ("x = 2, 3", "3, 2"),
    (r"a=4,\,-8,\,-10", "-10,-8,4"),
    ("x = 2, 3", "x = 3, 2"),
    # Each solution boxed on its own is the list of them.
    ("(2, 1), (1, 2)", r"\boxed{(1, 2)}, \boxed{(2, 1)}"),
    ("k = 45, n = 2", r"$$\boxed{k = 45} \quad \text{and} \quad \boxed{n = 2}$$"),
    # Matrices: entries compared one by one, whatever the brackets.
    (
        r"\begin{pmatrix} -1/2 \\ 3/4 \\ 7/4 \end{pmatrix}",
        r"\begin{pmatrix} -\frac{1}{2} \\ \frac{3}{4} \\ \frac{7}{4} \end{pmatrix}",
    ),
    (P22, r"\begin{bmatrix}1 & 2 \\ 3 & 4\end{bmatrix}"),
    (P22, r"\left[\begin{array}{cc}1 & 2 \\3 & 4\end{array}\right]"),
    (P22, r"\begin{matrix}1 & 2 \\ 3 & 4 \\ \end{matrix}"),
    (P22, r"\boxed{\begin{pmatrix}1 & 2 \\[2pt] 3 & 4\end{pmatrix}}"),
    (
        r"\begin{pmatrix}\frac{1}{3} \\ \frac{1}{5}\end{pmatrix}",
        r"(\begin{pmatrix}1/3 \\ 0.2\end{pmatrix})",
    ),
    # Written matrices combined: sums, scalar multiples, products in order, powers, transposes.
    (
        r"\begin{pmatrix}6 & 8 \\ 10 & 12\end{pmatrix}",
        P22 + r" + \begin{pmatrix}5 & 6 \\ 7 & 8\end{pmatrix}",
    ),
    (r"\begin{pmatrix}2 & 1 \\ 4 & 3\end{pmatrix}", P22 + SWAP),
    (r"\begin{pmatrix}3 & 4 \\ 1 & 2\end{pmatrix}", SWAP + r" \cdot " + P22),
    (r"\begin{pmatrix}7 & 10 \\ 15 & 22\end{pmatrix}", P22 + "^2"),
    (r"\begin{pmatrix}2 & 4 \\ 6 & 8\end{pmatrix}", "2" + P22),
    (r"\begin{pmatrix}1 & 3 \\ 2 & 4\end{pmatrix}", P22 + "^T"),
    (COL, ROW + r"^{\top}"),
    (ROW, r"\mathbf{v} = " + ROW),
    # A determinant is its value.
    (r"\begin{vmatrix}1 & 2 \\ 3 & 4\end{vmatrix}", "-2"),
    # Vectors: a column matrix, a tuple in parentheses, angle brackets.
    (COL, "(1, 2)"),
    (COL, r"\langle 1, 2 \rangle"),
    (r"\langle 1, 2 \rangle", "(1, 2)"),
    # A ± in a set element stands for two elements.
    (r"\{2 \pm \sqrt{3}, 0\}", r"\{0, 2 + \sqrt{3}, 2 - \sqrt{3}\}"),
    (r"\{0, 2 + \sqrt{3}, 2 - \sqrt{3}\}", r"\{2 \pm \sqrt{3}, 0\}"),
    (r"2 \pm \sqrt{3}, 0", r"0, 2 - \sqrt{3}, 2 + \sqrt{3}"),
    (r"2 \pm 1", "1, 3"),
    # Plain braces around a whole list render as nothing: a bare list of values, expressions
    # too, as a set whose backslashes were lost reads.
    ("(1, 3)", "{1, 3}"),
    ("{x, x - 1}", "{x - 1, x}"),
    ("{3, -2}", "-2, 3"),
    ("{3, -2}", r"\{-2, 3\}"),
    ("{(1, 2), (3, 4)}", "{(3, 4), (1, 2)}"),
]


@pytest.mark.parametrize(("gt", "pred"), MUST_BE_100)
def test_must_be_100(gt: str, pred: str) -> None:
    r = score(gt, pred)
    assert r.score == 100.0 and r.status is Status.EQUIVALENT, r.reason


NEVER_100 = [
    # Membership of a listed set: the set, never one of its values or a bigger set.
    (r"x \in \{1, 2\}", "1"),
    (r"x \in \{1, 2\}", r"x \in \{1, 2, 3\}"),
    (r"\{1, 2\}", r"x \notin \{1, 2\}"),
    (r"\overrightarrow{AB}", r"\vec{BA}"),
    (r"\overrightarrow{AB}", r"\overline{AB}"),
    # A conjunction lists values; it never drops or adds one, and "and" inside a word or
    # between letters without spaces stays letters.
    ("12 and 13", "12"),
    ("2 or 3", "2"),
    ("1 and 2", "1, 2, 3"),
    ("12 and 13", "1213"),
    ("land", "l, d"),
    ("x and y", "y, x"),
    ("(11,7)or(7,11)", "(11, 7)"),
    ("(1,2)and(3,4)", "(1,2),(3,4),(5,6)"),
    # x = 2, 3 gives two values of x: against one value it is not the answer.
    ("x = 2", "x = 2, 3"),
    ("x = 2", "x = 2, 2"),
    ("2", "x = 2, 3"),
    ("x = 2, 3", "x = 2"),
    ("x = 2, 3", "x = 2, 4"),
    # Boxed solutions are all read: an extra or a missing one is no 100.
    ("2", r"\boxed{2} \text{ or } \boxed{3}"),
    ("(1, 2), (2, 1)", r"\boxed{(1, 2)}"),
    ("1, 2", r"\boxed{1}, \boxed{2}, \boxed{3}"),
    ("k = 45, n = 2", r"\boxed{k = 45} \text{ and } \boxed{n = 3}"),
    # Points are ordered: in parentheses or angle brackets, or against a bare list.
    ("(1, 2)", "(2, 1)"),
    ("(3, -2)", "-2, 3"),
    ("3, -2", "(-2, 3)"),
    (r"\langle 1, 2 \rangle", r"\langle 2, 1 \rangle"),
    (r"\langle 1, 2 \rangle", "2, 1"),
    # Only bare comma lists of values lose their order.
    ("3; -2", "-2; 3"),
    (r"3 \quad -2", r"-2 \quad 3"),
    ("x = 1, y = 2", "2, 1"),
    # Symbolic values most often answer parts of a question: they keep their order.
    (r"x_1, x_2", r"x_2, x_1"),
    (r"m g, 2 m g", r"2 m g, m g"),
    # A list of points is unordered, the points are not.
    ("(0, 0), (4, -2)", "(0, 0), (-2, 4)"),
    (r"3\,\mathrm{N}, 5\,\mathrm{m}", r"5\,\mathrm{m}, 3\,\mathrm{N}"),
    # A bare list with a missing, an extra or a wrong element.
    ("3, -2, 5", "-2, 3"),
    ("3, -2", "-2, 3, 5"),
    ("3, -2", "3, 2"),
    # A ground truth that lists a value twice counts it (roots with their multiplicity);
    # a prediction that repeats one value but misses another is short of it; a tuple's
    # entries are its own; a set is no vector.
    (r"\{1, 2, 2\}", r"\{1, 2\}"),
    ("1, 1, 2", "1, 2"),
    ("1, 1, 2", "1, 2, 2"),
    ("1, 2", "1, 1"),
    ("1, 2", "1, 2, 2, 3"),
    (r"\{1, 2\}", r"\{1, 1, 2, 3\}"),
    ("(1, 2)", "(1, 1, 2)"),
    ("(1, 2, 2)", "(1, 2)"),
    ("2", "2, 2"),
    (r"\{2\}", "2, 2, 3"),
    (r"\{1, 2\}", r"\langle 1, 2 \rangle"),
    (r"\{1, 2\}", "(1, 2)"),
    # Thousands separators.
    ("1,000", "1, 000"),
    ("1, 000", "1000"),
    ("(1,000)", "1000"),
    ("1000", "(1,000)"),
    ("(3,331)", "3331"),
    # \pm needs both branches, and each set element's own.
    (r"2 \pm 1", "3"),
    (r"2 \pm 1", r"\{3\}"),
    (r"\{2 \pm \sqrt{3}, 0\}", r"\{0, 2 + \sqrt{3}\}"),
    (r"\{2 \pm \sqrt{3}, 0\}", r"\{2 + \sqrt{3}, 2 - \sqrt{3}\}"),
    # Matrices: shape and entries in place.
    (P22, r"\begin{pmatrix}1 & 3 \\ 2 & 4\end{pmatrix}"),  # the transpose
    (P22, r"\begin{pmatrix}1 & 2 & 3 & 4\end{pmatrix}"),
    (P22, r"\begin{pmatrix}1 \\ 2 \\ 3 \\ 4\end{pmatrix}"),
    (P22, "(1, 2, 3, 4)"),
    (P22, "1, 2, 3, 4"),
    (P22, r"\{1, 2, 3, 4\}"),
    (P22, r"\begin{pmatrix}1 & 2 \\ 3 & 5\end{pmatrix}"),
    (P22, r"\begin{pmatrix}2 & 1 \\ 4 & 3\end{pmatrix}"),
    (P22, r"\begin{vmatrix}1 & 2 \\ 3 & 4\end{vmatrix}"),
    (r"\begin{vmatrix}1 & 2 \\ 3 & 4\end{vmatrix}", "2"),
    (COL, ROW),
    (ROW, COL),
    (ROW, "(1, 2)"),
    (COL, "(2, 1)"),
    (COL, "1, 2"),
    (COL, r"\begin{pmatrix}1 \\ 2 \\ 0\end{pmatrix}"),
    (r"\begin{pmatrix}5\end{pmatrix}", "5"),
    # Matrix products do not commute; a transpose is no power.
    (r"\begin{pmatrix}2 & 1 \\ 4 & 3\end{pmatrix}", SWAP + P22),
    (r"\begin{pmatrix}3 & 4 \\ 1 & 2\end{pmatrix}", P22 + SWAP),
    (P22, P22 + "^T"),
    (COL, ROW),
    (P22, P22 + SWAP),
    (P22, SWAP + " + " + P22),
    (
        r"\begin{pmatrix}\frac{1}{3} \\ \frac{1}{5}\end{pmatrix}",
        r"\begin{pmatrix}0.33 \\ 0.2\end{pmatrix}",
    ),
    # A set in plain braces: other elements, points in another order, or a tuple.
    ("{1, 2}", "{1, 3}"),
    ("{x, x - 1}", "{x - 1, x + 1}"),
    ("{(1, 2), (3, 4)}", "{(2, 1), (3, 4)}"),
    ("{3, -2}", "(-2, 3)"),
    ("{a}_{1}, 2", "2, {a}_{1}"),
]


@pytest.mark.parametrize(("gt", "pred"), NEVER_100)
def test_never_100(gt: str, pred: str) -> None:
    r = score(gt, pred)
    assert r.score < 100.0 and r.status is not Status.EQUIVALENT, r.reason
    assert r.reason


def test_shape_and_order_keep_half() -> None:
    assert score(P22, r"\begin{pmatrix}1 & 2 & 3 & 4\end{pmatrix}").score == 50.0
    assert score(P22, r"\begin{pmatrix}1 & 3 \\ 2 & 4\end{pmatrix}").score == 50.0
    assert score(COL, ROW).score == 50.0


def test_reading() -> None:
    m = read_answer(r"\begin{pmatrix}1 & 2 & 3\\ 4 & 5 & 6\end{pmatrix}", D)
    assert (
        m.kind == "matrix" and m.shape == (2, 3) and [int(x) for x in m.parts] == [1, 2, 3, 4, 5, 6]
    )
    assert read_answer("3, -2", D).kind == "list"
    assert read_answer("m g, 2 m g", D).kind == "tuple"
    assert read_answer("(3, -2)", D).shape == (2, 1)
    assert read_answer(r"\langle 3, -2 \rangle", D).kind == "tuple"
    assert read_answer("3; -2", D).kind == "tuple"
    assert read_answer(r"x = 3, y = -2", D).kind == "tuple"
    s = read_answer(r"\{2 \pm 1, 0\}", D)
    assert s.kind == "set" and sorted(int(x) for x in s.parts) == [0, 1, 3]


@pytest.mark.parametrize(
    "pred",
    [
        P22 + "^{-1}",
        P22 + " + 1",
        P22 + " + " + ROW,
        "(" + P22 + " + " + SWAP + ")" + P22,
        P22 + "_{12}",
        P22 + "'",
    ],
)
def test_matrix_arithmetic_it_cannot_read_is_a_parse_error(pred: str) -> None:
    r = score(P22, pred)
    assert r.status is Status.PRED_PARSE_ERROR and r.score == 0.0, r.reason


def test_ragged_matrix_is_a_parse_error() -> None:
    r = score(P22, r"\begin{pmatrix}1 & 2 \\ 3\end{pmatrix}")
    assert r.status is Status.PRED_PARSE_ERROR and r.score == 0.0


@pytest.mark.parametrize(
    ("latex", "named"),
    [
        ("x = 2, 3", False),
        (r"x = \frac{1}{2}, -1", False),
        # Other statements after the first, not more values of its name.
        (r"\mu^+ \to e^+ + \nu_e, \text{Assignments: } L_e, L_\mu", True),
        (r"\langle U^2 \rangle \propto T,\; at\;low\;temperatures", True),
        (r"x = 2, y", True),
        (r"x = 2, 3 < y", True),
        (r"x \geq 2, 3", True),
    ],
)
def test_one_name_names_a_list_only_of_bare_values(latex: str, named: bool) -> None:
    """``x = 2, 3`` lists values of ``x``; a first element that is another relation, or later
    elements with relations or new symbols, keep each element its own name."""
    # One name for all the values leaves the elements no names of their own.
    assert (read_answer(latex, D).names != ()) is named


def test_a_statement_among_others_is_still_matched_by_name() -> None:
    pred = r"\mu^+ \to e^+ + \nu_e + \bar{\nu}_\mu, \text{Assignments: } L_e, L_\mu"
    assert score(r"\mu^+ \to e^+ + \nu_e + \bar{\nu}_\mu", pred).score == 100.0
    assert score(r"\mu^+ \to e^+ + \nu_e + \nu_\mu", pred).score < 100.0

"""``extract``: the library takes a model's final answer itself, on every path, and says so in
the signature."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import eed
from eed.explain import explain
from eed.extract import locate
from eed.rewards import EEDReward
from eed.scoring import answer_text, score_pair

GT = r"\frac{1}{2}mv^2"
OUTPUT = r"The kinetic energy is so $\boxed{\frac{m v^{2}}{2}}$."


def test_the_default_profile_extracts_on_every_path(tmp_path: Path) -> None:
    config = eed.get_config("default")
    assert config.extract and "|extract:on|" in config.signature()
    results = [
        eed.score(GT, OUTPUT),
        *eed.score_many([GT, GT], [OUTPUT, OUTPUT], workers=0),
        *eed.score_many([GT], [OUTPUT], workers=1, cache=tmp_path / "c.sqlite"),
        *eed.score_many([GT], [OUTPUT], workers=1, cache=tmp_path / "c.sqlite"),  # cached
        score_pair(GT, OUTPUT, config),
        explain(GT, OUTPUT).result,
    ]
    assert {r.score for r in results} == {100.0}
    assert len({r.signature for r in results}) == 1
    assert EEDReward(shape="binary")(completions=[OUTPUT], solution=[GT]) == [1.0]


def test_the_official_profile_and_extract_false_take_the_text_as_given() -> None:
    official = eed.score(GT, OUTPUT, profile="phybench")
    assert official.score < 100 and "|extract:off|" in official.signature
    plain = eed.score(GT, OUTPUT, extract=False)
    assert plain.score < 100 and "|extract:off|" in plain.signature
    assert plain.signature.replace("extract:off", "extract:on") == eed.score(GT, OUTPUT).signature
    assert eed.score(GT, OUTPUT, profile="phybench", extract=True).score == 100.0


def test_explain_shows_the_answer_that_was_read() -> None:
    e = explain(GT, OUTPUT)
    assert e.pred.latex == r"\frac{m v^{2}}{2}"
    assert explain(GT, OUTPUT, extract=False).pred.latex == OUTPUT


@pytest.mark.parametrize(
    ("gt", "output"),
    [
        ("10455", "$10,200 + $255 = $10,455. Final Answer: The final answer is $10,455$. I hope"),
        ("120", "is $5 \\times 4 = 120$. Final Answer: The volume of $ABC$ is 120. I hope it is"),
        ("0", "we get 8 so the answer is 0"),
        ("7.78", "Final Answer: The final answer is 7.78."),
        # A number that words conclude with, in any language, with its unit if it has one.
        ("13", "所以一共有3 + 10 = 13只鸟和鹳鸟。"),
        ("858", "因此，弗兰克一共有**858颗**糖果。"),
        ("79", "Donc, la masse est 79 g."),
        ("100\\%", "$x$ grows. Therefore, the error increases by 100%."),
        (r"5\,\mathrm{m/s}", "so the speed is 5 m/s."),
        (r"18\,\mathrm{km/h}", "so it is 5 meters per second"),
        ("1, 2, 3", "the roots are $1$ and $2$ and $3$"),
        ("2/5", "答案：每份应该是 (\\frac{2}{5}) 吨。"),
        # A text escaped twice, on either side.
        ("1/2", r"\\boxed{\\frac{1}{2}}"),
        (
            r"\\left(\\frac{1}{5},\\frac{1}{6}\\right)",
            r"so \boxed{\left( \frac{1}{5}, \frac{1}{6} \right)}",
        ),
        # A final answer stated after the last box is the last word.
        ("10455", "$0.05 \\cdot 10,200 = \\boxed{255}$ so $10,455. The final answer is $10,455$."),
    ],
)
def test_an_answer_stated_in_words_is_read(gt: str, output: str) -> None:
    assert eed.score(gt, output).score == 100.0


@pytest.mark.parametrize(
    ("output", "answer", "tail"),
    [
        (r"the speed is $5$ m/s.", "5", "m/s"),
        (r"so $x = 5$ in total", "x = 5", "in total"),
        (r"\boxed{3} \text{kg}", "3", r"\text{kg}"),
        (r"first $a$, then $b$", "b", ""),
        ("no math at all", "no math at all", ""),
        (r"$v$, then $w$" + "\nnext line", "w", ""),
        (r"$v$ and $w$" + "\nnext line", "v, w", ""),
    ],
)
def test_the_words_after_an_answer(output: str, answer: str, tail: str) -> None:
    found = locate(output)
    assert (found.extraction.text, found.tail) == (answer, tail)


def test_a_unit_after_the_answer_belongs_to_it() -> None:
    config = eed.get_config("default")
    assert answer_text(r"the speed is $5$ m/s.", config) == r"5\,\text{m/s}"
    assert answer_text(r"so $x = 5$ in total", config) == "x = 5"  # words, not a unit
    assert eed.score(r"5\,\text{m/s}", r"the speed is $5$ m/s.").score == 100.0
    # Without the unit, 5 would equal 5 km/h as a bare number.
    assert eed.score(r"5\,\text{km/h}", r"the speed is $5$ m/s.").score < 100.0


@pytest.mark.parametrize(
    ("gt", "output"),
    [
        ("1", r"I first thought \boxed{1}, but no: \boxed{2}"),  # the last box is the answer
        ("2", r"$2$ is wrong; the answer is $3$"),
        (r"\frac{1}{2}", r"\boxed{\frac{1}{2} + 1}"),
        ("x", ""),
        # A stated answer: the last statement counts, and only what it states.
        ("5", "The answer is 5 or 6."),
        ("5", "The answer is not 5."),
        ("5", "Final answer: 6. Not 5"),
        ("5", "the answer is 5. No: the answer is 6."),
        (r"5\,\mathrm{s}", "The final answer is $5$ m. I hope it is correct."),  # unit kept
        ("2", "The answer is $2$ if $n$ is even"),
        # A concluded number: its unit kept, and never a bound, a factor or a variable's
        # coefficient.
        (r"5\,\mathrm{m/s}", "so it is 5 km per hour"),
        (r"5\,\mathrm{m/s}", r"so it is 5 \text{ meters per minute}"),
        (r"3\,\mathrm{s}", "Final Answer: Jane started growing Sphere 3 hours ago."),
        ("5", "Therefore 5 x"),
        ("5", "Thus 5/x"),
        ("3", "Final answer: it moves faster than 3 times c"),
        ("3", "so it is not 3."),
        ("3", "so there are at least 3"),
        ("13", "Therefore 13. Then $y = 14$."),
        ("5", r"\boxed{6}. The final answer is 5 or 6."),
        # Named boxes: the names pair the values, and a swapped pair is no answer.
        ("x = 1, y = 2", r"x = \boxed{2} and y = \boxed{1}"),
        ("x = 1", r"a+x = \boxed{1} and y = \boxed{2}"),
        ("5", r"The final answer is $5$. \boxed{6}"),
        ("1/2", r"\\boxed{\\frac{1}{3}}"),
        # Words before the answer that make it a bound, a negation or a factor keep it apart.
        ("3", "so the answer is at least $3$"),
        ("3", "It is more than $3$"),
        ("3", "x is not equal to $3$"),
        ("3", r"so it is at least \boxed{3}"),
        ("3", "x is different from $3$"),
        ("12", "it is 4 times $3$"),
        ("3", r"it is not \(3\)"),
        # Joined inline math is the list of all of it: no one of its values alone.
        ("1", "so $1$ and $2$"),
        ("2", "so $1$ or $2$"),
        ("1, 2", "$1$, $2$ and $3$"),
        (r"\\frac{1}{2}", r"\frac{1}{3}"),
        ("3", "so there are 3 red and 10 blue"),
        # Math words around the answer, in its sentence or not, are operators on it.
        ("x", "The answer is 2/3 of $x$."),
        ("x", "So the answer is $x$ - 1."),
        ("x", "The answer is $x$\n- 1"),
        ("5", "2 *\n$5$"),
        ("x", "$x$. - 1"),
        ("3.2", "So the concentration is $3.2$\n\\times 10^{-5} mol/L"),
        # Two stars next to an operand are a power, not markdown bold.
        ("5", "2**\\boxed{5}"),
        ("5", "\\boxed{5}**2"),
        ("5", "2**$5$"),
        ("5", "$5$**2"),
        ("5", "2 ** \\boxed{5}"),
        ("5", "\\boxed{5} ** 2"),
        ("5", "\\boxed{5} **- 1**"),
        ("5", "not **$5$**"),
        ("5", "**$5$** is wrong"),
    ],
)
def test_extraction_makes_nothing_equal_that_the_answer_does_not(gt: str, output: str) -> None:
    assert eed.score(gt, output).score < 100.0


@pytest.mark.parametrize(
    ("output", "read"),
    [
        (r"-\left($$\frac{v}{R}$$\right)", r"-\left($$\frac{v}{R}$$\right)"),  # math around
        (r"-\boxed{x}", r"-\boxed{x}"),
        (r"\boxed{x}^2", r"\boxed{x}^2"),
        (r"$x$ - $y$", r"$x$ - $y$"),
        (r"x = \boxed{5}", "5"),
        (r"so \[ \boxed{5} \]", "5"),  # math delimiters are no operators on a box
        (r"\(\boxed{5}\)", "5"),
        (r"\[-\boxed{x}\]", r"\[-\boxed{x}\]"),
        (r"\[\boxed{x}\]^2", r"\[\boxed{x}\]^2"),
        ("the x-ray energy is $E$", "E"),
        # Notes after a box are not operators on it; an operator or a factor is.
        (r"$a \equiv \boxed{9} \pmod{11}.$", "9"),
        (r"$\boxed{9} \quad \text{(checked)}$", "9"),
        (r"$\boxed{9}\cdot 2$", r"$\boxed{9}\cdot 2$"),
        (r"$\boxed{3}\sqrt{2}$", r"$\boxed{3}\sqrt{2}$"),
        # A chat template's tokens after the answer start the next turn, no math on it.
        ("We get $y = 8 - 2 = 6$ So the pair is $(7, 6)$. <|im_start|>user", "(7, 6)"),
        ("So the answer is $x$.<|im_end|>", "x"),
        (
            "So the answer is $x$. <|im_start|>user\n2 * 3",
            "So the answer is $x$. <|im_start|>user\n2 * 3",
        ),
        (
            "So $5$.<|im_end|>\n<|im_start|>user\nIt is $6$",
            "So $5$.<|im_end|>\n<|im_start|>user\nIt is $6$",
        ),
        ("$x$<|im_end|>\\times 2", "$x$<|im_end|>\\times 2"),
        ("So $5$<|im_end|> user ^2", "So $5$<|im_end|> user ^2"),
        # A percent sign right after the answer is its own; digits or a variable touching it
        # are part of it.
        ("the rate is $5$%", "5\\%"),
        ("**$5$**%", "5\\%"),
        ("x $5$", "x $5$"),
        ("0. $5$", "0. $5$"),
        ("$5$ .5", "$5$ .5"),
        ("it is a $5$", "5"),
        ("$2$**$5$**", "$2$**$5$**"),  # a power, not bold
        ("**Not:** $5$", "**Not:** $5$"),  # only answer words make a bold label
        ("$x$ **$5$**", "$x$ **$5$**"),  # math before the bold is no label
        ("**\\boxed{5}**2", "**\\boxed{5}**2"),
        ("x **\\boxed{5}**", "x **\\boxed{5}**"),
        ("$5$ x", "$5$ x"),
        ("The answer is **$5$ x**", "The answer is **$5$ x**"),
        ("The final answer is $5$ m.", "5\\,\\text{m}"),
        ("1. \\boxed{5}", "5"),  # a list item's number
        # Markdown bold is no product.
        ("**Final Answer:** $\\boxed{5}$", "5"),
        ("**(a)** \\boxed{5}", "**(a)** \\boxed{5}"),  # only answer words or a colon label
        ("**\\boxed{5}**", "5"),
        ("2 * \\boxed{5}", "2 * \\boxed{5}"),
        ("First 1+1=2. So the answer is $x$.", "First 1+1=2. So the answer is $x$."),
    ],
)
def test_math_around_an_answer_is_part_of_it(output: str, read: str) -> None:
    assert answer_text(output, eed.get_config("default")) == read


@pytest.mark.parametrize(
    ("gt", "output"),
    [
        (r"\frac{v}{R}", r"-\left($$\frac{v}{R}$$\right)"),
        ("x", r"-\boxed{x}"),
        ("x", r"\boxed{x}^2"),
    ],
)
def test_a_sign_outside_the_math_is_not_dropped(gt: str, output: str) -> None:
    assert eed.score(gt, output).score < 100.0


def test_a_bound_in_words_scores_0_on_every_path(tmp_path: Path) -> None:
    gt, output = r"T = \frac{2\pi}{\omega}", r"so it is more than \boxed{T = \frac{2\pi}{\omega}}"
    results = [
        eed.score(gt, output),
        *eed.score_many([gt], [output], workers=0),
        *eed.score_many([gt], [output], workers=1, cache=tmp_path / "c.sqlite"),
        *eed.score_many([gt], [output], workers=1, cache=tmp_path / "c.sqlite"),  # cached
        explain(gt, output).result,
    ]
    assert {(r.score, r.status, r.reason) for r in results} == {
        (0.0, eed.Status.SCORED, results[0].reason)
    }
    assert "more than" in results[0].reason
    # Without extraction the text is read as it is written.
    assert eed.score(gt, output, extract=False).reason != results[0].reason


def _tricks() -> list[tuple[str, str]]:
    data = json.loads((Path(__file__).parent / "data" / "tricks_in_words.json").read_text("utf-8"))
    return [(p["gt"], p["pred"]) for p in data["pairs"]]


@pytest.mark.parametrize(("gt", "output"), _tricks())
def test_no_trick_in_words_earns_100(gt: str, output: str) -> None:
    assert eed.score(gt, output).score < 100.0

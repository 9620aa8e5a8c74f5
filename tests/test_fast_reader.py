"""The fast LaTeX reader gives exactly latex2sympy's reading wherever it accepts a text.

The oracle is latex2sympy itself, called as ``eed.latex.convert`` calls it. Identity is checked
on the object's whole tree (type, ``srepr`` and argument order at every node), on the texts the
corpus answers hand to the parser under both dialects, and on LaTeX generated from the grammar's
vocabulary.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from latex2sympy2_extended import latex2sympy

import eed
import eed.latex.fast as fast
import eed.latex.physics.parsing as physics_parsing
import eed.latex.readers as readers
from corpus import answer_strings, load_pairs
from eed.answers.reading import read_answer
from eed.latex.convert import CONVERSION, NORMALIZATION, to_sympy

PROFILES = ("phybench", "default")


def _same(a: Any, b: Any) -> bool:
    """The same object: type, srepr and argument order at every node."""
    if type(a) is not type(b):
        return False
    if isinstance(a, sympy.Basic):
        if sympy.srepr(a) != sympy.srepr(b) or len(a.args) != len(b.args):
            return False
        # latex2sympy's FiniteSet keeps its elements in the order written, too.
        if hasattr(a, "_unsorted_args") and not _same(
            list(a._unsorted_args), list(getattr(b, "_unsorted_args", ()))
        ):
            return False
        return all(_same(x, y) for x, y in zip(a.args, b.args, strict=True))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _reference(text: str) -> tuple[bool, Any]:
    try:
        return True, latex2sympy(
            text, normalization_config=NORMALIZATION, conversion_config=CONVERSION
        )
    except Exception:
        return False, None


def _check(text: str) -> bool:
    """Whether the fast reader accepted ``text``; fails if it accepted and differs."""
    reading = fast.read(text, NORMALIZATION)
    if reading is None:
        return False
    ok, expected = _reference(text)
    assert ok, f"fast reader accepted {text!r}, which latex2sympy cannot read"
    assert _same(reading.value, expected), (
        f"{text!r}: fast {sympy.srepr(reading.value)} != latex2sympy {sympy.srepr(expected)}"
    )
    return True


# -- the texts corpus answers hand to the parser ------------------------------------------


def _parser_texts(answers: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text that reading ``answers`` under both profiles hands to the parser."""
    texts: dict[str, None] = {}

    def record(latex: str, text: str, fast_reader: bool = True) -> Any:
        texts[text] = None
        return to_sympy(latex, text, fast_reader=False)

    monkeypatch.setattr(readers, "to_sympy", record)
    monkeypatch.setattr(physics_parsing, "to_sympy", record)
    for profile in PROFILES:
        config = eed.get_config(profile)
        for answer in answers:
            try:
                read_answer(answer, config)
            except Exception:
                continue
    monkeypatch.undo()
    return list(texts)


def _oracle(texts: list[str]) -> tuple[int, int]:
    accepted = sum(_check(t) for t in texts)
    return accepted, len(texts) - accepted


def test_oracle_on_a_sample_of_corpus_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = answer_strings()
    sample = answers[:: max(1, len(answers) // 45)]
    texts = _parser_texts(sample, monkeypatch)
    accepted, declined = _oracle(texts)
    print(f"fast reader on {len(texts)} sample texts: {accepted} accepted, {declined} declined")
    assert accepted >= 0.5 * len(texts)  # the fast reader must actually read the sample


@pytest.mark.slow
def test_oracle_on_every_corpus_answer(
    monkeypatch: pytest.MonkeyPatch, record_property: Callable[[str, object], None]
) -> None:
    texts = _parser_texts(answer_strings(), monkeypatch)
    accepted, declined = _oracle(texts)
    record_property("fast_reader_accepted", accepted)
    record_property("fast_reader_declined", declined)
    print(f"fast reader on all {len(texts)} corpus texts: {accepted} accepted, {declined} declined")
    assert accepted >= 0.5 * len(texts)


# -- LaTeX generated from the grammar's vocabulary ------------------------------------------

_LETTERS = [*"abcdfghkmnqrstuvwxyzABCDEFGHIKLMNPQRTUVW", "e", "E", "I"]
_GREEK = ["\\alpha", "\\beta", "\\gamma", "\\omega", "\\Omega", "\\pi", "\\theta", "\\varepsilon"]
_OTHER = [
    "\\hbar",
    "\\ell",
    "\\infty",
    "\\bar{x}",
    "\\bar {x}",
    "\\mathit{A}",
    "\\mathrm{kg}",
    "\\vec{v}",
    "\\text{m}",
    "\\text{(a b)}",
    "\\hat{n}",
    "dx",
    "d\\omega",
    "\\omega ",
]
_NUMBERS = ["0", "1", "2", "3", "10", "12", "0.5", "2.50", "007", "1.5E3", "50\\%"]
_FUNCTIONS = ["\\sin", "\\cos", "\\tan", "\\ln", "\\log", "\\exp", "\\arcsin", "\\sinh", "\\cot"]
_PRODUCTS = [" ", "", "\\cdot ", "\\times ", "*", "/", ":", "\\div "]
_RELATIONS = ["=", "<", "\\leq ", "\\ne ", ">"]


def _atom(rng: random.Random) -> str:
    pool = rng.choice([_LETTERS, _GREEK, _OTHER, _NUMBERS])
    text = rng.choice(pool)
    if rng.random() < 0.25:
        text += "_" + rng.choice(["0", "1", "{12}", "x", "{ab}", "\\alpha", "{\\text{max}}"])
    if rng.random() < 0.2:
        text += "^" + rng.choice(["2", "n", "{-1}", "{1/2}", "\\alpha"])
    return text


def _latex(rng: random.Random, depth: int = 0) -> str:
    if depth > 3 or rng.random() < 0.3:
        return _atom(rng)
    sub = lambda: _latex(rng, depth + 1)  # noqa: E731
    forms = [
        lambda: f"{sub()} + {sub()}",
        lambda: f"{sub()} - {sub()}",
        lambda: f"-{sub()}",
        lambda: f"{sub()}{rng.choice(_PRODUCTS)}{sub()}",
        lambda: f"\\frac{{{sub()}}}{{{sub()}}}",
        lambda: f"\\dfrac{{{sub()}}}{{{sub()}}}",
        lambda: f"{{{sub()}}}^{{{sub()}}}",
        lambda: f"({sub()})^{rng.choice(['2', '{3}', 'n'])}",
        lambda: f"\\sqrt{{{sub()}}}",
        lambda: f"\\sqrt[{rng.choice(['3', 'n'])}]{{{sub()}}}",
        lambda: f"{rng.choice(_FUNCTIONS)}({sub()})",
        lambda: f"{rng.choice(_FUNCTIONS)} {_atom(rng)}",
        lambda: f"{rng.choice(_FUNCTIONS)}^2 {_atom(rng)}",
        lambda: f"\\left( {sub()} \\right)",
        lambda: f"[{sub()}]",
        lambda: f"|{sub()}|",
        lambda: f"{_atom(rng)}({_atom(rng)})",
        lambda: f"{rng.choice(_FUNCTIONS)} {sub()} {rng.choice(_PRODUCTS)} {sub()}",
        lambda: f"{rng.choice(_FUNCTIONS)}_{rng.choice(['2', '{b}', 'e'])} {_atom(rng)}",
        lambda: f"{rng.choice(_FUNCTIONS)}^{{{rng.choice(['-1', '2', 'n'])}}}({sub()})",
        lambda: f"{rng.choice(_NUMBERS)} {rng.choice(_NUMBERS)}",
        lambda: f"{rng.choice(_NUMBERS)} \\frac{{{sub()}}}{{{sub()}}}",
        lambda: f"e^{{{sub()}}}",
        lambda: f"{sub()} e {sub()}",
        lambda: f"\\lvert {sub()} \\rvert",
        lambda: f"{rng.choice(_FUNCTIONS)}_{_atom(rng)}^{_atom(rng)} {_atom(rng)}",
        lambda: f"{rng.choice(_FUNCTIONS)}^{_atom(rng)}_{_atom(rng)}({sub()})",
        lambda: f"{_atom(rng)}_{_atom(rng)}^{_atom(rng)}({_atom(rng)})",
        lambda: f"{sub()}!",
        lambda: f"{sub()}, {sub()}" if depth == 0 else sub(),
        lambda: f"{sub()}, {sub()}, {_atom(rng)}" if depth == 0 else sub(),
        lambda: f"|{sub()}| {rng.choice(_PRODUCTS)} |{sub()}|",
        lambda: f"{sub()} {rng.choice(_RELATIONS)} {sub()}" if depth == 0 else sub(),
        lambda: f"{rng.choice('([')}{sub()}, {sub()}{rng.choice(')]')}" if depth == 0 else sub(),
        lambda: (
            f"{rng.choice('([')}{_atom(rng)}, {_atom(rng)}{rng.choice(')]')}"
            if depth == 0
            else sub()
        ),
        lambda: f"({sub()}, {sub()}, {_atom(rng)})" if depth == 0 else sub(),
    ]
    return rng.choice(forms)()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_generated_latex_reads_the_same(rng: random.Random) -> None:
    _check(_latex(rng))


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_generated_latex_reads_the_same_many(rng: random.Random) -> None:
    _check(_latex(rng))


def test_generated_latex_is_mostly_accepted() -> None:
    rng = random.Random(15)
    texts = [_latex(rng) for _ in range(300)]
    accepted = sum(fast.read(t, NORMALIZATION) is not None for t in texts)
    assert accepted >= 0.5 * len(texts), accepted


# -- what it declines ----------------------------------------------------------------------

MUST_DECLINE = [
    "\\frac{dy}{dx}",  # a derivative
    "(1, 2)(3, 4)",  # two bracketed lists
    "(1, (2, 3))",  # a bracketed element: an interval or a tuple inside a tuple
    "(1, 2, 3]",  # a tuple whose brackets do not match
    "(1, x = 2)",
    "1,000",  # a number
    "f(x, y)",
    "x = 1, 2",
    "\\{1, 2\\}",
    "{a + b}",  # braces round the whole text are a set
    "\\int x dx",
    "\\sum_{i=1}^{n} i",
    "\\lim_{x \\to 0} x",
    "|a|b|c|",  # bars that pair up two ways
    "f(x)|_{0}",
    "x^T",
    "\\begin{pmatrix} 1 & 2 \\end{pmatrix}",
    "x \\approx 2",
    "a = b = c",
    "x \\in \\mathbb{R}",
    "\\partial x",
    "\\operatorname{floor}(x)",
    "\\max(a, b)",
    "m{(a)}",
    "\\sin x m(a)",  # a call where the grammar allows none
    "(x)^{2}_{1}",  # a subscript after a power of a group
    "2_{1}",
    "\\log_a^2 x",  # the lone subscript of a function takes the power itself
    "\\sin^a_b x",
    "A_x^\\alpha(0.5)",  # so does the lone subscript of a called symbol
    "|x| - |y|",  # the middle bars may open or close
    "1.5 \\pm 0.1",
    "+",
    "\\frac{1",
    "x y )",
    "",
    "   ",
    "\\unknowncommand",
]


@pytest.mark.parametrize("text", MUST_DECLINE)
def test_declines(text: str) -> None:
    assert fast.read(text, NORMALIZATION) is None


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "2",
        "\\frac{1}{2}",
        "2 \\frac{1}{2}",
        "-x",
        "m(a)",
        "|x|",
        "e^{x}",
        "\\sin^{-1} x",
        "x^{2}_{1}",
        "30^\\circ",
        "x!",
        "b, a, b",
        "-\\frac{B}{T}, 0",
        "\\log_{a}^2 x",
        "m_a^2",
        "x^a_b",
        "|x|^2",
        "\\frac{a}{|x|} - \\frac{b}{|R - x|}",
        "\\frac{N!}{n!(N-n)!}",
        # A bracketed list is an interval when it has two elements (a tuple where the
        # interval would be empty), else a tuple.
        "(x, y)",
        "(1, 2)",
        "(2, 1)",
        "(1, 1)",
        "[1, 1]",
        "[2, 1]",
        "[1, 2)",
        "(-\\infty, 2]",
        "(\\sqrt{2}, 1)",
        "(k, k+1, k+2)",
        "[1, 2, 3]",
        "(0.5, \\frac{1}{2})",
    ],
)
def test_reads_and_agrees(text: str) -> None:
    assert _check(text)


# -- the switch ----------------------------------------------------------------------------

PAIRS = [
    ("v = \\frac{1}{2} m v_0^2", "\\frac{m v_0^2}{2}"),
    ("\\sqrt{\\frac{2 g h}{3}}", "\\sqrt{2gh/3}"),
    ("2\\pi \\sqrt{\\frac{l}{g}}", "2 \\pi \\sqrt{l/g}"),
    ("\\omega_0 \\cos(\\omega t)", "\\omega_0 \\sin(\\omega t)"),
    ("e^{-\\frac{t}{\\tau}}", "\\exp(-t/\\tau)"),
]


def _calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = fast.read

    def spy(text: str, normalization: Any) -> fast.Accepted | None:
        calls.append(text)
        return real(text, normalization)

    monkeypatch.setattr(fast, "read", spy)
    return calls


@pytest.mark.parametrize("profile", PROFILES)
def test_switch_off_never_calls_the_fast_reader(
    profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading is where the parser runs (scoring runs it in worker processes, out of sight).
    calls = _calls(monkeypatch)
    off = eed.get_config(profile).replace(fast_reader=False)
    for gt, pred in PAIRS:
        read_answer(gt, off)
        read_answer(pred, off)
        eed.parse_latex(pred, off)
    assert calls == []
    read_answer(PAIRS[0][1], eed.get_config(profile))
    assert calls  # and on, it is called: the spy sees it


@pytest.mark.parametrize("profile", PROFILES)
def test_scores_are_the_same_with_the_switch_on_and_off(profile: str) -> None:
    config = eed.get_config(profile)
    pairs = [(p["gt"], p["pred"]) for p in load_pairs("phybench")[::300]] + PAIRS
    for gt, pred in pairs:
        on = eed.score(gt, pred, profile=config)
        off = eed.score(gt, pred, profile=config.replace(fast_reader=False))
        assert (on.score, on.status, on.reason, on.distance, on.gt_size) == (
            off.score,
            off.status,
            off.reason,
            off.distance,
            off.gt_size,
        ), (gt, pred)


def test_switch_is_score_neutral_and_keeps_the_profile() -> None:
    config = eed.get_config("phybench")
    off = config.replace(fast_reader=False)
    assert off.profile == "phybench"
    assert off.signature() == config.signature()
    assert "neutral" in type(config).__dataclass_fields__["fast_reader"].metadata

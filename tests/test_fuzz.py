"""Fuzzing: whatever the input, `eed.score` returns in time, never raises, and its status agrees
with its score. CI runs a bounded number of examples; `-m slow` runs many more."""

from __future__ import annotations

import json
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eed
from eed import Status

TIMEOUT = 4.0
SLACK = 3.0  # budget + 2 s, plus scheduling on a loaded 2-core machine

VOCAB = [
    r"\frac",
    r"\sqrt",
    r"\sin",
    r"\cos",
    r"\ln",
    r"\exp",
    r"\left(",
    r"\right)",
    r"\left[",
    r"\right]",
    r"\boxed",
    r"\text",
    r"\mathrm",
    r"\cdot",
    r"\times",
    r"\pm",
    r"\approx",
    r"\infty",
    r"\alpha",
    r"\gamma",
    r"\omega_0",
    r"\hbar",
    r"\int",
    r"\sum",
    r"\begin{pmatrix}",
    r"\end{pmatrix}",
    r"\\",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "^",
    "_",
    "=",
    "+",
    "-",
    "*",
    "/",
    ",",
    "!",
    "'",
    "|",
    "&",
    "$",
    "x",
    "y",
    "m",
    "g",
    "e",
    "E",
    "I",
    "0",
    "1",
    "2",
    "9",
    "3.14",
    "1e10",
    " ",
]

latex_tokens = st.lists(st.sampled_from(VOCAB), max_size=40).map("".join)
unicode_text = st.text(max_size=60)
control = st.text(alphabet=st.characters(max_codepoint=31), max_size=20)
nested = st.integers(1, 300).map(lambda n: "{" * n + "x" + "}" * n)
unbalanced = st.integers(1, 200).map(lambda n: r"\frac{" * n + "x")
huge_powers = st.integers(2, 9).map(lambda k: "^".join(["9"] * k))
big = st.integers(5_000, 10_000).map(lambda n: ("x+" * n)[:n])

inputs = st.one_of(latex_tokens, unicode_text, control, nested, unbalanced, huge_powers, big)


def check(gt: str, pred: str) -> None:
    start = time.monotonic()
    r = eed.score(gt, pred, timeout=TIMEOUT)
    assert time.monotonic() - start < TIMEOUT + SLACK
    assert isinstance(r.status, Status)
    assert 0.0 <= r.score <= 100.0
    assert (r.score == 100.0) == (r.status is Status.EQUIVALENT)
    assert r.reason


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(inputs, inputs)
def test_fuzz_pairs(gt: str, pred: str) -> None:
    check(gt, pred)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(inputs)
def test_fuzz_against_a_real_answer(pred: str) -> None:
    check(r"\frac{m v^2}{2} + m g h", pred)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(inputs, inputs)
def test_fuzz_pairs_many(gt: str, pred: str) -> None:
    check(gt, pred)


def _unparseable_corpus_answers(n: int) -> list[tuple[str, str]]:
    from corpus import load_pairs

    pairs = [
        p
        for p in load_pairs("physics")
        if p["ref"] and p["ref"]["warn"] and "convert failed" in p["ref"]["warn"][0]
    ]
    return random.Random(5).sample([(p["gt"], p["pred"]) for p in pairs], min(n, len(pairs)))


@pytest.mark.usefixtures("need_corpus")
def test_real_unparseable_answers() -> None:
    pairs = _unparseable_corpus_answers(60)
    assert pairs
    results = eed.score_many(
        [g for g, _ in pairs], [p for _, p in pairs], timeout=TIMEOUT, workers=2
    )
    for r in results:
        assert 0.0 <= r.score <= 100.0
        assert (r.score == 100.0) == (r.status is Status.EQUIVALENT)
        assert r.reason
    json.dumps([r.to_dict() for r in results])

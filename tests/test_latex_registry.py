"""The rule registry: order, switches, and the worked example of docs/contributing.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy

import eed
from eed.latex import physics, preprocess
from eed.latex.physics import REGISTRY, Registry, RuleSpec
from eed.latex.tokens import Kind, Token, tokenize

CONTRIBUTING = Path(__file__).resolve().parent.parent / "docs" / "contributing.md"


def _identity(tokens: list[Token]) -> list[Token]:
    return tokens


def test_registry_runs_the_rules_in_their_order() -> None:
    names = REGISTRY.names()
    assert names[:11] == (
        "wrappers",
        "unicode",
        "backslashes",
        "numbers",
        "repeating_decimals",
        "spacing",
        "juxtaposed_numbers",
        "sizing",
        "percent_words",
        "text_units",
        "separators",
    )
    assert names[11:] == (
        "relations",
        "functions",
        "vector_products",
        "fonts",
        "delimiters",
        "degrees",
        "symbols",
        "e_charge",
    )
    orders = [spec.order for spec in REGISTRY]
    assert orders == sorted(orders)


def test_registry_refuses_a_taken_name_or_order_and_a_late_cleaning_rule() -> None:
    registry = Registry([RuleSpec("a", 10, _identity, cleans=True), RuleSpec("b", 20, _identity)])
    with pytest.raises(ValueError, match="already registered"):
        registry.add(RuleSpec("a", 30, _identity))
    with pytest.raises(ValueError, match="is taken"):
        registry.add(RuleSpec("c", 20, _identity))
    with pytest.raises(ValueError, match="cleaning rule"):
        registry.add(RuleSpec("c", 30, _identity, cleans=True))
    assert registry.names() == ("a", "b")
    assert registry.remove("b").name == "b"
    assert registry.names() == ("a",)


def test_switches_come_from_the_config() -> None:
    on = eed.PROFILES["default"]
    off = on.replace(e_as_charge=False)
    assert physics.switches(on)["e_as_charge"] is True
    assert physics.switches(off)["e_as_charge"] is False
    assert physics.switches(off, e_as_charge=True)["e_as_charge"] is True
    assert physics.switches()["drop_units"] is True
    with pytest.raises(TypeError, match="unknown rule switch"):
        physics.switches(on, no_such_switch=True)
    assert [r.text for r in physics.rewrite("e^2 x", off)] == [
        r.text for r in physics.rewrite("e^2 x", e_as_charge=False)
    ]
    assert physics.parse("e", off) == [sympy.E]
    assert physics.parse("e", on) == [sympy.Symbol("e")]


def test_preprocess_shows_the_text_the_config_scores() -> None:
    # The switches of the profile reach preprocess, as they reach parse: explain shows what
    # was scored.
    config = eed.PROFILES["default"].replace(e_as_charge=False)
    for latex in ("q = e", r"e \pm 1"):
        shown = preprocess(latex, config)
        assert shown == " ; ".join(r.text for r in physics.rewrite(latex, config))
        assert shown != preprocess(latex, eed.PROFILES["default"])


def _worked_example() -> str:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_the_worked_example_of_a_new_rule_runs_in_order_and_is_switchable() -> None:
    before = REGISTRY.names()
    exec(compile(_worked_example(), str(CONTRIBUTING), "exec"), {})
    try:
        names = REGISTRY.names()
        assert names.index("degrees") < names.index("wedge_as_cross") < names.index("symbols")
        assert physics.switches()["wedge_as_cross"] is True
        assert [r.text for r in physics.rewrite(r"a \wedge b")] == [r"a \times b"]
        assert [r.text for r in physics.rewrite(r"a \wedge b", wedge_as_cross=False)] == [
            r"a \wedge b"
        ]
        a, b = physics.parse(r"a \wedge b")[0].free_symbols
        assert {a.name, b.name} == {"a", "b"}
    finally:
        REGISTRY.remove("wedge_as_cross")
    assert REGISTRY.names() == before
    assert "wedge_as_cross" not in physics.switches()


def test_a_switched_rule_gets_its_switch() -> None:
    seen: list[bool] = []

    def spy(tokens: list[Token], enabled: bool) -> list[Token]:
        seen.append(enabled)
        return tokens

    registry = Registry([RuleSpec("spy", 10, spy, switch="spying", default=False)])
    tokens = tokenize("x")
    assert registry.run(tokens, registry.switches()) == tokens
    assert registry.run(tokens, registry.switches(spying=True)) == [Token(Kind.LETTER, "x")]
    assert seen == [False, True]

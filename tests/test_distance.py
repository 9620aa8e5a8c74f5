"""Tree distance: the fast path equals the reference recurrence, and both equal zss where the
models coincide (subtree moves priced at their full size)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import zss
from hypothesis import given, settings
from hypothesis import strategies as st

import eed
from eed import distance as dist
from eed.tree import Node
from trees import to_zss, trees

FULL_PRICE = eed.Config(discount_slope=1.0)
OFFICIAL = eed.get_config("phybench")


def zss_distance(a: Node, b: Node) -> float:
    return float(zss.simple_distance(to_zss(a), to_zss(b)))


@settings(max_examples=150, deadline=None)
@given(trees(), trees())
def test_parity_with_zss_at_full_subtree_price(a: Node, b: Node) -> None:
    assert eed.tree_distance(a, b, FULL_PRICE) == zss_distance(a, b)


@settings(max_examples=150, deadline=None)
@given(trees(), trees())
def test_fast_equals_reference_bit_for_bit(a: Node, b: Node) -> None:
    fa, fb = dist.flatten(a, OFFICIAL), dist.flatten(b, OFFICIAL)
    assert dist.python_distance(fa, fb, OFFICIAL) == dist.reference_distance(a, b, OFFICIAL)
    assert dist.fast_distance(fa, fb, OFFICIAL) == dist.reference_distance(a, b, OFFICIAL)


@settings(max_examples=100, deadline=None)
@given(trees(), trees(), st.floats(0.5, 3.0), st.floats(0.5, 3.0), st.floats(0.5, 3.0))
def test_fast_equals_reference_with_odd_costs(
    a: Node, b: Node, ins: float, dele: float, chg: float
) -> None:
    cfg = eed.Config(
        insert_cost=eed.NodeCosts(operator=ins, symbol=1.5),
        delete_cost=eed.NodeCosts(function=dele),
        update_cost=eed.NodeCosts(number=0.5),
        change_type_cost=chg,
    )
    fa, fb = dist.flatten(a, cfg), dist.flatten(b, cfg)
    assert dist.python_distance(fa, fb, cfg) == dist.reference_distance(a, b, cfg)


@settings(max_examples=100, deadline=None)
@given(trees())
def test_identical_trees_give_zero(a: Node) -> None:
    assert eed.tree_distance(a, a, OFFICIAL) == 0.0


@settings(max_examples=100, deadline=None)
@given(trees(), trees())
def test_subtree_moves_never_increase_distance(a: Node, b: Node) -> None:
    assert eed.tree_distance(a, b, OFFICIAL) <= eed.tree_distance(a, b, FULL_PRICE) + 1e-12


@settings(max_examples=100, deadline=None)
@given(trees())
def test_subtree_move_costs_at_most_its_size(a: Node) -> None:
    flat = dist.flatten(a, OFFICIAL)
    for i in range(len(flat)):
        size = i - flat.lmd[i] + 1
        assert flat.tree_cost[i] <= size


@settings(max_examples=100, deadline=None)
@given(trees(), trees())
def test_edit_script_accounts_for_the_distance(a: Node, b: Node) -> None:
    script = eed.tree_edit_script(a, b, OFFICIAL)
    total = sum(op.cost for op in script)
    assert abs(total - eed.tree_distance(a, b, OFFICIAL)) < 1e-9
    # Every source node is kept, renamed or deleted exactly once; likewise every target node.
    src = sum(
        op.nodes if op.op.startswith("delete") else 1
        for op in script
        if op.op != "insert" and op.op != "insert_subtree"
    )
    tgt = sum(
        op.nodes if op.op.startswith("insert") else 1
        for op in script
        if op.op not in ("delete", "delete_subtree")
    )
    assert src == len(a)
    assert tgt == len(b)


def test_whole_subtree_delete_is_discounted() -> None:
    x = Node("symbol_x")
    big = Node("operator_Add", tuple(Node(f"symbol_{c}") for c in "abcdefghi"))  # 10 nodes
    a = Node("operator_Mul", (x, big))
    b = Node("operator_Mul", (x,))
    # 10 nodes: 0.6 * (10 - 5) + 5 = 8
    assert eed.tree_distance(a, b, OFFICIAL) == 8.0
    script = eed.tree_edit_script(a, b, OFFICIAL)
    moves = [op for op in script if op.op == "delete_subtree"]
    assert len(moves) == 1 and moves[0].nodes == 10 and moves[0].cost == 8.0


def test_relabel_costs() -> None:
    a, b, c = Node("symbol_x"), Node("symbol_y"), Node("number_1")
    cfg = eed.Config(update_cost=eed.NodeCosts(symbol=0.25), change_type_cost=0.75)
    assert eed.tree_distance(a, b, cfg) == 0.25
    assert eed.tree_distance(a, c, cfg) == 0.75


def test_readme_example_script() -> None:
    gt = eed.to_tree(eed.parse_latex(r"2 m g + 4\frac{mv_0^2}{l}", profile="phybench"))
    pred = eed.to_tree(eed.parse_latex(r"2 m g+2\frac{mv_0^2}{l}", profile="phybench"))
    script = eed.tree_edit_script(pred, gt, OFFICIAL)
    assert sum(op.cost for op in script) == eed.tree_distance(pred, gt, OFFICIAL) == 1.0
    assert all(op.describe() for op in script)


def test_type_errors() -> None:
    with pytest.raises(TypeError):
        eed.tree_distance("x", Node("symbol_x"))  # type: ignore[arg-type]


def test_forced_pure_python_implementation() -> None:
    code = "import eed.distance as d; print(d.IMPLEMENTATION)"
    env = dict(os.environ, EED_TREE_DISTANCE="python")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "python"

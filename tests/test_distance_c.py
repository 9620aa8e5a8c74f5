"""The compiled core `eed._zs` gives the same bits as `python_distance` and the reference.

Every comparison is exact (``==``): the C code performs the same additions in the same order, so
any difference at all is a bug. The whole module is skipped when the extension is not built.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import eed
from eed import distance as dist
from eed.tree import Node
from trees import random_tree, trees

_zs = pytest.importorskip("eed._zs", reason="the compiled extension eed._zs is not built")

CDistance = Callable[[dist.FlatTree, dist.FlatTree, eed.Config], float]


DEFAULT = eed.Config()
FULL_PRICE = eed.Config(discount_slope=1.0)
OFFICIAL = eed.get_config("phybench")


def _c() -> CDistance:
    run = dist.compiled_distance()
    assert run is not None
    return run


C_DISTANCE = _c()


def chain(depth: int, labels: list[str]) -> Node:
    """A path of `depth` nodes: unary functions down to one leaf."""
    node = Node("symbol_x")
    for k in range(depth - 1):
        node = Node(labels[k % len(labels)], (node,))
    return node


def all_three(a: Node, b: Node, cfg: eed.Config, reference: bool = True) -> float:
    """The C result, after checking it equals the Python one (and the reference) exactly."""
    fa, fb = dist.flatten(a, cfg), dist.flatten(b, cfg)
    got = C_DISTANCE(fa, fb, cfg)
    assert type(got) is float
    assert got == dist.python_distance(fa, fb, cfg)
    if reference:
        assert got == dist.reference_distance(a, b, cfg)
    return got


costs = st.floats(0.05, 4.0, allow_nan=False, allow_infinity=False)
node_costs = st.builds(eed.NodeCosts, costs, costs, costs, costs)
odd_configs = st.builds(
    eed.Config,
    insert_cost=node_costs,
    delete_cost=node_costs,
    update_cost=node_costs,
    change_type_cost=costs,
    bar_size=st.floats(0.0, 10.0),
    discount_slope=st.floats(0.0, 1.5),
)


@settings(max_examples=150, deadline=None)
@given(trees(), trees())
def test_default_costs(a: Node, b: Node) -> None:
    all_three(a, b, DEFAULT)


@settings(max_examples=100, deadline=None)
@given(trees(), trees())
def test_full_subtree_price(a: Node, b: Node) -> None:
    all_three(a, b, FULL_PRICE)


@settings(max_examples=150, deadline=None)
@given(trees(), trees(), odd_configs)
def test_odd_per_kind_costs(a: Node, b: Node, cfg: eed.Config) -> None:
    all_three(a, b, cfg)


@settings(max_examples=50, deadline=None)
@given(trees())
def test_identical_trees_give_zero(a: Node) -> None:
    assert all_three(a, a, OFFICIAL) == 0.0


def test_fast_distance_uses_c_when_selected() -> None:
    if dist.IMPLEMENTATION != "c":
        pytest.skip(f"EED_TREE_DISTANCE selected {dist.IMPLEMENTATION}")
    a = eed.to_tree(eed.parse_latex(r"2 m g + 4\frac{mv_0^2}{l}", profile="phybench"))
    b = eed.to_tree(eed.parse_latex(r"2 m g+2\frac{mv_0^2}{l}", profile="phybench"))
    assert eed.tree_distance(a, b, OFFICIAL) == all_three(a, b, OFFICIAL) == 1.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("symbol_x", "symbol_x", 0.0),
        ("symbol_x", "symbol_y", 0.25),  # same kind: the symbol update cost
        ("symbol_x", "number_1", 0.75),  # across kinds: change_type_cost
        ("operator_Add", "function_sin", 0.75),
        ("number_1", "number_2", 0.5),
    ],
)
def test_single_nodes(a: str, b: str, expected: float) -> None:
    cfg = eed.Config(update_cost=eed.NodeCosts(number=0.5, symbol=0.25), change_type_cost=0.75)
    assert all_three(Node(a), Node(b), cfg) == expected


def test_single_node_against_a_big_tree() -> None:
    rng = random.Random(7)
    big = random_tree(60, rng)
    for cfg in (DEFAULT, FULL_PRICE, OFFICIAL):
        for leaf in (Node("symbol_x"), Node("number_3"), Node("operator_Add")):
            all_three(leaf, big, cfg)
            all_three(big, leaf, cfg)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 90), st.integers(1, 90), odd_configs)
def test_mid_sized_random_trees(seed: int, m: int, n: int, cfg: eed.Config) -> None:
    # Hypothesis' recursive trees stay small; these reach more keyroot pairs per example.
    rng = random.Random(seed)
    all_three(random_tree(m, rng), random_tree(n, rng), cfg)


def test_large_random_trees() -> None:
    rng = random.Random(1)
    a, b = random_tree(400, rng), random_tree(400, rng)
    all_three(a, b, DEFAULT)  # the reference is slow at this size: once is enough
    all_three(a, b, OFFICIAL, reference=False)
    c, d = random_tree(400, rng), random_tree(350, rng)
    all_three(c, d, FULL_PRICE, reference=False)


def test_thousand_deep_chain() -> None:
    a = chain(1000, ["function_sin", "function_exp"])
    b = chain(1000, ["function_exp", "function_sin", "function_cos"])
    assert all_three(a, b, OFFICIAL, reference=False) > 0.0
    assert all_three(a, a, OFFICIAL, reference=False) == 0.0
    small = random_tree(30, random.Random(3))
    all_three(a, small, OFFICIAL)
    all_three(small, a, FULL_PRICE)


def test_release_gil_threads_agree() -> None:
    rng = random.Random(11)
    pairs = [(random_tree(120, rng), random_tree(120, rng)) for _ in range(8)]
    flat = [(dist.flatten(a, OFFICIAL), dist.flatten(b, OFFICIAL)) for a, b in pairs]
    serial = [C_DISTANCE(fa, fb, OFFICIAL) for fa, fb in flat]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda p: C_DISTANCE(p[0], p[1], OFFICIAL), flat * 3))
    assert threaded == serial * 3


# --- the raw C entry point rejects bad input with exceptions, never a crash ---------------------


def _args() -> list[Any]:
    """Valid arguments for Add(x, y) vs Mul(x, 2)."""
    tree = ([0, 1, 0], [0, 1, 2], [1, 1, 2], [1.0, 1.0, 1.0], [1.0, 1.0, 3.0])
    other = ([0, 1, 0], [0, -1, -1], [1, 0, 2], [1.0, 1.0, 1.0], [1.0, 1.0, 3.0])
    return [*tree, *other, [1.0, 1.0, 1.0, 1.0], 1.0]


def test_raw_call_works() -> None:
    assert _zs.distance(*_args()) == 2.0
    assert _zs.distance(*(tuple(x) if isinstance(x, list) else x for x in _args())) == 2.0


@pytest.mark.parametrize(
    ("pos", "value", "error"),
    [
        (0, None, TypeError),  # not a sequence
        (0, "010", TypeError),  # strings are not int sequences
        (0, 5, TypeError),
        (0, [], ValueError),  # empty tree
        (5, [], ValueError),
        (0, [0.0, 1, 0], TypeError),  # float lmd
        (0, [0, 1], ValueError),  # length differs from the labels
        (1, [0, 1], ValueError),
        (2, [1, 1, 2, 0], ValueError),
        (3, [1.0, 1.0], ValueError),
        (4, [1.0, 1.0, 1.0, 1.0], ValueError),
        (0, [0, 1, 1], ValueError),  # the root's span does not cover the tree: a forest
        (0, [0, 0, 1], ValueError),  # node 2's span starts inside node 1's subtree
        (0, [0, 2, 0], ValueError),  # lmd[i] > i
        (0, [-1, 1, 0], ValueError),
        (5, [0, 1, 3], ValueError),
        (0, [0, 1, 2**70], ValueError),  # does not fit in a C integer
        (1, [0, "x", 2], TypeError),
        (1, [0, 1.5, 2], TypeError),
        (2, [1, 1, 4], ValueError),  # kind ids are 0..3
        (7, [1, -1, 2], ValueError),
        (3, [1.0, "1", 1.0], TypeError),
        (8, [1.0, None, 1.0], TypeError),
        (10, [1.0, 1.0, 1.0], ValueError),  # one update cost per kind
        (10, [1.0, 1.0, 1.0, 1.0, 1.0], ValueError),
        (10, 1.0, TypeError),
        (11, "1", TypeError),
        (11, None, TypeError),
    ],
)
def test_bad_arguments_raise(pos: int, value: object, error: type[Exception]) -> None:
    args = _args()
    args[pos] = value
    with pytest.raises(error):
        _zs.distance(*args)


def test_chain_lmd_is_a_valid_tree() -> None:
    # Same labels, other shapes: [0, 0, 0] is a chain, which is a tree; the others are not.
    args = _args()
    args[0] = [0, 0, 0]
    assert _zs.distance(*args) >= 0.0
    args[0] = [0, 1, 1]  # a forest of two trees
    with pytest.raises(ValueError, match="forest"):
        _zs.distance(*args)
    args[0] = [0, 1, 2]  # three lone leaves
    with pytest.raises(ValueError, match="forest"):
        _zs.distance(*args)


def test_wrong_arity() -> None:
    with pytest.raises(TypeError):
        _zs.distance()
    with pytest.raises(TypeError):
        _zs.distance(*_args()[:-1])
    with pytest.raises(TypeError):
        _zs.distance(*_args(), 1.0)
    with pytest.raises(TypeError):
        _zs.distance(*_args()[:-1], change_type_cost=1.0)


def test_items_that_mutate_their_list_do_not_crash() -> None:
    victim: list[Any] = []

    class Sneaky:
        def __index__(self) -> int:
            victim.clear()  # frees the other items if the C code borrowed them from the list
            return 0

    victim.extend([Sneaky(), 1, 0])
    args = _args()
    args[0] = victim
    assert _zs.distance(*args) == 2.0  # read from a private copy, so the answer is unchanged


def test_errors_while_reading_pass_through() -> None:
    def broken() -> Any:
        yield 1.0
        raise KeyError("from the generator")

    args = _args()
    args[3] = broken()
    with pytest.raises(KeyError, match="from the generator"):
        _zs.distance(*args)


def test_generators_are_accepted_once_materialised() -> None:
    args = _args()
    args[3] = (c for c in [1.0, 1.0, 1.0])  # any iterable is read into a sequence first
    assert _zs.distance(*args) == 2.0


# --- choosing the implementation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("c", "c"),
        ("python", "python"),
        ("pure", "python"),
        ("reference", "reference"),
        ("auto", "c"),
    ],
)
def test_env_var_selects_implementation(wanted: str, expected: str) -> None:
    code = "import eed.distance as d; print(d.IMPLEMENTATION)"
    env = dict(os.environ, EED_TREE_DISTANCE=wanted)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected

from __future__ import annotations

import pytest
import sympy

import eed


def labels(node: eed.Node) -> list[str]:
    return [n.label for n in node]


def test_labels_and_postorder() -> None:
    x, y = sympy.symbols("x y")
    tree = eed.to_tree(x + 2 * y)
    assert tree.label == "operator_Add"
    assert set(labels(tree)) == {"number_2", "symbol_x", "symbol_y", "operator_Mul", "operator_Add"}
    assert labels(tree)[-1] == "operator_Add"


def test_sqrt_exponent_is_one_leaf() -> None:
    tree = eed.to_tree(sympy.sqrt(sympy.Symbol("x")))
    assert labels(tree) == ["symbol_x", "number_1/2", "operator_Pow"]


def test_number_atoms() -> None:
    for atom, label in [
        (sympy.pi, "number_pi"),
        (sympy.E, "number_E"),
        (sympy.I, "number_I"),
        (sympy.oo, "number_oo"),
        (-sympy.oo, "number_-oo"),
        (sympy.zoo, "number_zoo"),
    ]:
        assert eed.to_tree(atom).label == label


def test_functions() -> None:
    tree = eed.to_tree(sympy.sin(sympy.Symbol("t")))
    assert tree.label == "function_sin"
    assert tree.kind == "function" and tree.text == "sin"


@pytest.mark.parametrize(
    "expr",
    [
        sympy.Eq(sympy.Symbol("x"), 1),
        sympy.Integral(sympy.Symbol("x"), sympy.Symbol("x")),
        sympy.Matrix([[1, 2]]),
        sympy.FiniteSet(1, 2),
        sympy.Derivative(sympy.Function("f")(sympy.Symbol("x")), sympy.Symbol("x")),
    ],
)
def test_unsupported(expr: object) -> None:
    with pytest.raises(eed.UnsupportedError):
        eed.to_tree(expr)


def test_size_is_node_count_with_unit_costs() -> None:
    x = sympy.Symbol("x")
    tree = eed.to_tree(x**2 + x)
    assert eed.tree_size(tree) == len(tree) == 5


def test_size_follows_insert_costs() -> None:
    tree = eed.to_tree(sympy.Symbol("x") + 1)
    cfg = eed.Config(insert_cost=eed.NodeCosts(operator=2.0))
    assert eed.tree_size(tree, cfg) == 4.0


def test_shared_subexpressions_are_separate_positions() -> None:
    x = sympy.Symbol("x")
    tree = eed.to_tree(x * sympy.sin(x))
    assert labels(tree).count("symbol_x") == 2


def test_deep_expression_does_not_recurse() -> None:
    x = sympy.Symbol("x")
    f = sympy.Function("f")
    e = x
    for _ in range(3000):
        e = f(e)
    assert len(eed.to_tree(e)) == 3001


def test_draw() -> None:
    text = eed.draw(eed.to_tree(sympy.Symbol("x") + 1))
    assert text.splitlines()[0] == "operator_Add"
    assert any("└─" in line for line in text.splitlines())


def test_derivatives_are_function_nodes_only_when_asked() -> None:
    from eed.errors import UnsupportedError
    from eed.tree import to_tree

    t = sympy.Symbol("t")
    d = sympy.Derivative(sympy.Function("x")(t), (t, 2))
    node = to_tree(d, derivatives=True)
    assert node.label == "function_Derivative"
    assert [c.label for c in node.children] == ["function_x", "symbol_t", "symbol_t"]
    with pytest.raises(UnsupportedError):
        to_tree(d)  # the official tree builder has no derivatives

"""Tree diffs drawn as SVG: every step of the edit script is marked, and nothing else is."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from eed.cli import main
from eed.config import configured
from eed.distance import EditOp, tree_edit_script
from eed.explain import explain_task
from eed.report.svg import MARK_KINDS, diff_svg
from eed.tree import Node
from trees import random_tree

SVG_NS = "{http://www.w3.org/2000/svg}"

# Real answers: renamed leaves, inserted and deleted nodes, whole subtrees moved.
LATEX_PAIRS = [
    (r"a x^2 + \frac{1}{2} m v^2 + \sin(\theta)", r"a x^3 + m v^2 + \cos(\theta) + g h k^2"),
    (r"\frac{m v^2}{r}", r"\frac{m v}{r^2}"),
    (r"\sqrt{\frac{2 g h}{1 + k}}", r"\sqrt{2 g h}"),
    (r"2\pi\sqrt{\frac{L}{g}}", r"2\pi\sqrt{\frac{L}{g}} + \frac{\theta_0^2}{16}"),
    (r"E = \frac{k q}{r^2}", r"E = \frac{q}{4\pi\varepsilon_0 r^2}"),
    (r"\frac{\mu_0 I}{2 \pi r}", r"\frac{\mu_0 I N}{2 r}"),
    (r"x^2 + y^2 + z^2", r"x y z"),
    (r"\ln(1 + x) - \frac{x}{2}", r"\exp(x) + \frac{x}{2} + \cos(y) \sin(y)"),
]


def expected_marks(script: list[EditOp]) -> Counter[tuple[str, str, str]]:
    """What the picture must mark, read straight from the script: deletions on the
    prediction, insertions on the ground truth, a relabelling on both; matches are not edits."""

    def at(path: tuple[int, ...] | None) -> str:
        assert path is not None
        return "root" if not path else "/".join(map(str, path))

    want: Counter[tuple[str, str, str]] = Counter()
    for op in script:
        if op.op in ("delete", "delete_subtree", "rename"):
            want[(op.op, "pred", at(op.source_path))] += 1
        if op.op in ("insert", "insert_subtree", "rename"):
            want[(op.op, "gt", at(op.target_path))] += 1
    return want


def node_at(root: Node, path: str) -> Node:
    node = root
    if path != "root":
        for k in path.split("/"):
            node = node.children[int(k)]
    return node


def check_picture(gt: Node, pred: Node, script: list[EditOp], svg: str) -> None:
    root = ET.fromstring(svg)
    drawn: Counter[tuple[str, str, str]] = Counter()
    for el in root.iter():
        if "data-op" in el.attrib:
            a = el.attrib
            drawn[(a["data-op"], a["data-side"], a["data-path"])] += 1
            # The mark sits on the node the step names, in the tree it belongs to.
            step = script[int(a["data-step"])]
            assert step.op == a["data-op"]
            tree = gt if a["data-side"] == "gt" else pred
            label = step.target if a["data-side"] == "gt" else step.source
            assert node_at(tree, a["data-path"]).label == label
            title = el.find(f"{SVG_NS}title")
            assert title is not None and title.text is not None
            assert title.text.startswith(f"{label} at {a['data-path']}")
    assert drawn == expected_marks(script)
    # Every node is drawn, once, or counted in one collapsed box.
    for tree in root.iter(f"{SVG_NS}g"):
        side = tree.attrib.get("data-tree")
        if side is None:
            continue
        boxes = [g for g in tree.iter(f"{SVG_NS}g") if "n" in g.attrib.get("class", "").split()]
        shown = sum(int(g.attrib.get("data-nodes", "1")) for g in boxes)
        assert shown == len(gt if side == "gt" else pred)


def mutate(tree: Node, rng: random.Random) -> Node:
    """A near copy: some subtrees replaced, some relabelled, so scripts have long matches."""
    if rng.random() < 0.15:
        return random_tree(rng.randint(1, 6), rng)
    label = tree.label
    if rng.random() < 0.1:
        label = random_tree(1, rng).label if not tree.children else tree.label
    kids = [mutate(c, rng) for c in tree.children if rng.random() > 0.1]
    return Node(label, tuple(kids)) if kids or not tree.children else Node("symbol_z")


def random_pairs(n: int, seed: int) -> list[tuple[Node, Node]]:
    rng = random.Random(seed)
    pairs = []
    for k in range(n):
        a = random_tree(rng.randint(1, 40), rng)
        b = mutate(a, rng) if k % 2 else random_tree(rng.randint(1, 40), rng)
        pairs.append((a, b))
    return pairs


RANDOM_PAIRS = 300


def test_random_pairs_draw_every_step_and_nothing_else() -> None:
    kinds: Counter[str] = Counter()
    collapsed = 0
    for gt, pred in random_pairs(RANDOM_PAIRS, seed=17):
        script = tree_edit_script(pred, gt)
        # A small collapse depth, so collapsing is exercised next to marks.
        svg = diff_svg(gt, pred, script, collapse_depth=2)
        check_picture(gt, pred, script, svg)
        kinds.update(op.op for op in script)
        collapsed += svg.count('data-nodes="')
    # The pairs exercise every kind of step, and collapsing.
    assert set(kinds) == {"match", *MARK_KINDS}, kinds
    assert collapsed > 0


@pytest.mark.parametrize(("gt", "pred"), LATEX_PAIRS)
def test_real_answers_draw_every_step_and_nothing_else(gt: str, pred: str) -> None:
    config = configured("default")
    found = explain_task(gt, pred, config)
    assert found.gt_tree is not None and found.pred_tree is not None, found.result.reason
    script = list(found.edit_script)
    assert script == tree_edit_script(found.pred_tree, found.gt_tree, config)
    assert any(op.op != "match" for op in script)
    for depth in (0, 4):
        check_picture(
            found.gt_tree,
            found.pred_tree,
            script,
            diff_svg(found.gt_tree, found.pred_tree, script, collapse_depth=depth),
        )


def test_unchanged_subtrees_beyond_the_depth_collapse_with_their_count() -> None:
    deep = Node("symbol_x")
    for _ in range(12):
        deep = Node("function_sin", (deep,))
    gt = Node("operator_Add", (deep, Node("symbol_a")))
    pred = Node("operator_Add", (deep, Node("symbol_b")))
    script = tree_edit_script(pred, gt)
    svg = diff_svg(gt, pred, script, collapse_depth=3)
    check_picture(gt, pred, script, svg)
    root = ET.fromstring(svg)
    collapsed = [g for g in root.iter(f"{SVG_NS}g") if "collapsed" in g.attrib.get("class", "")]
    assert len(collapsed) == 2  # one per tree
    assert all(g.attrib["data-nodes"] == "11" for g in collapsed)  # 13 - the 2 drawn above
    assert sum(1 for _ in root.iter(f"{SVG_NS}rect")) < 2 * len(gt)
    # The legend names every kind of mark.
    legend = {g.attrib["data-legend"] for g in root.iter(f"{SVG_NS}g") if "data-legend" in g.attrib}
    assert legend == {"delete", "insert", "rename", "delete_subtree", "insert_subtree"}


def test_explain_svg_writes_the_picture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "diff.svg"
    assert main(["explain", r"\frac{m v^2}{r}", r"\frac{m v}{r^2}", "--svg", str(out)]) == 0
    root = ET.fromstring(out.read_text("utf-8"))
    assert any("data-op" in el.attrib for el in root.iter())
    assert "wrote" in capsys.readouterr().err
    # An equivalent pair has no trees to diff: said, and no file.
    same = tmp_path / "same.svg"
    assert main(["explain", "x + y", "y + x", "--svg", str(same)]) == 0
    assert not same.exists()
    assert "no tree diff" in capsys.readouterr().err

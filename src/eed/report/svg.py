"""A tree diff as SVG: both expression trees side by side, each edit step marked on them.

The edit script turns the prediction into the ground truth (`eed.distance.tree_edit_script`),
so deletions sit on the prediction's tree, insertions on the ground truth's, and a relabelling
on both. Every step but a zero-cost ``match`` is drawn as one mark per tree it touches, and each
mark carries ``data-op``, ``data-side``, ``data-path`` and ``data-step`` so that a test (or a
reader's script) can check the picture against the script; nothing else in the picture carries
``data-op``.

The layout is a small tidy tree written here (no graphviz needed, and the same input always
gives the same bytes): each subtree is as wide as the wider of its own box and its children side
by side, and a parent sits centred over its children. A subtree with no mark in it that starts
deeper than ``collapse_depth`` is drawn as one box with its node count, so large trees stay
readable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from ..distance import EditOp
from ..tree import Node

__all__ = [
    "DEFAULT_COLLAPSE_DEPTH",
    "DIFF_STYLE",
    "MARK_KINDS",
    "Mark",
    "diff_svg",
    "marks_of",
    "path_text",
]

DEFAULT_COLLAPSE_DEPTH = 4

# What each mark means, in legend order.
MARK_KINDS: dict[str, str] = {
    "delete": "node deleted from the prediction",
    "insert": "node inserted from the ground truth",
    "rename": "node relabelled",
    "delete_subtree": "whole subtree deleted (discounted cost)",
    "insert_subtree": "whole subtree inserted (discounted cost)",
}

_OPERATORS = {"Add": "+", "Mul": "×", "Pow": "^"}
_CHAR = 7.0  # width of a character of the label font, in px
_BOX_H = 22.0
_LEVEL = 46.0  # vertical distance between levels
_GAP = 8.0  # horizontal gap between sibling subtrees
_MARGIN = 16.0
_TREE_GAP = 48.0  # between the two trees
_HEAD = 54.0  # room above the trees for the titles
_LABEL_MAX = 18  # longer labels are cut, with the whole one in the tooltip


@dataclass(frozen=True)
class Mark:
    """One drawn mark: an edit step on one of the two trees."""

    op: str
    side: str  # "gt" or "pred"
    path: tuple[int, ...]
    step: int  # index of the operation in the edit script
    cost: float
    nodes: int = 1


def path_text(path: Sequence[int]) -> str:
    """A child-index path as the picture writes it: ``root``, or ``0/1/2``."""
    return "root" if not path else "/".join(str(p) for p in path)


def marks_of(script: Iterable[EditOp]) -> list[Mark]:
    """The marks an edit script draws: one per tree each non-match step touches."""
    marks = []
    for step, op in enumerate(script):
        if op.op == "match":
            continue
        if op.op in ("rename", "delete", "delete_subtree"):
            assert op.source_path is not None
            marks.append(Mark(op.op, "pred", op.source_path, step, op.cost, op.nodes))
        if op.op in ("rename", "insert", "insert_subtree"):
            assert op.target_path is not None
            marks.append(Mark(op.op, "gt", op.target_path, step, op.cost, op.nodes))
    return marks


def _short(label: Node) -> str:
    text = _OPERATORS.get(label.text, label.text) if label.kind == "operator" else label.text
    return text if len(text) <= _LABEL_MAX else text[: _LABEL_MAX - 1] + "…"


@dataclass
class _Box:
    """A node as drawn: a node of the tree, or a collapsed subtree."""

    node: Node
    path: tuple[int, ...]
    depth: int
    text: str
    collapsed: int = 0  # the node count a collapsed box stands for; 0 when not collapsed
    inside: str | None = None  # the subtree operation this box lies within
    children: list[_Box] = field(default_factory=list)
    width: float = 0.0  # of the subtree
    own: float = 0.0  # of the box
    x: float = 0.0  # centre
    y: float = 0.0


def _size(node: Node) -> int:
    return sum(1 for _ in node)


def _build(root: Node, marked: dict[tuple[int, ...], Mark], collapse_depth: int) -> _Box:
    """The boxes to draw, collapsing unmarked subtrees deeper than ``collapse_depth``."""
    # A path is "hot" when a mark lies at it or below it: those subtrees are never collapsed.
    hot = {m[:k] for m in marked for k in range(len(m) + 1)}
    top = _Box(root, (), 0, _short(root))
    stack: list[tuple[_Box, str | None]] = [(top, None)]
    while stack:
        box, inside = stack.pop()
        mark = marked.get(box.path)
        if mark is not None and mark.op.endswith("_subtree"):
            inside = mark.op
        box.inside = inside if mark is None else None
        kids = box.node.children
        if kids and box.depth >= collapse_depth and box.path not in hot and mark is None:
            box.collapsed = _size(box.node)
            box.text = f"{_short(box.node)} … {box.collapsed} nodes"
            continue
        for k, child in enumerate(kids):
            c = _Box(child, (*box.path, k), box.depth + 1, _short(child))
            box.children.append(c)
            stack.append((c, inside))
    return top


def _postorder(top: _Box) -> list[_Box]:
    out: list[_Box] = []
    stack: list[tuple[_Box, bool]] = [(top, False)]
    while stack:
        box, done = stack.pop()
        if done or not box.children:
            out.append(box)
            continue
        stack.append((box, True))
        stack.extend((c, False) for c in reversed(box.children))
    return out


def _layout(top: _Box) -> tuple[float, float]:
    """Place every box; returns the tree's width and height."""
    deepest = 0
    for box in _postorder(top):
        box.own = max(28.0, _CHAR * len(box.text) + 14.0)
        span = sum(c.width for c in box.children) + _GAP * max(0, len(box.children) - 1)
        box.width = max(box.own, span)
        deepest = max(deepest, box.depth)
    stack: list[tuple[_Box, float]] = [(top, 0.0)]
    while stack:
        box, left = stack.pop()
        box.x = left + box.width / 2.0
        box.y = box.depth * _LEVEL
        span = sum(c.width for c in box.children) + _GAP * max(0, len(box.children) - 1)
        at = left + (box.width - span) / 2.0
        for c in box.children:
            stack.append((c, at))
            at += c.width + _GAP
    return top.width, deepest * _LEVEL + _BOX_H


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _draw_tree(top: _Box, side: str, marked: dict[tuple[int, ...], Mark]) -> list[str]:
    boxes = _postorder(top)
    out = ['<g class="edges">']
    for box in boxes:
        for c in box.children:
            out.append(
                f'<line x1="{_fmt(box.x)}" y1="{_fmt(box.y + _BOX_H)}" '
                f'x2="{_fmt(c.x)}" y2="{_fmt(c.y)}"/>'
            )
    out.append("</g>")
    for box in reversed(boxes):  # preorder-ish: parents first, for a natural reading order
        mark = marked.get(box.path)
        classes = ["n", box.node.kind]
        attrs = ""
        tip = f"{box.node.label} at {path_text(box.path)}"
        if mark is not None:
            classes.append(f"op-{mark.op}")
            attrs = (
                f' data-op="{mark.op}" data-side="{side}" data-path="{path_text(mark.path)}"'
                f' data-step="{mark.step}"'
            )
            tip += f": {MARK_KINDS[mark.op]}, cost {mark.cost:g}"
            if mark.nodes > 1:
                tip += f", {mark.nodes} nodes"
        elif box.inside is not None:
            classes.append(f"in-{box.inside}")
        if box.collapsed:
            classes.append("collapsed")
            attrs += f' data-nodes="{box.collapsed}"'
            tip += f" (unchanged subtree of {box.collapsed} nodes, collapsed)"
        left = box.x - box.own / 2.0
        out.append(
            f'<g class="{" ".join(classes)}"{attrs}><title>{escape(tip)}</title>'
            f'<rect x="{_fmt(left)}" y="{_fmt(box.y)}" width="{_fmt(box.own)}" '
            f'height="{_fmt(_BOX_H)}" rx="5"/>'
            f'<text x="{_fmt(box.x)}" y="{_fmt(box.y + 15.0)}">{escape(box.text)}</text></g>'
        )
    return out


DIFF_STYLE = """
.eed-diff{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.eed-diff .edges line{stroke:#8a8f98;stroke-width:1.2}
.eed-diff .n rect{fill:#f4f5f7;stroke:#6b7280;stroke-width:1}
.eed-diff .n text{text-anchor:middle;fill:#111}
.eed-diff .collapsed rect{fill:#e8eaef;stroke-dasharray:3 2}
.eed-diff .op-delete rect{fill:#fde2e2;stroke:#c0392b;stroke-width:2.5}
.eed-diff .op-insert rect{fill:#dcf5e3;stroke:#1e8449;stroke-width:2.5}
.eed-diff .op-rename rect{fill:#fff1cc;stroke:#c27c0e;stroke-width:2.5}
.eed-diff .op-delete_subtree rect{fill:#f8c6c6;stroke:#922b21;stroke-width:3;stroke-dasharray:6 3}
.eed-diff .op-insert_subtree rect{fill:#bfe9cc;stroke:#145a32;stroke-width:3;stroke-dasharray:6 3}
.eed-diff .in-delete_subtree rect{fill:#fbe3e3;stroke:#d98880}
.eed-diff .in-insert_subtree rect{fill:#e6f6ea;stroke:#82c79a}
.eed-diff .head{font-weight:bold;font-size:13px}
.eed-diff .sub{fill:#555}
"""


def diff_svg(
    gt: Node,
    pred: Node,
    script: Sequence[EditOp],
    *,
    collapse_depth: int = DEFAULT_COLLAPSE_DEPTH,
    caption: str | None = None,
    style: bool = True,
) -> str:
    """Both trees side by side (ground truth left, prediction right) with ``script`` marked.

    ``script`` is `tree_edit_script(pred, gt, config)`: its source paths are in ``pred``, its
    target paths in ``gt``. Without ``style`` the picture carries no ``<style>``: a page
    that shows many of them puts `DIFF_STYLE` in its own stylesheet once.
    """
    marks = marks_of(script)
    on = {side: {m.path: m for m in marks if m.side == side} for side in ("gt", "pred")}
    trees = []
    for side, root in (("gt", gt), ("pred", pred)):
        top = _build(root, on[side], collapse_depth)
        width, height = _layout(top)
        trees.append((side, root, top, width, height))
    legend_h = 20.0 * len(MARK_KINDS) + 12.0
    total_w = max(
        _MARGIN * 2 + sum(t[3] for t in trees) + _TREE_GAP,
        _MARGIN * 2 + 430.0,
    )
    body_h = max(t[4] for t in trees)
    total_h = _MARGIN + _HEAD + body_h + 24.0 + legend_h + (18.0 if caption else 0.0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="eed-diff" '
        f'width="{_fmt(total_w)}" height="{_fmt(total_h)}" '
        f'viewBox="0 0 {_fmt(total_w)} {_fmt(total_h)}">',
        f"<style>{DIFF_STYLE}</style>" if style else "",
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    x = _MARGIN
    titles = {"gt": "ground truth", "pred": "prediction"}
    for side, root, top, width, _height in trees:
        n = _size(root)
        out.append(
            f'<g class="tree" data-tree="{side}" transform="translate({_fmt(x)},{_fmt(_MARGIN)})">'
        )
        out.append(f'<text class="head" x="0" y="14">{titles[side]}</text>')
        out.append(f'<text class="sub" x="0" y="32">{n} nodes</text>')
        out.append(f'<g transform="translate(0,{_fmt(_HEAD)})">')
        out.extend(_draw_tree(top, side, on[side]))
        out.append("</g></g>")
        x += width + _TREE_GAP
    y = _MARGIN + _HEAD + body_h + 24.0
    counts = {kind: sum(1 for m in marks if m.op == kind) for kind in MARK_KINDS}
    steps = {kind: sum(1 for op in script if op.op == kind) for kind in MARK_KINDS}
    out.append(f'<g class="legend" transform="translate({_fmt(_MARGIN)},{_fmt(y)})">')
    for k, (kind, meaning) in enumerate(MARK_KINDS.items()):
        ly = 20.0 * k
        out.append(
            f'<g class="n op-{kind}" data-legend="{kind}">'
            f'<rect x="0" y="{_fmt(ly)}" width="28" height="14" rx="3"/>'
            f'<text x="38" y="{_fmt(ly + 11)}" style="text-anchor:start">'
            f"{escape(meaning)}: {steps[kind]} step{'' if steps[kind] == 1 else 's'}"
            f"{'' if counts[kind] == steps[kind] else f' ({counts[kind]} marks)'}</text></g>"
        )
    out.append("</g>")
    if caption:
        out.append(
            f'<text class="sub" x="{_fmt(_MARGIN)}" y="{_fmt(total_h - 8.0)}">'
            f"{escape(caption)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
